"""A full-screen overlay with one large button per language, each in its own script."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.text import label


class LanguagePicker(QWidget):
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language_picker")
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        col = QVBoxLayout(self)
        heading = label("title", self, center=True)
        heading.setText("言語を選んでください / Language / 语言 / 語言 / 언어 / Idioma")
        col.addStretch(1)
        col.addWidget(heading)
        grid = QGridLayout()
        for i, (code, name) in enumerate(LANGUAGES.items()):
            button = big_button(f"lang_{code}", "secondary", self)
            button.setText(name)
            button.clicked.connect(lambda _c=False, c=code: self.language_chosen.emit(c))
            grid.addWidget(button, i // 2, i % 2)
        col.addLayout(grid)
        col.addStretch(1)
        self.hide()
