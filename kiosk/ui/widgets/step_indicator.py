"""The steps of the citizen's path across the top of every session screen, with the current one highlighted: the
My Number card's five, or the printed ID photo's four."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

PATH_LENGTH = {"my_number": 5, "idphoto": 4}  # the steps of each service's path (kiosk.flow.table.STEPS_OF_SERVICE)


def step_names(path: str = "my_number") -> list[str]:
    translate = QCoreApplication.translate
    if path == "idphoto":
        return [translate("Steps", "サイズ"), translate("Steps", "お支払い"), translate("Steps", "撮影"),
                translate("Steps", "印刷")]
    return [translate("Steps", "お支払い"), translate("Steps", "読み取り"), translate("Steps", "入力"), translate("Steps", "撮影"),
            translate("Steps", "確認・送信")]


class StepIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._all = [QLabel(self) for _ in range(max(PATH_LENGTH.values()))]
        for label in self._all:
            label.setObjectName("step")
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        layout.addStretch(1)
        self._labels = self._all  # the current path's steps
        self._path = "my_number"
        self._current = 0
        self.retranslate()

    @property
    def path(self) -> str:
        return self._path

    @property
    def step(self) -> int:
        return self._current

    def set_step(self, step: int, *, finished: bool = False, path: str = "my_number") -> None:
        """Highlight step (1..n of the path's steps; 0 hides the bar); finished: every step up to this one is done
        (the done and printed screens)."""
        self._path = path if path in PATH_LENGTH else "my_number"
        self._current = step
        self._labels = self._all[: PATH_LENGTH[self._path]]
        for i, label in enumerate(self._all, start=1):
            label.setVisible(label in self._labels)
            label.setProperty("current", i == step and not finished)
            label.setProperty("done", i < step or (finished and i <= step))
            label.style().unpolish(label)
            label.style().polish(label)
        self.setVisible(step > 0)
        self.retranslate()

    def retranslate(self) -> None:
        for i, (label, name) in enumerate(zip(self._labels, step_names(self._path), strict=True), start=1):
            label.setText(f"✓ {name}" if label.property("done") else f"{i} {name}")
