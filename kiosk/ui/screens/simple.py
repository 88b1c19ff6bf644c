"""The screens that only show text and offer one or two choices: attract, menu, notice, guide, sending,
timeout and out_of_service."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.view import SEND_STAGES
from kiosk.ui.screens.base import Screen, label
from kiosk.ui.theme import SPACING
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.check_picture import CheckPicture
from kiosk.ui.widgets.fact_card import FactCard
from kiosk.ui.widgets.pictures import (
    CountdownRing,
    Pictogram,
    SendingPicture,
    ServicePicture,
    ServicesPicture,
)

ATTRACT_CARDS_MIN_HEIGHT_PX = 1000  # the attract screen's fact cards need a screen this tall beside its controls
HELP_LINE = "0120-95-0178"
HELP_LINE_FOREIGN = "0120-0178-27"


def help_text(screen: Screen) -> str:
    return QCoreApplication.translate(
        "Help",
        "マイナンバー総合フリーダイヤル {line}（平日 9:30〜20:00、土日祝 9:30〜17:30）\n"
        "外国語 {foreign}　一部IP電話等 050-3818-1250"
    ).format(line=HELP_LINE, foreign=HELP_LINE_FOREIGN)


def operator_text(screen: Screen) -> str:
    """The booth operator's contact ([booth] operator_contact), or where to find staff when none is set."""
    contact = screen.flow.view.operator_contact
    if contact:
        return QCoreApplication.translate("Help", "この機械の管理者：{contact}").format(contact=contact)
    return QCoreApplication.translate("Help", "この機械の管理者：店舗の係員にお声がけください")


class AttractScreen(Screen):
    """Waiting for a citizen: one big start button, the language and the accessibility modes."""

    state_id = "attract"
    MODES = ("large_text", "high_contrast", "more_time", "low_reach")

    def build(self) -> None:
        self.headline = label("big", self, center=True)
        self.lead = label("subtitle", self, center=True)
        self.services = ServicesPicture(self)
        self.services.setObjectName("attract_services")
        self.start = big_button("attract_start", parent=self)
        self.start.setProperty("emphasis", "tall")
        self.start.clicked.connect(lambda: self.emit_intent("start", {"language": self.flow.session.language}))
        # what the citizen needs to know before starting: what to bring, that the photo is taken here, the fee
        self.cards = {"needed": FactCard("qr", self), "photo": FactCard("camera", self),
                      "free": FactCard("card", self)}
        self.body.addWidget(self.services, 2)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.lead)
        self.body.addLayout(self.card_grid(list(self.cards.values()), 3, 1), 2)
        self.body.addWidget(self.start)
        grid = QGridLayout()
        self.mode_buttons: dict[str, QPushButton] = {}
        for i, mode in enumerate(self.MODES):
            button = big_button(f"attract_{mode}", "secondary", self)
            button.setCheckable(True)
            button.toggled.connect(lambda on, m=mode: self.emit_intent("access", {m: on}))
            self.mode_buttons[mode] = button
            grid.addWidget(button, i // 2, i % 2)
        self.body.addLayout(grid)

    def set_low_reach(self, on: bool, screen_height: int) -> None:
        """The cards only where they fit with every control: on a portrait screen, or a landscape one at least
        1000 px high without low reach or large text."""
        super().set_low_reach(on, screen_height)
        portrait = self.window().width() < screen_height
        room = (portrait or not (on or self.flow.session.access.large_text)) and \
            screen_height >= ATTRACT_CARDS_MIN_HEIGHT_PX
        for card in self.cards.values():
            card.setVisible(room)

    def speech_text(self) -> str:
        return self.headline.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("証明写真・マイナンバーカード申請"))
        self.headline.setText(self.tr("画面にタッチしてはじめてください"))
        self.lead.setText(self.tr("マイナンバーカード（個人番号カード）の申請ができます"))
        self.start.setText(self.tr("はじめる"))
        self.services.set_price(self.tr("写真代 {fee}円").format(fee=f"{self.flow.view.fee_yen:,}"))
        self.cards["needed"].set_texts(self.tr("必要なもの"), self.tr("有効期限通知書または交付申請書（QRコード付き）"))
        self.cards["photo"].set_texts(self.tr("写真はここで撮影"), self.tr("撮った写真を確かめてから申請します。"))
        self.cards["free"].set_texts(self.tr("カードの申請は無料"), self.tr("お支払いは写真代だけです。"))
        names = {"large_text": self.tr("文字を大きく"), "high_contrast": self.tr("白黒はっきり"),
                 "more_time": self.tr("ゆっくり操作"), "low_reach": self.tr("低い位置で操作")}
        for mode, button in self.mode_buttons.items():
            button.setText(names[mode])

    def on_enter(self) -> None:
        access = self.flow.session.access
        for mode, button in self.mode_buttons.items():
            button.blockSignals(True)
            button.setChecked(bool(getattr(access, mode)))
            button.blockSignals(False)


