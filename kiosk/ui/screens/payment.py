"""The payment screen: the fee, what is in, what is still due, and whether change is given."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.ui.screens.base import Screen, label
from kiosk.ui.widgets.notes_notice import NotesNotice
from kiosk.ui.widgets.pictures import AcceptedCoinsPicture, CoinSlotPicture


class PaymentScreen(Screen):
    state_id = "payment"

    def build(self) -> None:
        # the amounts on a card each (what is still due the largest), beside the picture of where the coins go
        amounts = QVBoxLayout()
        self.fee_label, self.fee_value = label("subtitle", self), label("big", self)
        self.credit_label, self.credit_value = label("subtitle", self), label("big", self)
        self.due_label, self.due_value = label("subtitle", self), label("huge", self)
        for caption, value in ((self.fee_label, self.fee_value), (self.credit_label, self.credit_value),
                               (self.due_label, self.due_value)):
            card = QFrame(self)
            card.setObjectName("card")
            line = QHBoxLayout(card)
            line.addWidget(caption, 1)
            line.addWidget(value, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amounts.addWidget(card)
        self.instruction = label("body", self, center=True)
        self.change_note = label("message", self, center=True)
        self.status = label("subtitle", self, center=True)
        self.notes_notice = NotesNotice(self.flow.view, self)
        # where the coins go: the slot of this booth ([booth] coin_slot), a coin moving into it; kept apart
        # from the amounts so that other payment means (a note validator) add their own picture beside it
        self.slot_picture = CoinSlotPicture(self)
        self.slot_picture.setObjectName("payment_slot_picture")
        self.change_big = label("huge", self, center=True)  # the change to collect, large until it is out
        self.coins_picture = AcceptedCoinsPicture(self)  # the coins taken now, to their real sizes
        self.coins_picture.setObjectName("payment_coins_picture")
        pictures = QVBoxLayout()
        pictures.addWidget(self.slot_picture, 2)
        pictures.addWidget(self.coins_picture, 1)
        row = self.flex_row()  # the pictures above the amounts on a portrait screen
        self._amounts_row = row
        row.addLayout(pictures, 1)
        row.addLayout(amounts, 1)
        self.body.addLayout(row, 1)
        self.body.addWidget(self.instruction)
        self.body.addWidget(self.change_note)
        self.body.addWidget(self.status)
        self.body.addWidget(self.notes_notice)
        self.body.addWidget(self.change_big)  # the picture takes the height the words leave
        self.flow.session.changed.connect(self._refresh)
        self.flow.view.changed.connect(self._refresh)

    def set_portrait(self, on: bool) -> None:
        super().set_portrait(on)
        self._amounts_row.setStretch(0, 3 if on else 1)  # a portrait screen: the pictures take the height
        self._amounts_row.setStretch(1, 2 if on else 1)

    @staticmethod
    def _column(caption, value):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QVBoxLayout

        col = QVBoxLayout()
        col.addWidget(caption)
        col.addWidget(value)
        return col

    def retranslate(self) -> None:
        self.title.setText(self.tr("写真代を入れてください"))
        self.fee_label.setText(self.tr("写真代"))
        self.credit_label.setText(self.tr("入れた金額"))
        self.due_label.setText(self.tr("あと"))
        self._refresh()

    def on_enter(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        s, view = self.flow.session, self.flow.view
        fee = view.fee_yen
        credit = s.credit_yen
        self.fee_value.setText(self.tr("{n}円").format(n=f"{fee:,}"))
        self.credit_value.setText(self.tr("{n}円").format(n=f"{credit:,}"))
        self.due_value.setText(self.tr("{n}円").format(n=f"{max(0, fee - credit):,}"))
        accepted = sorted(view.accepted_coins)
        coins = self.tr("・").join(self.tr("{n}円").format(n=v) for v in accepted)
        self.coins_picture.set_coins([(v, self.tr("{n}円").format(n=v)) for v in accepted])
        self.coins_picture.setVisible(bool(accepted) and credit < fee)
        if accepted:
            self.instruction.setText(self.tr("使える硬貨：{coins}").format(coins=coins))
        elif credit < fee:
            # coin intake not open yet (the acceptor still reporting in at start-up, a payout or the recovery
            # running): say so rather than show no coin at all; a note, if taken now, has its own notice
            self.instruction.setText(self.tr("硬貨の受付を準備しています。少しお待ちください。"))
        else:
            self.instruction.setText("")
        change_ok = view.change_available
        self.change_note.setText("" if change_ok else self.tr(
            "ただいまお釣りが出ません。ちょうどの金額を入れてください（大きい硬貨は受け付けません）。"))
        self.slot_picture.set_position(view.coin_slot)
        self.slot_picture.setVisible(credit < fee)
        if credit >= fee and fee > 0:
            change = credit - fee
            self.status.setText(self.tr("お釣り {n}円をお取りください").format(n=f"{change:,}") if change
                                else self.tr("ありがとうございます"))
            self.change_big.setText(self.tr("お釣り {n}円").format(n=f"{change:,}") if change else "")
        else:
            self.status.setText("")
            self.change_big.setText("")
        if s.unpaid_receipt:
            self.status.setText(self.tr("お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}")
                                .format(n=f"{s.unpaid_yen:,}", code=s.unpaid_receipt))
        for line in (self.instruction, self.change_note, self.status, self.change_big):
            line.setVisible(bool(line.text()))  # an empty line takes no height from the picture
