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


# The pipeline pinned piece by piece: the crop taken (clamped to the frame), the interpolation, the exposure
# gain, the quality steps and the JPEG settings.
def _noise(h: int, w: int, lo: int = 140, hi: int = 191) -> np.ndarray:
    return np.random.default_rng(5).integers(lo, hi, (h, w, 3), dtype=np.uint8)


def _with_crop(a: object, x0: float, y0: float, w: float, h: float) -> object:
    import dataclasses

    from kiosk.photo.checks import Crop

    return dataclasses.replace(a, crop=Crop(x0, y0, w, h))  # type: ignore[type-var]


@pytest.fixture(scope="module")
def good_assessment(analyzer: FaceAnalyzer) -> object:
    img = scenes.scene("good")
    return assess(img, analyzer.analyse(img))


@pytest.mark.parametrize(
    ("crop", "region", "interp"),
    [
        ((100, 50, 1000, 1286), (slice(50, 1336), slice(100, 1100)), "area"),  # larger: averaged down
        ((100, 50, 500, 643), (slice(50, 693), slice(100, 600)), "cubic"),  # smaller: interpolated up
        ((-20.4, -10.2, 1000, 1286), (slice(0, 1276), slice(0, 980)), "area"),  # over the top-left edge
        ((400.4, 300.6, 1000, 1286), (slice(301, 1500), slice(400, 1300)), "area"),  # over the bottom-right
    ],
    ids=["inside_down", "inside_up", "top_left_edge", "bottom_right_edge"],
)
def test_the_official_file_is_the_crop_scaled_and_encoded(
    good_assessment: object, crop: tuple[float, ...], region: tuple[slice, slice], interp: str
) -> None:
    import cv2

    from kiosk.photo.official import encode_official

    img = _noise(1500, 1300)  # centre luma near 165: no exposure change
    got = make_official(img, _with_crop(good_assessment, *crop))  # type: ignore[arg-type]
    flag = cv2.INTER_AREA if interp == "area" else cv2.INTER_CUBIC
    assert got == encode_official(cv2.resize(img[region], (827, 1063), interpolation=flag))


def test_a_dark_capture_is_brightened_within_bounds(good_assessment: object) -> None:
    import cv2

    img = _noise(1500, 1300, 60, 101)  # luma about 80: the gain is held at its upper bound 1.12
    got = make_official(img, _with_crop(good_assessment, 100, 50, 1000, 1286))  # type: ignore[arg-type]
    out = np.array(Image.open(io.BytesIO(got)).convert("L"), np.float64)
    src = cv2.cvtColor(img[50:1336, 100:1100], cv2.COLOR_BGR2GRAY).mean()
    assert out.mean() == pytest.approx(src * 1.12, abs=1.5)


def test_no_crop_without_a_face_geometry_and_no_empty_crop(good_assessment: object) -> None:
    import dataclasses

    img = _noise(400, 300)
    with pytest.raises(OfficialPhotoError, match="single_face"):
        make_official(img, dataclasses.replace(good_assessment, geometry=None))  # type: ignore[type-var]
    with pytest.raises(OfficialPhotoError, match=r"^the crop is empty \(face_position\)$"):
        make_official(img, _with_crop(good_assessment, 10, 10, 0, 0))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("centre", "gain"),
    [(150, 165 / 150), (160, 1.0), (170, 1.0), (157, 165 / 157), (174, 165 / 174), (100, 1.12), (230, 0.9), (0, 1.12)],
)
def test_the_exposure_gain(centre: int, gain: float) -> None:
    """The gain moves the centre of the face (rows 35-60 %, columns 35-65 %) towards luma 165: none within
    5 %, never beyond 0.9-1.12. Outside the centre the picture is another grey, which must not count."""
    from kiosk.photo.official import _exposure_gain

    img = np.full((100, 100, 3), 40, np.uint8)
    img[35:60, 35:65] = centre
    assert _exposure_gain(img) == pytest.approx(gain)


def test_encoding_picks_the_best_quality_that_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quality 92 when it fits; else the next step down that fits (a file of exactly the limit fits); a file
    too small is encoded again at a higher quality until it reaches the lower limit (exactly the limit will do).
    RGB 4:4:4, optimised Huffman tables, no metadata."""
    from PIL import JpegImagePlugin

    from kiosk.photo import official

    img = _noise(1063, 827, 100, 140)
    rgb = img[:, :, ::-1].copy()

    def enc(q: int) -> bytes:
        buf = io.BytesIO()
        Image.fromarray(rgb, "RGB").save(buf, format="JPEG", quality=q, optimize=True, subsampling=0)
        return buf.getvalue()

    first = official.encode_official(img)
    assert first == enc(92)
    with Image.open(io.BytesIO(first)) as im:
        assert JpegImagePlugin.get_sampling(im) == 0 and im.mode == "RGB"
    monkeypatch.setattr(official, "MAX_BYTES", len(enc(84)))
    assert official.encode_official(img) == enc(84)
    monkeypatch.setattr(official, "MAX_BYTES", 7 * 1024 * 1024)
    flat = np.full((1063, 827, 3), 128, np.uint8)
    flat[::7, ::5] = 30  # a little texture: larger files at higher qualities
    flat_rgb = flat[:, :, ::-1].copy()

    def enc_flat(q: int) -> bytes:
        buf = io.BytesIO()
        Image.fromarray(flat_rgb, "RGB").save(buf, format="JPEG", quality=q, optimize=True, subsampling=0)
        return buf.getvalue()

    assert len(enc_flat(92)) < len(enc_flat(95)) < len(enc_flat(98)) < len(enc_flat(100))
    monkeypatch.setattr(official, "MIN_BYTES", len(enc_flat(98)))
    assert official.encode_official(flat) == enc_flat(98)
    monkeypatch.setattr(official, "MIN_BYTES", len(enc_flat(95)) + 1)
    assert official.encode_official(flat) == enc_flat(98)


def test_what_counts_as_metadata() -> None:
    """Progressive encoding and a resolution are not metadata; a comment, an ICC profile and EXIF are."""
    assert validate_official(_jpeg(progressive=True, dpi=(350, 350))) == []
    assert validate_official(_jpeg(comment=b"booth 42")) == ["carries metadata: comment"]
    assert validate_official(_jpeg(icc_profile=b"\0" * 128)) == ["carries metadata: icc_profile"]
    exif = Image.Exif()
    exif[0x010F] = "maker"
    [problem] = validate_official(_jpeg(exif=exif.tobytes()))
    assert problem.startswith("carries metadata: exif")
    assert validate_official(_jpeg("L")) == ["colour mode is L, not RGB"]


@pytest.mark.parametrize(
    ("size", "problems"),
    [
        ((480, 617), []),
        ((373, 479), ["width 373 px is outside 480-6000 px", "height 479 px is outside 480-6000 px"]),
        ((479, 616), ["width 479 px is outside 480-6000 px"]),
        ((4667, 6000), []),
        ((4668, 6001), ["height 6001 px is outside 480-6000 px"]),
    ],
)
def test_the_pixel_limits_are_inclusive(size: tuple[int, int], problems: list[str]) -> None:
    from tests.helpers.jpegs import jpeg

    data = jpeg(*size, noise=False, quality=30)
    assert validate_official(data + b"\0" * max(0, 20 * 1024 - len(data))) == problems
