"""An on-screen numeric keypad: digits, backspace and clear, building a string of bounded length."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.ui.widgets.buttons import big_button


class Keypad(QWidget):
    """Emits text_changed with the digits typed so far; objectNames are <prefix>_key_0..9, _back, _clear."""

    text_changed = Signal(str)

    def __init__(self, prefix: str, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_length = max_length
        self._text = ""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        positions = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
        self.keys = {}
        for i, key in enumerate(positions):
            button = big_button(f"{prefix}_key_{key}", "key" if key.isdigit() else "secondary", self)
            if key.isdigit():
                button.setText(key)
                button.clicked.connect(lambda _c=False, d=key: self._press(d))
            elif key == "back":
                button.clicked.connect(self._backspace)
            else:
                button.clicked.connect(self.clear)
            self.keys[key] = button
            grid.addWidget(button, i // 3, i % 3)
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.keys["back"].setText(translate("Keypad", "1字消す"))
        self.keys["clear"].setText(translate("Keypad", "全部消す"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = "".join(ch for ch in text if ch.isdigit())[: self.max_length]
        self.text_changed.emit(self._text)

    def clear(self) -> None:
        self.set_text("")

    def _press(self, digit: str) -> None:
        if len(self._text) < self.max_length:
            self.set_text(self._text + digit)

    def _backspace(self) -> None:
        self.set_text(self._text[:-1])
