"""The live camera preview: the newest frame mirrored, the head outline, a face box, the countdown, a flash.

On the camera screen the preview shows the photo's own shape: the 35:45 part of the frame the booth crops when
the head fills the outline (90% of the frame's height from 5% down, centred), large, mirrored, with the outline
inside it. The countdown is drawn beside the picture when there is room, else in its lower corner below the
chin: never over the face.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    import numpy as np

    from kiosk.devices.base import Frame  # the studio's preview frames; only their .image is read


# Where the head should be for a 35x45 mm photo, in normalized frame coordinates (x, y, width, height of the
# oval from crown to chin). The official crop is taken as 90% of the frame height (top at 5%): the head is
# 34 mm of the 45 mm photo (0.68 of the frame) with 4 mm above it (top at 0.13), and a head with its hair is
# about 0.8 as wide as it is tall (0.3 of a 16:9 frame's width).
DEFAULT_OUTLINE = QRectF(0.35, 0.13, 0.3, 0.68)
PHOTO_ASPECT = 35 / 45  # width over height of the official photo
CROP_TOP, CROP_HEIGHT = 0.05, 0.9  # the crop the outline is drawn for, in frame heights

OK_COLOUR = QColor(46, 204, 64)  # green: the frame passes the checks
NOT_OK_COLOUR = QColor(255, 140, 0)  # orange: not yet
FACE_BOX_COLOUR = QColor(255, 255, 255, 200)
BACKGROUND = QColor(0, 0, 0)
FLASH_DURATION_MS = 350
_FLASH_TICK_MS = 16
_PAINT_HISTORY = 240


def fit_rect(frame_width: int, frame_height: int, area: QRect) -> QRect:
    """The largest rectangle of the frame's aspect that fits in area, centred (letterboxed)."""
    scale = min(area.width() / frame_width, area.height() / frame_height)
    width, height = max(1, round(frame_width * scale)), max(1, round(frame_height * scale))
    return QRect(
        area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2, width, height
    )


