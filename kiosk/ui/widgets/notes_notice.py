"""What the payment screen says about notes: which are taken now, a note held in escrow, why a note went back.

A small label of its own (the payment screen keeps its layout): it reads the flow's read model only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.flow.view import FlowView
from kiosk.ui.widgets.text import label


class NotesNotice(QWidget):
    """Shown only on a booth with a working bill validator (or when a note just went back)."""

    def __init__(self, view: FlowView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.view = view
        self.setObjectName("payment_notes")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.taken: QLabel = label("body", self, center=True)
        self.notice: QLabel = label("message", self, center=True)
        box.addWidget(self.taken)
        box.addWidget(self.notice)
        view.changed.connect(self.refresh)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    def text(self) -> str:
        return "\n".join(t for t in (self.taken.text(), self.notice.text()) if t)

    def refresh(self) -> None:
        v = self.view
        yen = self.tr("{n}円")
        notes = sorted(v.accepted_notes)
        if v.held_note_yen:
            self.taken.setText(self.tr("お札 {n}円をお預かりしています（取り消すとお返しします）")
                               .format(n=f"{v.held_note_yen:,}"))
        elif notes and v.state == "payment":
            self.taken.setText(self.tr("使えるお札：{notes}").format(
                notes=self.tr("・").join(yen.format(n=f"{n:,}") for n in notes)))
        else:
            self.taken.setText("")
        reason = v.note_notice
        if reason == "change_short":
            text = self.tr("お釣りが足りないため、このお札は使えません。お札をお取りください。")
        elif reason == "rejected":
            text = self.tr("このお札は読み取れませんでした。お札をお取りください。")
        elif reason:
            text = self.tr("このお札はいま使えません。お札をお取りください。")
        else:
            text = ""
        self.notice.setText(text)
        self.setVisible(bool(self.taken.text() or text))