class MenuScreen(Screen):
    """The two services side by side (one above the other on a portrait screen), each with its picture, what it
    is for and what it costs, above its button."""

    state_id = "menu"

    def build(self) -> None:
        self.my_number = big_button("menu_my_number", parent=self)
        self.my_number.setProperty("emphasis", "tall")
        self.my_number.clicked.connect(lambda: self.emit_intent("my_number"))
        self.id_photo = big_button("menu_id_photo", "secondary", self)
        self.id_photo.setProperty("emphasis", "tall")
        self.id_photo.clicked.connect(lambda: self.emit_intent("idphoto"))
        self.id_photo_reason = label("message", self)
        self.flow.view.changed.connect(self._show_services)
        self.back = big_button("menu_back", "secondary", self)
        self.back.clicked.connect(lambda: self.emit_intent("back"))
        self.hint = label("note", self)
        self.card_picture = ServicePicture("my_number", self)
        self.card_picture.setObjectName("menu_my_number_picture")
        self.card_name = label("fact", self)
        self.card_fee = label("fact", self)
        self.photo_picture = ServicePicture("idphoto", self)
        self.photo_picture.setObjectName("menu_id_photo_picture")
        self.photo_name = label("fact", self)
        self.photo_fee = label("fact", self)
        row = self.flex_row()
        self._services: list[QBoxLayout] = []  # each service: its picture above its words (beside on a portrait
        for picture, words, button in ((self.card_picture, [self.card_name, self.card_fee, self.hint], self.my_number),
                                       (self.photo_picture, [self.photo_name, self.photo_fee, self.id_photo_reason],
                                        self.id_photo)):  # screen, where the two stand one above the other)
            service = QBoxLayout(QBoxLayout.Direction.TopToBottom)
            service.addWidget(picture, 1)
            col = QVBoxLayout()
            col.addStretch(1)
            for w in words:
                col.addWidget(w)
            col.addWidget(button)
            service.addLayout(col, 0)
            row.addLayout(service, 1)
            self._services.append(service)
        row.setSpacing(SPACING["xl"])
        self.body.addLayout(row, 1)
        self.actions.addWidget(self.back)

    def set_portrait(self, on: bool) -> None:
        super().set_portrait(on)
        for service in self._services:
            service.setDirection(QBoxLayout.Direction.LeftToRight if on else QBoxLayout.Direction.TopToBottom)
            service.setStretch(0, 1)
            service.setStretch(1, 1 if on else 0)

    def set_low_reach(self, on: bool, screen_height: int) -> None:
        """Ordinary buttons in low reach on a landscape screen (the same words in two thirds of its height), tall
        ones otherwise."""
        super().set_low_reach(on, screen_height)
        short = on and self.window().width() > screen_height  # a landscape screen's lower two thirds
        for button in (self.my_number, self.id_photo):
            if button.property("emphasis") != ("" if short else "tall"):
                button.setProperty("emphasis", "" if short else "tall")
                button.style().unpolish(button)
                button.style().polish(button)

    def retranslate(self) -> None:
        self.title.setText(self.tr("サービスを選んでください"))
        self.card_name.setText(self.tr("個人番号カード申請\n（マイナンバーカード）"))
        self.photo_name.setText(self.tr("証明写真\n（履歴書・パスポート・免許証など）"))
        self.my_number.setText(self.tr("カードを申請する"))
        self.id_photo.setText(self.tr("証明写真を印刷する"))
        self.hint.setText(self.tr("申請には、有効期限通知書または交付申請書のQRコード（申請書ID）が必要です。"))
        self.card_fee.setText(self.tr("写真代 {fee}円　申請は無料").format(fee=f"{self.flow.view.fee_yen:,}"))
        fees = [fee for *_, fee in self.flow.view.sizes]
        self.photo_fee.setText(self.tr("{fee}円から").format(fee=f"{min(fees):,}") if fees else "")
        self.back.setText(self.tr("最初に戻る"))
        self._show_services()

    def _show_services(self) -> None:
        """The print service greyed, with the reason, while the printer cannot print (the card stays)."""
        reason = self.flow.view.services().get("idphoto", "")
        self.id_photo.setEnabled(not reason)
        words = {"media-empty": self.tr("用紙切れ"), "media-needed": self.tr("用紙切れ"),
                 "marker-supply-empty": self.tr("インクリボン切れ"), "toner-empty": self.tr("インクリボン切れ"),
                 "door-open": self.tr("プリンターの扉が開いています"), "cover-open": self.tr("プリンターの扉が開いています"),
                 "media-jam": self.tr("紙づまり"), "no_printer": self.tr("プリンターがありません")}
        shown = words.get(reason, self.tr("プリンターの調整中"))
        self.id_photo_reason.setText(self.tr("証明写真は、ただいま利用できません（{reason}）。").format(
            reason=shown) if reason else "")

    def on_enter(self) -> None:
        self._show_services()


