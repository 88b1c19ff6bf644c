"""Lockdown: escape shortcuts swallowed, no context menus, no text selection, a window that will not close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QKeySequence, QShortcut, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.ui.lockdown import (
    CloseGuard,
    ShortcutBlocker,
    apply_kiosk_window,
    is_blocked_combo,
    lock_widget_tree,
)

K = Qt.Key
M = Qt.KeyboardModifier
MODIFIER_KEYS = {K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_Meta, K.Key_AltGr}
COMBOS = [
    (K.Key_F4, M.AltModifier),
    (K.Key_Tab, M.AltModifier),
    (K.Key_Escape, M.NoModifier),
    (K.Key_Q, M.ControlModifier),
    (K.Key_W, M.ControlModifier),
    (K.Key_Backspace, M.ControlModifier | M.AltModifier),
    (K.Key_Delete, M.ControlModifier | M.AltModifier),
    (K.Key_F2, M.ControlModifier | M.AltModifier),
    (K.Key_Menu, M.NoModifier),
    (K.Key_F10, M.ShiftModifier),
    (K.Key_Plus, M.ControlModifier),
    (K.Key_Super_L, M.NoModifier),
]


class Recorder(QDialog):
    """A dialog (Esc would reject it) with shortcuts that would close it and a log of key events."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[int, int]] = []
        self.context_menus = 0
        self.wheels = 0
        for seq in ("Ctrl+Q", "Ctrl+W", "Alt+F4", "Ctrl+Alt+Backspace", "Ctrl++"):
            QShortcut(QKeySequence(seq), self, activated=self.close)

    def keyPressEvent(self, event) -> None:
        if event.key() not in MODIFIER_KEYS:  # QTest presses the modifier keys themselves first
            self.keys.append((event.key(), event.modifiers().value))
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        self.context_menus += 1

    def wheelEvent(self, event) -> None:
        self.wheels += 1


@pytest.fixture
def blocked(qtbot):
    blocker = ShortcutBlocker()
    QApplication.instance().installEventFilter(blocker)
    w = Recorder()
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    w.setFocus()
    qtbot.waitExposed(w)
    yield w, blocker
    QApplication.instance().removeEventFilter(blocker)


@pytest.mark.parametrize(("key", "mods"), COMBOS)
def test_combo_is_swallowed(blocked, key, mods) -> None:
    w, blocker = blocked
    QTest.keyClick(w, key, mods)
    assert w.isVisible(), "the widget closed"
    assert w.keys == []
    assert blocker.swallowed_count > 0


@pytest.mark.parametrize(("key", "mods"), COMBOS)
def test_without_the_blocker_the_combo_gets_through(qtbot, key, mods) -> None:
    """The control: the same combos do reach (or close) an unprotected widget."""
    w = Recorder()
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    w.setFocus()
    qtbot.waitExposed(w)
    QTest.keyClick(w, key, mods)
    assert w.keys or not w.isVisible()


def test_ordinary_keys_pass(blocked) -> None:
    w, _ = blocked
    QTest.keyClick(w, K.Key_5)
    QTest.keyClick(w, K.Key_A, M.ShiftModifier)
    assert [k for k, _ in w.keys] == [K.Key_5.value, K.Key_A.value]


def test_context_menu_and_ctrl_wheel_are_swallowed(blocked) -> None:
    w, _ = blocked
    pos = QPoint(5, 5)
    QApplication.sendEvent(w, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, w.mapToGlobal(pos)))
    assert w.context_menus == 0

    def wheel(mods: Qt.KeyboardModifier) -> QWheelEvent:
        return QWheelEvent(
            QPointF(5, 5),
            QPointF(w.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            mods,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )

    QApplication.sendEvent(w, wheel(M.ControlModifier))
    assert w.wheels == 0
    QApplication.sendEvent(w, wheel(M.NoModifier))
    assert w.wheels == 1


def test_is_blocked_combo_is_pure() -> None:
    assert is_blocked_combo(K.Key_F4.value, M.AltModifier)
    assert is_blocked_combo(K.Key_F1.value, M.ControlModifier | M.AltModifier)
    assert not is_blocked_combo(K.Key_F4.value, M.NoModifier)
    assert not is_blocked_combo(K.Key_1.value, M.NoModifier)
    assert not is_blocked_combo(K.Key_Return.value, M.NoModifier)


def test_lock_widget_tree(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("申請書ID")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    edit = QLineEdit("12345")
    layout.addWidget(label)
    layout.addWidget(edit)
    assert lock_widget_tree(root) == 3
    assert lock_widget_tree(root) == 3  # idempotent
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    for w in (root, label, edit):
        assert w.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    edit.selectAll()
    assert not edit.hasSelectedText()


def test_close_guard_refuses_until_released(qtbot) -> None:
    w = QWidget()
    qtbot.addWidget(w)
    guard = CloseGuard(w)
    w.installEventFilter(guard)
    w.show()
    assert not w.close()
    assert w.isVisible()
    guard.release()
    assert w.close()
    assert not w.isVisible()


def test_apply_kiosk_window(qtbot) -> None:
    w = QWidget()
    qtbot.addWidget(w)
    apply_kiosk_window(w)
    assert w.isFullScreen()
    assert w.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert w.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert w.cursor().shape() == Qt.CursorShape.BlankCursor


def test_fill_screen_gives_the_window_its_screen_without_a_window_manager(qtbot) -> None:
    from kiosk.ui.lockdown import fill_screen

    w = QWidget()
    qtbot.addWidget(w)
    w.resize(100, 30)  # what a bare X server showed: Qt's default size, nobody answering full screen
    screen = w.screen() or QApplication.primaryScreen()
    assert fill_screen(w) == screen.geometry()
    assert w.geometry() == screen.geometry()
    fill_screen(w)  # twice: still one connection to the screen's size changes
    assert w.property("kiosk_screen") is screen
