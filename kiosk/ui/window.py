"""The booth's window: one screen per state in a stack, the language overlay, the theme and the citizen's modes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk import log
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.details import DetailsScreen
from kiosk.ui.screens.finish import CancelScreen, ConfirmScreen, DoneScreen
from kiosk.ui.screens.payment import PaymentScreen
from kiosk.ui.screens.photo import CameraScreen, ReviewScreen
from kiosk.ui.screens.printing import PrintedScreen, PrintingScreen, SizeScreen
from kiosk.ui.screens.scan import ScanScreen
from kiosk.ui.screens.simple import (
    AttractScreen,
    GuideScreen,
    MenuScreen,
    NoticeScreen,
    OutOfServiceScreen,
    SendingScreen,
    TimeoutScreen,
)
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.language_picker import LanguagePicker
from kiosk.ui.widgets.pictures import Picture
from kiosk.ui.widgets.text import set_phrase_language

if TYPE_CHECKING:
    from kiosk.flow.machine import Flow
    from kiosk.ui.i18n import Translations

_log = log.get("ui")
READ_CONFIRM_MS = 900  # how long the scan screen says 「読み取りました」 before the details screen shows

SCREEN_CLASSES: tuple[type[Screen], ...] = (
    AttractScreen, MenuScreen, SizeScreen, NoticeScreen, PaymentScreen, ScanScreen, DetailsScreen, GuideScreen,
    CameraScreen, ReviewScreen, ConfirmScreen, SendingScreen, DoneScreen, PrintingScreen, PrintedScreen,
    TimeoutScreen, CancelScreen, OutOfServiceScreen,
)


class Screens(Mapping[str, Screen]):
    """The window's screens by state id, each built on its first lookup (the attract screen at once).

    Looking a screen up builds it; iterating goes over every state id, so it builds them all. built() is what
    exists so far: what the window updates when the language, the theme or the voice changes (a screen built
    later is given the current ones when it is built).
    """

    def __init__(self, make: Callable[[type[Screen]], Screen]) -> None:
        self._classes = {cls.state_id: cls for cls in SCREEN_CLASSES}
        self._make = make
        self._built: dict[str, Screen] = {}

    def __getitem__(self, state_id: str) -> Screen:
        screen = self._built.get(state_id)
        if screen is None:
            screen = self._built[state_id] = self._make(self._classes[state_id])
        return screen

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)

    def built(self) -> list[Screen]:
        return list(self._built.values())

    def missing(self) -> list[str]:
        return [sid for sid in self._classes if sid not in self._built]


class BoothWindow(QWidget):
    """Shows the screen of the flow's current state; everything a citizen does goes to Flow.request."""

    screen_shown = Signal(str)  # state id, after the screen is the current one
    language_changed = Signal(str)  # Qt language code, after every screen has retranslated itself
    help_shown = Signal(str)  # a screen's help panel opened with this text
    mute_pressed = Signal()  # a screen's voice on/off button
    volume_pressed = Signal()  # a screen's volume button
    screen_built = Signal(object)  # a screen built after the window (at its first lookup or a start-up step)

    def __init__(self, flow: Flow, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("booth_window")
        self.setWindowTitle("Booth")
        self.flow = flow
        self.translations = translations
        self.stack = QStackedWidget(self)
        self._voice_state: tuple[bool, int] | None = None
        self._theme = Theme()
        self._themed = False  # the theme is applied at the first resize or show
        self.screens = Screens(self._build_screen)
        self.build_screens(["attract"])  # the first screen; the others at their first lookup or build_screens()
        self.read_confirm_ms = READ_CONFIRM_MS  # shorter in a quickened simulator ([simulator] time_scale)
        self._confirm_timer = QTimer(self)  # 「読み取りました」 stays this long before the details screen
        self._confirm_timer.setSingleShot(True)
        self._confirm_timer.timeout.connect(lambda: None)
        self.picker = LanguagePicker(self)
        self.picker.language_chosen.connect(self._on_language_chosen)
        flow.state_entered.connect(self._on_state_entered)
        flow.session.changed.connect(self._on_session_changed)
        flow.session.wiped.connect(self._on_session_wiped)
        self._access_seen = (False, False, False)
        # the style sheet is applied at the first resize (show, full screen or a set size), at the size the
        # window will have: applied here at Qt's default size first, it re-polished every widget twice

    def _build_screen(self, cls: type[Screen]) -> Screen:
        """One screen, wired and given the window's current look, language and voice state."""
        screen = cls(self.flow, self.stack)
        screen.intent.connect(self._on_intent)
        screen.language_requested.connect(self._show_language_picker)
        screen.mute_pressed.connect(self.mute_pressed)
        screen.help_shown.connect(self.help_shown)
        screen.volume_pressed.connect(self.volume_pressed)
        self.stack.addWidget(screen)
        if self._voice_state is not None:
            screen.show_voice_state(*self._voice_state)
        if self._themed:
            self._theme_screen(screen)
        screen.ensurePolished()  # the style sheet's fonts and sizes now, as a screen built before the show had
        self.screen_built.emit(screen)
        return screen

    def build_screens(self, names: list[str] | None = None) -> None:
        """Build these screens (all) if they are not built yet: deferred start-up steps."""
        for name in names if names is not None else self.screens.missing():
            self.screens[name]

    # -- the flow's state -------------------------------------------------------------------------------
    def _on_state_entered(self, state_id: str, confirm: bool = True) -> None:
        self.picker.hide()
        self._confirm_timer.stop()
        previous = self.stack.currentWidget()
        if confirm and state_id == "details" and previous is self.screens["scan"]:
            self.screens["scan"].show_read()  # type: ignore[attr-defined]
            self._confirm_timer.timeout.disconnect()
            self._confirm_timer.timeout.connect(lambda: self._switch(state_id) if self.flow.current == state_id
                                                else None)
            self._confirm_timer.start(self.read_confirm_ms)
            return
        self._switch(state_id)

    def _switch(self, state_id: str) -> None:
        previous = self.stack.currentWidget()
        screen = self.screens[state_id]
        if isinstance(previous, Screen):
            previous.hide_overlays()
        if previous is not screen and isinstance(previous, Screen):
            previous.on_leave()
        screen.on_enter()
        screen.fit_bar(self.width())  # its actions' texts may have changed
        self.stack.setCurrentWidget(screen)
        self.screen_shown.emit(state_id)

    def _on_intent(self, state_id: str, action: str, payload: object) -> None:
        self.flow.request(state_id, action, payload)

    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    # -- language ------------------------------------------------------------------------------------------
    def _picker_rect(self) -> QRect:
        """Over the current screen down to its bottom bar, which stays visible and usable."""
        bar = self.current_screen()._bar
        top = bar.mapTo(self, bar.rect().topLeft()).y() if bar.isVisible() else self.height()
        return QRect(0, 0, self.width(), max(1, top))

    def _show_language_picker(self) -> None:
        self.picker.setGeometry(self._picker_rect())
        self.picker.show()
        self.picker.raise_()

    def _on_language_chosen(self, code: str) -> None:
        self.picker.hide()
        self.flow.request(self.flow.current, "language", code)
        self.set_language(code)

    def set_language(self, code: str) -> None:
        if self.translations.current != code:
            set_phrase_language(code)  # before the screens retranslate: their labels break lines for it
            self.translations.set_language(code)  # Qt posts LanguageChange: every screen retranslates itself
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)  # now, not at the next loop
            for screen in self.screens.built():
                screen.fit_bar(self.width())
            self.language_changed.emit(code)

    def show_voice_state(self, muted: bool, level: int) -> None:
        """The voice guidance changed: every screen's mute and volume buttons show it."""
        self._voice_state = (muted, level)
        for screen in self.screens.built():
            screen.show_voice_state(muted, level)

    def _on_session_wiped(self) -> None:
        self.set_language(self.flow.session.language)
        for screen in self.screens.built():
            reset = getattr(screen, "reset", None)
            if callable(reset):
                reset()
            screen.on_leave()

    def _on_session_changed(self) -> None:
        s = self.flow.session
        self.set_language(s.language)
        access = (s.access.large_text, s.access.high_contrast, s.access.low_reach)
        if access != self._access_seen:
            self._access_seen = access
            self._apply_theme()

    # -- look ----------------------------------------------------------------------------------------------
    def _apply_theme(self) -> None:
        access = self.flow.session.access
        self._theme = Theme.for_size(self.width(), self.height(), large_text=access.large_text,
                                     high_contrast=access.high_contrast,
                                     diagonal_in=self.flow.view.screen_diagonal_in, dense=access.low_reach)
        sheet = self._theme.style_sheet()
        if sheet != self.styleSheet():  # a style sheet re-polishes every widget: only when it changed
            self.setStyleSheet(sheet)
        self._themed = True
        for picture in self.picker.findChildren(Picture):
            picture.set_colors(self._theme.colors)
        for screen in self.screens.built():
            self._theme_screen(screen)
        self.picker.set_low_reach(access.low_reach, self.height())

    def _theme_screen(self, screen: Screen) -> None:
        """The current palette, reach and orientation on one screen (the style sheet reaches it by itself)."""
        for picture in screen.findChildren(Picture):  # the drawn pictures follow the palette (high contrast too)
            picture.set_colors(self._theme.colors)
        screen.set_low_reach(self.flow.session.access.low_reach, self.height())
        screen.fit_bar(self.width())
        screen.set_portrait(self.height() > self.width())

    def showEvent(self, event: QShowEvent) -> None:
        if not self.styleSheet():  # shown without a resize (never seen so far): styled before the first paint
            self._apply_theme()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.stack.setGeometry(self.rect())
        if self.picker.isVisible():
            self.picker.setGeometry(self._picker_rect())
        self._apply_theme()
        super().resizeEvent(event)

    def find_control(self, object_name: str) -> QObject | None:
        """A control by its objectName on the current screen or the language overlay (selftest, tests)."""
        for root in (self.picker, self.current_screen()):
            if root is self.picker and not self.picker.isVisible():
                continue
            found = root.findChild(QObject, object_name)
            if found is not None:
                return found
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu:
            return True
        return super().event(event)


