"""An overlay over the screen (its bottom bar stays visible) with one large button per language, each in its own
script, and a close button that leaves the language as it was."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.i18n import LANGUAGES
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.text import label


class LanguagePicker(QWidget):
    language_chosen = Signal(str)
    closed = Signal()  # the close button: nothing chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language_picker")
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        col = QVBoxLayout(self)
        self._col = col
        top = QHBoxLayout()
        top.addStretch(1)
        self.close_button = big_button("lang_close", "secondary", self)
        self.close_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.close_button.clicked.connect(self._close)
        top.addWidget(self.close_button)
        col.addLayout(top)
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
        self.retranslate()
        self.hide()

    def set_low_reach(self, on: bool, screen_height: int) -> None:
        """Every control in the lower two thirds, as on the screens."""
        margins = self._col.contentsMargins()
        margins.setTop(screen_height // 3 if on else margins.left())
        self._col.setContentsMargins(margins)

    def _close(self) -> None:
        self.hide()
        self.closed.emit()

    def retranslate(self) -> None:
        self.close_button.setText("✕ " + QCoreApplication.translate("LanguagePicker", "閉じる"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
