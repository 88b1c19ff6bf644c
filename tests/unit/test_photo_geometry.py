"""Geometry in millimetres of the 35x45 mm photo: every geometric check at its tolerance edges (0.3 mm inside
passes, 0.3 mm outside fails), on exact numbers and on photos of the astronaut placed at a known geometry."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.photo import checks
from kiosk.photo.checks import FaceGeometry, Thresholds, assess
from kiosk.photo.faces import FaceAnalyzer
from scripts import photo_set as ps

T = Thresholds()
EDGES = {  # check: (its lower edge, its upper edge), mm (docs/photo.md)
    "face_size": (32.0, 36.0),
    "top_margin": (2.0, 6.0),
    "chin_margin": (5.0, 9.0),
    "face_position": (-1.5, 1.5),
}
CASES = [(check, edge, side) for check in EDGES for edge in (0, 1) for side in (-1, 1)]


def _layout(check: str, value: float) -> tuple[float, float, float]:
    """Crown-to-chin, top margin and centre offset (mm) putting one check's value where asked and every other
    value well inside its range."""
    cc, top, off = 34.0, 4.0, 0.0
    if check == "face_size":
        cc, top = value, (45.0 - value) / 2 - 1.5  # the chin margin moves with it, inside its range
    elif check == "top_margin":
        cc, top = 33.5, value
        if value > 5.5:  # a large top margin leaves less below the chin: a smaller head keeps that inside
            cc = 45.0 - value - 7.0
    elif check == "chin_margin":
        cc = 33.0
        top = 45.0 - cc - value
    else:
        off = value
    return cc, top, off


def _geometry(cc: float, top: float, off: float, px_mm: float) -> FaceGeometry:
    crown_y, chin_y = top * px_mm, (top + cc) * px_mm
    cx = (17.5 + off) * px_mm
    return FaceGeometry((cx, crown_y), (cx, chin_y), (0, 0), (0, 0), (cx, (crown_y + chin_y) / 2), np.zeros((0, 2)))


def _value_and_ok(g: FaceGeometry, w: int, h: int, check: str) -> tuple[float, bool]:
    crop = checks.solve_crop(g, w, h, T)
    mm = checks.geometry_mm(g, crop)
    key = {"face_size": "crown_chin", "top_margin": "top", "chin_margin": "chin", "face_position": "offset"}[check]
    value = round(mm[key], 2)
    return value, checks.decide(check, value, {}, T)


@pytest.mark.parametrize(("check", "edge", "side"), CASES)
def test_a_still_inside_by_0_3_mm_passes_and_outside_by_0_3_mm_fails(check: str, edge: int, side: int) -> None:
    limit = EDGES[check][edge]
    outward = -1 if edge == 0 else 1
    value = limit + side * outward * 0.3  # side +1: outside the range, -1: inside
    g = _geometry(*_layout(check, value), px_mm=16.0)
    measured, ok = _value_and_ok(g, 560, 720, check)  # a 35:45 still: judged as the crop itself
    assert measured == pytest.approx(value, abs=0.01)
    assert ok is (side < 0)


def test_a_camera_frame_is_cropped_to_the_target_geometry() -> None:
    # a head of 360 px in a 1280x720 frame: the booth's crop makes it 34 mm, 4 mm from the top, centred
    g = FaceGeometry((600.0, 100.0), (600.0, 460.0), (0, 0), (0, 0), (600.0, 280.0), np.zeros((0, 2)))
    crop = checks.solve_crop(g, 1280, 720, T)
    mm = checks.geometry_mm(g, crop)
    assert not crop.still and crop.height == pytest.approx(360 * 45 / 34)
    assert mm == pytest.approx({"crown_chin": 34.0, "top": 4.0, "chin": 7.0, "offset": 0.0}, abs=1e-6)


@pytest.mark.parametrize("side", [-1, 1])
def test_a_frame_whose_crop_stops_at_the_frame_edge_is_off_centre_by_what_is_missing(side: int) -> None:
    # a 360 px head: the crop is 476 px high, 370 px wide (10.6 px/mm); the face 1.2 or 1.8 mm too near the
    # frame's edge for a centred crop
    px_mm = 360 / 34
    crop_w = 35 * px_mm
    for missing_mm, passes in ((1.2, True), (1.8, False)):
        cx = crop_w / 2 - missing_mm * px_mm if side < 0 else 1280 - crop_w / 2 + missing_mm * px_mm
        g = FaceGeometry((cx, 100.0), (cx, 460.0), (0, 0), (0, 0), (cx, 280.0), np.zeros((0, 2)))
        value, ok = _value_and_ok(g, 1280, 720, "face_position")
        assert value == pytest.approx(side * missing_mm, abs=0.01)
        assert ok is passes


def test_a_frame_too_small_or_too_large_for_the_head_fails_face_size() -> None:
    # the crop is never under crop_min_height_px (400): a 260 px head is then 29.25 mm; never over the frame
    # (720 px high): a 600 px head is 37.5 mm
    for head_px, expected in ((260.0, 260 / 400 * 45), (600.0, 600 / 720 * 45)):
        g = FaceGeometry((640.0, 60.0), (640.0, 60.0 + head_px), (0, 0), (0, 0), (640.0, 60 + head_px / 2),
                         np.zeros((0, 2)))
        value, ok = _value_and_ok(g, 1280, 720, "face_size")
        assert value == pytest.approx(expected, abs=0.01) and not ok


@pytest.fixture(scope="module")
def astronaut() -> tuple[FaceAnalyzer, ps.Person]:
    analyzer = FaceAnalyzer()
    return analyzer, ps.astronaut(analyzer)


@pytest.mark.parametrize(("check", "edge", "side"), CASES)
def test_photos_of_the_astronaut_at_the_edges(
    astronaut: tuple[FaceAnalyzer, ps.Person], check: str, edge: int, side: int
) -> None:
    """The same edges measured end to end: the astronaut composed at the geometry (truth by construction:
    the top of her mask, her mesh chin), her face found, her crown estimated."""
    analyzer, person = astronaut
    limit = EDGES[check][edge]
    value = limit + side * (-1 if edge == 0 else 1) * 0.3
    cc, top, off = _layout(check, value)
    bg, _ = ps.background(ps.STILL_W, ps.STILL_H, np.random.default_rng(3), ramp=0.02)
    image, alpha, lm = ps.compose(person, bg, ps.Placement(cc * ps.PX_MM, top * ps.PX_MM, (17.5 + off) * ps.PX_MM))
    truth = ps._geometry_truth(alpha, lm, ps.PX_MM, (0.0, 0.0))
    key = {"face_size": "crown_chin_mm", "top_margin": "top_mm", "chin_margin": "chin_mm",
           "face_position": "offset_mm"}[check]
    assert truth[key] == pytest.approx(value, abs=0.06)  # what was drawn
    result = assess(image, analyzer.analyse(image)).results[check]
    assert result.ok is (side < 0), (check, value, result.value)
    assert result.value is not None and abs(result.value - truth[key]) < 0.3
