"""The last screens of a session: confirm (everything before sending), done (reception number) and cancel
(the refund)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flow import birthdate
from kiosk.ui.screens.base import Screen, label
from kiosk.ui.screens.simple import help_text
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.pictures import BelongingsPicture, NextStepsPicture, Pictogram


class ConfirmScreen(Screen):
    state_id = "confirm"

    def build(self) -> None:
        row = self.flex_row()
        self.photo = label("photo", self, center=True)
        # the two long items (the application ID, the birth date) on a card each, their caption above their value;
        # the three answers on one card, a caption beside each answer
        self.captions = [label("subtitle", self) for _ in range(5)]
        self.values = [label("verdict" if i < 2 else "title", self) for i in range(5)]
        col = QVBoxLayout()
        answers = QFrame(self)
        answers.setObjectName("card")
        grid = QGridLayout(answers)
        for i, (caption, value) in enumerate(zip(self.captions, self.values, strict=True)):
            if i < 2:
                card = QFrame(self)
                card.setObjectName("card")
                box = QVBoxLayout(card)
                box.setContentsMargins(12, 4, 12, 4)
                box.setSpacing(0)
                box.addWidget(caption)
                box.addWidget(value)
                col.addWidget(card)
            else:
                grid.addWidget(caption, i - 2, 0)
                grid.addWidget(value, i - 2, 1)
        grid.setContentsMargins(12, 4, 12, 4)
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        col.addWidget(answers)
        edits = QHBoxLayout()
        self.edit_details = big_button("confirm_edit_details", "secondary", self)
        self.edit_details.clicked.connect(lambda: self.emit_intent("edit_details"))
        self.edit_photo = big_button("confirm_edit_photo", "secondary", self)
        self.edit_photo.clicked.connect(lambda: self.emit_intent("edit_photo"))
        edits.addWidget(self.edit_details)
        edits.addWidget(self.edit_photo)
        col.addLayout(edits)
        col.addStretch(1)
        row.addWidget(self.photo, 1)
        row.addLayout(col, 2)
        self.body.addLayout(row, 1)
        self.send = big_button("confirm_send", parent=self)
        self.send.clicked.connect(lambda: self.emit_intent("send"))
        self.actions.addWidget(self.send)

    def retranslate(self) -> None:
        self.title.setText(self.tr("内容を確認して送信してください"))
        for caption, text in zip(self.captions, (self.tr("申請書ID"), self.tr("生年月日"), self.tr("署名用電子証明書"),
                                                 self.tr("利用者証明用電子証明書"), self.tr("点字表記")), strict=True):
            caption.setText(text)
        self.edit_details.setText(self.tr("入力をなおす"))
        self.edit_photo.setText(self.tr("写真を撮り直す"))
        self.send.setText(self.tr("送信"))
        self.on_enter()

    def on_enter(self) -> None:
        s = self.flow.session
        if self.flow.current != "confirm" or s.application_id is None:
            return
        d = s.details
        yes, no = self.tr("希望する"), self.tr("希望しない")
        born = d.birth_date
        born_text = ""
        if born is not None:
            era, era_year = birthdate.to_era(born)
            era_text = (self.tr("{era}元年").format(era=era.kanji) if era_year == 1
                        else self.tr("{era}{n}年").format(era=era.kanji, n=era_year))
            born_text = self.tr("{y}年{m}月{d}日（{era}）").format(y=born.year, m=born.month, d=born.day, era=era_text)
        self.values[0].setText(s.application_id.masked())
        self.values[1].setText(born_text)
        self.values[2].setText(yes if d.signature_certificate else no)
        self.values[3].setText(yes if d.user_certificate else no)
        self.values[4].setText(yes if d.braille else no)
        if s.photo.jpeg is not None:
            image = QImage.fromData(bytes(s.photo.jpeg), "JPEG")
            share = 0.36 if s.access.low_reach else 0.55  # low reach: the body has two thirds of the height
            h = max(200, int(self.window().height() * share))
            self.photo.setPixmap(QPixmap.fromImage(image).scaledToHeight(h, Qt.TransformationMode.SmoothTransformation))
        self.edit_photo.setEnabled(self.flow.retakes_left() > 0)

    def on_leave(self) -> None:
        self.photo.clear()
        for value in self.values:
            value.setText("")

    def personal_texts(self) -> list[str]:
        shown = [v.text() for v in self.values if v.text()]
        pixmap = self.photo.pixmap()
        if pixmap is not None and not pixmap.isNull():
            shown.append("<photo>")
        return shown


class DoneScreen(Screen):
    state_id = "done"

    def build(self) -> None:
        self.headline = label("big", self, center=True)
        self.number_caption = label("subtitle", self, center=True)
        self.number = label("huge", self, center=True)
        self.next_steps = label("note", self)
        self.money = label("message", self)
        self.help = label("note", self)
        # the number is the key fact: large, on its card under the headline; below it what happens next, drawn
        # (the picture takes the height the words leave) above the same steps in words
        card = QFrame(self)
        card.setObjectName("card")
        number_box = QVBoxLayout(card)
        number_box.setContentsMargins(12, 4, 12, 4)
        number_box.setSpacing(0)
        number_box.addWidget(self.number_caption)
        number_box.addWidget(self.number)
        self.picture = NextStepsPicture(self)  # received (a tick) or queued (a clock), then the card's way
        self.picture.setObjectName("done_picture")
        self.body.addWidget(self.headline)
        self.body.addWidget(card)
        self.body.addWidget(self.picture, 1)
        row = self.flex_row()  # what comes next beside the help line, so large text still fits
        row.addWidget(self.next_steps, 1)
        side = QVBoxLayout()
        side.addWidget(self.money)
        side.addWidget(self.help)
        side.addStretch(1)
        row.addLayout(side, 1)
        self.body.addLayout(row)
        self.receipt = big_button("done_receipt", "secondary", self)
        self.receipt.clicked.connect(lambda: self.emit_intent("receipt"))
        self.actions.addWidget(self.receipt)
        self.flow.view.changed.connect(self._show_receipt)
        self.finish = big_button("done_finish", parent=self)
        self.finish.clicked.connect(lambda: self.emit_intent("finish"))
        self.actions.addWidget(self.finish)

    def speech_text(self) -> str:
        return self.headline.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("申請を受け付けました"))
        self.finish.setText(self.tr("終わる"))
        self.help.setText(help_text(self))
        self.on_enter()
        self._show_receipt()

    def _show_receipt(self) -> None:
        self.receipt.setVisible(self.flow.view.receipt_available() or bool(self.flow.session.receipt_number))
        self.receipt.setEnabled(self.flow.view.receipt_available())
        self.receipt.setText(self.tr("領収書を印刷しました") if self.flow.session.receipt_number
                             else self.tr("領収書を印刷"))

    def on_enter(self) -> None:
        s = self.flow.session
        self.picture.set_kind("done" if s.outcome == "sent" else "queued")
        if s.outcome == "sent" and s.reception_number:
            self.headline.setText(self.tr("申請が完了しました"))
            self.number_caption.setText(self.tr("受付番号"))
            self.number.setText(s.reception_number)
        elif s.outcome == "sent":  # delivered, but the server's number was not fit to show: the booth's own code
            self.headline.setText(self.tr("申請が完了しました"))
            self.number_caption.setText(self.tr("控えの番号"))
            self.number.setText(s.receipt_code or "")
        else:
            self.headline.setText(self.tr("受付済み・送信待ち"))
            self.number_caption.setText(self.tr("申請はこの機械に安全に保存され、通信が回復しだい自動で送信されます。控えの番号："))
            self.number.setText(s.receipt_code or "")
        self.picture.set_captions(self.tr("今日：申請") if s.outcome == "sent" else self.tr("今日：受付（送信待ち）"),
                                  self.tr("約1か月後：交付通知書が届く"), self.tr("窓口でカードを受け取る"))
        self.next_steps.setText(self.tr(
            "これからの流れ：\n"
            "・約1か月後、お住まいの市区町村から「交付通知書」が届きます。\n"
            "・交付通知書と本人確認書類を持って、市区町村の窓口でカードを受け取ってください。\n"
            "・この画面の写真を撮っておくと便利です。"))
        self.money.setText(self.tr("お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}")
                           .format(n=f"{s.unpaid_yen:,}", code=s.unpaid_receipt) if s.unpaid_receipt else "")

    def on_leave(self) -> None:
        self.number.setText("")

    def personal_texts(self) -> list[str]:
        return [self.number.text()] if self.number.text() else []


BELONGINGS_MIN_H = 1000  # px: the cancel screen's reminder picture needs a screen at least this tall


class CancelScreen(Screen):
    state_id = "cancel"

    def build(self) -> None:
        self.headline = label("big", self, center=True)
        self.reason = label("message", self, center=True)
        self.money = label("verdict", self, center=True)  # every amount, in the type of a key fact
        self.help = label("note", self, center=True)
        self.picture = Pictogram("coins_back", self)  # the money coming back out of the tray
        self.picture.setObjectName("cancel_picture")
        # the money given back is the key fact: large, on its card, the amounts in detail under it
        self.refund_card = QFrame(self)
        self.refund_card.setObjectName("card")
        refund_box = QVBoxLayout(self.refund_card)
        refund_box.setContentsMargins(12, 4, 12, 4)
        refund_box.setSpacing(0)
        self.refund_caption = label("subtitle", self.refund_card, center=True)
        self.refund_value = label("huge", self.refund_card, center=True)
        refund_box.addWidget(self.refund_caption)
        refund_box.addWidget(self.refund_value)
        # the picture of the money coming back with the amount under it, beside the words
        side = QWidget(self)
        side_col = QVBoxLayout(side)
        side_col.setContentsMargins(0, 0, 0, 0)
        side_col.addWidget(self.picture, 1)
        side_col.addWidget(self.refund_card)
        self.picture_beside(side, [self.headline, self.reason, self.money, self.help])
        self.belongings = BelongingsPicture(self)  # the notice and the money: nothing left behind
        self.belongings.setObjectName("cancel_belongings")
        self.body.addWidget(self.belongings, 1)
        self.finish = big_button("cancel_finish", parent=self)
        self.finish.clicked.connect(lambda: self.emit_intent("finish"))
        self.actions.addWidget(self.finish)
        self.flow.session.changed.connect(self.on_enter)
        self.flow.view.changed.connect(self.on_enter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.belongings.setVisible(self.height() >= BELONGINGS_MIN_H)
        self._show_refund()

    def speech_text(self) -> str:
        return f"{self.headline.text()} {self.money.text()}"

    def retranslate(self) -> None:
        self.title.setText(self.tr("中止しました"))
        self.finish.setText(self.tr("終わる"))
        self.help.setText(help_text(self))
        self.belongings.set_caption(self.tr("お忘れ物はありませんか？通知書とお金をお取りください。"))
        self.on_enter()

    def on_enter(self) -> None:
        if self.flow.current != "cancel":
            return
        s = self.flow.session
        busy = self.flow.view.money_busy
        if s.outcome == "rejected":
            self.headline.setText(self.tr("申請を受け付けられませんでした"))
            shown = s.message if s.language == "ja" or not s.message_en else s.message_en
            self.reason.setText(shown or "")
        elif s.outcome == "timed_out":
            self.headline.setText(self.tr("時間が過ぎたため中止しました"))
            self.reason.setText("")
        else:
            self.headline.setText(self.tr("申請を中止しました"))
            self.reason.setText("")
        self.money.setText(self.money_text())
        # every amount in the type of a key fact (but on a wide screen, large text makes the subtitle type as large
        # already and low reach has two thirds of the height)
        w, h = self.window().width(), self.window().height()
        tall = h >= BELONGINGS_MIN_H and h >= 0.75 * w  # 5:4 or portrait: the words' column has the height
        size = "subtitle" if not tall and (s.access.large_text or s.access.low_reach) else "verdict"
        if self.money.objectName() != size:
            self.money.setObjectName(size)
            self.money.style().unpolish(self.money)
            self.money.style().polish(self.money)
        back = s.refunded_yen + s.change_yen  # everything given back, at payment (change) and now
        if busy:  # what is coming back now: everything put in less the change given at payment
            self.refund_caption.setText(self.tr("お金を返しています…"))
            back = max(s.paid_yen, s.credit_yen) - s.change_yen
        elif back:
            self.refund_caption.setText(self.tr("お返ししたお金"))
        self.refund_value.setText(self.tr("{n}円").format(n=f"{back:,}"))
        self._show_refund()
        self.reason.setVisible(bool(self.reason.text()))
        self.finish.setEnabled(not busy)

    def _show_refund(self) -> None:
        s = self.flow.session
        self.refund_card.setVisible(self.flow.view.money_busy or bool(s.refunded_yen + s.change_yen))

    def money_text(self) -> str:
        """Every amount: what was put in, the change given at payment, the refund now, anything owed."""
        s = self.flow.session
        refunded, change = s.refunded_yen, s.change_yen
        put_in = max(s.paid_yen, s.credit_yen, refunded + change + s.unpaid_yen)
        if not put_in and not s.unpaid_receipt:
            return self.tr("お金は入っていません。")
        lines = [self.tr("入れたお金：{n}円").format(n=f"{put_in:,}")]
        if change:
            lines.append(self.tr("お釣りとして返したお金（お支払いのとき）：{n}円").format(n=f"{change:,}"))
        if self.flow.view.money_busy:
            lines.append(self.tr("お金を返しています…"))
        elif refunded:
            lines.append(self.tr("いま返したお金：{n}円（返却口からお取りください）").format(n=f"{refunded:,}"))
        if s.unpaid_receipt:
            lines.append(self.tr("お金の一部 {n}円を返せませんでした。係員にこの番号をお伝えください：{code}")
                         .format(n=f"{s.unpaid_yen:,}", code=s.unpaid_receipt))
        elif not self.flow.view.money_busy and change + refunded == put_in:
            lines.append(self.tr("合計 {n}円をすべて返しました。").format(n=f"{put_in:,}"))
        return "\n".join(lines)

    def on_leave(self) -> None:
        self.reason.setText("")
