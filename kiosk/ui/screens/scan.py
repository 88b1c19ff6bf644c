"""The scan screen: hold the QR code over the reader (below the screen), or type the 23 digits of the 申請書ID."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.api import APPLICATION_ID_DIGITS
from kiosk.flow import application_id
from kiosk.ui.screens.base import Screen, label
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.pictures import IdOnNoticePicture, NoticePicture, QrPapersPicture

ID_LENGTH = APPLICATION_ID_DIGITS


class ScanScreen(Screen):
    state_id = "scan"

    def build(self) -> None:
        self.pages = QStackedWidget(self)
        # page 0: scan
        scan = QWidget(self.pages)
        # the picture beside the words on a landscape screen, above them on a portrait one
        self.scan_row = self.flex_row(scan)
        self.instruction = label("big", scan, center=True)
        self.where = label("subtitle", scan, center=True)
        self.message = label("message", scan, center=True)
        self.suggest = label("subtitle", scan, center=True)
        self.picture = NoticePicture(scan)
        self.picture.setObjectName("scan_picture")
        self.read_label = label("verdict", scan, center=True)
        self.papers = QrPapersPicture(scan)  # which papers carry the code, the code marked
        self.papers.setObjectName("scan_papers")
        col = QVBoxLayout()
        col.addStretch(1)
        for w in (self.read_label, self.instruction, self.where, self.message, self.suggest):
            col.addWidget(w)
        col.addWidget(self.papers, 8)
        col.addStretch(1)
        self.scan_row.addWidget(self.picture, 2)  # the picture takes the room the words leave
        self.scan_row.addLayout(col, 3)
        self._beside_rows.append((self.scan_row, col, 2))  # shares picture_beside's proportions (share 2)
        self._scan_col = col
        self.pages.addWidget(scan)
        # page 1: typed entry
        typed = QWidget(self.pages)
        row = self.flex_row(typed)  # the keypad under the words on a portrait screen
        left = QVBoxLayout()
        self.typed_hint = label("subtitle", typed)
        self.typed_display = label("big", typed, center=True)
        self.typed_count = label("note", typed, center=True)
        self.typed_message = label("message", typed, center=True)
        self.id_picture = IdOnNoticePicture(typed)  # where the ID is printed, the digits typed filled in
        self.id_picture.setObjectName("scan_id_picture")
        left.addWidget(self.typed_hint)
        left.addWidget(self.id_picture, 1)
        left.addWidget(self.typed_display)
        left.addWidget(self.typed_count)
        left.addWidget(self.typed_message)
        self.keypad = Keypad("scan", ID_LENGTH, typed)
        self.keypad.text_changed.connect(self._on_text_changed)
        row.addLayout(left, 3)
        row.addWidget(self.keypad, 2)
        self.pages.addWidget(typed)
        self.body.addWidget(self.pages, 1)

        self.type_button = big_button("scan_type_id", "secondary", self)
        self.type_button.clicked.connect(self._toggle_typed)
        self.typed_ok = big_button("scan_typed_ok", parent=self)
        self.typed_ok.clicked.connect(lambda: self.emit_intent("typed", self.keypad.text()))
        self.actions.addWidget(self.type_button)
        self.actions.addWidget(self.typed_ok)
        self.flow.scan_rejected.connect(self._on_scan_rejected)

    def set_portrait(self, on: bool) -> None:
        super().set_portrait(on)
        self._scan_col.setStretch(self._scan_col.count() - 1, 0 if on else 1)  # the papers right under the words
        if on:  # the words and the papers as tall as the picture of the reader
            self.scan_row.setStretch(0, 1)
            self.scan_row.setStretch(1, 1)

    def speech_text(self) -> str:
        return self.instruction.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("QRコードを読み取ります"))
        self.instruction.setText(self.tr("QRコードを下の読み取り口にかざしてください"))
        self.where.setText(self.tr("有効期限通知書または交付申請書の「交付申請用QRコード」です。"))
        self.papers.set_names(self.tr("有効期限通知書"), self.tr("交付申請書"))
        self.typed_hint.setText(self.tr("QRコードの近くに印刷された申請書ID（23桁の数字）を入力してください。"))
        self._update_buttons()
        self._on_text_changed(self.keypad.text())

    def _update_buttons(self) -> None:
        typed = self.pages.currentIndex() == 1
        self.type_button.setText(self.tr("QRコードで読み取る") if typed else self.tr("番号を入力する"))
        self.typed_ok.setText(self.tr("この番号で進む"))
        self.typed_ok.setVisible(typed)
        self.typed_ok.setEnabled(len(self.keypad.text()) == ID_LENGTH)

    def _toggle_typed(self) -> None:
        self.pages.setCurrentIndex(1 - self.pages.currentIndex())
        self.typed_message.setText("")
        self._update_buttons()

    def _on_text_changed(self, text: str) -> None:
        self.typed_display.setText(application_id.grouped(text) if text else "－")
        self.typed_count.setText(self.tr("{n} / 23 桁").format(n=len(text)))
        self.id_picture.set_typed(len(text))
        self.typed_message.setText("")
        self._update_buttons()

    def _on_scan_rejected(self, reason: str) -> None:
        messages = {
            "not_application": self.tr("この QR コードは申請用ではありません。通知書や申請書の QR コードをかざしてください。"),
            "wrong_length": self.tr("申請書IDは23桁です。番号を確かめてください。"),
            "several_ids": self.tr("読み取った内容に申請書IDが複数あります。申請用の QR コードをかざしてください。"),
            "unreadable": self.tr("読み取れませんでした。もう一度ゆっくりかざしてください。"),
        }
        text = messages.get(reason, messages["not_application"])
        if self.pages.currentIndex() == 1:
            self.typed_message.setText(text)
        else:
            self.message.setText(text)
        if self.flow.session.scan_failures >= 2:
            self.suggest.setText(self.tr("読み取れないときは「番号を入力する」を押して、23桁の番号を入力できます。"))

    def show_read(self) -> None:
        """The code was read: a tick and 「読み取りました」 before the next screen (BoothWindow waits a moment)."""
        self.pages.setCurrentIndex(0)
        self.picture.set_read(True)
        self.read_label.setText("✓ " + self.tr("読み取りました"))
        self.instruction.setText("")
        self.message.setText("")
        self.suggest.setText("")

    def on_enter(self) -> None:
        self.picture.set_read(False)
        self.read_label.setText("")
        self.instruction.setText(self.tr("QRコードを下の読み取り口にかざしてください"))
        self.pages.setCurrentIndex(0)
        self.keypad.clear()
        self.message.setText("")
        self.suggest.setText("")
        self._update_buttons()

    def on_leave(self) -> None:
        self.keypad.clear()
        self.message.setText("")
        self.suggest.setText("")
        self.typed_message.setText("")

    def personal_texts(self) -> list[str]:
        return [self.keypad.text()] if self.keypad.text() else []
