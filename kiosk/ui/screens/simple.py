"""The screens that only show text and offer one or two choices: attract, menu, notice, guide, sending,
timeout and out_of_service."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from kiosk.flow.view import SEND_STAGES
from kiosk.ui.screens.base import Screen, label
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.check_picture import CheckPicture
from kiosk.ui.widgets.pictures import Pictogram, SendingPicture, ServicesPicture

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
        self.body.addWidget(self.services, 2)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.lead)
        self.body.addSpacing(24)
        self.body.addWidget(self.start)
        self.body.addStretch(1)
        grid = QGridLayout()
        self.mode_buttons: dict[str, QPushButton] = {}
        for i, mode in enumerate(self.MODES):
            button = big_button(f"attract_{mode}", "secondary", self)
            button.setCheckable(True)
            button.toggled.connect(lambda on, m=mode: self.emit_intent("access", {m: on}))
            self.mode_buttons[mode] = button
            grid.addWidget(button, i // 2, i % 2)
        self.body.addLayout(grid)

    def speech_text(self) -> str:
        return self.headline.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("証明写真・マイナンバーカード申請"))
        self.headline.setText(self.tr("画面にタッチしてはじめてください"))
        self.lead.setText(self.tr("マイナンバーカード（個人番号カード）の申請ができます"))
        self.start.setText(self.tr("はじめる"))
        self.services.set_price(self.tr("写真代 {fee}円").format(fee=f"{self.flow.view.fee_yen:,}"))
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
    state_id = "menu"

    def build(self) -> None:
        self.my_number = big_button("menu_my_number", parent=self)
        self.my_number.setProperty("emphasis", "tall")
        self.my_number.clicked.connect(lambda: self.emit_intent("my_number"))
        self.id_photo = big_button("menu_id_photo", "secondary", self)
        self.id_photo.clicked.connect(lambda: self.emit_intent("idphoto"))
        self.id_photo_reason = label("note", self)
        self.flow.view.changed.connect(self._show_services)
        self.back = big_button("menu_back", "secondary", self)
        self.back.clicked.connect(lambda: self.emit_intent("back"))
        self.hint = label("note", self)
        self.body.addStretch(1)
        self.body.addWidget(self.my_number)
        self.body.addWidget(self.id_photo)
        self.body.addWidget(self.id_photo_reason)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.actions.addWidget(self.back)

    def retranslate(self) -> None:
        self.title.setText(self.tr("サービスを選んでください"))
        self.my_number.setText(self.tr("個人番号カード申請\n（マイナンバーカード）"))
        self.id_photo.setText(self.tr("証明写真\n（履歴書・パスポート・免許証など）"))
        self.hint.setText(self.tr("申請には、有効期限通知書または交付申請書のQRコード（申請書ID）が必要です。"))
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
    """What happens to the citizen's data, before any money is taken."""

    state_id = "notice"

    def build(self) -> None:
        self.text = label("body", self)
        self.agree = big_button("notice_agree", parent=self)
        self.agree.clicked.connect(lambda: self.emit_intent("agree"))
        self.picture = Pictogram("notice", self)  # the data, locked and erased: beside the words (above them
        self.picture.setObjectName("notice_picture")  # on a portrait screen)
        self.picture_beside(self.picture, [self.text])
        self.actions.addWidget(self.agree)

    def retranslate(self) -> None:
        fee = self.flow.view.fee_yen
        self.title.setText(self.tr("はじめにお読みください"))
        self.text.setText(self.tr(
            "・写真代 {fee}円がかかります。カードの申請は無料です。\n"
            "・申請書ID、生年月日、顔写真を申請先へ送ります。\n"
            "・この機械には残りません。送信が確認できしだい消去します。\n"
            "・途中でやめると、入れたお金はすべて返します。\n"
            "・必要なもの：有効期限通知書または交付申請書（QRコード付き）"
        ).format(fee=f"{fee:,}"))
        self.agree.setText(self.tr("同意して進む"))


