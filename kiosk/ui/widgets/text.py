"""Labels as every screen makes them: plain text (data, never markup), wrapped, not selectable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def label(object_name: str, parent: QWidget, *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel(parent)
    widget.setObjectName(object_name)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # text from a server or a citizen is data, never markup
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget
