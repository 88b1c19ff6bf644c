"""The print service's own screens: the size choice, printing, and the photos to take away. The guide, camera,
review, payment and cancel screens are the card application's own, reading the session's service and size."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.ui.screens.base import Screen, label
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.pictures import Pictogram


class SizeScreen(Screen):
    """One button per configured size, with its use and its fee."""

    state_id = "size"

    def build(self) -> None:
        self.buttons: dict[str, QPushButton] = {}
        self.body.addStretch(1)
        for size_id, *_ in self.flow.view.sizes:
            button = big_button(f"size_{size_id}", parent=self)
            button.clicked.connect(lambda _c=False, s=size_id: self.emit_intent("choose", s))
            self.buttons[size_id] = button
            self.body.addWidget(button)
        self.note = label("note", self)
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.back = big_button("size_back", "secondary", self)
        self.back.clicked.connect(lambda: self.emit_intent("back"))
        self.actions.addWidget(self.back)

    def retranslate(self) -> None:
        self.title.setText(self.tr("写真のサイズを選んでください"))
        english = self.flow.session.language != "ja"
        for size_id, label_ja, label_en, fee in self.flow.view.sizes:
            self.buttons[size_id].setText(self.tr("{size}　{fee}円").format(
                size=label_en if english else label_ja, fee=f"{fee:,}"))
        self.note.setText(self.tr("同じ写真を1枚の用紙に何枚か印刷します。切り取り線に沿って切ってください。"))
        self.back.setText(self.tr("戻る"))


class PrintingScreen(Screen):
    state_id = "printing"

    def build(self) -> None:
        self.text = label("big", self, center=True)
        self.note = label("subtitle", self, center=True)
        self.picture = Pictogram("printer", self)
        self.picture.setObjectName("printing_picture")
        self.picture_beside(self.picture, [self.text, self.note])

    def speech_text(self) -> str:
        return self.text.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("印刷しています"))
        self.text.setText(self.tr("写真を印刷しています…"))
        self.note.setText(self.tr("そのままお待ちください。印刷できなかったときは、お金を返します。"))


class PrintedScreen(Screen):
    state_id = "printed"

    def build(self) -> None:
        self.text = label("big", self, center=True)
        self.note = label("subtitle", self, center=True)
        self.picture = Pictogram("photos", self)
        self.picture.setObjectName("printed_picture")
        self.picture_beside(self.picture, [self.text, self.note])
        self.receipt = big_button("printed_receipt", "secondary", self)
        self.receipt.clicked.connect(lambda: self.emit_intent("receipt"))
        self.actions.addWidget(self.receipt)
        self.finish = big_button("printed_finish", parent=self)
        self.finish.clicked.connect(lambda: self.emit_intent("finish"))
        self.actions.addWidget(self.finish)
        self.flow.session.changed.connect(self.retranslate)
        self.flow.view.changed.connect(self.retranslate)

    def speech_text(self) -> str:
        return f"{self.text.text()} {self.note.text()}"

    def retranslate(self) -> None:
        self.title.setText(self.tr("印刷が終わりました"))
        self.text.setText(self.tr("取り出し口から写真をお取りください。"))
        n = self.flow.session.print_copies
        self.note.setText(self.tr("1枚の用紙に{n}枚の写真があります。").format(n=n) if n else "")
        self.finish.setText(self.tr("終わる"))
        self.receipt.setVisible(self.flow.view.receipt_available() or bool(self.flow.session.receipt_number))
        self.receipt.setEnabled(self.flow.view.receipt_available())
        self.receipt.setText(self.tr("領収書を印刷しました") if self.flow.session.receipt_number
                             else self.tr("領収書を印刷"))
