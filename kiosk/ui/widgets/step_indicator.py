"""The five steps across the top of every session screen, with the current one highlighted."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


def step_names() -> list[str]:
    translate = QCoreApplication.translate
    return [translate("Steps", "お支払い"), translate("Steps", "読み取り"), translate("Steps", "入力"), translate("Steps", "撮影"),
            translate("Steps", "確認・送信")]


class StepIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._labels = [QLabel(self) for _ in range(5)]
        for label in self._labels:
            label.setObjectName("step")
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        layout.addStretch(1)
        self._current = 0
        self.retranslate()

    def set_step(self, step: int, *, finished: bool = False) -> None:
        """Highlight step (1-5; 0 hides the bar); finished: every step up to this one is done (the done screen)."""
        self._current = step
        for i, label in enumerate(self._labels, start=1):
            label.setProperty("current", i == step and not finished)
            label.setProperty("done", i < step or (finished and i <= step))
            label.style().unpolish(label)
            label.style().polish(label)
        self.setVisible(step > 0)
        self.retranslate()

    def retranslate(self) -> None:
        for i, (label, name) in enumerate(zip(self._labels, step_names(), strict=True), start=1):
            label.setText(f"✓ {name}" if label.property("done") else f"{i} {name}")