class NoticeScreen(Screen):
    """What happens to the citizen's data, before any money is taken: one card a fact, each with its sign (the
    fee, what is sent, that nothing stays, the money back on stopping, what to bring)."""

    state_id = "notice"
    FACTS = ("fee", "sent", "erased", "refund", "needed")
    SIGNS: ClassVar[dict[str, str]] = {"fee": "coin", "sent": "send", "erased": "notice", "refund": "coins_back", "needed": "qr"}

    def build(self) -> None:
        self.agree = big_button("notice_agree", parent=self)
        self.agree.clicked.connect(lambda: self.emit_intent("agree"))
        self.cards = {fact: FactCard(self.SIGNS[fact], self) for fact in self.FACTS}
        self.cards["erased"].sign.setObjectName("notice_picture")  # the data, locked and erased
        self.body.addLayout(self.card_grid(list(self.cards.values()), 2, 2), 1)
        self.actions.addWidget(self.agree)

    def speech_text(self) -> str:
        return " ".join(f"{c.key.text()} {c.text.text()}" for c in self.cards.values())

    def retranslate(self) -> None:
        fee = self.flow.view.fee_yen
        self.title.setText(self.tr("はじめにお読みください"))
        facts = {
            "fee": (self.tr("写真代 {fee}円").format(fee=f"{fee:,}"), self.tr("カードの申請は無料です。")),
            "sent": (self.tr("申請先へ送るもの"), self.tr("申請書ID、生年月日、顔写真")),
            "erased": (self.tr("この機械には残りません"), self.tr("送信が確認できしだい消去します。")),
            "refund": (self.tr("やめるとお金を返します"), self.tr("途中でやめると、入れたお金はすべて返します。")),
            "needed": (self.tr("必要なもの"), self.tr("有効期限通知書または交付申請書（QRコード付き）")),
        }
        for fact, (key, text) in facts.items():
            self.cards[fact].set_texts(key, text)
        self.agree.setText(self.tr("同意して進む"))


