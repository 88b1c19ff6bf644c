"""Counting a citizen's taps: every press on an enabled control of the booth window (keypad digits included).

`kiosk selftest` reports the count from the first tap to the reception number; tests use it to hold the happy
path to its budget. An application event filter sees every press, whoever sends it (a finger, QTest).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QWidget


class TapCounter(QObject):
    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.count = 0
        self.names: list[str] = []  # the objectNames tapped, in order (controls, never what was typed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QAbstractButton)
                and watched.isEnabled() and watched.isVisible() and watched.window() is self.window):
            self.count += 1
            self.names.append(watched.objectName())
        return False
