"""CameraView: a mirrored, letterboxed picture, the outline colours, face box, countdown, flash, frame dropping."""

from __future__ import annotations

import statistics
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, QTimer
from PySide6.QtGui import QColor, QImage

from kiosk.devices.base import Frame
from kiosk.ui.widgets.camera_view import DEFAULT_OUTLINE, NOT_OK_COLOUR, OK_COLOUR, CameraView

RED_BGR, BLUE_BGR = (0, 0, 255), (255, 0, 0)


def halves(width: int = 1280, height: int = 720) -> np.ndarray:
    """Red on the left half, blue on the right half (BGR)."""
    image = np.zeros((height, width, 3), np.uint8)
    image[:, : width // 2] = RED_BGR
    image[:, width // 2 :] = BLUE_BGR
    return image


def grey(level: int = 90, width: int = 1280, height: int = 720) -> np.ndarray:
    return np.full((height, width, 3), level, np.uint8)


@pytest.fixture
def view(qtbot: Any) -> CameraView:
    widget = CameraView()
    qtbot.addWidget(widget)
    widget.resize(640, 400)  # a 16:9 frame leaves 20 px bars above and below
    return widget


def pixel(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(round(point.x()), round(point.y()))


def close(colour: QColor, expected: QColor, tolerance: int = 40) -> bool:
    return all(
        abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], expected.getRgb()[:3], strict=True)
    )


def test_picture_is_mirrored_and_letterboxed(view: CameraView) -> None:
    view.set_outline(QRectF(0.45, 0.45, 0.0, 0.0))  # keep the outline out of the sampled spots
    view.show_frame(Frame(halves(), 0, 0.0))
    image = view.grab().toImage()
    assert view.picture_rect().getRect() == (0, 20, 640, 360)
    assert image.pixelColor(100, 200) == QColor(0, 0, 255)  # the frame's right (blue) shows on the left
    assert image.pixelColor(540, 200) == QColor(255, 0, 0)
    assert image.pixelColor(320, 5) == QColor(0, 0, 0)  # letterbox bar
    assert image.pixelColor(320, 395) == QColor(0, 0, 0)

    view.set_mirrored(False)
    image = view.grab().toImage()
    assert image.pixelColor(100, 200) == QColor(255, 0, 0)
    assert image.pixelColor(540, 200) == QColor(0, 0, 255)


def test_outline_is_orange_then_green_where_the_head_goes(view: CameraView) -> None:
    view.show_frame(Frame(grey(), 0, 0.0))
    outline = view.outline
    assert outline == DEFAULT_OUTLINE
    middle_y = outline.y() + outline.height() / 2
    edges = [view.map_from_frame(outline.x(), middle_y), view.map_from_frame(outline.right(), middle_y)]
    image = view.grab().toImage()
    assert all(close(pixel(image, p), NOT_OK_COLOUR) for p in edges)
    assert close(pixel(image, view.map_from_frame(0.5, 0.5)), QColor(90, 90, 90), 2)  # inside the oval

    view.set_outline_state(True)
    image = view.grab().toImage()
    assert all(close(pixel(image, p), OK_COLOUR) for p in edges)


def test_custom_outline_is_mirrored_with_the_picture(view: CameraView) -> None:
    view.show_frame(Frame(grey(), 0, 0.0))
    view.set_outline(QRectF(0.1, 0.1, 0.2, 0.3))  # on the frame's left: the citizen's right, shown right
    image = view.grab().toImage()
    left_edge = view.map_from_frame(0.1, 0.25)
    assert left_edge.x() > 320
    assert close(pixel(image, left_edge), NOT_OK_COLOUR)
    default_edge = view.map_from_frame(DEFAULT_OUTLINE.x(), DEFAULT_OUTLINE.center().y())
    assert close(pixel(image, default_edge), QColor(90, 90, 90), 2)
    view.set_outline(None)
    assert view.outline == DEFAULT_OUTLINE


def test_face_box_overlay(view: CameraView) -> None:
    view.show_frame(Frame(grey(20), 0, 0.0))
    box = QRectF(0.05, 0.05, 0.2, 0.2)
    corner = view.map_from_frame(0.05, 0.05)
    assert close(pixel(view.grab().toImage(), corner), QColor(20, 20, 20), 2)
    view.set_face_box(box)
    assert pixel(view.grab().toImage(), corner).lightness() > 150
    view.set_face_box(None)
    assert close(pixel(view.grab().toImage(), corner), QColor(20, 20, 20), 2)


def white_pixels_in(image: QImage, rect: QRectF) -> int:
    count = 0
    for y in range(round(rect.top()), round(rect.bottom())):
        for x in range(round(rect.left()), round(rect.right())):
            if image.pixelColor(x, y).lightness() > 240:
                count += 1
    return count


def test_countdown_number_beside_the_face(view: CameraView) -> None:
    view.set_outline(QRectF(0.0, 0.0, 0.0, 0.0))
    view.show_frame(Frame(grey(), 0, 0.0))
    view.set_countdown(3)
    ring = view.countdown_rect()
    badge = ring.adjusted(ring.width() * 0.22, ring.height() * 0.18, -ring.width() * 0.22, -ring.height() * 0.18)
    oval = QRectF(view.map_from_frame(DEFAULT_OUTLINE.right(), DEFAULT_OUTLINE.top()),
                  view.map_from_frame(DEFAULT_OUTLINE.left(), DEFAULT_OUTLINE.bottom())).normalized()
    assert not ring.intersects(oval)  # never over the face
    view.set_countdown(None)
    assert white_pixels_in(view.grab().toImage(), badge) == 0
    view.set_countdown(3)
    assert view.countdown == 3
    image_three = view.grab().toImage()
    three = white_pixels_in(image_three, badge)
    view.set_countdown(1)
    image_one = view.grab().toImage()
    one = white_pixels_in(image_one, badge)
    assert three > 30 and one > 10
    differ = sum(1 for y in range(round(badge.top()), round(badge.bottom()))
                 for x in range(round(badge.left()), round(badge.right()))
                 if image_three.pixelColor(x, y) != image_one.pixelColor(x, y))
    assert differ > 30  # another digit is drawn
    assert white_pixels_in(view.grab().toImage(), oval) == 0


@pytest.mark.parametrize("size", [(640, 400), (300, 400)])
def test_the_photo_crop_is_35_by_45_and_the_countdown_stays_off_the_face(qtbot: Any, size: tuple[int, int]) -> None:
    widget = CameraView()
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.set_photo_crop(True)
    widget.show_frame(Frame(halves(), 0, 0.0))
    picture = widget.picture_rect()
    assert abs(picture.width() / picture.height() - 35 / 45) < 0.01
    assert picture.height() == size[1] or picture.width() == size[0]  # as large as the widget allows
    widget.set_countdown(2)
    oval = QRectF(widget.map_from_frame(DEFAULT_OUTLINE.right(), DEFAULT_OUTLINE.top()),
                  widget.map_from_frame(DEFAULT_OUTLINE.left(), DEFAULT_OUTLINE.bottom())).normalized()
    assert QRectF(picture).contains(oval.adjusted(2, 2, -2, -2))  # the head outline inside the photo
    assert not widget.countdown_rect().intersects(oval)
    image = widget.grab().toImage()
    left = QPointF(picture.x() + picture.width() * 0.2, picture.center().y())  # mirrored: blue on the left
    assert close(pixel(image, left), QColor(0, 0, 255))


def test_flash_whitens_then_fades(qtbot: Any, view: CameraView) -> None:
    view.show_frame(Frame(grey(40), 0, 0.0))
    view.flash()
    assert view.flashing
    assert view.grab().toImage().pixelColor(60, 200).lightness() > 180
    qtbot.waitUntil(lambda: not view.flashing, timeout=2000)
    assert view.flash_level() == 0.0
    assert close(view.grab().toImage().pixelColor(60, 200), QColor(40, 40, 40), 2)


def test_only_the_newest_frame_is_painted(qtbot: Any, view: CameraView) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.repaint()
    painted = view.frames_painted
    for level in range(10, 110, 10):
        view.show_frame(Frame(grey(level), level, 0.0))
    assert view.frames_shown == 10
    qtbot.waitUntil(lambda: view.frames_painted > painted, timeout=2000)
    flushed: list[bool] = []
    QTimer.singleShot(0, lambda: flushed.append(True))  # posted after any further paint already queued
    qtbot.waitUntil(lambda: bool(flushed), timeout=2000)
    assert view.frames_painted == painted + 1  # nine frames dropped, not queued
    assert close(view.grab().toImage().pixelColor(60, 200), QColor(100, 100, 100), 2)


def test_clear_paints_black(view: CameraView) -> None:
    view.show_frame(Frame(grey(200), 0, 0.0))
    view.clear()
    assert view.grab().toImage().pixelColor(320, 200) == QColor(0, 0, 0)
    assert view.picture_rect().isEmpty()


def test_paint_of_a_720p_frame_takes_well_under_40_ms(qtbot: Any) -> None:
    view = CameraView()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.set_face_box(QRectF(0.4, 0.2, 0.2, 0.3))
    view.set_countdown(2)
    rng = np.random.default_rng(1)
    base = rng.integers(0, 255, size=(720, 1280, 3), dtype=np.uint8)
    for index in range(15):
        view.show_frame(Frame(np.roll(base, index, axis=1), index, 0.0))
        view.grab()
    median_ms = statistics.median(list(view.paint_times_ms)[3:])
    assert median_ms < 40.0, f"median paint {median_ms:.1f} ms"
