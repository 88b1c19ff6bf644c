"""The print sizes: each size's rules as data, the crop solver and the checks at each size's geometry, on exact
numbers and on the generated good scene."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from kiosk import config
from kiosk.photo import checks, scenes, sizes
from kiosk.photo.checks import FaceGeometry, assess
from kiosk.photo.faces import FaceAnalyzer
from kiosk.photo.official import make_official

GEOMETRY = ("face_size", "top_margin", "chin_margin", "face_position")


@pytest.fixture(scope="session")
def analyzer() -> FaceAnalyzer:
    return FaceAnalyzer()


def test_the_three_sizes_and_their_rules() -> None:
    assert list(sizes.SIZES) == list(config.PHOTO_SIZE_IDS) == ["30x40", "35x45", "24x30"]
    p = sizes.get("35x45")
    assert (p.crown_chin_min_mm, p.crown_chin_max_mm, p.top_margin_min_mm, p.top_margin_max_mm) == (32, 36, 2, 6)
    for s in sizes.SIZES.values():
        assert s.id == f"{s.width_mm:.0f}x{s.height_mm:.0f}"
        # the rules fit inside the frame: the largest head plus the smallest margins is at most the height
        assert s.crown_chin_max_mm + s.top_margin_min_mm + s.chin_margin_min_mm <= s.height_mm
        assert s.crown_chin_min_mm < s.crown_chin_target_mm < s.crown_chin_max_mm
        assert s.fee_yen % 10 == 0 and s.source
    lic = sizes.get("24x30")
    assert (lic.crown_chin_min_mm, lic.crown_chin_max_mm) == (21.3, 24.0)  # 32-36 mm of 45, scaled to 30
    assert sizes.get("30x40").pixels(300) == (354, 472)
    with pytest.raises(KeyError, match="known: 30x40, 35x45, 24x30"):
        sizes.get("50x50")


def test_fees_come_from_the_config_and_default_per_size() -> None:
    cfg = config.from_dict({"idphoto": {"sizes": ["24x30", "35x45"], "fees": {"24x30": 700}}})
    offered = sizes.offered(cfg.idphoto.sizes, cfg.idphoto.fees)
    assert [(s.id, s.fee_yen) for s in offered] == [("24x30", 700), ("35x45", sizes.PASSPORT.fee_yen)]
    for bad, msg in (({"fees": {"24x30": 705}}, "multiple of 10"), ({"fees": {"9x9": 700}}, "not a photo size"),
                     ({"sizes": ["35x45", "35x45"]}, "appears twice"), ({"sizes": ["9x9"]}, "is not one of"),
                     ({"sizes": [35]}, "expected strings")):
        with pytest.raises(config.ConfigError, match=msg):
            config.from_dict({"idphoto": bad})


def _geometry(s: sizes.PhotoSize, px_mm: float, cc: float, top: float, off: float) -> FaceGeometry:
    crown_y, chin_y = top * px_mm, (top + cc) * px_mm
    cx = (s.width_mm / 2 + off) * px_mm
    return FaceGeometry((cx, crown_y), (cx, chin_y), (0, 0), (0, 0), (cx, (crown_y + chin_y) / 2), np.zeros((0, 2)))


@pytest.mark.parametrize("size_id", list(sizes.SIZES))
def test_a_still_of_each_size_is_judged_in_mm_of_that_size(size_id: str) -> None:
    s = sizes.get(size_id)
    t = s.thresholds()
    px_mm = 20.0
    w, h = round(s.width_mm * px_mm), round(s.height_mm * px_mm)
    top = (s.top_margin_min_mm + s.top_margin_max_mm) / 2
    good = _geometry(s, px_mm, s.crown_chin_target_mm, top, 0.0)
    crop = checks.solve_crop(good, w, h, t)
    assert crop.still and crop.px_per_mm == pytest.approx(px_mm, rel=1e-3)
    mm = checks.geometry_mm(good, crop)
    assert mm["crown_chin"] == pytest.approx(s.crown_chin_target_mm, abs=0.05)
    assert mm["offset"] == pytest.approx(0.0, abs=0.05)
    for cid in GEOMETRY:
        key = {"face_size": "crown_chin", "top_margin": "top", "chin_margin": "chin", "face_position": "offset"}
        assert checks.decide(cid, round(mm[key[cid]], 2), {}, t), (cid, mm)
    # a head 0.3 mm past this size's maximum fails face_size; the 35x45 rule would have let 24x30's pass
    big = _geometry(s, px_mm, s.crown_chin_max_mm + 0.3, s.top_margin_min_mm + 0.2, 0.0)
    value = round(checks.geometry_mm(big, checks.solve_crop(big, w, h, t))["crown_chin"], 2)
    assert not checks.decide("face_size", value, {}, t)
    if size_id != "35x45":
        assert not checks.is_still(w, h) or abs(s.aspect - checks.ASPECT) < 0.01


@pytest.mark.parametrize("size_id", list(sizes.SIZES))
def test_the_booth_crops_a_camera_frame_at_each_sizes_aspect_and_target(size_id: str) -> None:
    s = sizes.get(size_id)
    t = s.thresholds()
    # a head 340 px tall in a 1280x720 frame (the crop stays above crop_min_height_px at every size)
    crop = checks.solve_crop_for(150.0, 490.0, 640.0, 1280, 720, t)
    assert crop.width / crop.height == pytest.approx(s.aspect, rel=1e-6)
    assert crop.frame_h_mm == s.height_mm
    assert 340.0 / crop.px_per_mm == pytest.approx(s.crown_chin_target_mm, abs=0.01)
    top_mm = (150.0 - crop.y0) / crop.px_per_mm
    assert s.top_margin_min_mm <= top_mm <= s.top_margin_max_mm


@pytest.mark.parametrize("size_id", list(sizes.SIZES))
def test_the_good_scene_passes_every_check_at_each_size_and_its_print_is_that_size(
        analyzer: FaceAnalyzer, size_id: str) -> None:
    s = sizes.get(size_id)
    t = s.thresholds()
    img = scenes.scene("good")
    a = assess(img, analyzer.analyse(img, t), t)
    assert a.ok, a.failed
    assert a.crop is not None and a.crop.width / a.crop.height == pytest.approx(s.aspect, rel=1e-3)
    assert a.results["face_size"].threshold == (s.crown_chin_min_mm, s.crown_chin_max_mm)
    w, h = s.pixels(300)
    photo = make_official(img, a, w, h)
    with Image.open(io.BytesIO(photo)) as im:
        assert im.size == (w, h)
        still = np.array(im)[:, :, ::-1].copy()
    # the photo judged as a still of this size keeps the geometry the crop gave it
    again = assess(still, analyzer.analyse(still, t), t)
    assert again.crop is not None and again.crop.still
    assert all(again.results[c].ok for c in GEOMETRY), {c: again.results[c].value for c in GEOMETRY}
