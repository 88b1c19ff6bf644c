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
    # the official file is a 35:45 still: judged as itself, its geometry is what the crop made of the frame
    img = np.array(Image.open(io.BytesIO(official)))[:, :, ::-1].copy()
    a = assess(img, analyzer.analyse(img))
    assert a.crop is not None and a.crop.still and (a.crop.width, a.crop.height) == (827, 1063)
    r = a.results
    assert r["face_size"].value is not None and abs(r["face_size"].value - 34.0) <= 0.5
    assert r["top_margin"].value is not None and abs(r["top_margin"].value - 4.0) <= 0.5
    assert r["chin_margin"].value is not None and abs(r["chin_margin"].value - 7.0) <= 0.6
    assert r["face_position"].value is not None and abs(r["face_position"].value) <= 0.5
    assert all(r[c].ok for c in ("face_size", "top_margin", "chin_margin", "face_position"))
    g = a.geometry
    assert g is not None
    assert abs((g.chin[1] - g.crown[1]) / (1063 / FRAME_H_MM) - r["face_size"].value) < 0.01


def test_a_face_at_the_frame_edge_is_cropped_inside_the_frame_and_measured_off_centre(
    analyzer: FaceAnalyzer,
) -> None:
    # the crop never leaves the frame (no invented pixels): it stops at the edge, so the face sits off the
    # middle of the photo and face_position says by how many mm; the official file is still made of real pixels
    img = np.roll(scenes.scene("good"), -560, axis=1)
    a = assess(img, analyzer.analyse(img))
    assert a.crop is not None and a.crop.x0 == 0.0 and a.crop.overflow_px == 0.0
    pos = a.results["face_position"]
    assert "face_position" in a.failed and pos.value is not None and pos.value < -1.5
    official = make_official(img, a)
    assert validate_official(official) == []


def test_no_face_gives_no_official_file(analyzer: FaceAnalyzer) -> None:
    img = scenes.scene("nobody")
    with pytest.raises(OfficialPhotoError, match="single_face"):
        make_official(img, assess(img, analyzer.analyse(img)))


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


# Just inside and just outside each limit (tests/helpers/jpegs.py pads a real JPEG to an exact length).
@pytest.mark.parametrize(
    ("n_bytes", "problem"),
    [(20 * 1024 - 1, "below 20 KB"), (20 * 1024, None), (7 * 1024 * 1024, None), (7 * 1024 * 1024 + 1, "above 7 MB")],
    ids=["20KB-1", "20KB", "7MB", "7MB+1"],
)
def test_the_byte_limits_are_inclusive(n_bytes: int, problem: str | None) -> None:
    from tests.helpers.jpegs import of_length

    data = of_length(n_bytes)
    assert len(data) == n_bytes
    problems = validate_official(data)
    assert problems == ([] if problem is None else [f"file is {n_bytes} bytes, {problem}"])


@pytest.mark.parametrize(
    ("width", "ok"), [(818, False), (819, True), (827, True), (835, True), (836, False)],
)
def test_the_35_45_tolerance_is_one_percent(width: int, ok: bool) -> None:
    from tests.helpers.jpegs import of_length

    problems = validate_official(of_length(30_000, width, 1063))
    assert problems == ([] if ok else [f"aspect {width}x1063 is not 35:45"])
