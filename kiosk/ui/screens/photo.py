"""The camera screen (live preview with guidance and the 3-2-1 countdown) and the review screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.api import PHOTO_EXCEPTION_KINDS
from kiosk.ui.screens.base import Screen, label
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.camera_view import CameraView
from kiosk.ui.widgets.check_picture import CheckPicture
from kiosk.ui.widgets.pictures import PhotoSizePicture

MAX_PROBLEMS_SHOWN = 3
# what a photo that passed was checked for, in five lines (every check id of kiosk/photo/checks.py is in one)
PASSED_GROUPS = ("pose", "face", "background", "size", "image")


def guidance_text(message_id: str) -> str:
    translate = QCoreApplication.translate
    texts = {
        "no_face": translate("Guidance", "顔を枠の中に入れてください"),
        "several_faces": translate("Guidance", "お一人で写ってください"),
        "move_closer": translate("Guidance", "もう少し前へ"),
        "move_back": translate("Guidance", "もう少し後ろへ"),
        "move_left": translate("Guidance", "もう少し左へ"),
        "move_right": translate("Guidance", "もう少し右へ"),
        "move_up": translate("Guidance", "もう少し上へ（いすを高く）"),
        "move_down": translate("Guidance", "もう少し下へ（いすを低く）"),
        "face_front": translate("Guidance", "正面を向いてください"),
        "straighten_head": translate("Guidance", "頭をまっすぐにしてください"),
        "remove_hat": translate("Guidance", "帽子を外してください"),
        "remove_sunglasses": translate("Guidance", "サングラスを外してください"),
        "open_eyes": translate("Guidance", "目を開けてください"),
        "hold_still": translate("Guidance", "動かないでください"),
        "more_light": translate("Guidance", "明るさが足りません。顔を上げてください"),
        "less_light": translate("Guidance", "明るすぎます。係員にお知らせください"),
        "close_mouth": translate("Guidance", "口を閉じてください"),
        "check_background": translate("Guidance", "後ろのカーテンを閉め、影が写らないようにしてください"),
        "plain_background": translate("Guidance", "後ろに物や人が写らないようにしてください"),
        "ready": translate("Guidance", "よい姿勢です。「撮影する」を押してください"),
        "hold_pose": translate("Guidance", "よい姿勢です。そのまま動かないでください"),
    }
    return texts.get(message_id, texts["no_face"])


# the drawing beside each guidance message: the check whose fault it mends ("good": the pose to take)
GUIDANCE_PICTURE = {
    "several_faces": "single_face", "move_closer": "face_size", "move_back": "face_size",
    "move_left": "face_position", "move_right": "face_position", "move_up": "face_position",
    "move_down": "face_position", "face_front": "frontal", "straighten_head": "frontal", "remove_hat": "no_hat",
    "remove_sunglasses": "no_sunglasses", "open_eyes": "eyes_open", "hold_still": "sharp", "more_light": "exposure",
    "less_light": "exposure", "close_mouth": "mouth_closed", "check_background": "background_no_shadow",
    "plain_background": "background_plain",
}


def check_text(check_id: str) -> str:
    """A plain-words explanation of a failed check."""
    translate = QCoreApplication.translate
    texts = {
        "frontal": translate("Checks", "顔が横や上下を向いているか、傾いています。正面を向いてください。"),
        "single_face": translate("Checks", "顔が写っていないか、二人以上写っています。"),
        "no_hat": translate("Checks", "帽子などで頭が隠れています。"),
        "no_sunglasses": translate("Checks", "サングラスや色の濃い眼鏡で目が見えません。"),
        "eyes_open": translate("Checks", "目が閉じています。"),
        "background_plain": translate("Checks", "背景に物や模様が写っています。"),
        "background_no_shadow": translate("Checks", "背景に影があります。"),
        "sharp": translate("Checks", "写真がぼやけています。動かないでください。"),
        "exposure": translate("Checks", "明るすぎるか暗すぎます。"),
        "face_size": translate("Checks", "顔の大きさが規格に合いません。前後の位置を直してください。"),
        "face_position": translate("Checks", "顔が中央にありません。"),
        "mouth_closed": translate("Checks", "口が開いています（歯が見えています）。口を閉じてください。"),
        "top_margin": translate("Checks", "頭の上の余白が規格に合いません。いすの高さを直してください。"),
        "chin_margin": translate("Checks", "あごの下の余白が規格に合いません。いすの高さを直してください。"),
    }
    return texts.get(check_id, check_id)


class CameraScreen(Screen):
    state_id = "camera"

    def build(self) -> None:
        row = self.flex_row()
        self.view = CameraView(self)
        self.view.setObjectName("camera_view")
        self.view.set_photo_crop(True)  # the 35:45 photo as it will be sent, not the camera's wide frame
        self._ids: list[str] = ["no_face"]
        side = QVBoxLayout()
        self.guidance = label("big", self)
        self.note = label("note", self)
        # what the guidance asks for, drawn: the pose to take (a tick) or the fault to mend (a cross)
        self.example = CheckPicture("good", self)
        self.example.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.example.setMinimumSize(70, 90)
        side.addWidget(self.guidance)
        side.addWidget(self.example, 1)
        side.addWidget(self.note)
        row.addWidget(self.view, 3)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)
        self.shutter = big_button("camera_shutter", parent=self)
        self.shutter.clicked.connect(lambda: self.emit_intent("shutter"))
        self.actions.addWidget(self.shutter)
        studio = self.flow.studio
        studio.preview_frame.connect(self._on_preview_frame)
        studio.analysed.connect(self._on_analysed)
        self.flow.camera_countdown.connect(self._on_countdown)

    def _on_preview_frame(self, frame: Any) -> None:
        if self.isVisible():
            self.view.show_frame(frame)

    def _on_analysed(self, analysis: Any) -> None:
        if not self.isVisible():
            return
        ids = list(getattr(analysis, "guidance", []) or ["no_face"])
        self._show_guidance(ids)
        self.view.set_outline_state(ids[0] == "ready")

    def _on_countdown(self, n: int) -> None:
        self.view.set_countdown(n if n > 0 else None)
        if n <= 0:
            self.view.flash()
        self.shutter.setEnabled(n < 0 or n > 3)
        self._show_guidance(self._ids)

    def _show_guidance(self, ids: list[str]) -> None:
        """The first two messages; while the shutter is disabled (the countdown) never "press 撮影する"."""
        self._ids = ids
        if not self.shutter.isEnabled():
            ids = ["hold_pose" if i == "ready" else i for i in ids]
        self.guidance.setText("\n".join(guidance_text(i) for i in ids[:2]))
        self.example.set_check(GUIDANCE_PICTURE.get(ids[0] if ids else "no_face", "good"))

    def speech_text(self) -> str:
        return self.guidance.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("撮影"))
        self.shutter.setText(self.tr("撮影する"))
        self.note.setText(self.tr("画面は鏡のように左右反対に映ります。撮影は3秒後です。"))

    def on_enter(self) -> None:
        self.shutter.setEnabled(True)
        self.view.set_countdown(None)
        self._show_guidance(["no_face"])

    def on_leave(self) -> None:
        self.view.clear()


class ReviewScreen(Screen):
    state_id = "review"
    EXCEPTIONS = PHOTO_EXCEPTION_KINDS

    def build(self) -> None:
        row = self.flex_row()
        self.photo = label("photo", self, center=True)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side = QVBoxLayout()
        self.verdict = label("verdict", self)
        self.problems = label("message", self)
        self.exception_note = label("note", self)
        side.addWidget(self.verdict)
        side.addWidget(self.problems)
        self.problem_rows: list[tuple[QWidget, CheckPicture, QLabel]] = []
        for _ in range(MAX_PROBLEMS_SHOWN):  # each failed check: a picture of it and its words
            holder = QWidget(self)
            line = QHBoxLayout(holder)
            line.setContentsMargins(0, 0, 0, 0)
            picture = CheckPicture(parent=holder)
            words = label("message", holder)
            line.addWidget(picture)
            line.addWidget(words, 1)
            holder.hide()
            side.addWidget(holder)
            self.problem_rows.append((holder, picture, words))
        # the exceptions are a second step: most citizens should simply retake
        self.exception_toggle = big_button("review_exception", "secondary", self)
        self.exception_toggle.setCheckable(True)
        self.exception_toggle.toggled.connect(lambda _on: self._refresh())
        side.addWidget(self.exception_toggle)
        self.exception_panel = QWidget(self)
        grid = QGridLayout(self.exception_panel)
        grid.setContentsMargins(0, 0, 0, 0)
        self.exception_buttons = {}
        for i, kind in enumerate(self.EXCEPTIONS):
            button = big_button(f"review_exception_{kind}", "secondary", self.exception_panel)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=kind: self._declare(k))
            self.exception_buttons[kind] = button
            grid.addWidget(button, i // 2, i % 2)
        side.addWidget(self.exception_panel)
        # a photo that passed: what was checked, each with its tick (the checks of kiosk/photo/checks.py)
        self.passed_card = QFrame(self)
        self.passed_card.setObjectName("card")
        passed_col = QVBoxLayout(self.passed_card)
        passed_col.setContentsMargins(12, 4, 12, 4)
        passed_col.setSpacing(0)
        self.passed = [label("passed", self.passed_card) for _ in PASSED_GROUPS]
        for line in self.passed:
            passed_col.addWidget(line)
        side.addWidget(self.passed_card)
        side.addWidget(self.exception_note)
        self.size_picture = PhotoSizePicture(self)  # what the standard is, to scale (the height words leave)
        self.size_picture.setObjectName("review_size_picture")
        side.addWidget(self.size_picture, 4)
        side.addStretch(1)
        row.addWidget(self.photo, 2)
        row.addLayout(side, 3)
        self.body.addLayout(row, 1)
        self.retake = big_button("review_retake", "secondary", self)
        self.retake.clicked.connect(lambda: self.emit_intent("retake"))
        self.accept = big_button("review_accept", parent=self)
        self.accept.clicked.connect(lambda: self.emit_intent("accept"))
        self.actions.addWidget(self.retake)
        self.actions.addWidget(self.accept)
        self.flow.session.changed.connect(self._refresh)

    def _declare(self, kind: str) -> None:
        current = self.flow.session.photo.exception_kind
        self.emit_intent("declare_exception", None if current == kind else kind)

    def speech_text(self) -> str:
        return self.verdict.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("写真の確認"))
        names = {"religious": self.tr("宗教上の理由"), "medical": self.tr("医療上の理由"),
                 "disability": self.tr("障害などの理由"), "infant": self.tr("乳幼児のため")}
        for kind, button in self.exception_buttons.items():
            button.setText(names[kind])
        self.exception_toggle.setText(self.tr("理由があり規格どおりに撮れない"))
        self._refresh()

    def on_enter(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        if self.flow.current != "review":
            return
        p = self.flow.session.photo
        if p.jpeg is not None:
            image = QImage.fromData(bytes(p.jpeg), "JPEG")
            h = max(200, int(self.window().height() * 0.6))
            self.photo.setPixmap(QPixmap.fromImage(image).scaledToHeight(h, Qt.TransformationMode.SmoothTransformation))
        failed = list(p.failed)
        left = self.flow.retakes_left()
        self.retake.setText(self.tr("撮り直す（あと{n}回）").format(n=left))
        self.retake.setEnabled(left > 0)
        self.retake.setProperty("kind", "primary" if failed and left > 0 else "secondary")
        self.retake.style().unpolish(self.retake)
        self.retake.style().polish(self.retake)
        self.passed_card.setVisible(not failed)
        self.size_picture.setVisible(True)  # the standard, to scale: what a retake aims at too
        if failed:
            self.verdict.setText(self.tr("この写真は規格に合わない可能性があります"))
            self.problems.setText("")
            declaring = self.exception_toggle.isChecked() or p.exception_kind is not None
            height = self.window().height()
            shown = 0 if declaring else min(len(failed), MAX_PROBLEMS_SHOWN if height >= 900 else 1)
            side = max(56, int(height * 0.1))
            for i, (holder, picture, words) in enumerate(self.problem_rows):
                holder.setVisible(i < shown)
                picture.setFixedSize(int(side * 35 / 45), side)
                if i < shown:
                    picture.set_check(failed[i])
                    words.setText(check_text(failed[i]))
            self.exception_toggle.setVisible(True)
            self.exception_toggle.blockSignals(True)
            self.exception_toggle.setChecked(declaring)
            self.exception_toggle.blockSignals(False)
            self.exception_panel.setVisible(declaring)
            self.exception_note.setText(self.tr(
                "撮り直してください。宗教・医療上の理由などで規格どおりに撮れない場合は、理由を選ぶと送信できます。"
                "その場合は申請書IDを添えて市区町村にお申し出ください。") if declaring else "")
            for kind, button in self.exception_buttons.items():
                button.setChecked(p.exception_kind == kind)
            self.accept.setEnabled(p.exception_kind is not None)
            self.accept.setText(self.tr("理由を申し出て、この写真を使う") if p.exception_kind else self.tr("この写真を使う"))
        else:
            self.verdict.setText(self.tr("きれいに撮れました"))
            self.problems.setText("")
            for holder, _picture, _words in self.problem_rows:
                holder.hide()
            self.exception_note.setText(self.tr("この写真がそのまま申請に使われます。"))
            for line, text in zip(self.passed, self._passed_texts(), strict=True):
                line.setText("✓ " + text)
            self.exception_toggle.setVisible(False)
            self.exception_panel.setVisible(False)
            self.accept.setEnabled(True)
            self.accept.setText(self.tr("この写真を使う"))

    def _passed_texts(self) -> list[str]:
        texts = {
            "pose": self.tr("正面を向いて、一人で写っています"),
            "face": self.tr("目が開き、帽子やサングラスがなく、口を閉じています"),
            "background": self.tr("背景は無地で、影がありません"),
            "size": self.tr("顔の大きさと位置、上下の余白が規格どおりです"),
            "image": self.tr("ピントと明るさが適切です"),
        }
        return [texts[group] for group in PASSED_GROUPS]

    def on_leave(self) -> None:
        self.photo.clear()
        if self.flow.current != "timeout":
            self.exception_toggle.setChecked(False)

    def personal_texts(self) -> list[str]:
        pixmap = self.photo.pixmap()
        return ["<photo>"] if pixmap is not None and not pixmap.isNull() else []
