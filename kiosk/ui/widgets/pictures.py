"""Pictures drawn by the booth itself (QPainter; nothing downloaded): where people would rather look than read.

ServicesPicture: what the booth does and its price (attract). CoinSlotPicture: where the coin slot is on this
booth ([booth] coin_slot), with a coin moving into it (payment). NoticePicture: the notice with its QR code
marked, held over the reader below it, and a tick once the code is read (scan). Colours come from the theme's palette
so the high-contrast mode holds here too.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.widgets.text import phrase_language, phrased

FRAME_MS = 40  # the motion's frame interval (25 fps; only while the picture is visible)
CYCLE_FRAMES = 50  # one movement in two seconds
SLOT_POSITIONS = ("right", "left", "below", "below_right", "below_left")


class Picture(QWidget):
    """A picture that follows the palette and moves (phase 0..1) while it is visible."""

    # True: the picture takes only the height its words leave: it never asks for any, so wrapped words beside or
    # under it are never squeezed by it
    HEIGHT_WORDS_LEAVE = False

    def __init__(self, parent: QWidget | None = None, *, moving: bool = False) -> None:
        super().__init__(parent)
        vertical = QSizePolicy.Policy.Ignored if self.HEIGHT_WORDS_LEAVE else QSizePolicy.Policy.Expanding
        self.setSizePolicy(QSizePolicy.Policy.Expanding, vertical)
        self.palette_colors = {"fg": "#1a1f2b", "bg": "#f4f6f9", "panel": "#ffffff", "accent": "#0b5cad",
                               "ok": "#1e7d32", "ok_fg": "#ffffff", "danger": "#b3261e", "muted": "#4a5466",
                               "border": "#c5ccd8"}
        self.frame = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self._moving = moving

    def set_colors(self, colors: dict[str, str]) -> None:
        self.palette_colors = dict(colors)
        self.update()

    def c(self, name: str) -> QColor:
        return QColor(self.palette_colors[name])

    def painter(self) -> QPainter:
        """A painter on this picture, antialiased."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        return p

    @property
    def phase(self) -> float:
        return (self.frame % CYCLE_FRAMES) / CYCLE_FRAMES

    def _tick(self) -> None:
        self.frame += 1
        self.update()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._moving:
            self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._timer.stop()
        super().hideEvent(event)

    @property
    def moving(self) -> bool:
        return self._timer.isActive()

    def sizeHint(self) -> QSize:
        return QSize(320, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 30)  # it gives way first when the words need the height

    def _text(self, p: QPainter, rect: QRectF, text: str, size: float, color: QColor, bold: bool = True,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(8, round(size)))
        font.setBold(bold)
        p.setFont(font)
        p.setPen(color)
        p.drawText(rect, align | Qt.TextFlag.TextWordWrap, text)

    def _envelope(self, p: QPainter, r: QRectF) -> None:
        p.setBrush(self.c("panel"))
        p.drawRect(r)
        flap = QPainterPath()
        flap.moveTo(r.topLeft())
        flap.lineTo(r.center().x(), r.top() + r.height() * 0.55)
        flap.lineTo(r.topRight())
        p.drawPath(flap)


class ServicesPicture(Picture):
    """The My Number card, the camera and the price: what the booth does, at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.price = ""

    def set_price(self, text: str) -> None:
        self.price = text
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        unit = min(w / 3.4, h)
        y = (h - unit * 0.8) / 2
        # the card
        card = QRectF(w / 2 - unit * 1.55, y, unit * 0.95, unit * 0.6)
        p.setPen(QPen(self.c("fg"), max(2.0, unit / 60)))
        p.setBrush(self.c("panel"))
        p.drawRoundedRect(card, unit * 0.05, unit * 0.05)
        p.setBrush(self.c("accent"))
        p.drawRect(QRectF(card.left() + card.width() * 0.08, card.top() + card.height() * 0.2,
                          card.width() * 0.28, card.height() * 0.55))
        for i in range(3):
            p.drawLine(QPointF(card.left() + card.width() * 0.45, card.top() + card.height() * (0.3 + i * 0.2)),
                       QPointF(card.right() - card.width() * 0.08, card.top() + card.height() * (0.3 + i * 0.2)))
        # the camera
        body = QRectF(w / 2 - unit * 0.42, y + unit * 0.08, unit * 0.84, unit * 0.52)
        p.setBrush(self.c("fg"))
        p.drawRoundedRect(body, unit * 0.06, unit * 0.06)
        p.drawRect(QRectF(body.left() + body.width() * 0.15, body.top() - unit * 0.08, body.width() * 0.25,
                          unit * 0.09))
        p.setBrush(self.c("panel"))
        p.drawEllipse(body.center(), unit * 0.17, unit * 0.17)
        p.setBrush(self.c("accent"))
        p.drawEllipse(body.center(), unit * 0.09, unit * 0.09)
        # the price tag
        tag = QRectF(w / 2 + unit * 0.6, y + unit * 0.02, unit * 0.95, unit * 0.58)
        path = QPainterPath()
        path.moveTo(tag.left(), tag.center().y())
        path.lineTo(tag.left() + tag.height() * 0.35, tag.top())
        path.lineTo(tag.right(), tag.top())
        path.lineTo(tag.right(), tag.bottom())
        path.lineTo(tag.left() + tag.height() * 0.35, tag.bottom())
        path.closeSubpath()
        p.setBrush(self.c("accent"))
        p.drawPath(path)
        self._text(p, tag.adjusted(tag.height() * 0.3, 0, 0, 0), self.price, unit * 0.17, QColor("#ffffff"))
        p.end()


class CoinSlotPicture(Picture):
    """The booth seen from the front (the screen) and where its coin slot is, a coin moving into it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, moving=True)
        self.position = "right"

    def set_position(self, position: str) -> None:
        self.position = position if position in SLOT_POSITIONS else "right"
        self.update()

    def slot_rect(self) -> QRectF:
        """Where the slot is drawn (the tests check it follows the setting)."""
        screen = self.screen_rect()
        s = screen.height() * 0.18
        positions = {
            "right": QPointF(screen.right() + s * 1.2, screen.center().y()),
            "left": QPointF(screen.left() - s * 1.2, screen.center().y()),
            "below": QPointF(screen.center().x(), screen.bottom() + s * 1.2),
            "below_right": QPointF(screen.right() - s, screen.bottom() + s * 1.2),
            "below_left": QPointF(screen.left() + s, screen.bottom() + s * 1.2),
        }
        centre = positions[self.position]
        return QRectF(centre.x() - s * 0.22, centre.y() - s * 0.6, s * 0.44, s * 1.2)

    def screen_rect(self) -> QRectF:
        w, h = self.width(), self.height()
        sh = h * 0.55
        sw = min(w * 0.5, sh * 1.4)
        return QRectF((w - sw) / 2, h * 0.08, sw, sh)

    def coin_centre(self) -> QPointF:
        """The moving coin: from away from the slot into it, once per cycle."""
        slot = self.slot_rect()
        screen = self.screen_rect()
        direction = slot.center() - screen.center()
        length = math.hypot(direction.x(), direction.y()) or 1.0
        unit = QPointF(direction.x() / length, direction.y() / length)
        distance = slot.height() * 1.6 * (1.0 - self.phase)
        return slot.center() - unit * (distance + slot.height() * 0.2)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        screen = self.screen_rect()
        line = max(2.0, screen.height() / 50)
        # the booth's front and its screen
        p.setPen(QPen(self.c("muted"), line))
        p.setBrush(self.c("panel"))
        p.drawRoundedRect(screen.adjusted(-line * 4, -line * 4, line * 4, line * 4), line * 3, line * 3)
        p.setBrush(self.c("accent"))
        p.drawRect(screen)
        # the slot, glowing
        slot = self.slot_rect()
        glow = 0.5 + 0.5 * math.sin(self.phase * 2 * math.pi)
        p.setPen(QPen(self.c("danger"), line * (1.5 + glow)))
        p.setBrush(self.c("fg"))
        p.drawRoundedRect(slot, slot.width() * 0.3, slot.width() * 0.3)
        # the coin on its way in
        coin = self.coin_centre()
        r = slot.height() * 0.32
        p.setPen(QPen(QColor("#8a6d1f"), line))
        p.setBrush(QColor("#d9b44a"))
        p.drawEllipse(coin, r, r)
        p.end()


