"""Kiosk lockdown inside Qt: a full-screen frameless window, swallowed escape shortcuts, no selection, no menus.

Layers of defence, outermost first:
1. The session: cage (deploy/kiosk.service) shows one full-screen client and has no desktop, task switcher or
   VT switching (cage without -s); under X11, deploy/xorg.conf.d/10-kiosk.conf sets DontVTSwitch and DontZap
   so Ctrl+Alt+Fn and Ctrl+Alt+Backspace never reach the server. The keyboard itself sits inside the cabinet.
2. This module: apply_kiosk_window() makes the window fill the screen (with or without a window manager),
   frameless, on top and without a cursor;
   ShortcutBlocker, installed on the QApplication, swallows the key combos that close, switch or zoom, the
   context-menu key and every context-menu event; lock_widget_tree() turns off text selection and context
   menus; CloseGuard makes the window refuse to close.
3. The only way out is the maintenance menu (kiosk.ui.maintenance): a hidden corner gesture, the technician's
   PIN, then 「サービス」 -> 「キオスクを終了 / Exit kiosk」 tapped twice. That calls the backend's exit_kiosk(),
   which the app implements by calling CloseGuard.release() and then closing the window and quitting; under
   systemd (Restart=always) the booth then starts again, so a technician who needs the desktop stops the unit
   from a console: `systemctl stop kiosk` (SIGTERM: kiosk.run ends a session as out of service ends it and
   exits within 5 s).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

_K = Qt.Key
_MOD_MASK = (
    Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)

# Keys swallowed whatever the modifiers.
ALWAYS_BLOCKED_KEYS: frozenset[Qt.Key] = frozenset({
    _K.Key_Escape, _K.Key_Menu, _K.Key_Meta, _K.Key_Super_L, _K.Key_Super_R, _K.Key_Hyper_L, _K.Key_Hyper_R,
    _K.Key_F11, _K.Key_Close, _K.Key_PowerOff, _K.Key_Sleep, _K.Key_Suspend, _K.Key_Hibernate,
    _K.Key_Standby, _K.Key_LogOff, _K.Key_Launch0, _K.Key_Launch1, _K.Key_Explorer, _K.Key_Search,
    _K.Key_ZoomIn, _K.Key_ZoomOut, _K.Key_Print, _K.Key_SysReq,
})  # fmt: skip
# Keys swallowed with Alt (window manager actions).
ALT_BLOCKED_KEYS: frozenset[Qt.Key] = frozenset({
    _K.Key_F4, _K.Key_Tab, _K.Key_Backtab, _K.Key_Space, _K.Key_Escape, _K.Key_F2, _K.Key_F3,
    _K.Key_Left, _K.Key_Right, _K.Key_Home,
})  # fmt: skip
# Keys swallowed with Ctrl (close, quit, zoom, print, select all, tab switching, reload).
CTRL_BLOCKED_KEYS: frozenset[Qt.Key] = frozenset({
    _K.Key_Q, _K.Key_W, _K.Key_N, _K.Key_T, _K.Key_P, _K.Key_A, _K.Key_R, _K.Key_S, _K.Key_O, _K.Key_F4,
    _K.Key_Tab, _K.Key_Backtab, _K.Key_Plus, _K.Key_Minus, _K.Key_Equal, _K.Key_0, _K.Key_Escape,
})  # fmt: skip
_F_KEYS = frozenset(Qt.Key(_K.Key_F1.value + i) for i in range(12))
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)


def is_blocked_combo(key: int, modifiers: Qt.KeyboardModifier) -> bool:
    """True for a key combination a citizen must never use (pure: key code and modifiers in)."""
    try:
        k = Qt.Key(key)
    except ValueError:
        return False
    mods = modifiers & _MOD_MASK
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    meta = bool(mods & Qt.KeyboardModifier.MetaModifier)
    if k in ALWAYS_BLOCKED_KEYS or meta:
        return True
    if k == _K.Key_F10 and mods & Qt.KeyboardModifier.ShiftModifier:  # the other context-menu key
        return True
    if ctrl and alt:  # Ctrl+Alt+Backspace / Delete / Fn / anything: never the app's
        return True
    if alt and (k in ALT_BLOCKED_KEYS or k in _F_KEYS):
        return True
    return ctrl and (k in CTRL_BLOCKED_KEYS or k in _F_KEYS)


class ShortcutBlocker(QObject):
    """Install on the QApplication: swallows escape shortcuts, context menus and Ctrl+wheel zoom."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.swallowed_count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _KEY_EVENTS and isinstance(event, QKeyEvent):
            if not is_blocked_combo(event.key(), event.modifiers()):
                return False
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # claimed here, so no QShortcut or QAction fires
            self.swallowed_count += 1
            return True
        if kind == QEvent.Type.ContextMenu:
            self.swallowed_count += 1
            return True
        if (
            kind == QEvent.Type.Wheel
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.swallowed_count += 1
            return True
        return False


class CloseGuard(QObject):
    """Install on the kiosk window: it ignores every close request until release() (maintenance exit)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._released = False

    def release(self) -> None:
        """Allow the next close (called only by the maintenance menu's exit)."""
        self._released = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and not self._released:
            event.ignore()
            return True
        return False


def fill_screen(widget: QWidget) -> QRect:
    """Give the widget its screen's whole geometry, now and whenever the screen changes size; returns it.

    showFullScreen() only asks the window manager for full screen (_NET_WM_STATE_FULLSCREEN on X11); on a bare
    X server with no window manager (deploy/kiosk-x11.service) nobody answers, and the window stayed at Qt's
    default 100x30 in a corner. An explicit geometry needs no window manager.
    """
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return widget.geometry()
    if widget.property("kiosk_screen") is not screen:
        widget.setProperty("kiosk_screen", screen)
        screen.geometryChanged.connect(widget.setGeometry)
    widget.setGeometry(screen.geometry())
    return screen.geometry()


def apply_kiosk_window(widget: QWidget) -> None:
    """Full screen (also without a window manager), frameless, on top, no cursor, no context menu; shows it."""
    widget.setWindowFlags(
        widget.windowFlags() | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
    )
    widget.setCursor(Qt.CursorShape.BlankCursor)
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    fill_screen(widget)
    widget.showFullScreen()
    fill_screen(widget)  # a window manager may have moved it meanwhile; without one this is the geometry


def _deselect(line_edit: QLineEdit) -> None:
    if line_edit.hasSelectedText():
        line_edit.deselect()


def lock_widget_tree(root: QWidget) -> int:
    """No context menu and no text selection anywhere under root; returns how many widgets were locked.

    Call it again after building new screens (it is idempotent); ShortcutBlocker also swallows every
    context-menu event, so a widget added later is covered for menus in any case.
    """
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        w.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        if isinstance(w, QLabel):
            w.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        elif isinstance(w, QLineEdit):
            w.setDragEnabled(False)
            if not w.property("kiosk_locked"):
                w.setProperty("kiosk_locked", True)
                w.selectionChanged.connect(lambda le=w: _deselect(le))
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            w.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if isinstance(w, QAbstractScrollArea):
            w.viewport().setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    return len(widgets)
