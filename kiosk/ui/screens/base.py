"""What every screen shares: a header with the step indicator, a body, and a bottom bar with cancel and language.

A screen observes the flow (it reads flow.session and listens to the flow's signals) and emits intents; it never
calls a device. Controls a person taps carry stable objectNames "<state id>_<control>" (docs/ui-contract.md).
Every text is set in retranslate(), so a language switch redraws the screen in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flow.table import CANCELLABLE, STEP_OF
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.step_indicator import StepIndicator
from kiosk.ui.widgets.text import label

if TYPE_CHECKING:
    from kiosk.flow.machine import Flow

__all__ = ["Screen", "label"]



class Screen(QWidget):
    """Base of the screens; subclasses set state_id, fill self.body and self.actions, and implement retranslate."""

    intent = Signal(str, str, object)  # state id, action, payload
    language_requested = Signal()
    mute_pressed = Signal()  # the voice guidance on/off button
    volume_pressed = Signal()  # the volume button (steps through the levels)
    state_id = ""

    def __init__(self, flow: Flow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setObjectName(f"{self.state_id}_screen")
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._reach_spacer = QWidget(self)
        self._reach_spacer.setObjectName("reach_spacer")
        self._reach_spacer.hide()
        outer.addWidget(self._reach_spacer)

        header = QWidget(self)
        header_layout = QVBoxLayout(header)
        self.steps = StepIndicator(header)
        self.steps.set_step(STEP_OF.get(self.state_id, 0))
        self.title = label("title", header)
        header_layout.addWidget(self.steps)
        header_layout.addWidget(self.title)
        outer.addWidget(header)
        self._header = header

        self.body_widget = QWidget(self)
        self.body = QVBoxLayout(self.body_widget)
        outer.addWidget(self.body_widget, 1)

        bar = QFrame(self)
        bar.setObjectName("bar")
        self.bar = QHBoxLayout(bar)
        self.cancel_button = big_button(f"{self.state_id}_cancel", "danger", bar)
        self.cancel_button.clicked.connect(lambda: self.emit_intent("cancel"))
        self.cancel_button.setVisible(self.state_id in CANCELLABLE)
        self.language_button = big_button(f"{self.state_id}_language", "secondary", bar)
        self.language_button.clicked.connect(self.language_requested)
        self.mute_button = big_button(f"{self.state_id}_mute", "secondary", bar)
        self.mute_button.clicked.connect(self.mute_pressed)
        self.volume_button = big_button(f"{self.state_id}_volume", "secondary", bar)
        self.volume_button.clicked.connect(self.volume_pressed)
        self._voice_muted, self._voice_level = False, 2
        self.bar.addWidget(self.cancel_button)
        self.bar.addWidget(self.language_button)
        self.bar.addWidget(self.mute_button)
        self.bar.addWidget(self.volume_button)
        self.bar.addStretch(1)
        self.actions = QHBoxLayout()
        self.bar.addLayout(self.actions, 2)
        outer.addWidget(bar)
        self._bar = bar
        self.build()
        self._retranslate_all()

    # -- for subclasses -------------------------------------------------------------------------------
    def build(self) -> None:
        """Create the screen's widgets into self.body and self.actions."""

    def retranslate(self) -> None:
        """Set every visible text with self.tr()."""

    def on_enter(self) -> None:
        """The flow entered this screen's state: refresh from flow.session."""

    def on_leave(self) -> None:
        """The flow left this state: drop anything the screen showed of the session."""

    def personal_texts(self) -> list[str]:
        """Texts currently shown that came from the session (tests check they are gone after a session)."""
        return []

    def speech_text(self) -> str:
        """The main instruction, spoken by the voice guidance when the screen appears (default: the title)."""
        return self.title.text()

    def show_voice_state(self, muted: bool, level: int) -> None:
        """Show the voice guidance's state on the mute and volume buttons (level 1..3)."""
        self._voice_muted, self._voice_level = muted, level
        self._retranslate_voice()

    def _retranslate_voice(self) -> None:
        self.mute_button.setText(self.tr("音声オフ") if self._voice_muted else self.tr("音声オン"))
        self.volume_button.setText(self.tr("音量 {n}").format(n=self._voice_level))
        self.volume_button.setEnabled(not self._voice_muted)

    def emit_intent(self, action: str, payload: Any = None) -> None:
        self.intent.emit(self.state_id, action, payload)

    # -- shared behaviour -------------------------------------------------------------------------------
    def set_low_reach(self, on: bool, screen_height: int) -> None:
        """Keep every control in the lower two thirds (wheelchair users, children)."""
        self._reach_spacer.setFixedHeight(screen_height // 3 if on else 0)
        self._reach_spacer.setVisible(on)

    def _retranslate_all(self) -> None:
        self.cancel_button.setText(self.tr("やめる"))
        self.language_button.setText("Language / 言語")
        self.language_button.updateGeometry()  # same text, but its glyphs may come from another font now
        self._retranslate_voice()
        self.steps.retranslate()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_all()
        super().changeEvent(event)
