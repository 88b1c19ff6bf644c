"""The official file: geometry, format, size and no metadata; validate_official on bad files."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from kiosk.photo import scenes
from kiosk.photo.checks import FRAME_H_MM, assess
from kiosk.photo.faces import FaceAnalyzer
from kiosk.photo.official import OfficialPhotoError, make_official, validate_official


@pytest.fixture(scope="session")
def analyzer() -> FaceAnalyzer:
    return FaceAnalyzer()


@pytest.fixture(scope="module")
def official(analyzer: FaceAnalyzer) -> bytes:
    img = scenes.scene("good")
    return make_official(img, assess(img, analyzer.analyse(img)))


def test_official_file_meets_the_specification(official: bytes) -> None:
    assert validate_official(official) == []
    assert 20 * 1024 <= len(official) <= 7 * 1024 * 1024
    with Image.open(io.BytesIO(official)) as im:
        assert im.format == "JPEG" and im.mode == "RGB" and im.size == (827, 1063)
        assert not im.getexif()
        assert "icc_profile" not in im.info and "comment" not in im.info and "exif" not in im.info
        assert abs(im.size[0] / im.size[1] - 35 / 45) < 0.01
    assert b"Exif" not in official[:2000] and b"ICC_PROFILE" not in official


def test_official_geometry_follows_the_mm_rules(analyzer: FaceAnalyzer, official: bytes) -> None:
    img = np.array(Image.open(io.BytesIO(official)))[:, :, ::-1].copy()
    a = assess(img, analyzer.analyse(img))
    g = a.geometry
    assert g is not None
    px_per_mm = 1063 / FRAME_H_MM
    crown_chin_mm = (g.chin[1] - g.crown[1]) / px_per_mm
    top_mm = g.crown[1] / px_per_mm
    assert 31.5 <= crown_chin_mm <= 36.5
    assert 1.5 <= top_mm <= 6.5
    assert abs(g.centre[0] - 827 / 2) / px_per_mm <= 2.0
    assert a.results["face_position"].ok


def test_crop_leaving_the_frame_is_refused(analyzer: FaceAnalyzer) -> None:
    img = np.roll(scenes.scene("good"), -560, axis=1)
    a = assess(img, analyzer.analyse(img))
    assert "face_position" in a.failed
    with pytest.raises(OfficialPhotoError, match="face_position"):
        make_official(img, a)


def _jpeg(mode: str = "RGB", size: tuple[int, int] = (827, 1063), **kw: object) -> bytes:
    rng = np.random.default_rng(1)
    arr = rng.integers(0, 255, (size[1], size[0], 3), np.uint8)
    im = Image.fromarray(arr, "RGB").convert(mode)
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=90, **kw)
    return buf.getvalue()


def test_validate_official_finds_each_problem() -> None:
    assert validate_official(_jpeg()) == []
    assert any("CMYK" in p for p in validate_official(_jpeg("CMYK")))
    assert any("35:45" in p for p in validate_official(_jpeg(size=(1000, 1000))))
    assert any("480-6000" in p for p in validate_official(_jpeg(size=(350, 450))))
    exif = Image.Exif()
    exif[0x010F] = "maker"
    assert any("metadata" in p for p in validate_official(_jpeg(exif=exif.tobytes())))
    assert any("below 20 KB" in p for p in validate_official(b"\xff\xd8\xff"))
    png = io.BytesIO()
    Image.new("RGB", (827, 1063)).save(png, format="PNG")
    assert any("not JPEG" in p for p in validate_official(png.getvalue()))
    assert validate_official(b"not an image" * 3000) == ["not a readable image"]
