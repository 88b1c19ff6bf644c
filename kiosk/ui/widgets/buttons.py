"""Touch buttons: big, named (objectName is the test and selftest contract), never focus-stealing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget


def big_button(object_name: str, kind: str = "primary", parent: QWidget | None = None) -> QPushButton:
    """A touch target at least 80 px tall at 1080p (the style sheet sets the height)."""
    button = QPushButton(parent)
    button.setObjectName(object_name)
    button.setProperty("kind", kind)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setAutoDefault(False)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button
