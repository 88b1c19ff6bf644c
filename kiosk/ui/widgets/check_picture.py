"""A small drawn picture for each photo check: what the problem looks like, so no reading is needed."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

SKIN = QColor("#f1c7a3")
HAIR = QColor("#4a3426")
LINE = QColor("#1a1f2b")
BAD = QColor("#b3261e")
GOOD = QColor("#1e7d32")
BACKGROUND = QColor("#e9eef5")


class CheckPicture(QWidget):
    """Paints a head in a 35:45 frame with the defect of one check and a red cross ("good": none, a green tick)."""

    def __init__(self, check_id: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id = check_id
        self.setObjectName(f"check_picture_{check_id}")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_check(self, check_id: str) -> None:
        self.check_id = check_id
        self.setObjectName(f"check_picture_{check_id}")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(105, 135)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        # the drawing keeps the photo's 35:45 shape, centred in whatever room the widget has
        w = min(self.width(), self.height() * 35 / 45)
        h = w * 45 / 35
        p.translate((self.width() - w) / 2, (self.height() - h) / 2)
        k = max(1.0, w / 105)  # line widths grow with a drawing larger than the guide's
        frame = QRectF(2, 2, w - 4, h - 4)
        p.setClipRect(QRectF(0, 0, w, h))  # the shoulders end at the photo's edge
        check = self.check_id
        p.fillRect(frame, QColor("#3b3f46") if check == "exposure" else BACKGROUND)
        if check == "background_plain":
            p.setPen(QPen(QColor("#7a8aa0"), 3 * k))
            for i in range(4):
                p.drawRect(QRectF(frame.left() + 6 * k + i * w * 0.22, frame.top() + 8 * k + (i % 2) * 14 * k, w * 0.14, h * 0.12))
        scale, dx, dy = 1.0, 0.0, 0.0
        if check == "face_size":
            scale = 0.55
        elif check == "face_position":
            dx, dy = w * 0.22, h * 0.08
        cx, cy = w / 2 + dx, h * 0.45 + dy
        if check == "background_no_shadow":
            p.setBrush(QColor(90, 100, 115, 120))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(cx + w * 0.16, cy + 4), w * 0.3, h * 0.33)
        if check == "single_face":
            self._head(p, w, k, cx - w * 0.2, cy + 6 * k, 0.7, check)
            self._head(p, w, k, cx + w * 0.2, cy + 6 * k, 0.7, check)
        else:
            self._head(p, w, k, cx, cy, scale, check)
        if check == "sharp":
            p.setOpacity(0.35)
            self._head(p, w, k, cx + 5 * k, cy + 2 * k, scale, check)
            p.setOpacity(1.0)
        r = min(w, h) * 0.12
        x0, y0 = w - r * 1.6, h - r * 1.6
        if check == "good":  # the example to follow: a green tick
            p.setPen(QPen(GOOD, 5 * k, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawPolyline([QPointF(x0 - r, y0), QPointF(x0 - r * 0.25, y0 + r * 0.8), QPointF(x0 + r, y0 - r)])
        else:  # the red cross in the corner
            p.setPen(QPen(BAD, 5 * k, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(x0 - r, y0 - r), QPointF(x0 + r, y0 + r))
            p.drawLine(QPointF(x0 - r, y0 + r), QPointF(x0 + r, y0 - r))
        p.end()

    def _head(self, p: QPainter, w: float, k: float, cx: float, cy: float, scale: float, check: str) -> None:
        rx, ry = w * 0.24 * scale, w * 0.31 * scale
        p.save()
        p.translate(cx, cy)
        if check == "frontal":
            p.rotate(-14)
        # shoulders
        p.setPen(QPen(LINE, 2 * k))
        p.setBrush(QBrush(QColor("#5b6b86")))
        shoulders = QPainterPath()
        shoulders.moveTo(-rx * 2.2, ry * 2.4)
        shoulders.quadTo(-rx * 1.6, ry * 1.05, 0, ry * 1.05)
        shoulders.quadTo(rx * 1.6, ry * 1.05, rx * 2.2, ry * 2.4)
        p.drawPath(shoulders)
        # hair and face
        p.setBrush(HAIR)
        p.drawEllipse(QPointF(0, -ry * 0.12), rx * 1.08, ry * 1.02)
        p.setBrush(SKIN)
        shift = rx * 0.35 if check == "frontal" else 0.0
        p.drawEllipse(QPointF(0, ry * 0.08), rx * 0.92, ry * 0.9)
        # eyes
        eye_y = -ry * 0.05
        for side in (-1, 1):
            ex = side * rx * 0.36 + shift
            if check == "eyes_open":
                p.setPen(QPen(LINE, 2 * k))
                p.drawLine(QPointF(ex - rx * 0.14, eye_y), QPointF(ex + rx * 0.14, eye_y))
            else:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(LINE)
                p.drawEllipse(QPointF(ex, eye_y), rx * 0.07, ry * 0.06)
        if check == "no_sunglasses":
            p.setPen(QPen(LINE, 2 * k))
            p.setBrush(QColor("#111111"))
            for side in (-1, 1):
                p.drawRoundedRect(QRectF(side * rx * 0.36 - rx * 0.26, eye_y - ry * 0.13, rx * 0.52, ry * 0.26), 4 * k, 4 * k)
            p.drawLine(QPointF(-rx * 0.1, eye_y), QPointF(rx * 0.1, eye_y))
        # mouth
        p.setPen(QPen(LINE, 2 * k))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(-rx * 0.25 + shift, ry * 0.3, rx * 0.5, ry * 0.2), 200 * 16, 140 * 16)
        if check == "no_hat":
            p.setPen(QPen(LINE, 2 * k))
            p.setBrush(QColor("#c0392b"))
            p.drawRect(QRectF(-rx * 0.8, -ry * 1.5, rx * 1.6, ry * 0.7))
            p.drawRect(QRectF(-rx * 1.3, -ry * 0.85, rx * 2.6, ry * 0.16))
        p.restore()