class CameraView(QWidget):
    """Paints the newest frame only: frames that arrive while a paint is pending are dropped.

    Overlay geometry (outline, face box) is given in normalized coordinates of the unmirrored frame and
    mirrored here together with the picture.
    """

    def __init__(self, parent: QWidget | None = None, *, mirrored: bool = True) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._mirrored = mirrored
        self._frame: Frame | None = None
        self._prepared_key: tuple[int, int, int, int, bool] | None = None
        self._prepared_pixels: np.ndarray | None = None  # keeps the QImage's buffer alive
        self._prepared_image: QImage | None = None
        self._outline = QRectF(DEFAULT_OUTLINE)
        self._outline_ok = False
        self._face_box: QRectF | None = None
        self._countdown: int | None = None
        self._photo_crop = False
        self._flash_clock = QElapsedTimer()
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(_FLASH_TICK_MS)
        self._flash_timer.timeout.connect(self._on_flash_tick)
        self.frames_shown = 0
        self.frames_painted = 0
        self.paint_times_ms: deque[float] = deque(maxlen=_PAINT_HISTORY)

    # -- what the camera screen calls ----------------------------------------------------------------------

    def show_frame(self, frame: Frame) -> None:
        """Take the newest frame; it is painted at the next paint, a frame replaced before that is dropped."""
        self._frame = frame
        self.frames_shown += 1
        self.update()

    def clear(self) -> None:
        """Forget the frame (the session ended): paint black until the next one."""
        self._frame = None
        self._prepared_key = self._prepared_pixels = self._prepared_image = None
        self.update()

    def set_mirrored(self, mirrored: bool) -> None:
        self._mirrored = mirrored
        self.update()

    def set_photo_crop(self, on: bool) -> None:
        """Show only the 35:45 part of the frame the photo is cut from (the camera screen), or the whole frame."""
        self._photo_crop = on
        self._prepared_key = None
        self.update()

    def crop(self) -> QRectF:
        """The part of the frame shown, in normalized frame coordinates (the whole frame without photo crop)."""
        if not self._photo_crop or self._frame is None:
            return QRectF(0.0, 0.0, 1.0, 1.0)
        height, width = self._frame.image.shape[:2]
        crop_w = min(1.0, CROP_HEIGHT * height * PHOTO_ASPECT / width)
        return QRectF((1.0 - crop_w) / 2, CROP_TOP, crop_w, CROP_HEIGHT)

    def set_outline(self, rect: QRectF | None) -> None:
        """The head oval in normalized frame coordinates; None restores DEFAULT_OUTLINE."""
        self._outline = QRectF(DEFAULT_OUTLINE if rect is None else rect)
        self.update()

    def set_outline_state(self, ok: bool) -> None:
        """Green when the frame passes the checks, orange otherwise."""
        if ok != self._outline_ok:
            self._outline_ok = ok
            self.update()

    def set_face_box(self, rect: QRectF | None) -> None:
        """The face found by analysis, in normalized frame coordinates; None hides it."""
        self._face_box = None if rect is None else QRectF(rect)
        self.update()

    def set_countdown(self, n: int | None) -> None:
        """A big number over the picture before the shutter; None hides it."""
        if n != self._countdown:
            self._countdown = n
            self.update()

    def flash(self) -> None:
        """A white flash that fades out, at the shutter."""
        self._flash_clock.start()
        self._flash_timer.start()
        self.update()

    @property
    def outline(self) -> QRectF:
        return QRectF(self._outline)

    @property
    def outline_ok(self) -> bool:
        return self._outline_ok

    @property
    def countdown(self) -> int | None:
        return self._countdown

    @property
    def flashing(self) -> bool:
        return self._flash_timer.isActive()

    def flash_level(self) -> float:
        """The flash's opacity now, 1.0 at the shutter down to 0.0."""
        if not self._flash_timer.isActive():
            return 0.0
        return max(0.0, 1.0 - self._flash_clock.elapsed() / FLASH_DURATION_MS)

    def picture_rect(self) -> QRect:
        """Where the frame is painted in widget coordinates (empty before the first frame)."""
        if self._frame is None:
            return QRect()
        height, width = self._frame.image.shape[:2]
        c = self.crop()
        return fit_rect(max(1, round(width * c.width())), max(1, round(height * c.height())), self.rect())

    def map_from_frame(self, x: float, y: float) -> QPointF:
        """Widget position of a normalized (unmirrored) frame position."""
        target = self.picture_rect()
        c = self.crop()
        x, y = (x - c.x()) / c.width(), (y - c.y()) / c.height()
        if self._mirrored:
            x = 1.0 - x
        return QPointF(target.x() + x * target.width(), target.y() + y * target.height())

    def countdown_rect(self) -> QRectF:
        """Where the countdown number is drawn: beside the picture when there is room, else in its lower right
        corner under the chin."""
        target = QRectF(self.picture_rect())
        side = min(target.height() * 0.3, target.width() * 0.45)
        gap = (self.width() - target.width()) / 2
        if gap >= side:  # room beside the picture, on the right
            return QRectF(target.right() + (gap - side) / 2, target.center().y() - side / 2, side, side)
        side = min(target.width() * 0.2, target.height() * 0.14)  # the chin is at 84% of the height
        return QRectF(target.right() - side * 1.1, target.bottom() - side * 1.03, side, side)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    # -- painting ------------------------------------------------------------------------------------------

    def _on_flash_tick(self) -> None:
        if self._flash_clock.elapsed() >= FLASH_DURATION_MS:
            self._flash_timer.stop()
        self.update()

    def _prepared(self, frame: Frame, target: QRect, ratio: float) -> QImage:
        """The frame scaled to the target (in device pixels) and mirrored, cached until either changes."""
        import cv2  # the frames come from the camera, whose start() imported OpenCV and NumPy
        import numpy as np

        width, height = max(1, round(target.width() * ratio)), max(1, round(target.height() * ratio))
        key = (frame.index, id(frame.image), width, height, self._mirrored)
        if key != self._prepared_key or self._prepared_image is None:
            image = frame.image
            c = self.crop()
            if self._photo_crop:
                fh, fw = image.shape[:2]
                x0, y0 = round(c.x() * fw), round(c.y() * fh)
                image = image[y0 : y0 + round(c.height() * fh), x0 : x0 + round(c.width() * fw)]
            if (image.shape[1], image.shape[0]) != (width, height):
                image = cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)
            if self._mirrored:
                image = cv2.flip(image, 1)
            pixels = np.ascontiguousarray(image)
            qimage = QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_BGR888)
            qimage.setDevicePixelRatio(ratio)
            self._prepared_key, self._prepared_pixels, self._prepared_image = key, pixels, qimage
        return self._prepared_image

    def _frame_rect(self, rect: QRectF, target: QRect) -> QRectF:
        c = self.crop()
        rx, ry = (rect.x() - c.x()) / c.width(), (rect.y() - c.y()) / c.height()
        rw, rh = rect.width() / c.width(), rect.height() / c.height()
        x = 1.0 - rx - rw if self._mirrored else rx
        return QRectF(target.x() + x * target.width(), target.y() + ry * target.height(),
                      rw * target.width(), rh * target.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        started_s = time.perf_counter()
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), BACKGROUND)
            frame = self._frame
            if frame is not None:
                target = self.picture_rect()
                painter.drawImage(target.topLeft(), self._prepared(frame, target, self.devicePixelRatioF()))
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setClipRect(target)
                self._paint_outline(painter, target)
                if self._face_box is not None:
                    pen = QPen(FACE_BOX_COLOUR, max(2.0, target.height() / 360), Qt.PenStyle.DashLine)
                    painter.setPen(pen)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(self._frame_rect(self._face_box, target))
                if self._countdown is not None:
                    painter.setClipping(False)
                    self._paint_countdown(painter)
            level = self.flash_level()
            if level > 0:
                painter.setClipping(False)
                painter.setOpacity(level)
                painter.fillRect(self.rect(), QColor(255, 255, 255))
        finally:
            painter.end()
        if frame is not None:
            self.frames_painted += 1
        self.paint_times_ms.append((time.perf_counter() - started_s) * 1000.0)

    def _paint_outline(self, painter: QPainter, target: QRect) -> None:
        oval = self._frame_rect(self._outline, target)
        pen = QPen(OK_COLOUR if self._outline_ok else NOT_OK_COLOUR, max(3.0, target.height() / 120))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(oval)
        # The neck and shoulders, below the chin, down to the bottom of the picture.
        cx, ow = oval.center().x(), oval.width()
        chin = oval.bottom()
        bottom = max(float(target.bottom()), chin + ow * 0.6)
        for side in (-1.0, 1.0):
            neck_x = cx + side * ow * 0.24
            path = QPainterPath(QPointF(neck_x, chin - oval.height() * 0.035))
            path.lineTo(neck_x, chin + ow * 0.16)
            path.cubicTo(
                QPointF(neck_x, chin + ow * 0.30),
                QPointF(cx + side * ow * 1.35, chin + ow * 0.26),
                QPointF(cx + side * ow * 1.55, chin + ow * 0.55),
            )
            path.lineTo(cx + side * ow * 1.7, bottom)
            painter.drawPath(path)

    def _paint_countdown(self, painter: QPainter) -> None:
        badge = self.countdown_rect()
        painter.setPen(QPen(QColor(255, 255, 255), max(2.0, badge.height() / 30)))
        painter.setBrush(QColor(11, 92, 173, 230))
        painter.drawEllipse(badge)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(12, round(badge.height() * 0.62)))
        path = QPainterPath()
        text = str(self._countdown)
        path.addText(0, 0, font, text)
        bounds = path.boundingRect()
        path.translate(badge.center() - bounds.center())
        painter.setPen(QPen(QColor(0, 0, 0, 200), max(2.0, font.pixelSize() / 25)))
        painter.setBrush(QColor(255, 255, 255))
        painter.drawPath(path)
