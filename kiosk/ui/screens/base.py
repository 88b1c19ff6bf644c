"""What every screen shares: a header with the step indicator, a body, and a bottom bar with cancel and language.

A screen observes the flow (it reads flow.session and listens to the flow's signals) and emits intents; it never
calls a device. Controls a person taps carry stable objectNames "<state id>_<control>" (docs/ui-contract.md).
Every text is set in retranslate(), so a language switch redraws the screen in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.flow.table import CANCELLABLE, step_of
from kiosk.ui.help import HELP_STATES, step_help
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.fact_card import FactCard
from kiosk.ui.widgets.step_indicator import StepIndicator
from kiosk.ui.widgets.text import label

if TYPE_CHECKING:
    from kiosk.flow.machine import Flow

__all__ = ["Screen", "label"]



class Screen(QWidget):
    """Base of the screens; subclasses set state_id, fill self.body and self.actions, and implement retranslate."""

    intent = Signal(str, str, object)  # state id, action, payload
    language_requested = Signal()
    help_shown = Signal(str)  # the help panel opened with this text (the voice speaks it)
    mute_pressed = Signal()  # the voice guidance on/off button
    volume_pressed = Signal()  # the volume button (steps through the levels)
    state_id = ""
    reach = True  # low-reach mode moves this screen's controls down (False: only the bottom bar has any)

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
        # The top third in low-reach mode: the header (steps and title: nothing to tap) stays in it, every
        # control goes below it.
        self._reach_spacer = QWidget(self)
        self._reach_spacer.setObjectName("reach_spacer")
        reach = QVBoxLayout(self._reach_spacer)
        reach.setContentsMargins(0, 0, 0, 0)
        reach.setSpacing(0)
        outer.addWidget(self._reach_spacer)

        header = QWidget(self)
        header_layout = QVBoxLayout(header)
        self.steps = StepIndicator(header)
        self._show_step(force=True)
        flow.session.changed.connect(self._show_step)  # the service chosen (menu, size) or reset (a new session)
        self.title = label("title", header)
        header_layout.addWidget(self.steps)
        self._title_row = QHBoxLayout()
        self._title_row.addWidget(self.title, 1)
        header_layout.addLayout(self._title_row)
        reach.addWidget(header)
        reach.addStretch(1)
        self._header = header

        self.body_widget = QWidget(self)
        self.body = QVBoxLayout(self.body_widget)
        outer.addWidget(self.body_widget, 1)

        bar = QFrame(self)
        bar.setObjectName("bar")
        # the bar: the utility buttons (cancel, language, voice) and the screen's actions, in one row, or in
        # two rows (actions below) when one row does not fit the screen's width (fit_bar)
        self._bar_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, bar)
        self.bar = QHBoxLayout()
        self.cancel_button = big_button(f"{self.state_id}_cancel", "danger", bar)
        self.cancel_button.clicked.connect(self._cancel_pressed)
        self.cancel_button.setVisible(self.state_id in CANCELLABLE)
        self.language_button = big_button(f"{self.state_id}_language", "secondary", bar)
        self.language_button.clicked.connect(self.language_requested)
        self.mute_button = big_button(f"{self.state_id}_mute", "secondary", bar)
        self.mute_button.clicked.connect(self.mute_pressed)
        self.volume_button = big_button(f"{self.state_id}_volume", "secondary", bar)
        self.volume_button.clicked.connect(self.volume_pressed)
        self._voice_muted, self._voice_level = False, 2
        self.help_button = big_button(f"{self.state_id}_help", "compact", header)
        self.help_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.help_button.clicked.connect(self._help_pressed)
        self.help_button.setVisible(self.state_id in HELP_STATES)
        self._title_row.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignTop)
        self.bar.addWidget(self.cancel_button)
        self.bar.addWidget(self.language_button)
        self.bar.addWidget(self.mute_button)
        self.bar.addWidget(self.volume_button)
        self.bar.addStretch(1)
        self.actions = QHBoxLayout()
        self._bar_box.addLayout(self.bar, 1)
        self._bar_box.addLayout(self.actions, 2)
        outer.addWidget(bar)
        self._bar = bar
        bar.installEventFilter(self)  # its buttons' texts change: one row or two again
        self._flex_rows: list[QBoxLayout] = []
        self._beside_rows: list[tuple[QBoxLayout, QBoxLayout, int]] = []  # picture_beside's rows and word columns
        self._grids: list[tuple[QGridLayout, list[QWidget], int, int]] = []  # card_grid's grids and their cards
        self._build_cancel_question()
        self._build_help()
        self.build()
        self._retranslate_all()

    # -- for subclasses -------------------------------------------------------------------------------
    def flex_row(self, parent: QWidget | None = None) -> QBoxLayout:
        """A row that becomes a column on a portrait screen (a picture beside its words, or above them)."""
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight, parent)
        self._flex_rows.append(row)
        return row

    def picture_beside(self, picture: QWidget, words: list[QWidget], *, share: int = 2) -> None:
        """The body: a picture beside its words on a landscape screen (above them on a portrait one), the picture
        taking the room the words leave, the words centred in their column (3:2 of the height on a portrait
        screen, share:3 of the width on a landscape one; share 3 for a picture as tall as it is wide)."""
        row = self.flex_row()
        row.addWidget(picture, share)
        col = QVBoxLayout()
        self._beside_rows.append((row, col, share))
        col.addStretch(1)
        for w in words:
            col.addWidget(w)
        col.addStretch(1)
        row.addLayout(col, 3)
        self.body.addLayout(row, 1)

    def card_grid(self, cards: list[QWidget], landscape: int, portrait: int) -> QGridLayout:
        """Cards in a grid of this many columns on a landscape screen and on a portrait one, row after row, the
        rows sharing the height; a last card alone on its row takes the whole row. A fact card in a column of
        two or more on a portrait screen has its sign above its words."""
        grid = QGridLayout()
        self._grids.append((grid, cards, landscape, portrait))
        self._place_cards(grid, cards, landscape)
        return grid

    @staticmethod
    def _place_cards(grid: QGridLayout, cards: list[QWidget], columns: int) -> None:
        for card in cards:
            grid.removeWidget(card)
        for r in range(grid.rowCount()):
            grid.setRowStretch(r, 0)
        for i, card in enumerate(cards):
            row, col = divmod(i, columns)
            span = columns - col if i == len(cards) - 1 else 1
            grid.addWidget(card, row, col, 1, span)
            grid.setRowStretch(row, 1)

    def set_portrait(self, on: bool) -> None:
        for grid, cards, landscape, portrait in self._grids:
            self._place_cards(grid, cards, portrait if on else landscape)
            for card in cards:
                if isinstance(card, FactCard) and not card.auto_vertical:
                    card.set_vertical(on and portrait > 1)
        direction = QBoxLayout.Direction.TopToBottom if on else QBoxLayout.Direction.LeftToRight
        for row, col, share in self._beside_rows:
            row.setStretch(0, 3 if on else share)
            row.setStretch(1, 2 if on else 3)
            items = (col.itemAt(i) for i in range(col.count()))
            fact_rows = [i for i, item in enumerate(items) if item is not None and isinstance(item.widget(), FactCard)]
            col.setStretch(0, 0 if on or fact_rows else 1)  # right under the picture on a portrait screen
            for i in fact_rows:  # fact cards take the height left, their signs growing with it
                col.setStretch(i, 1)
            col.setStretch(col.count() - 1, 0 if fact_rows else 1)
        for row in self._flex_rows:
            if row.direction() != direction:
                row.setDirection(direction)

    def _show_step(self, force: bool = False) -> None:
        """The step bar of the session's path (the card's or the print service's) at this screen's step."""
        path, step = step_of(self.state_id, self.flow.session.service)
        if force or (path, step) != (self.steps.path, self.steps.step):
            self.steps.set_step(step, finished=self.state_id in ("done", "printed"), path=path)

    def showEvent(self, event: QShowEvent) -> None:
        self._show_step()  # payment, guide, camera and review serve both paths: the service is known by now
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._bar and event.type() == QEvent.Type.LayoutRequest:
            self.fit_bar(self.width())
        return False

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

    # -- cancel asks once when money is in -------------------------------------------------------------
    def _build_cancel_question(self) -> None:
        """「やめますか？」 over the screen (the bottom bar stays): a paid session is not ended by one stray tap."""
        panel = QFrame(self)
        panel.setObjectName("overlay")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        col = QVBoxLayout(panel)
        col.addStretch(1)
        self._cancel_question = label("big", panel, center=True)
        self._cancel_money = label("subtitle", panel, center=True)
        col.addWidget(self._cancel_question)
        col.addWidget(self._cancel_money)
        pair = QHBoxLayout()
        self.cancel_no = big_button(f"{self.state_id}_cancel_no", parent=panel)
        self.cancel_no.clicked.connect(self.hide_overlays)
        self.cancel_yes = big_button(f"{self.state_id}_cancel_yes", "danger", panel)
        self.cancel_yes.clicked.connect(self._cancel_confirmed)
        pair.addWidget(self.cancel_no)
        pair.addWidget(self.cancel_yes)
        col.addLayout(pair)
        col.addStretch(1)
        panel.hide()
        self._cancel_panel = panel

    def _build_help(self) -> None:
        """The help panel: what to do on this step, and whom to call (the booth's operator, the hotline)."""
        panel = QFrame(self)
        panel.setObjectName("overlay")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        col = QVBoxLayout(panel)
        self._help_title = label("title", panel)
        self._help_text = label("subtitle", panel)
        card = QFrame(panel)
        card.setObjectName("card")
        card_col = QVBoxLayout(card)
        self._staff_title = label("subtitle", card)
        self._staff_operator = label("body", card)
        self._staff_hotline = label("note", card)
        for w in (self._staff_title, self._staff_operator, self._staff_hotline):
            card_col.addWidget(w)
        self.help_close = big_button(f"{self.state_id}_help_close", parent=panel)
        self.help_close.clicked.connect(self.hide_overlays)
        col.addWidget(self._help_title)
        col.addWidget(self._help_text)
        col.addStretch(1)
        col.addWidget(card)
        col.addWidget(self.help_close)
        panel.hide()
        self._help_panel = panel

    def _help_pressed(self) -> None:
        from kiosk.ui.screens.simple import help_text, operator_text

        self.hide_overlays()
        self._help_title.setText(self.tr("この画面の使い方"))
        self._help_text.setText(step_help(self.state_id))
        self._staff_title.setText(self.tr("係員・問い合わせ先"))
        self._staff_operator.setText(operator_text(self))
        self._staff_hotline.setText(help_text(self))
        self.help_close.setText(self.tr("閉じる"))
        self._open_overlay(self._help_panel)
        self.help_shown.emit(self._help_text.text())

    def _open_overlay(self, panel: QFrame) -> None:
        panel.setGeometry(0, 0, self.width(), self._bar.y())
        panel.show()
        panel.raise_()

    def _money_in(self) -> int:
        s = self.flow.session
        return max(s.credit_yen, s.paid_yen)

    def _cancel_pressed(self) -> None:
        money = self._money_in()
        if not money:
            self.emit_intent("cancel")
            return
        change = self.flow.session.change_yen
        text = self.tr("やめると、入れたお金 {n}円を返します。").format(n=f"{money - change:,}")
        if change:
            text += "\n" + self.tr("（お釣り {c}円はお支払いのときにお返ししました）").format(c=f"{change:,}")
        self._cancel_money.setText(text)
        self.hide_overlays()
        self._open_overlay(self._cancel_panel)

    def _cancel_confirmed(self) -> None:
        self.hide_overlays()
        self.emit_intent("cancel")

    def hide_overlays(self) -> None:
        """Close what is open over the screen (the cancel question, the help panel)."""
        self._cancel_panel.hide()
        self._help_panel.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for panel in (self._cancel_panel, self._help_panel):
            if panel.isVisible():
                panel.setGeometry(0, 0, self.width(), self._bar.y())

    # -- shared behaviour -------------------------------------------------------------------------------
    def fit_bar(self, width: int) -> None:
        """One row when the utility buttons and the actions fit side by side at this width, else two."""
        spacing = max(0, self.bar.spacing())

        def needed(layout: QBoxLayout) -> int:
            widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
            shown = [w for w in widgets if w is not None and not w.isHidden()]
            return sum(w.sizeHint().width() for w in shown) + spacing * max(0, len(shown) - 1)

        margins = self._bar_box.contentsMargins()
        one_row = needed(self.bar) + needed(self.actions) + 3 * spacing + margins.left() + margins.right() <= width
        direction = QBoxLayout.Direction.LeftToRight if one_row else QBoxLayout.Direction.TopToBottom
        if self._bar_box.direction() != direction:
            self._bar_box.setDirection(direction)

    def set_low_reach(self, on: bool, screen_height: int) -> None:
        """Keep every control in the lower two thirds (wheelchair users, children): the header fills the top
        third, and the help button moves from the header into the bottom bar."""
        on = on and self.reach
        if on:
            self._reach_spacer.setFixedHeight(screen_height // 3)
        else:
            self._reach_spacer.setMinimumHeight(0)
            self._reach_spacer.setMaximumHeight(16777215)  # QWIDGETSIZE_MAX: as tall as the header
        in_bar = self.bar.indexOf(self.help_button) >= 0
        if on and not in_bar:
            self._title_row.removeWidget(self.help_button)
            self.help_button.setParent(self._bar)
            self.bar.insertWidget(1, self.help_button)
        elif not on and in_bar:
            self.bar.removeWidget(self.help_button)
            self.help_button.setParent(self._header)
            self._title_row.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignTop)
        self.help_button.setVisible(self.state_id in HELP_STATES)

    def _retranslate_all(self) -> None:
        self.cancel_button.setText(self.tr("やめる"))
        self._cancel_question.setText(self.tr("手続きをやめますか？"))
        self.cancel_yes.setText(self.tr("やめる（お金を返す）"))
        self.cancel_no.setText(self.tr("続ける"))
        self.help_button.setText("? " + self.tr("ヘルプ"))
        if self._help_panel.isVisible():
            self._help_pressed()
        self.language_button.setText("Language / 言語")
        self.language_button.updateGeometry()  # same text, but its glyphs may come from another font now
        self._retranslate_voice()
        self.steps.retranslate()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_all()
        super().changeEvent(event)