class GuideScreen(Screen):
    """How to sit for the photo."""

    state_id = "guide"

    EXAMPLES = ("good", "no_hat", "no_sunglasses", "frontal", "background_no_shadow")

    def build(self) -> None:
        self.text = label("body", self)
        self.ready = big_button("guide_ready", parent=self)
        self.ready.clicked.connect(lambda: self.emit_intent("ready"))
        examples = QHBoxLayout()
        self.example_captions: dict[str, QLabel] = {}
        for check in self.EXAMPLES:  # drawn examples: the photo to aim for, and what fails
            col = QVBoxLayout()
            picture = CheckPicture(check, self)
            picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            picture.setMinimumSize(70, 90)
            caption = label("note", self, center=True)
            self.example_captions[check] = caption
            col.addWidget(picture, 1)
            col.addWidget(caption)
            examples.addLayout(col)
        self.body.addLayout(examples, 2)
        self.body.addWidget(self.text)
        self.body.addStretch(1)
        self.actions.addWidget(self.ready)

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
        self.body.addWidget(self.text)
        self.body.addWidget(self.picture, 1)  # the height the words leave
        self.body.addLayout(row)
        self.body.addWidget(self.progress)
        self.body.addWidget(self.note)
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
        self._refresh()


class TimeoutScreen(Screen):
    state_id = "timeout"

    def build(self) -> None:
        self.question = label("big", self, center=True)
        self.count = label("huge", self, center=True)
        self.unit = label("subtitle", self, center=True)
        self.explain = label("body", self, center=True)
        self.picture = Pictogram("stopwatch", self)
        self.picture.setObjectName("timeout_picture")
        self.resume = big_button("timeout_continue", parent=self)
        self.resume.clicked.connect(lambda: self.emit_intent("continue"))
        self.end = big_button("timeout_end", "danger", self)
        self.end.clicked.connect(lambda: self.emit_intent("end"))
        self.picture_beside(self.picture, [self.question, self.count, self.unit, self.explain])
        self.actions.addWidget(self.end)
        self.actions.addWidget(self.resume)
        self.flow.countdown_changed.connect(self._on_countdown_changed)

    def _on_countdown_changed(self, seconds: int) -> None:
        self._seconds = seconds
        self.count.setText(str(seconds))
        self.unit.setText(self.tr("残り時間（秒）"))
        credit = self.flow.session.credit_yen
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
        self.safe = label("subtitle", self, center=True)
        self.money = label("message", self, center=True)
        self.operator = label("subtitle", self, center=True)
        self.help = label("note", self, center=True)
        self.reasons = label("note", self, center=True)
        self.picture = Pictogram("stop", self)
        self.picture.setObjectName("out_of_service_picture")
        self.body.addWidget(self.picture, 1)  # above its many words: the height they leave
        for w in (self.text, self.safe, self.money, self.operator, self.help, self.reasons):
            self.body.addWidget(w)
        self.language_button.hide()
        self.flow.out_of_service_changed.connect(lambda _on: self.on_enter())
        self.flow.held_money_changed.connect(self.on_enter)

    def speech_text(self) -> str:
        return f"{self.text.text()} {self.money.text()}".strip()

    def retranslate(self) -> None:
        self.title.setText(self.tr("ただいま使用できません"))
        self.text.setText(self.tr("申し訳ありません。この機械はただいま使用できません。\nSorry, this booth is out of service."))
        self.safe.setText(self.tr("入れたお金と申請は失われません。お金は返すか機械の中に安全に保管し、"
                                  "申請は安全に保存して、通信が回復しだい送信します。"))
        self.help.setText(help_text(self))
        self.on_enter()

    def on_enter(self) -> None:
        held = self.flow.held_money
        self.money.setText(self.tr(
            "お金は機械の中に安全に保管されています。係員にこの番号をお伝えください：{code}（{n}円）")
            .format(code=held[0], n=f"{held[1]:,}") if held else "")
        self.operator.setText(operator_text(self))
        reasons = self.flow.out_of_service_details() if self.flow.current == "out_of_service" else []
        self.reasons.setText(self.tr("理由：{r}").format(r="; ".join(reasons)) if reasons else "")

