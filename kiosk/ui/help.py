"""What the help button says on each session screen: the current step in plain words (shown and spoken)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

HELP_STATES = ("menu", "notice", "payment", "scan", "details", "guide", "camera", "review", "confirm", "sending",
               "done")


def step_help(state_id: str) -> str:
    translate = QCoreApplication.translate
    texts = {
        "menu": translate("StepHelp", "受けたいサービスを選んでください。マイナンバーカードの申請は「個人番号カード申請」を押します。"),
        "notice": translate("StepHelp", "写真代と、申請で送る情報の説明です。読んだら「同意して進む」を押してください。"
                    "この画面ではまだお金はかかりません。"),
        "payment": translate("StepHelp", "硬貨を投入口に入れてください。入れた金額と、あといくら必要かが画面に出ます。"
                     "多く入れた分はお釣りとして返却口に出ます。"),
        "scan": translate("StepHelp", "通知書や交付申請書のQRコードを、読み取り機にかざしてください。"
                  "読めないときは、23桁の申請書IDを数字で入力できます。"),
        "details": translate("StepHelp", "生年月日を入力し、電子証明書と点字の希望を選びます。"
                     "電子証明書がわからないときは「希望する」のままで大丈夫です。") + "\n"
        + translate("StepHelp", "点字表記は11文字までです。ここでは希望の有無だけを伺います。"),
        "guide": translate("StepHelp", "写真の撮り方の説明です。帽子やサングラスを外し、準備ができたら「撮影に進む」を押してください。"),
        "camera": translate("StepHelp", "顔を枠に合わせ、正面を向いてください。「撮影する」を押すと3秒後に撮影します。"),
        "review": translate("StepHelp", "撮った写真を確かめます。よければ「この写真を使う」を、撮り直すときは「撮り直す」を押してください。"),
        "confirm": translate("StepHelp", "送る内容を確かめてください。よければ「送信」を押します。直すときは「入力をなおす」か"
                     "「写真を撮り直す」を押します。"),
        "sending": translate("StepHelp", "申請を送っています。そのままお待ちください。通信できなくても申請は安全に保存され、"
                     "あとで送信されます。"),
        "done": translate("StepHelp", "申請が終わりました。番号を控えて「終わる」を押してください。"),
    }
    return texts.get(state_id, "")
