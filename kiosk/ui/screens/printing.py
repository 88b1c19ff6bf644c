"""The print service's own screens: the size choice, printing, and the photos to take away. The guide, camera,
review, payment and cancel screens are the card application's own, reading the session's service and size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QPushButton, QVBoxLayout

from kiosk.ui.screens.base import Screen, label
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.fact_card import FactCard
from kiosk.ui.widgets.pictures import PrintSheetPicture, SizePicture, size_mm


class SizeScreen(Screen):
    """One card per configured size: the size drawn to scale beside the others, its use, its fee in large type,
    and its button (side by side on a landscape screen, one under the other on a portrait one)."""

    state_id = "size"

    def build(self) -> None:
        self.buttons: dict[str, QPushButton] = {}
        self.pictures: dict[str, SizePicture] = {}
        self.uses: dict[str, QLabel] = {}
        self.fees: dict[str, QLabel] = {}
        self._cards: list[tuple[QBoxLayout, QVBoxLayout]] = []
        sizes = self.flow.view.sizes
        largest = (max((size_mm(size_id)[0] for size_id, *_ in sizes), default=35.0),
                   max((size_mm(size_id)[1] for size_id, *_ in sizes), default=45.0))
        row = self.flex_row()
        for size_id, *_ in sizes:
            card = QFrame(self)
            card.setObjectName("card")
            card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            inside = QBoxLayout(QBoxLayout.Direction.TopToBottom, card)
            picture = SizePicture(size_id, largest, card)
            picture.setObjectName(f"size_{size_id}_picture")
            words = QVBoxLayout()
            use, fee = label("body", card, center=True), label("big", card, center=True)
            button = big_button(f"size_{size_id}", parent=card)
            button.clicked.connect(lambda _c=False, s=size_id: self.emit_intent("choose", s))
            words.addStretch(1)
            for w in (use, fee, button):
                words.addWidget(w)
            words.addStretch(1)
            inside.addWidget(picture, 3)
            inside.addLayout(words, 2)
            row.addWidget(card, 1)
            self._cards.append((inside, words))
            self.buttons[size_id], self.pictures[size_id], self.uses[size_id], self.fees[size_id] = \
                button, picture, use, fee
        self.body.addLayout(row, 1)
        self.note = label("subtitle", self, center=True)
        self.body.addWidget(self.note)
        self.back = big_button("size_back", "secondary", self)
        self.back.clicked.connect(lambda: self.emit_intent("back"))
        self.actions.addWidget(self.back)

    def set_portrait(self, on: bool) -> None:
        """On a portrait screen the cards stand one under the other, each picture beside its words."""
        super().set_portrait(on)
        for inside, words in self._cards:
            inside.setDirection(QBoxLayout.Direction.LeftToRight if on else QBoxLayout.Direction.TopToBottom)
            inside.setStretch(0, 2 if on else 3)
            inside.setStretch(1, 3 if on else 2)
            words.setStretch(0, 1)
            words.setStretch(words.count() - 1, 1)

    def retranslate(self) -> None:
        self.title.setText(self.tr("写真のサイズを選んでください"))
        english = self.flow.session.language != "ja"
        for size_id, label_ja, label_en, fee in self.flow.view.sizes:
            self.uses[size_id].setText(label_en if english else label_ja)
            self.fees[size_id].setText(self.tr("{fee}円").format(fee=f"{fee:,}"))
            self.buttons[size_id].setText(self.tr("選ぶ"))
        self.note.setText(self.tr("同じ写真を1枚の用紙に何枚か印刷します。切り取り線に沿って切ってください。"))
        self.back.setText(self.tr("戻る"))


class PrintingScreen(Screen):
    """The sheet coming out of the printer, beside what is printed and what happens if it fails."""

    state_id = "printing"

    def build(self) -> None:
        self.text = label("big", self, center=True)
        self.picture = PrintSheetPicture("printing", self)
        self.picture.setObjectName("printing_picture")
        self.sheet = FactCard("portrait", self)
        self.tray = FactCard("photos", self)
        self.refund = FactCard("coins_back", self)
        self.picture_beside(self.picture, [self.text, self.sheet, self.tray, self.refund])
        self.flow.session.changed.connect(self.retranslate)

    def speech_text(self) -> str:
        return f"{self.text.text()} {self.refund.key.text()} {self.refund.text.text()}"

    def on_enter(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        s = self.flow.session
        self.title.setText(self.tr("印刷しています"))
        self.text.setText(self.tr("写真を印刷しています…"))
        self.picture.set_sheet(s.size_id, s.print_copies)
        english = s.language != "ja"
        size = next(((en if english else ja) for i, ja, en, _fee in self.flow.view.sizes if i == s.size_id), "")
        self.sheet.set_texts(size, self.tr("1枚の用紙に{n}枚").format(n=s.print_copies) if s.print_copies else "")
        self.sheet.setVisible(bool(size))
        self.tray.set_texts(self.tr("取り出し口に出てきます"), self.tr("印刷が終わるまで、手を入れないでください。"))
        self.refund.set_texts(self.tr("そのままお待ちください"), self.tr("印刷できなかったときは、お金を返します。"))


class PrintedScreen(Screen):
    """The sheet ready to take from the tray, how many photos it holds, and how to cut them."""

    state_id = "printed"

    def build(self) -> None:
        self.text = label("big", self, center=True)
        self.note = label("subtitle", self, center=True)
        self.picture = PrintSheetPicture("printed", self)
        self.picture.setObjectName("printed_picture")
        self.cut = FactCard("scissors", self)
        self.erased = FactCard("notice", self)
        self.picture_beside(self.picture, [self.text, self.note, self.cut, self.erased])
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

    def on_enter(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        s = self.flow.session
        self.title.setText(self.tr("印刷が終わりました"))
        self.text.setText(self.tr("取り出し口から写真をお取りください。"))
        n = s.print_copies
        self.note.setText(self.tr("1枚の用紙に{n}枚の写真があります。").format(n=n) if n else "")
        self.picture.set_sheet(s.size_id, n)
        self.cut.set_texts(self.tr("切り取り線で切ってください"),
                           self.tr("線に沿って切ると、ちょうどのサイズになります。"))
        self.erased.set_texts(self.tr("写真のデータは残りません"), self.tr("終わると、この機械から消去します。"))
        self.finish.setText(self.tr("終わる"))
        self.receipt.setVisible(self.flow.view.receipt_available() or bool(s.receipt_number))
        self.receipt.setEnabled(self.flow.view.receipt_available())
        self.receipt.setText(self.tr("領収書を印刷しました") if s.receipt_number else self.tr("領収書を印刷"))
