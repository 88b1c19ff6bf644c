"""A fact card: one thing the citizen should know on a screen (the fee, what is sent, what to bring, whom to call),
as a drawn sign beside its key words and their explanation, on a card of the theme's panel colour.

Sign extends the booth's pictograms (kiosk.ui.widgets.pictures.Pictogram) with the signs the cards need: a coin
(money), the My Number card, the notice with its QR code, the application sent to the office, a telephone, the
camera, scissors on a cut line, and a 35x45 photo. Colours come from the theme's palette (high contrast too).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.widgets.pictures import PICTOGRAMS, Pictogram, draw_portrait, draw_qr
from kiosk.ui.widgets.text import PhraseLabel, label

CARD_MARGIN_PX = 6  # inside a card's border
SLACK_PX = 12  # what a sign leaves its words beyond their measured need
MIN_SIGN_SHARE = 10  # % of a card's width its sign keeps when the words need all the rest
SIGNS = (*PICTOGRAMS, "coin", "card", "qr", "send", "phone", "camera", "scissors", "portrait")


class Sign(Pictogram):
    """A pictogram sized by the card it is on: it takes the height its words leave and draws a square in it."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__("notice", parent)
        self.kind = kind if kind in SIGNS else "notice"

    def set_kind(self, kind: str) -> None:
        if kind in SIGNS and kind != self.kind:
            self.kind = kind
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def minimumSizeHint(self) -> QSize:
        return QSize(48, 48)

    # -- the signs the cards add ----------------------------------------------------------------------------
    def _glyph(self, p: QPainter, rect: QRectF, text: str, color: QColor) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(8, round(rect.height() * 0.62)))
        font.setBold(True)
        p.setFont(font)
        p.setPen(color)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _draw_coin(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        for i, (dx, dy) in enumerate(((0.36, 0.62), (0.62, 0.42))):  # two coins, the front one marked with ¥
            centre, r = QPointF(b.left() + u * dx, b.top() + u * dy), u * 0.3
            p.setPen(QPen(QColor("#8a6d1f"), line * 1.5))
            p.setBrush(QColor("#d9b44a"))
            p.drawEllipse(centre, r, r)
            if i == 1:
                self._glyph(p, QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), "¥", QColor("#5a4510"))

    def _draw_card(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        card = QRectF(b.left() + u * 0.04, b.top() + u * 0.2, u * 0.92, u * 0.6)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRoundedRect(card, u * 0.06, u * 0.06)
        p.setBrush(self.c("accent"))
        face = QRectF(card.left() + u * 0.08, card.top() + u * 0.12, u * 0.26, u * 0.34)
        p.drawRect(face)
        p.setBrush(self.c("panel"))
        p.drawEllipse(QPointF(face.center().x(), face.top() + u * 0.12), u * 0.06, u * 0.07)
        for i in range(3):
            y = card.top() + u * (0.16 + i * 0.13)
            p.drawLine(QPointF(card.left() + u * 0.42, y), QPointF(card.right() - u * 0.08, y))

    def _draw_qr(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        sheet = QRectF(b.left() + u * 0.14, b.top() + u * 0.02, u * 0.72, u * 0.96)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRect(sheet)
        for i in range(4):
            y = sheet.top() + u * (0.14 + i * 0.1)
            p.drawLine(QPointF(sheet.left() + u * 0.08, y), QPointF(sheet.left() + u * 0.36, y))
        draw_qr(p, QRectF(sheet.right() - u * 0.36, sheet.bottom() - u * 0.42, u * 0.28, u * 0.28), self.c("fg"))
        p.setPen(QPen(self.c("danger"), line * 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(sheet.right() - u * 0.41, sheet.bottom() - u * 0.47, u * 0.38, u * 0.38),
                          u * 0.04, u * 0.04)

    def _draw_send(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        self._envelope(p, QRectF(b.left() + u * 0.02, b.top() + u * 0.36, u * 0.46, u * 0.32))
        office = QRectF(b.left() + u * 0.66, b.top() + u * 0.36, u * 0.32, u * 0.36)
        roof = QPainterPath()
        roof.moveTo(office.left() - u * 0.03, office.top())
        roof.lineTo(office.center().x(), office.top() - u * 0.14)
        roof.lineTo(office.right() + u * 0.03, office.top())
        roof.closeSubpath()
        p.setBrush(self.c("panel"))
        p.drawPath(roof)
        p.drawRect(office)
        for i in range(3):
            x = office.left() + office.width() * (0.25 + i * 0.25)
            p.drawLine(QPointF(x, office.top() + u * 0.06), QPointF(x, office.bottom() - u * 0.04))
        p.setPen(QPen(self.c("accent"), line * 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        y = b.top() + u * 0.84
        p.drawLine(QPointF(b.left() + u * 0.1, y), QPointF(b.left() + u * 0.86, y))
        p.drawPolyline([QPointF(b.left() + u * 0.76, y - u * 0.08), QPointF(b.left() + u * 0.86, y),
                        QPointF(b.left() + u * 0.76, y + u * 0.08)])

    def _draw_phone(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        handset = QPainterPath()  # a handset seen from the side: ear and mouth pieces joined by a curved grip
        handset.moveTo(b.left() + u * 0.2, b.top() + u * 0.12)
        handset.lineTo(b.left() + u * 0.38, b.top() + u * 0.12)
        handset.lineTo(b.left() + u * 0.42, b.top() + u * 0.3)
        handset.lineTo(b.left() + u * 0.32, b.top() + u * 0.36)
        handset.quadTo(b.left() + u * 0.4, b.top() + u * 0.58, b.left() + u * 0.6, b.top() + u * 0.68)
        handset.lineTo(b.left() + u * 0.66, b.top() + u * 0.58)
        handset.lineTo(b.left() + u * 0.86, b.top() + u * 0.62)
        handset.lineTo(b.left() + u * 0.86, b.top() + u * 0.8)
        handset.quadTo(b.left() + u * 0.5, b.top() + u * 0.9, b.left() + u * 0.24, b.top() + u * 0.55)
        handset.quadTo(b.left() + u * 0.08, b.top() + u * 0.3, b.left() + u * 0.2, b.top() + u * 0.12)
        p.setBrush(self.c("accent"))
        p.drawPath(handset)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(self.c("fg"), line * 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for r in (0.16, 0.28):  # the call: waves from the ear piece
            p.drawArc(QRectF(b.left() + u * (0.62 - r), b.top() + u * (0.3 - r), u * 2 * r, u * 2 * r),
                      0, 90 * 16)

    def _draw_camera(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        body = QRectF(b.left() + u * 0.06, b.top() + u * 0.3, u * 0.88, u * 0.56)
        p.setBrush(self.c("fg"))
        p.drawRoundedRect(body, u * 0.07, u * 0.07)
        p.drawRect(QRectF(body.left() + u * 0.14, body.top() - u * 0.1, u * 0.24, u * 0.11))
        p.setBrush(self.c("panel"))
        p.drawEllipse(body.center(), u * 0.2, u * 0.2)
        p.setBrush(self.c("accent"))
        p.drawEllipse(body.center(), u * 0.11, u * 0.11)

    def _draw_scissors(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        p.setPen(QPen(self.c("muted"), line * 1.2, Qt.PenStyle.DashLine))  # the cut line between two photos
        p.drawLine(QPointF(b.left() + u * 0.5, b.top() + u * 0.02), QPointF(b.left() + u * 0.5, b.bottom()))
        p.setPen(QPen(self.c("fg"), line * 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        pivot = QPointF(b.left() + u * 0.5, b.top() + u * 0.5)
        p.drawLine(pivot, QPointF(b.left() + u * 0.38, b.top() + u * 0.1))  # the blades, open along the line
        p.drawLine(pivot, QPointF(b.left() + u * 0.62, b.top() + u * 0.1))
        p.setBrush(self.c("accent"))
        for dx in (-0.17, 0.17):  # the handles
            p.drawLine(pivot, QPointF(pivot.x() + u * dx, pivot.y() + u * 0.2))
            p.drawEllipse(QPointF(pivot.x() + u * dx * 1.3, pivot.y() + u * 0.3), u * 0.11, u * 0.11)

    def _draw_portrait(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        photo = QRectF(b.center().x() - u * 0.35, b.top() + u * 0.05, u * 0.7, u * 0.9)  # 35 x 45
        draw_portrait(p, photo, self.c("fg"), self.c("accent"), self.c("panel"), line)


class _ShownWithText(PhraseLabel):
    """A label shown only while it has something to say."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))


class FactCard(QFrame):
    """A sign beside its words on a card: key (the fact, in large type) above text (what it means)."""

    def __init__(self, sign: str, parent: QWidget | None = None, *, key: str = "fact", text: str = "body",
                 sign_share: int = 1, auto_vertical: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.auto_vertical = auto_vertical  # the sign above the words whenever the card is taller than wide
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(CARD_MARGIN_PX, CARD_MARGIN_PX, CARD_MARGIN_PX, CARD_MARGIN_PX)
        self.sign = Sign(sign, self)
        self.row.addWidget(self.sign, 25 * sign_share)
        self._sign_share = sign_share
        words = QVBoxLayout()
        words.addStretch(1)
        self.key = label(key, self)
        self.text = label(text, self)
        self.labels: list[QLabel] = [self.key, self.text]
        words.addWidget(self.key)
        words.addWidget(self.text)
        words.addStretch(1)
        self._words = words
        self.row.addLayout(words, 75)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A card taller than its words need (it shares a column's height) gives its sign the room: as wide as the
        card is high, up to 40 % of its width."""
        super().resizeEvent(event)
        if self.auto_vertical and self.width():  # a tall card: its sign above its words
            self.set_vertical(self.height() > 0.75 * self.width())
        if self.row.direction() != QBoxLayout.Direction.LeftToRight or not self.width():
            return
        share = MIN_SIGN_SHARE  # of 100, the words the rest
        margins = self.row.contentsMargins()
        inner_w = self.width() - margins.left() - margins.right() - self.row.spacing()
        inner_h = self.height() - margins.top() - margins.bottom()
        for candidate in range(40, MIN_SIGN_SHARE, -5):  # the largest sign that leaves its words their room
            words_w = round(inner_w * (100 - candidate) / 100) - SLACK_PX  # the layout's rounding and spacing
            shown = [w for w in self.labels if not w.isHidden()]
            need = sum(max(w.heightForWidth(words_w), w.minimumSizeHint().height()) for w in shown) + \
                max(0, self._words.spacing()) * max(0, len(shown) - 1)
            if need + SLACK_PX <= inner_h and (candidate <= 25 * self._sign_share or candidate * inner_w / 100 <= inner_h):
                share = candidate
                break
        if share != self.row.stretch(0):  # a function of the card's size only, whatever it showed before
            self.row.setStretch(0, share)
            self.row.setStretch(1, 100 - share)

    def set_vertical(self, on: bool) -> None:
        """The sign above its words (a card in a narrow column), or beside them."""
        direction = QBoxLayout.Direction.TopToBottom if on else QBoxLayout.Direction.LeftToRight
        if self.row.direction() != direction:
            self.row.setDirection(direction)
            self.row.setStretch(0, 3 if on else 25 * self._sign_share)  # the sign takes the height the words leave
            self.row.setStretch(1, 0 if on else 75)
            self._words.setStretch(0, 0 if on else 1)
            self._words.setStretch(self._words.count() - 1, 0 if on else 1)
            for w in self.labels:
                w.setAlignment(Qt.AlignmentFlag.AlignHCenter if on else Qt.AlignmentFlag.AlignLeft)

    def add_label(self, object_name: str, *, before_text: bool = False) -> QLabel:
        """One more line of words under the text, or between the key and the text (a note, a code, a number);
        hidden while it has no text."""
        extra = _ShownWithText(self)
        extra.setObjectName(object_name)
        extra.setWordWrap(True)
        extra.setTextFormat(Qt.TextFormat.PlainText)
        extra.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        extra.hide()
        self._words.insertWidget(self._words.indexOf(self.text) if before_text else self._words.count() - 1, extra)
        self.labels.append(extra)
        return extra

    def set_texts(self, key: str, text: str) -> None:
        self.key.setText(key)
        self.key.setVisible(bool(key))
        self.text.setText(text)
        self.text.setVisible(bool(text))