class NoticePicture(Picture):
    """The notice held over the reader below it (as the scan screen says: 「下の読み取り口」; the booth has no
    reader-position setting, the reader sits under the screen): the notice with its QR code marked moves down
    towards the reader's window, whose light shines up at it; a tick when the code has been read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, moving=True)
        self.read = False
        self.qr_label = "QR"

    def set_read(self, read: bool) -> None:
        self.read = read
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 420)

    def _unit(self) -> float:
        return min(self.width() / 1.2, self.height())

    def reader_rect(self) -> QRectF:
        """The reader at the bottom: a box whose window faces up."""
        w, h, u = self.width(), self.height(), self._unit()
        rw, rh = min(w * 0.8, u * 1.5), u * 0.2  # wider where the picture is wide
        return QRectF((w - rw) / 2, h - rh - u * 0.03, rw, rh)

    def paper_rect(self) -> QRectF:
        """The notice above the reader, coming down to it once per cycle (still once read)."""
        w, u = self.width(), self._unit()
        reader = self.reader_rect()
        lowest = reader.top() - u * 0.08  # the paper's bottom at its lowest, just over the window
        room = lowest - u * 0.1 - self.height() * 0.03  # its top stays in the picture at its highest
        ph = min(room, max(u * 0.6, min(room, self.width() * 0.6 / 0.75)))  # larger in a tall area
        pw = ph * 0.75
        lift = 0.0 if self.read else u * 0.1 * (0.5 + 0.5 * math.cos(self.phase * 2 * math.pi))
        return QRectF((w - pw) / 2, lowest - ph - lift, pw, ph)

    def qr_rect(self) -> QRectF:
        """The QR code, on the part of the notice nearest the reader."""
        paper = self.paper_rect()
        s = paper.width() * 0.36
        return QRectF(paper.right() - s * 1.25, paper.bottom() - s * 1.25, s, s)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        u = self._unit()
        line = max(2.0, u / 90)
        reader, paper = self.reader_rect(), self.paper_rect()
        # the light from the reader's window up to the notice
        window = QRectF(reader.left() + reader.width() * 0.2, reader.top() + line, reader.width() * 0.6, reader.height() * 0.3)
        beam = QPainterPath()
        beam.moveTo(window.left(), window.top())
        beam.lineTo(window.right(), window.top())
        beam.lineTo(paper.right(), paper.bottom())
        beam.lineTo(paper.left(), paper.bottom())
        beam.closeSubpath()
        light = self.c("ok" if self.read else "danger")
        light.setAlpha(70)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(light)
        p.drawPath(beam)
        # the reader, its window on top
        p.setPen(QPen(self.c("muted"), line))
        p.setBrush(self.c("fg"))
        p.drawRoundedRect(reader, line * 4, line * 4)
        p.setBrush(self.c("ok" if self.read else "danger"))
        p.drawRoundedRect(window, line * 2, line * 2)
        # the notice with its lines and its QR code, marked
        p.setPen(QPen(self.c("muted"), line))
        p.setBrush(QColor("#ffffff"))
        p.drawRect(paper)
        for i in range(4):
            y = paper.top() + paper.height() * (0.12 + i * 0.1)
            p.drawLine(QPointF(paper.left() + paper.width() * 0.1, y), QPointF(paper.right() - paper.width() * 0.1, y))
        qr = self.qr_rect()
        cell = qr.width() / 7
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#000000"))
        for i in range(7):
            for j in range(7):
                corner = (i < 2 and j < 2) or (i > 4 and j < 2) or (i < 2 and j > 4)
                if corner or (i * 3 + j * 5) % 4 == 0:
                    p.drawRect(QRectF(qr.left() + i * cell, qr.top() + j * cell, cell, cell))
        p.setPen(QPen(self.c("danger"), line * 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(qr.adjusted(-cell, -cell, cell, cell), cell, cell)
        side = QRectF(paper.right() + u * 0.06, paper.top(), u * 0.3, paper.height())
        if self.read:  # a tick beside the notice
            c = side.center()
            r = min(side.width(), side.height()) * 0.4
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.c("ok"))
            p.drawEllipse(c, r, r)
            p.setPen(QPen(self.c("ok_fg"), line * 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawPolyline([c + QPointF(-r * 0.45, 0), c + QPointF(-r * 0.1, r * 0.35), c + QPointF(r * 0.5, -r * 0.35)])
        else:  # the arrow: down, from beside the notice to the reader
            p.setPen(QPen(self.c("accent"), line * 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                          Qt.PenJoinStyle.RoundJoin))
            x = side.center().x()
            tail = QPointF(x, side.top() + side.height() * 0.1)
            tip = QPointF(x, reader.top() - line * 4)
            p.drawLine(tail, tip)
            p.drawPolyline([tip + QPointF(-u * 0.06, -u * 0.06), tip, tip + QPointF(u * 0.06, -u * 0.06)])
        p.end()


class SendingPicture(Picture):
    """The sealed application (an envelope with a lock) on its way from the booth to the reception office: the
    envelope stands where the sending really is (fraction 0..1, from the submitter's stages and bytes sent),
    the road behind it drawn solid, the road ahead dashed, and a tick on the office once the answer is in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = 0.0
        self.arrived = False

    def set_progress(self, fraction: float, arrived: bool) -> None:
        self.fraction, self.arrived = max(0.0, min(1.0, fraction)), arrived
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        unit = min(w / 4.2, h)  # the office and the booth are one unit high
        line = max(2.0, unit / 40)
        top = (h - unit) / 2
        left, right = w / 2 - unit * 2.0, w / 2 + unit * 2.0
        # the booth: a cabin with its screen
        booth = QRectF(left, top + unit * 0.1, unit * 0.55, unit * 0.85)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRoundedRect(booth, unit * 0.04, unit * 0.04)
        p.setBrush(self.c("accent"))
        p.drawRect(QRectF(booth.left() + booth.width() * 0.15, booth.top() + booth.height() * 0.12,
                          booth.width() * 0.7, booth.height() * 0.35))
        # the office: a building with columns under a roof
        office = QRectF(right - unit * 0.8, top + unit * 0.3, unit * 0.8, unit * 0.65)
        roof = QPainterPath()
        roof.moveTo(office.left() - unit * 0.06, office.top())
        roof.lineTo(office.center().x(), top + unit * 0.05)
        roof.lineTo(office.right() + unit * 0.06, office.top())
        roof.closeSubpath()
        p.setBrush(self.c("panel"))
        p.drawPath(roof)
        p.drawRect(office)
        for i in range(4):
            x = office.left() + office.width() * (0.14 + i * 0.24)
            p.drawLine(QPointF(x, office.top() + unit * 0.1), QPointF(x, office.bottom() - unit * 0.06))
        # the road between them: done solid, ahead dashed
        y = top + unit * 0.62
        start, end = booth.right() + unit * 0.15, office.left() - unit * 0.2
        at = start + (end - start) * self.fraction
        p.setPen(QPen(self.c("accent"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(start, y), QPointF(at, y))
        p.setPen(QPen(self.c("muted"), line * 1.5, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(at, y), QPointF(end, y))
        # the envelope, sealed with a lock, where the sending is
        env = QRectF(at - unit * 0.3, y - unit * 0.4, unit * 0.6, unit * 0.4)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRect(env)
        flap = QPainterPath()
        flap.moveTo(env.topLeft())
        flap.lineTo(env.center().x(), env.top() + env.height() * 0.55)
        flap.lineTo(env.topRight())
        p.drawPath(flap)
        lock = QRectF(env.center().x() - unit * 0.07, env.bottom() - unit * 0.16, unit * 0.14, unit * 0.11)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(lock.left() + lock.width() * 0.2, lock.top() - lock.height() * 0.55, lock.width() * 0.6,
                         lock.height() * 1.1), 0, 180 * 16)
        p.setBrush(self.c("accent"))
        p.drawRect(lock)
        if self.arrived:  # the answer is in: a tick over the office
            centre = QPointF(office.center().x(), office.top() - unit * 0.02)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.c("ok"))
            p.drawEllipse(centre, unit * 0.2, unit * 0.2)
            p.setPen(QPen(self.c("ok_fg"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawPolyline([centre + QPointF(-unit * 0.09, 0), centre + QPointF(-unit * 0.02, unit * 0.07),
                            centre + QPointF(unit * 0.1, -unit * 0.07)])
        p.end()


PICTOGRAMS = ("notice", "printer", "photos", "stopwatch", "coins_back", "done", "queued", "stop")


class Pictogram(Picture):
    """One large sign for a screen that is mostly words, so its meaning shows at a glance: the notice (a sheet
    under a lock: what happens to the data), the printer at work, the printed photos, a stopwatch (time is
    running out), coins coming back out of the tray (money returned), a tick (received), a sealed envelope
    waiting (queued), a warning sign (out of service)."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind if kind in PICTOGRAMS else "notice"

    def set_kind(self, kind: str) -> None:
        if kind in PICTOGRAMS and kind != self.kind:
            self.kind = kind
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        u = min(self.width(), self.height()) * 0.9  # the sign's square, centred
        box = QRectF((self.width() - u) / 2, (self.height() - u) / 2, u, u)
        line = max(2.0, u / 40)
        p.setPen(QPen(self.c("fg"), line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        getattr(self, f"_draw_{self.kind}")(p, box, u, line)
        p.end()

    def _sheet(self, p: QPainter, r: QRectF, line: float) -> None:
        p.setBrush(self.c("panel"))
        p.drawRect(r)
        for i in range(4):
            y = r.top() + r.height() * (0.2 + 0.17 * i)
            p.drawLine(QPointF(r.left() + r.width() * 0.15, y), QPointF(r.right() - r.width() * 0.15, y))

    def _tick(self, p: QPainter, centre: QPointF, radius: float, line: float) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.c("ok"))
        p.drawEllipse(centre, radius, radius)
        p.setPen(QPen(self.c("ok_fg"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPolyline([centre + QPointF(-radius * 0.45, 0), centre + QPointF(-radius * 0.1, radius * 0.35),
                        centre + QPointF(radius * 0.5, -radius * 0.35)])

    def _draw_notice(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        self._sheet(p, QRectF(b.left() + u * 0.12, b.top() + u * 0.05, u * 0.6, u * 0.8), line)
        lock = QRectF(b.left() + u * 0.55, b.top() + u * 0.55, u * 0.34, u * 0.28)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(self.c("fg"), line * 2))
        p.drawArc(QRectF(lock.left() + u * 0.06, lock.top() - u * 0.16, lock.width() - u * 0.12, u * 0.3),
                  0, 180 * 16)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("accent"))
        p.drawRoundedRect(lock, u * 0.03, u * 0.03)

    def _printer_body(self, p: QPainter, b: QRectF, u: float) -> QRectF:
        body = QRectF(b.left() + u * 0.08, b.top() + u * 0.3, u * 0.84, u * 0.36)
        p.setBrush(self.c("muted"))
        p.drawRoundedRect(body, u * 0.04, u * 0.04)
        p.setBrush(self.c("accent"))
        p.drawEllipse(QPointF(body.right() - u * 0.1, body.top() + u * 0.09), u * 0.03, u * 0.03)
        return body

    def _draw_printer(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        self._sheet(p, QRectF(b.left() + u * 0.25, b.top() + u * 0.05, u * 0.5, u * 0.3), line)
        body = self._printer_body(p, b, u)
        out = QRectF(b.left() + u * 0.25, body.bottom() - u * 0.06, u * 0.5, u * 0.3)
        p.setBrush(self.c("panel"))
        p.drawRect(out)
        p.setBrush(self.c("accent"))
        p.drawRect(QRectF(out.left() + u * 0.06, out.top() + u * 0.1, u * 0.14, u * 0.16))

    def _draw_photos(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        sheet = QRectF(b.left() + u * 0.12, b.top() + u * 0.08, u * 0.76, u * 0.56)
        p.setBrush(self.c("panel"))
        p.drawRect(sheet)
        for i in range(4):  # four photos on the sheet, each a head and shoulders
            x = sheet.left() + u * 0.06 + i * u * 0.175
            frame = QRectF(x, sheet.top() + u * 0.1, u * 0.14, u * 0.18)
            p.setBrush(self.c("accent"))
            p.drawRect(frame)
            p.setBrush(self.c("panel"))
            p.drawEllipse(QPointF(frame.center().x(), frame.top() + u * 0.07), u * 0.035, u * 0.045)
        self._tick(p, QPointF(b.center().x(), b.top() + u * 0.8), u * 0.14, line)

    def _draw_stopwatch(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        centre, r = QPointF(b.center().x(), b.top() + u * 0.55), u * 0.38
        p.setBrush(self.c("panel"))
        p.drawRect(QRectF(centre.x() - u * 0.06, b.top() + u * 0.04, u * 0.12, u * 0.1))
        p.setPen(QPen(self.c("fg"), line * 2))
        p.drawEllipse(centre, r, r)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.c("danger"))  # the time nearly used up: a wedge left
        p.drawPie(QRectF(centre.x() - r * 0.85, centre.y() - r * 0.85, r * 1.7, r * 1.7), 90 * 16, 60 * 16)
        p.setPen(QPen(self.c("fg"), line * 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(centre, centre + QPointF(0, -r * 0.75))

    def _draw_coins_back(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        tray = QRectF(b.left() + u * 0.1, b.top() + u * 0.6, u * 0.8, u * 0.25)
        p.setBrush(self.c("muted"))
        p.drawRoundedRect(tray, u * 0.05, u * 0.05)
        p.setBrush(QColor("#d9b44a"))
        p.setPen(QPen(QColor("#8a6d1f"), line))
        for i, (dx, dy) in enumerate(((0.3, 0.62), (0.5, 0.58), (0.7, 0.62), (0.42, 0.32), (0.6, 0.2))):
            r = u * (0.09 if i < 3 else 0.08)
            p.drawEllipse(QPointF(b.left() + u * dx, b.top() + u * dy), r, r)
        p.setPen(QPen(self.c("accent"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(b.left() + u * 0.85, b.top() + u * 0.5), QPointF(b.left() + u * 0.85, b.top() + u * 0.1))
        p.drawPolyline([QPointF(b.left() + u * 0.78, b.top() + u * 0.18), QPointF(b.left() + u * 0.85, b.top() + u * 0.1),
                        QPointF(b.left() + u * 0.92, b.top() + u * 0.18)])

    def _draw_done(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        self._envelope(p, QRectF(b.left() + u * 0.08, b.top() + u * 0.3, u * 0.6, u * 0.42))
        self._tick(p, QPointF(b.left() + u * 0.7, b.top() + u * 0.32), u * 0.2, line)

    def _draw_queued(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        self._envelope(p, QRectF(b.left() + u * 0.08, b.top() + u * 0.3, u * 0.6, u * 0.42))
        centre, r = QPointF(b.left() + u * 0.72, b.top() + u * 0.3), u * 0.18
        p.setBrush(self.c("panel"))
        p.setPen(QPen(self.c("accent"), line * 2))
        p.drawEllipse(centre, r, r)
        p.drawLine(centre, centre + QPointF(0, -r * 0.7))
        p.drawLine(centre, centre + QPointF(r * 0.55, 0))

    def _draw_stop(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        tri = QPainterPath()
        tri.moveTo(b.center().x(), b.top() + u * 0.08)
        tri.lineTo(b.right() - u * 0.06, b.bottom() - u * 0.12)
        tri.lineTo(b.left() + u * 0.06, b.bottom() - u * 0.12)
        tri.closeSubpath()
        p.setPen(QPen(self.c("danger"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        p.setBrush(self.c("panel"))
        p.drawPath(tri)
        p.setPen(QPen(self.c("fg"), line * 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(b.center().x(), b.top() + u * 0.38), QPointF(b.center().x(), b.top() + u * 0.62))
        p.drawPoint(QPointF(b.center().x(), b.top() + u * 0.74))


# -- ui2 (issue 14 item 9: the menu, size, timeout, printing and printed screens) ------------------------------

def draw_portrait(p: QPainter, photo: QRectF, ink: QColor, clothes: QColor, paper: QColor, line: float) -> None:
    """A head and shoulders photo in this frame, the face placed as an ID photo places it."""
    p.setPen(QPen(ink, line))
    p.setBrush(paper)
    p.drawRect(photo)
    w, h = photo.width(), photo.height()
    p.setBrush(clothes)
    shoulders = QPainterPath()
    shoulders.moveTo(photo.left() + w * 0.08, photo.bottom())
    shoulders.quadTo(photo.left() + w * 0.12, photo.top() + h * 0.7, photo.center().x(), photo.top() + h * 0.7)
    shoulders.quadTo(photo.right() - w * 0.12, photo.top() + h * 0.7, photo.right() - w * 0.08, photo.bottom())
    shoulders.closeSubpath()
    p.drawPath(shoulders)
    p.setBrush(paper)
    p.drawEllipse(QPointF(photo.center().x(), photo.top() + h * 0.42), w * 0.24, h * 0.25)


def draw_qr(p: QPainter, qr: QRectF, ink: QColor) -> None:
    """A QR code's look: three finder squares and a pattern (not a readable code)."""
    cell = qr.width() / 7
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    for i in range(7):
        for j in range(7):
            corner = (i < 2 and j < 2) or (i > 4 and j < 2) or (i < 2 and j > 4)
            if corner or (i * 3 + j * 5) % 4 == 0:
                p.drawRect(QRectF(qr.left() + i * cell, qr.top() + j * cell, cell, cell))


class ServicePicture(Picture):
    """A service of the menu at a glance: for the card, the notice's QR code leading to the My Number card; for the
    ID photo, a printed sheet of the same photo several times with its cut lines."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, service: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service

    def sizeHint(self) -> QSize:
        return QSize(400, 260)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        upright = h > w * 0.9  # a tall room: the parts one above the other (1 unit wide, 1.6 high)
        u = min(w, h / 1.6) if upright else min(w / 1.6, h)  # else side by side (1.6 wide, 1 high)
        box = QRectF((w - u) / 2, (h - u * 1.6) / 2, u, u * 1.6) if upright else \
            QRectF((w - u * 1.6) / 2, (h - u) / 2, u * 1.6, u)
        line = max(2.0, u / 60)
        if self.service == "idphoto":
            sheet = box.adjusted(u * 0.06, u * 0.04, -u * 0.06, -u * 0.04) if upright else \
                box.adjusted(u * 0.2, u * 0.04, -u * 0.2, -u * 0.04)
            self._sheet(p, sheet, (2, 3) if upright else (3, 2), line)
        elif upright:
            sheet = QRectF(box.left() + u * 0.2, box.top() + u * 0.02, u * 0.6, u * 0.8)
            self._notice(p, sheet, u, line)
            x = box.center().x()
            self._arrow(p, QPointF(x, sheet.bottom() + u * 0.05), QPointF(x, sheet.bottom() + u * 0.25), u, line)
            self._card(p, QRectF(box.left() + u * 0.1, box.bottom() - u * 0.55, u * 0.8, u * 0.52), u, line)
        else:
            sheet = QRectF(box.left() + u * 0.04, box.top() + u * 0.04, u * 0.62, u * 0.9)
            self._notice(p, sheet, u, line)
            y = box.top() + u * 0.5
            self._arrow(p, QPointF(sheet.right() + u * 0.06, y), QPointF(sheet.right() + u * 0.26, y), u, line)
            self._card(p, QRectF(box.right() - u * 0.6, box.top() + u * 0.3, u * 0.58, u * 0.4), u, line)
        p.end()

    def _notice(self, p: QPainter, sheet: QRectF, u: float, line: float) -> None:
        """The notice with its QR code marked."""
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRect(sheet)
        for i in range(4):
            y = sheet.top() + u * (0.12 + i * 0.09)
            p.drawLine(QPointF(sheet.left() + u * 0.07, y), QPointF(sheet.right() - u * 0.07, y))
        qr = QRectF(sheet.center().x() - u * 0.15, sheet.bottom() - u * 0.4, u * 0.3, u * 0.3)
        draw_qr(p, qr, self.c("fg"))
        p.setPen(QPen(self.c("danger"), line * 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(qr.adjusted(-u * 0.04, -u * 0.04, u * 0.04, u * 0.04), u * 0.03, u * 0.03)

    def _arrow(self, p: QPainter, tail: QPointF, tip: QPointF, u: float, line: float) -> None:
        """The code leads to the card."""
        p.setPen(QPen(self.c("accent"), line * 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(tail, tip)
        d = tip - tail
        length = math.hypot(d.x(), d.y()) or 1.0
        along, across = QPointF(d.x() / length, d.y() / length), QPointF(-d.y() / length, d.x() / length)
        p.drawPolyline([tip - along * u * 0.08 + across * u * 0.07, tip, tip - along * u * 0.08 - across * u * 0.07])

    def _card(self, p: QPainter, card: QRectF, u: float, line: float) -> None:
        """The My Number card: its photo and its lines."""
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRoundedRect(card, u * 0.04, u * 0.04)
        fh = card.height() * 0.58
        face = QRectF(card.left() + card.width() * 0.08, card.top() + card.height() * 0.2, fh * 35 / 45, fh)
        draw_portrait(p, face, self.c("fg"), self.c("accent"), self.c("panel"), line * 0.7)
        p.setPen(QPen(self.c("fg"), line))
        for i in range(3):
            y = card.top() + card.height() * (0.28 + i * 0.22)
            p.drawLine(QPointF(face.right() + card.width() * 0.08, y), QPointF(card.right() - card.width() * 0.08, y))

    def _sheet(self, p: QPainter, sheet: QRectF, grid: tuple[int, int], line: float) -> None:
        """A printed sheet of the same photo, cols x rows, with its cut lines."""
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRect(sheet)
        cols, rows = grid
        cell_w, cell_h = sheet.width() / cols, sheet.height() / rows
        ph = min(cell_h * 0.84, cell_w * 0.84 * 45 / 35)
        pw = ph * 35 / 45
        for r in range(rows):
            for c in range(cols):
                photo = QRectF(sheet.left() + c * cell_w + (cell_w - pw) / 2, sheet.top() + r * cell_h + (cell_h - ph) / 2,
                               pw, ph)
                draw_portrait(p, photo, self.c("fg"), self.c("accent"), self.c("panel"), line)
        p.setPen(QPen(self.c("muted"), line, Qt.PenStyle.DashLine))  # the cut lines
        for c in range(1, cols):
            x = sheet.left() + c * cell_w
            p.drawLine(QPointF(x, sheet.top()), QPointF(x, sheet.bottom()))
        for r in range(1, rows):
            y = sheet.top() + r * cell_h
            p.drawLine(QPointF(sheet.left(), y), QPointF(sheet.right(), y))


def size_mm(size_id: str) -> tuple[float, float]:
    """A print size's frame in mm from its id ("30x40": width x height, as the config names it)."""
    try:
        w, h = (float(v) for v in size_id.lower().split("x", 1))
    except ValueError:
        return 35.0, 45.0
    return w, h


class SizePicture(Picture):
    """One print size drawn to scale: every size on the screen shares one mm scale (the largest size fills the
    height), so the citizen sees how the sizes compare, with the frame's width and height in mm beside it."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, size_id: str, largest_mm: tuple[float, float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.size_id = size_id
        self.largest_mm = largest_mm  # the widest and the tallest size of the screen (mm): one scale for all

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def frame_rect(self) -> QRectF:
        """The photo's frame as drawn (the tests compare sizes by it)."""
        w_mm, h_mm = size_mm(self.size_id)
        h = self.height() * 0.8
        room = self.width() - 2 * self._text_px() * 3.2  # the height's figure on either side
        mm = max(0.1, min(h / max(1.0, self.largest_mm[1]), room / max(1.0, self.largest_mm[0])))
        fw, fh = w_mm * mm, h_mm * mm
        return QRectF((self.width() - fw) / 2, self.height() * 0.04 + (h - fh), fw, fh)

    def _text_px(self) -> float:
        return max(10.0, min(self.height() * 0.09, self.width() * 0.08))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        frame = self.frame_rect()
        line = max(2.0, self.height() / 120)
        draw_portrait(p, frame, self.c("fg"), self.c("accent"), self.c("panel"), line)
        w_mm, h_mm = size_mm(self.size_id)
        text = self._text_px()
        p.setPen(QPen(self.c("muted"), line))  # the width under the frame, the height beside it
        y = frame.bottom() + text * 0.6
        p.drawLine(QPointF(frame.left(), y), QPointF(frame.right(), y))
        self._text(p, QRectF(frame.left() - text * 2, y, frame.width() + text * 4, text * 1.3), f"{w_mm:g}",
                   text, self.c("fg"))
        x = frame.right() + text * 0.6
        p.setPen(QPen(self.c("muted"), line))
        p.drawLine(QPointF(x, frame.top()), QPointF(x, frame.bottom()))
        self._text(p, QRectF(x, frame.center().y() - text, text * 2.4, text * 2), f"{h_mm:g}", text, self.c("fg"))
        p.end()


class PrintSheetPicture(Picture):
    """The print sheet: copies of the citizen's size laid out with cut lines. While printing ("printing") the sheet
    lies under the printer and its print line sweeps down it, the photos above the line printed, those below
    still outlines, moving; once printed ("printed") it lies ready to take, with a tick."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, moving=stage == "printing")
        self.stage = stage
        self.size_id = "35x45"
        self.copies = 0

    def set_sheet(self, size_id: str, copies: int) -> None:
        self.size_id, self.copies = size_id or "35x45", copies
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    landscape = False

    def _grid(self) -> tuple[int, int]:
        n = self.copies or 4  # the count is known once the sheet is made: a plain four until then
        across = 2 if n <= 4 else 3
        down = math.ceil(n / across)
        return (max(across, down), min(across, down)) if self.landscape else (across, down)

    def printed_to(self) -> float:
        """How far down the sheet the print line is (0..1): all of it once printed."""
        return 1.0 if self.stage != "printing" else self.phase

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        self.landscape = w > h * 1.1  # a wide room: the sheet lies across (the printer prints it either way)
        bw, bh = (1.5, 1.0) if self.landscape else (1.0, 1.25)  # the drawing's width and height in units
        u = min(w / bw, h / bh)
        box = QRectF((w - u * bw) / 2, (h - u * bh) / 2, u * bw, u * bh)
        line = max(2.0, u / 90)
        sheet = QRectF(box.left() + u * 0.12, box.top() + u * 0.28, box.width() - u * 0.24, box.height() - u * 0.3)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("panel"))
        p.drawRect(sheet)
        self._photos(p, sheet, line)
        if self.stage == "printing":
            body = QRectF(box.left(), box.top(), box.width(), u * 0.3)  # the printer over the sheet
            p.setPen(QPen(self.c("fg"), line))
            p.setBrush(self.c("muted"))
            p.drawRoundedRect(body, u * 0.04, u * 0.04)
            p.setBrush(self.c("ok"))
            p.drawEllipse(QPointF(body.right() - u * 0.1, body.top() + u * 0.1), u * 0.035, u * 0.035)
            y = sheet.top() + sheet.height() * self.printed_to()  # the print line
            p.setPen(QPen(self.c("accent"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(sheet.left() - u * 0.05, y), QPointF(sheet.right() + u * 0.05, y))
        else:
            centre, r = QPointF(sheet.right() - u * 0.02, sheet.top() + u * 0.02), u * 0.13  # ready: a tick
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.c("ok"))
            p.drawEllipse(centre, r, r)
            p.setPen(QPen(self.c("ok_fg"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawPolyline([centre + QPointF(-r * 0.45, 0), centre + QPointF(-r * 0.1, r * 0.35),
                            centre + QPointF(r * 0.5, -r * 0.35)])
        p.end()

    def _photos(self, p: QPainter, sheet: QRectF, line: float) -> None:
        cols, rows = self._grid()
        w_mm, h_mm = size_mm(self.size_id)
        cell_w, cell_h = sheet.width() / cols, sheet.height() / rows
        scale = min(cell_w * 0.8 / w_mm, cell_h * 0.8 / h_mm)
        pw, ph = w_mm * scale, h_mm * scale
        printed_y = sheet.top() + sheet.height() * self.printed_to()
        for i in range(self.copies or 4):
            r, c = divmod(i, cols)
            frame = QRectF(sheet.left() + c * cell_w + (cell_w - pw) / 2, sheet.top() + r * cell_h + (cell_h - ph) / 2,
                           pw, ph)
            p.save()  # printed above the line, an outline still below it
            p.setClipRect(QRectF(sheet.left(), sheet.top(), sheet.width(), printed_y - sheet.top()))
            draw_portrait(p, frame, self.c("fg"), self.c("accent"), self.c("panel"), line)
            p.setClipRect(QRectF(sheet.left(), printed_y, sheet.width(), sheet.bottom() - printed_y))
            p.setPen(QPen(self.c("muted"), line, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(frame)
            p.restore()
        p.setPen(QPen(self.c("muted"), line, Qt.PenStyle.DashLine))  # the cut lines between the photos
        for c in range(1, cols):
            x = sheet.left() + c * cell_w
            p.drawLine(QPointF(x, sheet.top()), QPointF(x, sheet.bottom()))
        for r in range(1, rows):
            y = sheet.top() + r * cell_h
            p.drawLine(QPointF(sheet.left(), y), QPointF(sheet.right(), y))


class CountdownRing(Picture):
    """The time left as a ring that empties towards zero (the seconds left of the countdown's start), drawn behind
    the number of seconds and its unit (labels laid out inside it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left_s, self.total_s = 0, 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_seconds(self, seconds: int) -> None:
        """A count higher than the last one starts a new countdown (its start is the full ring)."""
        if seconds > self.left_s or not self.total_s:
            self.total_s = max(seconds, 1)
        self.left_s = seconds
        self.update()

    @property
    def fraction(self) -> float:
        return max(0.0, min(1.0, self.left_s / self.total_s)) if self.total_s else 0.0

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def ring_rect(self) -> QRectF:
        side = min(self.width(), self.height()) * 0.94
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        ring = self.ring_rect()
        width = ring.width() * 0.12
        inner = ring.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        p.setPen(QPen(self.c("border"), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(inner)  # the time used, pale
        ticks = max(1, min(60, self.total_s or 60))  # the dial: a mark a second of the countdown
        centre, r = inner.center(), inner.width() / 2 - width * 0.9
        for i in range(ticks):
            angle = math.radians(90 - 360 * i / ticks)
            unit = QPointF(math.cos(angle), -math.sin(angle))
            long = i % 5 == 0
            p.setPen(QPen(self.c("fg" if i < self.left_s else "border"), width * (0.14 if long else 0.08),
                          Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(centre + unit * r, centre + unit * (r - width * (0.7 if long else 0.4)))
        colour = self.c("danger") if self.fraction < 0.34 else self.c("accent")
        p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawArc(inner, 90 * 16, round(360 * 16 * self.fraction))  # the time left, from twelve o'clock
        p.end()


# -- the session screens (payment, scan, details, review, confirm, done, cancel) ----------------------------------


class NextStepsPicture(Picture):
    """What happens after the booth, in three drawn steps left to right: the application (received: a tick;
    queued: a clock), the notice of issue arriving by post about a month later, the card handed over at the
    municipal office's counter. The captions are the screen's (translated) words."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "done"
        self.captions: tuple[str, str, str] = ("", "", "")

    def set_kind(self, kind: str) -> None:
        self.kind = "queued" if kind == "queued" else "done"
        self.update()

    def set_captions(self, first: str, second: str, third: str) -> None:
        self.captions = (first, second, third)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Three steps side by side, each caption under its drawing; on a tall area (a portrait screen) one
        under the other, each caption beside its drawing."""
        p = self.painter()
        w, h = self.width(), self.height()
        tall = h > w * 0.75
        steps = []
        if tall:
            cell_h = h / 3
            u = min(cell_h * 0.92, w * 0.42)
            for i in range(3):
                box = QRectF(w * 0.04, cell_h * i + (cell_h - u) / 2, u, u)
                steps.append((box, QRectF(box.right() + w * 0.04, cell_h * i, w * 0.92 - u - w * 0.04, cell_h)))
        else:
            cell_w = w / 3
            u = min(cell_w * 0.75, h * 0.62)
            caption_h = min(h - u, u * 0.7)
            top = (h - u - caption_h) / 2
            for i in range(3):
                box = QRectF(cell_w * i + (cell_w - u) / 2, top, u, u)
                steps.append((box, QRectF(cell_w * i + cell_w * 0.04, box.bottom(), cell_w * 0.92, caption_h)))
        line = max(2.0, u / 40)
        pen = QPen(self.c("fg"), line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        size = max(12.0, min(u * 0.13, steps[0][1].width() / 9) if not tall else min(u * 0.2, steps[0][1].width() / 7))
        for i, (box, caption) in enumerate(steps):
            p.setPen(pen)
            (self._applied, self._letter, self._counter)[i](p, box, u, line)
            self._text(p, caption, phrased(self.captions[i], phrase_language()), size, self.c("fg"))
            if i == 2:
                continue
            nxt = steps[i + 1][0]  # the arrow to the next step
            p.setPen(QPen(self.c("accent"), line * 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            if tall:
                x, y0, y1 = box.center().x(), box.bottom() - u * 0.02, nxt.top() + u * 0.08
                if y1 - y0 > line * 6:
                    p.drawLine(QPointF(x, y0), QPointF(x, y1))
                    p.drawPolyline([QPointF(x - line * 4, y1 - line * 4), QPointF(x, y1), QPointF(x + line * 4, y1 - line * 4)])
            else:
                y, x0, x1 = box.center().y(), box.right() + line * 2, nxt.left() - line * 2
                if x1 - x0 > line * 6:
                    p.drawLine(QPointF(x0, y), QPointF(x1, y))
                    p.drawPolyline([QPointF(x1 - line * 4, y - line * 4), QPointF(x1, y), QPointF(x1 - line * 4, y + line * 4)])
        p.end()

    def _applied(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        self._envelope(p, QRectF(b.left() + u * 0.05, b.top() + u * 0.3, u * 0.7, u * 0.5))
        centre, r = QPointF(b.left() + u * 0.74, b.top() + u * 0.3), u * 0.22
        if self.kind == "done":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.c("ok"))
            p.drawEllipse(centre, r, r)
            p.setPen(QPen(self.c("ok_fg"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawPolyline([centre + QPointF(-r * 0.45, 0), centre + QPointF(-r * 0.1, r * 0.35),
                            centre + QPointF(r * 0.5, -r * 0.35)])
        else:  # waiting to be sent: a clock
            p.setBrush(self.c("panel"))
            p.setPen(QPen(self.c("accent"), line * 2))
            p.drawEllipse(centre, r, r)
            p.drawLine(centre, centre + QPointF(0, -r * 0.7))
            p.drawLine(centre, centre + QPointF(r * 0.55, 0))

    def _letter(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        """A post box with the notice of issue dropping in, and a calendar page: about a month."""
        box = QRectF(b.left() + u * 0.08, b.top() + u * 0.42, u * 0.5, u * 0.5)
        p.setBrush(self.c("danger"))
        p.drawRoundedRect(box, u * 0.05, u * 0.05)
        p.setBrush(self.c("fg"))
        p.drawRect(QRectF(box.left() + u * 0.08, box.top() + u * 0.1, u * 0.34, u * 0.05))
        self._envelope(p, QRectF(box.left() + u * 0.1, b.top() + u * 0.12, u * 0.3, u * 0.22))
        cal = QRectF(b.left() + u * 0.62, b.top() + u * 0.1, u * 0.34, u * 0.38)
        p.setBrush(self.c("panel"))
        p.drawRect(cal)
        p.setBrush(self.c("accent"))
        p.drawRect(QRectF(cal.left(), cal.top(), cal.width(), cal.height() * 0.25))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.c("muted"))
        for row in range(3):
            for col in range(4):
                p.drawRect(QRectF(cal.left() + cal.width() * (0.1 + col * 0.22), cal.top() + cal.height() * (0.36 + row * 0.2),
                                  cal.width() * 0.12, cal.height() * 0.1))

    def _counter(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        """The office's counter with the card handed over on it."""
        roof = QPainterPath()
        roof.moveTo(b.left() + u * 0.04, b.top() + u * 0.3)
        roof.lineTo(b.center().x(), b.top() + u * 0.08)
        roof.lineTo(b.right() - u * 0.04, b.top() + u * 0.3)
        roof.closeSubpath()
        p.setBrush(self.c("panel"))
        p.drawPath(roof)
        hall = QRectF(b.left() + u * 0.1, b.top() + u * 0.3, u * 0.8, u * 0.32)
        p.drawRect(hall)
        for i in range(4):
            x = hall.left() + hall.width() * (0.14 + i * 0.24)
            p.drawLine(QPointF(x, hall.top() + u * 0.04), QPointF(x, hall.bottom() - u * 0.02))
        card = QRectF(b.left() + u * 0.22, b.top() + u * 0.62, u * 0.56, u * 0.34)
        p.setBrush(self.c("panel"))
        p.setPen(QPen(self.c("accent"), line * 1.5))
        p.drawRoundedRect(card, u * 0.03, u * 0.03)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.c("accent"))
        p.drawRect(QRectF(card.left() + card.width() * 0.08, card.top() + card.height() * 0.2,
                          card.width() * 0.28, card.height() * 0.6))
        p.setPen(QPen(self.c("muted"), line))
        for i in range(3):
            y = card.top() + card.height() * (0.3 + i * 0.2)
            p.drawLine(QPointF(card.left() + card.width() * 0.45, y), QPointF(card.right() - card.width() * 0.08, y))


class BelongingsPicture(Picture):
    """What the citizen brought and must not leave behind: the notice with its QR code and the money in the
    return tray, beside the screen's (translated) reminder."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = ""

    def set_caption(self, text: str) -> None:
        self.caption = text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        tall = h > w * 0.4  # a portrait screen: the drawing above the words
        u = min(h * 0.6, w * 0.42) if tall else min(h * 0.9, w * 0.22)  # the notice's height; the tray beside it
        line = max(2.0, u / 40)
        left = (w - u * 1.9) / 2 if tall else w * 0.03
        top = h * 0.05 if tall else (h - u) / 2
        p.setPen(QPen(self.c("fg"), line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        paper = QRectF(left, top, u * 0.72, u)
        p.setBrush(QColor("#ffffff"))
        p.drawRect(paper)
        qr = QRectF(paper.right() - u * 0.3, paper.top() + u * 0.06, u * 0.24, u * 0.24)
        cell = qr.width() / 7
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#000000"))
        for i in range(7):
            for j in range(7):
                if (i < 2 and j < 2) or (i > 4 and j < 2) or (i < 2 and j > 4) or (i * 3 + j * 5) % 4 == 0:
                    p.drawRect(QRectF(qr.left() + i * cell, qr.top() + j * cell, cell, cell))
        p.setPen(QPen(self.c("muted"), line))
        for i in range(4):
            y = paper.top() + u * (0.45 + i * 0.12)
            p.drawLine(QPointF(paper.left() + u * 0.08, y), QPointF(paper.right() - u * 0.08, y))
        tray = QRectF(paper.right() + u * 0.15, top + u * 0.55, u * 1.0, u * 0.4)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(self.c("muted"))
        p.drawRoundedRect(tray, u * 0.05, u * 0.05)
        p.setBrush(QColor("#d9b44a"))
        p.setPen(QPen(QColor("#8a6d1f"), line))
        for dx, dy in ((0.25, 0.55), (0.5, 0.5), (0.75, 0.55), (0.38, 0.3)):
            p.drawEllipse(QPointF(tray.left() + tray.width() * dx, top + u * dy), u * 0.13, u * 0.13)
        if tall:
            text = QRectF(w * 0.04, top + u * 1.05, w * 0.92, h - top - u * 1.05)
        else:
            text = QRectF(tray.right() + u * 0.2, 0, w - tray.right() - u * 0.25, h)
        align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignCenter
        self._text(p, text, phrased(self.caption, phrase_language()), max(12.0, min(u * 0.15, text.height() * 0.3)),
                   self.c("fg"), align=align)
        p.end()


class IdOnNoticePicture(Picture):
    """Where the 23-digit application ID is printed: next to the QR code on the notice, the digits marked (the
    scan screen's typed entry). The digits typed so far are filled in, the rest shown as empty places."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.typed = 0

    def set_typed(self, count: int) -> None:
        self.typed = max(0, min(23, count))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        pw = min(w * 0.96, h * 1.6)  # the notice, landscape like the real one (A4 folded)
        ph = pw / 1.6
        paper = QRectF((w - pw) / 2, (h - ph) / 2, pw, ph)
        line = max(2.0, pw / 200)
        p.setPen(QPen(self.c("muted"), line))
        p.setBrush(QColor("#ffffff"))
        p.drawRect(paper)
        for i in range(5):  # the printed text
            y = paper.top() + ph * (0.14 + i * 0.1)
            p.drawLine(QPointF(paper.left() + pw * 0.06, y), QPointF(paper.left() + pw * 0.6, y))
        qr = QRectF(paper.right() - pw * 0.3, paper.top() + ph * 0.08, pw * 0.24, pw * 0.24)
        cell = qr.width() / 7
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#000000"))
        for i in range(7):
            for j in range(7):
                if (i < 2 and j < 2) or (i > 4 and j < 2) or (i < 2 and j > 4) or (i * 3 + j * 5) % 4 == 0:
                    p.drawRect(QRectF(qr.left() + i * cell, qr.top() + j * cell, cell, cell))
        # the ID's 23 digits in a row under the QR code, marked; those typed filled in
        row = QRectF(paper.left() + pw * 0.06, qr.bottom() + ph * 0.1, pw * 0.88, ph * 0.14)
        step = row.width() / 23
        for i in range(23):
            box = QRectF(row.left() + i * step + step * 0.12, row.top(), step * 0.76, row.height())
            p.setBrush(self.c("accent") if i < self.typed else QColor("#ffffff"))
            p.setPen(QPen(QColor("#1a1f2b"), max(1.0, line * 0.6)))
            p.drawRect(box)
        p.setPen(QPen(self.c("danger"), line * 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(row.adjusted(-step * 0.3, -step * 0.3, step * 0.3, step * 0.3), step * 0.4, step * 0.4)
        p.end()


class PhotoSizePicture(Picture):
    """The official photo's measurements, drawn to scale: the 35 x 45 mm frame, the head 32-36 mm from crown to
    chin, 2-6 mm above the crown (the review screen: what "meets the standard" means)."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def sizeHint(self) -> QSize:
        return QSize(400, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        mm = min(h * 0.92 / 45, w * 0.92 / 72)  # px per mm: the frame and its measures beside it fit
        if mm < 1.5:
            p.end()
            return
        line = max(1.5, mm / 5)
        frame = QRectF((w - 72 * mm) / 2, (h - 45 * mm) / 2, 35 * mm, 45 * mm)
        p.setPen(QPen(self.c("fg"), line))
        p.setBrush(QColor("#e9eef5"))
        p.drawRect(frame)
        crown, chin = frame.top() + 4 * mm, frame.top() + 38 * mm  # a head of 34 mm, 4 mm under the top edge
        cx = frame.center().x()
        p.setBrush(QColor("#5b6b86"))
        shoulders = QPainterPath()
        shoulders.moveTo(frame.left(), frame.bottom())
        shoulders.quadTo(frame.left() + 2 * mm, chin - 1 * mm, cx, chin - 1 * mm)
        shoulders.quadTo(frame.right() - 2 * mm, chin - 1 * mm, frame.right(), frame.bottom())
        p.drawPath(shoulders)
        p.setBrush(QColor("#4a3426"))
        p.drawEllipse(QRectF(cx - 12 * mm, crown, 24 * mm, 30 * mm))
        p.setBrush(QColor("#f1c7a3"))
        p.drawEllipse(QRectF(cx - 10.5 * mm, crown + 6 * mm, 21 * mm, chin - crown - 6 * mm))
        # the measures: width under the frame, height and head beside it
        p.setPen(QPen(self.c("accent"), line * 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        x1, x2 = frame.right() + 4 * mm, frame.right() + 22 * mm
        for x, top, bottom in ((x1, crown, chin), (x2, frame.top(), frame.bottom())):
            p.drawLine(QPointF(x, top), QPointF(x, bottom))
            p.drawLine(QPointF(x - mm, top), QPointF(x + mm, top))
            p.drawLine(QPointF(x - mm, bottom), QPointF(x + mm, bottom))
        p.setPen(QPen(self.c("muted"), line * 0.7, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(cx, crown), QPointF(x1, crown))
        p.drawLine(QPointF(cx, chin), QPointF(x1, chin))
        size = max(12.0, 4.0 * mm)
        self._text(p, QRectF(x1 + 1 * mm, crown, x2 - x1 - 2 * mm, chin - crown), "32–36\nmm", size, self.c("accent"))
        self._text(p, QRectF(x2 + 1 * mm, frame.top(), 12 * mm, 45 * mm), "45\nmm", size, self.c("accent"))
        self._text(p, QRectF(frame.left(), frame.bottom() - 6 * mm, 35 * mm, 6 * mm), "35 mm", size,
                   QColor("#ffffff"))
        p.end()


class QrPapersPicture(Picture):
    """The two papers that carry the application QR code, side by side with the code marked and their names
    under them (the scan screen's words name them too): the notice of expiry and the application form."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: tuple[str, str] = ("", "")

    def set_names(self, first: str, second: str) -> None:
        self.names = (first, second)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        cell = w / 2
        caption_h = h * 0.28
        ph = min(h - caption_h, cell * 0.92 / 1.41)  # landscape papers
        pw = ph * 1.41
        if ph < 20:
            p.end()
            return
        line = max(2.0, ph / 70)
        for i in range(2):
            paper = QRectF(cell * i + (cell - pw) / 2, (h - caption_h - ph) / 2, pw, ph)
            p.setPen(QPen(self.c("muted"), line))
            p.setBrush(QColor("#ffffff"))
            p.drawRect(paper)
            for k in range(4):
                y = paper.top() + ph * (0.18 + k * 0.14)
                p.drawLine(QPointF(paper.left() + pw * 0.08, y), QPointF(paper.left() + pw * 0.55, y))
            if i == 1:  # the application form: the photo's place, bottom left
                p.drawRect(QRectF(paper.left() + pw * 0.08, paper.bottom() - ph * 0.4, ph * 0.25, ph * 0.32))
            s = ph * 0.36
            qr = QRectF(paper.right() - s - pw * 0.08, paper.top() + ph * 0.12, s, s)
            q = s / 7
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#000000"))
            for a in range(7):
                for b in range(7):
                    if (a < 2 and b < 2) or (a > 4 and b < 2) or (a < 2 and b > 4) or (a * 3 + b * 5) % 4 == 0:
                        p.drawRect(QRectF(qr.left() + a * q, qr.top() + b * q, q, q))
            p.setPen(QPen(self.c("danger"), line * 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(qr.adjusted(-q, -q, q, q), q, q)
            self._text(p, QRectF(cell * i, h - caption_h, cell, caption_h), phrased(self.names[i], phrase_language()),
                       max(12.0, min(caption_h * 0.4, cell / 10)), self.c("fg"))
        p.end()


CHOICE_SIGNS = ("signature", "user", "braille")


class ChoiceSign(Picture):
    """A sign beside each question of the details screen's choices: the signature certificate (a document signed
    with a pen, its seal), the user certificate (a key at a login screen: proving who you are), braille (the
    card with raised dots)."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind if kind in CHOICE_SIGNS else "signature"
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Ignored)  # the height its row has

    def sizeHint(self) -> QSize:
        return QSize(self.minimumWidth() or 160, 120)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        w, h = self.width(), self.height()
        u = min(w, h) * 0.92
        b = QRectF((w - u) / 2, (h - u) / 2, u, u)
        line = max(2.0, u / 40)
        p.setPen(QPen(self.c("fg"), line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        getattr(self, f"_draw_{self.kind}")(p, b, u, line)
        p.end()

    def _draw_signature(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        sheet = QRectF(b.left() + u * 0.12, b.top() + u * 0.06, u * 0.6, u * 0.86)
        p.setBrush(self.c("panel"))
        p.drawRect(sheet)
        for i in range(3):
            y = sheet.top() + u * (0.18 + i * 0.14)
            p.drawLine(QPointF(sheet.left() + u * 0.08, y), QPointF(sheet.right() - u * 0.08, y))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(self.c("danger"), line * 1.5))
        p.drawEllipse(QPointF(sheet.right() - u * 0.14, sheet.bottom() - u * 0.16), u * 0.1, u * 0.1)  # the seal
        p.setPen(QPen(self.c("accent"), line * 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(b.left() + u * 0.5, b.top() + u * 0.72), QPointF(b.right() - u * 0.04, b.top() + u * 0.2))

    def _draw_user(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        screen = QRectF(b.left() + u * 0.04, b.top() + u * 0.12, u * 0.72, u * 0.5)
        p.setBrush(self.c("panel"))
        p.drawRoundedRect(screen, u * 0.04, u * 0.04)
        p.drawLine(QPointF(screen.center().x(), screen.bottom()), QPointF(screen.center().x(), screen.bottom() + u * 0.1))
        p.drawLine(QPointF(screen.center().x() - u * 0.15, screen.bottom() + u * 0.1),
                   QPointF(screen.center().x() + u * 0.15, screen.bottom() + u * 0.1))
        p.setBrush(self.c("accent"))
        p.drawEllipse(QPointF(screen.center().x(), screen.top() + u * 0.17), u * 0.07, u * 0.07)  # a person
        p.drawRect(QRectF(screen.center().x() - u * 0.12, screen.top() + u * 0.28, u * 0.24, u * 0.12))
        key = QPointF(b.left() + u * 0.74, b.top() + u * 0.72)  # the key
        p.setPen(QPen(self.c("ok"), line * 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(key, u * 0.1, u * 0.1)
        p.drawLine(key + QPointF(-u * 0.1, u * 0.06), key + QPointF(-u * 0.36, u * 0.2))
        p.drawLine(key + QPointF(-u * 0.28, u * 0.16), key + QPointF(-u * 0.24, u * 0.24))

    def _draw_braille(self, p: QPainter, b: QRectF, u: float, line: float) -> None:
        card = QRectF(b.left() + u * 0.04, b.top() + u * 0.2, u * 0.92, u * 0.6)
        p.setBrush(self.c("panel"))
        p.drawRoundedRect(card, u * 0.05, u * 0.05)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.c("fg"))
        cells = ((1, 1, 0, 1, 0, 0), (1, 0, 1, 1, 0, 1), (1, 1, 1, 0, 1, 0))  # three cells of raised dots
        for c, dots in enumerate(cells):
            for k, on in enumerate(dots):
                if on:
                    x = card.left() + u * (0.16 + c * 0.27 + (k // 3) * 0.1)
                    y = card.top() + u * (0.14 + (k % 3) * 0.14)
                    p.drawEllipse(QPointF(x, y), u * 0.035, u * 0.035)


# the Japanese coins as the acceptor takes them: diameter (mm), face colour, rim colour, a hole
COINS: dict[int, tuple[float, str, str, bool]] = {
    1: (20.0, "#d9dde3", "#8d949e", False), 5: (22.0, "#d9b44a", "#8a6d1f", True),
    10: (23.5, "#c27c4e", "#7a4a2a", False), 50: (21.0, "#d9dde3", "#8d949e", True),
    100: (22.6, "#d9dde3", "#8d949e", False), 500: (26.5, "#e0c35a", "#8a6d1f", False),
}


class AcceptedCoinsPicture(Picture):
    """The coins this booth takes now, drawn to their real sizes side by side (the 5 and 50 yen with their hole),
    each with its value under it (the screen's translated words)."""

    HEIGHT_WORDS_LEAVE = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coins: list[tuple[int, str]] = []

    def set_coins(self, coins: list[tuple[int, str]]) -> None:
        self.coins = [(v, text) for v, text in coins if v in COINS]
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.painter()
        if not self.coins:
            p.end()
            return
        w, h = self.width(), self.height()
        n = len(self.coins)
        mm = min(w / (n * 34.0), h * 0.62 / 26.5)  # px per mm: the coins and their gaps across, the largest fits
        cell = w / n
        centre_y = h * 0.38
        for i, (value, text) in enumerate(self.coins):
            diameter, face, rim, hole = COINS[value]
            r = diameter * mm / 2
            centre = QPointF(cell * (i + 0.5), centre_y)
            p.setPen(QPen(QColor(rim), max(2.0, mm * 0.8)))
            p.setBrush(QColor(face))
            p.drawEllipse(centre, r, r)
            if hole:
                p.setBrush(self.c("bg"))
                p.drawEllipse(centre, r * 0.2, r * 0.2)
            else:
                self._text(p, QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), str(value), r * 0.6,
                           QColor("#1a1f2b"))
            self._text(p, QRectF(cell * i, centre_y + 13.5 * mm + mm, cell, h - centre_y - 14.5 * mm), text,
                       max(12.0, min(h * 0.16, cell / 5)), self.c("fg"))
        p.end()
