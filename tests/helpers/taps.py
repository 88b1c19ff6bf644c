"""Tapping a control the way a person does: in its middle, only when it is visible and enabled."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton


def tap(button: object) -> None:
    assert isinstance(button, QPushButton) and button.isVisible() and button.isEnabled(), button
    QTest.mouseClick(
        button,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(button.width() // 2, button.height() // 2),
    )