class GuideScreen(Screen):
    """How to sit for the photo."""

    state_id = "guide"

    EXAMPLES = ("good", "no_hat", "no_sunglasses", "frontal", "background_no_shadow")

    def build(self) -> None:
        self.text = label("body", self)
        self.ready = big_button("guide_ready", parent=self)
        self.ready.clicked.connect(lambda: self.emit_intent("ready"))
        self.example_captions: dict[str, QLabel] = {}
        tiles: list[QWidget] = []
        for check in self.EXAMPLES:  # drawn examples: the photo to aim for, and what fails
            tile = QWidget(self)
            col = QVBoxLayout(tile)
            col.setContentsMargins(0, 0, 0, 0)
            frame = _PhotoFrame(CheckPicture(check), tile)
            caption = label("fact", tile, center=True)
            self.example_captions[check] = caption
            col.addWidget(frame, 1)
            col.addWidget(caption)
            tiles.append(tile)
        self._tiles = tiles
        self._layout_name = ""
        self._grid = QGridLayout()
        self.body.addLayout(self._grid, 3)
        self.body.addWidget(self.text)
        self.actions.addWidget(self.ready)
        self._place_examples("row")
        self.body_widget.installEventFilter(self)  # the room for the examples: their layout

    LAYOUTS: ClassVar[dict[str, tuple[tuple[int, int, int, int], ...]]] = {  # each example's cell: row, column, rows, columns
        "row": ((0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (0, 3, 1, 1), (0, 4, 1, 1)),
        "featured": ((0, 0, 2, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1)),
        "top": ((0, 0, 1, 2), (0, 2, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1)),
    }
    ROW_STRETCH: ClassVar[dict[str, tuple[int, ...]]] = {"row": (1,), "featured": (1, 1), "top": (3, 2)}

    def _place_examples(self, name: str) -> None:
        """row: the five in a row; featured: the good example large beside the four faults two by two; top: the
        good example large beside one fault, the other three under them. Whichever shows the pictures largest in the room the words leave (_fit_examples)."""
        if name == self._layout_name:
            return
        self._layout_name = name
        grid = self._grid
        for tile in self._tiles:
            grid.removeWidget(tile)
        for i in range(5):
            grid.setRowStretch(i, 0)
            grid.setColumnStretch(i, 0)
        for tile, (row, col, rows, cols) in zip(self._tiles, self.LAYOUTS[name], strict=True):
            grid.addWidget(tile, row, col, rows, cols)
            grid.setColumnStretch(col, 1)
        for row, stretch in enumerate(self.ROW_STRETCH[name]):
            grid.setRowStretch(row, stretch)

    @staticmethod
    def example_area(name: str, width: float, height: float) -> float:
        """The pictures' area (px², at 35:45) of a layout in a room of this size."""
        def photo(w: float, h: float) -> float:
            side = min(h, w * 45 / 35)
            return side * side * 35 / 45
        if name == "row":
            return 5 * photo(width / 5, height)
        if name == "featured":
            return photo(width / 3, height) + 4 * photo(width / 3, height / 2)
        return photo(width * 2 / 3, height * 0.6) + photo(width / 3, height * 0.6) + 3 * photo(width / 3, height * 0.4)

    def _fit_examples(self) -> None:
        body = self.body_widget
        width = body.width()
        caption = max(t.sizeHint().height() for t in self.example_captions.values())
        height = body.height() - self.text.heightForWidth(width) - 2 * caption
        if width > 0 and height > 0:
            self._place_examples(max(self.LAYOUTS, key=lambda n: self.example_area(n, width, height)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body_widget and event.type() == QEvent.Type.Resize:
            self._fit_examples()
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("写真の撮り方"))
        self.text.setText(self.tr(
            "・いすの高さを合わせ、顔を画面の枠に入れてください。\n"
            "・正面を向き、背すじを伸ばしてください。\n"
            "・帽子、サングラスは外してください（宗教・医療上の理由は後で申し出られます）。\n"
            "・前髪で目や眉を隠さないでください。\n"
            "・口を閉じ、目を開けてください。"
        ))
        self.ready.setText(self.tr("撮影に進む"))
        captions = {"good": self.tr("よい例"), "no_hat": self.tr("帽子"), "no_sunglasses": self.tr("サングラス"),
                    "frontal": self.tr("横向き"), "background_no_shadow": self.tr("影")}
        for check, caption in self.example_captions.items():
            caption.setText(("○ " if check == "good" else "× ") + captions[check])


class _PhotoFrame(QWidget):
    """Holds a picture at the 35:45 of an ID photo, as large as its room allows, centred above its caption."""

    def __init__(self, picture: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = picture
        picture.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)  # the height words leave
        self.setMinimumSize(35, 45)

    def sizeHint(self) -> QSize:
        return QSize(140, 180)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        edge = self.EDGE_PX
        h = min(self.height(), self.width() * 45 // 35) - 2 * edge
        w = h * 35 // 45
        self.picture.setGeometry((self.width() - w) // 2, self.height() - h - edge, max(1, w), max(1, h))  # on its
        # caption

    EDGE_PX = 3

    def paintEvent(self, event: QPaintEvent) -> None:
        """The photo's edge, as a printed photo has, so the pale example shows where it ends."""
        p = QPainter(self)
        r = self.picture.geometry().adjusted(-self.EDGE_PX, -self.EDGE_PX, self.EDGE_PX - 1, self.EDGE_PX - 1)
        p.setPen(QPen(self.palette().color(self.foregroundRole()), self.EDGE_PX))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(r)
        p.end()


class SendingScreen(Screen):
    """Where the application is on its way (the flow's view.sending: the submitter's stages and the bytes sent),
    as five steps, a picture and a bar that move with the sending itself, never with the time waited."""

    state_id = "sending"

    def build(self) -> None:
        self.text = label("big", self, center=True)
        self.picture = SendingPicture(self)
        self.picture.setObjectName("sending_picture")
        row = self.flex_row()
        self.stages: list[QLabel] = []
        for stage in SEND_STAGES:
            chip = label("stage", self, center=True)
            chip.setProperty("stage", stage)
            chip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            row.addWidget(chip, 1)
            self.stages.append(chip)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sending_progress")
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 100)
        self.note = label("subtitle", self, center=True)
        self.cards = {"sealed": FactCard("send", self), "number": FactCard("done", self)}
        self.body.addWidget(self.text)
        self.body.addWidget(self.picture, 1)  # the height the words leave
        self.body.addLayout(row)
        self.body.addWidget(self.progress)
        self.body.addWidget(self.note)
        self.body.addLayout(self.card_grid(list(self.cards.values()), 2, 1), 1)
        self.flow.view.changed.connect(self._refresh)

    def _refresh(self) -> None:
        sending = self.flow.view.sending
        self.progress.setValue(round(100 * sending.fraction))
        self.picture.set_progress(sending.fraction, sending.stage == "received")
        names = self._stage_names()
        for i, (chip, stage) in enumerate(zip(self.stages, SEND_STAGES, strict=True)):
            # sealed is done on entering sending (the application is in the outbox): connecting is next
            at = max(sending.step, 1)
            done, current = i < at or sending.stage == "received", i == at
            text = names[stage]
            if stage == "uploading" and current and sending.total:
                text = f"{text} {100 * sending.sent // sending.total}%"
            chip.setText(("✓ " if done else "") + text)
            if chip.property("done") != done or chip.property("current") != (current and not done):
                chip.setProperty("done", done)
                chip.setProperty("current", current and not done)
                chip.style().unpolish(chip)
                chip.style().polish(chip)
        if sending.attempts_failed:
            self.note.setText(self.tr("つながりません。もう一度試しています（{n}回目）。お金と申請は失われません。")
                              .format(n=sending.attempts_failed + 1))
        else:
            self.note.setText(self.tr("そのままお待ちください。お金と申請は失われません。"))

    def _stage_names(self) -> dict[str, str]:
        return {"sealed": self.tr("安全に保存"), "connecting": self.tr("接続"), "uploading": self.tr("送信"),
                "waiting": self.tr("受付を待つ"), "received": self.tr("受付完了")}

    def current_stage(self) -> str:
        """The stage shown as the current step ("" once every step is done)."""
        return next((str(c.property("stage")) for c in self.stages if c.property("current")), "")

    def on_enter(self) -> None:
        self._refresh()

    def speech_text(self) -> str:
        return self.text.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("送信しています"))
        self.text.setText(self.tr("申請を送信しています…"))
        self.cards["sealed"].set_texts(self.tr("暗号化して送ります"), self.tr("申請書ID、生年月日、顔写真"))
        self.cards["number"].set_texts(self.tr("受付番号をお知らせします"),
                                       self.tr("受け付けられると、次の画面に受付番号が出ます。"))
        self._refresh()


class TimeoutScreen(Screen):
    """「続けますか？」 with the seconds left large inside a ring that empties to zero, beside what happens then."""

    state_id = "timeout"

    def build(self) -> None:
        self.question = label("big", self, center=True)
        self.picture = CountdownRing(self)
        self.picture.setObjectName("timeout_picture")
        inside = QVBoxLayout(self.picture)  # the number and its unit inside the ring
        inside.addStretch(1)
        self.count = label("huge", self.picture, center=True)
        self.unit = label("subtitle", self.picture, center=True)
        inside.addWidget(self.count)
        inside.addWidget(self.unit)
        inside.addStretch(1)
        self.explain = label("body", self, center=True)
        self.money = FactCard("coins_back", self)
        self.resume = big_button("timeout_continue", parent=self)
        self.resume.clicked.connect(lambda: self.emit_intent("continue"))
        self.end = big_button("timeout_end", "danger", self)
        self.end.clicked.connect(lambda: self.emit_intent("end"))
        self.picture_beside(self.picture, [self.question, self.explain, self.money], share=4)
        self.actions.addWidget(self.end)
        self.actions.addWidget(self.resume)
        self.flow.countdown_changed.connect(self._on_countdown_changed)

    def _on_countdown_changed(self, seconds: int) -> None:
        self._seconds = seconds
        self.count.setText(str(seconds))
        self.picture.set_seconds(seconds)
        self.unit.setText(self.tr("残り時間（秒）"))
        credit = self.flow.session.credit_yen
        self.money.set_texts(self.tr("入れたお金 {n}円").format(n=f"{credit:,}") if credit else self.tr("お金は入っていません"),
                             self.tr("「やめる」を押すと、すぐに返します。") if credit
                             else self.tr("「やめる」を押すと、最初の画面に戻ります。"))
        if credit:
            self.explain.setText(self.tr("しばらく操作がありませんでした。続けるときは「続ける」を押してください。"
                                         "0秒になると手続きをやめ、入れたお金 {n}円を返します。").format(n=f"{credit:,}"))
        else:
            self.explain.setText(self.tr("しばらく操作がありませんでした。続けるときは「続ける」を押してください。"
                                         "0秒になると手続きをやめ、最初の画面に戻ります。"))

    def speech_text(self) -> str:
        return f"{self.question.text()} {self.explain.text()}"

    def retranslate(self) -> None:
        self.title.setText(self.tr("続けますか？"))
        self.question.setText(self.tr("続けますか？"))
        self.resume.setText(self.tr("続ける"))
        self.end.setText(self.tr("やめる（お金を返す）"))
        self._on_countdown_changed(getattr(self, "_seconds", 0))

    def on_enter(self) -> None:
        self._on_countdown_changed(getattr(self, "_seconds", 0))  # the money in now, before it is spoken


class OutOfServiceScreen(Screen):
    state_id = "out_of_service"
    reach = False  # nothing to tap above the bottom bar: its words may use the whole height

    def build(self) -> None:
        self.text = label("big", self, center=True)
        self.picture = Pictogram("stop", self)
        self.picture.setObjectName("out_of_service_picture")
        # what matters to a citizen standing here: the money and the application are safe, whom to ask
        self.safe_card = FactCard("coins_back", self, auto_vertical=True)
        self.safe = self.safe_card.text
        self.money = self.safe_card.add_label("message")
        self.staff_card = FactCard("phone", self, auto_vertical=True)
        self.hotline = self.staff_card.add_label("verdict", before_text=True)  # the number to call, large
        self._portrait = False
        self.operator = self.staff_card.text
        self.help = self.staff_card.add_label("note")
        self.reasons = self.safe_card.add_label("note")  # for the staff: which device is down
        top = self.flex_row()
        top.addWidget(self.picture, 1)
        top.addWidget(self.text, 0)
        self.body.addLayout(top, 2)
        self.body.addLayout(self.card_grid([self.safe_card, self.staff_card], 2, 2), 3)
        self.picture.setMinimumHeight(self.text.fontMetrics().height())
        self.language_button.hide()
        self.flow.out_of_service_changed.connect(lambda _on: self.on_enter())
        self.flow.held_money_changed.connect(self.on_enter)

    def set_portrait(self, on: bool) -> None:
        """The sign above the apology on a portrait screen, sharing the height with the cards; beside it on a
        landscape one, as tall as the apology, the cards taking the rest."""
        super().set_portrait(on)
        self.body.setStretch(0, 4 if on else 0)
        self._portrait = on
        self._show_hotline()

    def speech_text(self) -> str:
        return f"{self.text.text()} {self.money.text()}".strip()

    def retranslate(self) -> None:
        self.title.setText(self.tr("ただいま使用できません"))
        self.text.setText(self.tr("申し訳ありません。この機械はただいま使用できません。\nSorry, this booth is out of service."))
        self.safe_card.key.setText(self.tr("お金と申請は安全です"))
        self.staff_card.key.setText(self.tr("係員・問い合わせ先"))
        self.safe.setText(self.tr("入れたお金と申請は失われません。お金は返すか機械の中に安全に保管し、"
                                  "申請は安全に保存して、通信が回復しだい送信します。"))
        self.help.setText(help_text(self))
        self._show_hotline()
        self.on_enter()

    def _show_hotline(self) -> None:
        """The hotline's number large on a portrait screen (a landscape one has no height to spare for it twice)."""
        self.hotline.setText(f"☎ {HELP_LINE}" if self._portrait else "")

    def on_enter(self) -> None:
        held = self.flow.held_money
        self.money.setText(self.tr(
            "お金は機械の中に安全に保管されています。係員にこの番号をお伝えください：{code}（{n}円）")
            .format(code=held[0], n=f"{held[1]:,}") if held else "")
        self.operator.setText(operator_text(self))
        reasons = self.flow.out_of_service_details() if self.flow.current == "out_of_service" else []
        self.reasons.setText(self.tr("理由：{r}").format(r="; ".join(reasons)) if reasons else "")

