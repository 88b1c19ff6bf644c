"""The print sheet: pixel size at the printer's resolution, copies that fit, cut guides off the photos, RGB,
no metadata."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from kiosk import config
from kiosk.photo import sheet, sizes

L = config.PAPER_SIZES_MM["L"]


def _photo(size: sizes.PhotoSize, dpi: int = 300) -> np.ndarray:
    w, h = size.pixels(dpi)
    rng = np.random.default_rng(7)
    img = rng.integers(40, 200, (h, w, 3), dtype=np.uint8)
    img[:, :, 0] = 180  # a reddish photo: its copies are told from the white paper and the grey guides
    return img


def _decode(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "JPEG" and im.mode == "RGB"
        return np.array(im)


@pytest.mark.parametrize(("size_id", "copies"), [("30x40", 4), ("35x45", 4), ("24x30", 9)])
def test_an_l_sheet_at_300_dpi_holds_as_many_copies_as_fit(size_id: str, copies: int) -> None:
    size = sizes.get(size_id)
    s = sheet.render(_photo(size), size, L, 300)
    with Image.open(io.BytesIO(s.jpeg)) as im:
        assert im.size == (1051, 1500)  # 89x127 mm at 300 dpi
        assert im.info["dpi"] == pytest.approx((300, 300))
    assert s.copies == copies == s.layout.columns * s.layout.rows
    # one more column or row would not fit inside the margins
    pw, ph = L
    w, h = size.width_mm, size.height_mm
    assert (s.layout.columns + 1) * w + s.layout.columns * sheet.GAP_MM > pw - 2 * sheet.MARGIN_MM
    assert (s.layout.rows + 1) * h + s.layout.rows * sheet.GAP_MM > ph - 2 * sheet.MARGIN_MM
    assert count_photos(_decode(s.jpeg), s.layout.photo_px) == copies


def count_photos(rgb: np.ndarray, photo_px: tuple[int, int]) -> int:
    """Photos on a sheet: areas off the white paper of a photo's size, once the thin cut guides are opened away
    (shared with the CUPS tests)."""
    import cv2

    ink = (rgb.min(axis=2) < 235).astype(np.uint8)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    w, h = photo_px
    return sum(1 for i in range(1, n)
               if abs(stats[i, cv2.CC_STAT_WIDTH] - w) <= 3 and abs(stats[i, cv2.CC_STAT_HEIGHT] - h) <= 3)


def test_each_copy_is_the_photo_and_the_guides_lie_off_every_photo() -> None:
    size = sizes.get("35x45")
    photo = _photo(size)
    s = sheet.render(photo, size, L, 300)
    rgb = _decode(s.jpeg)
    inside = np.zeros(rgb.shape[:2], bool)
    for b in s.layout.boxes:
        region = rgb[b.y0:b.y1, b.x0:b.x1].astype(int)
        assert region.shape[:2] == photo.shape[:2]
        assert np.abs(region - photo).mean() < 6  # JPEG at quality 95 on noise
        inside[max(0, b.y0 - 8):b.y1 + 8, max(0, b.x0 - 8):b.x1 + 8] = True  # a JPEG block past the edge
    # grid centred on the paper
    xs, ys = [b.x0 for b in s.layout.boxes], [b.y0 for b in s.layout.boxes]
    assert abs(min(xs) - (rgb.shape[1] - max(b.x1 for b in s.layout.boxes))) <= 1
    assert abs(min(ys) - (rgb.shape[0] - max(b.y1 for b in s.layout.boxes))) <= 1
    # outside the photos (and their JPEG edge): white paper and grey guides only, guides at the corners
    outside = rgb[~inside].astype(int)
    assert (outside.max(1) - outside.min(1)).max() < 20  # no colour outside the photos
    grey = (outside.max(1) < 200).sum()
    assert grey > 0
    b = s.layout.boxes[0]
    off = sheet.px(sheet.MARK_OFFSET_MM, 300)
    above_corner = rgb[b.y0 - off - 10, b.x0].astype(int)
    assert above_corner.max() < 200  # a guide on the left cut line, above the first photo
    assert rgb[b.y0 - off - 10, b.x0 + 20].min() > 240  # and paper beside it


def test_the_resolution_and_paper_are_settings() -> None:
    size = sizes.get("24x30")
    s = sheet.render(_photo(size, 600), size, config.PAPER_SIZES_MM["2L"], 600)
    with Image.open(io.BytesIO(s.jpeg)) as im:
        assert im.size == (3000, 4205) and im.info["dpi"] == pytest.approx((600, 600))
    assert s.layout.photo_px == (567, 709) and s.copies == 4 * 5
    # a photo at another resolution is scaled to the size's pixels at the sheet's
    s300 = sheet.render(_photo(size, 600), size, L, 300)
    assert s300.layout.photo_px == size.pixels(300)
    with pytest.raises(ValueError, match="does not fit"):
        sheet.layout((30.0, 30.0), (35.0, 45.0), 300)


def test_the_sheet_carries_no_metadata_and_the_check_finds_metadata() -> None:
    size = sizes.get("30x40")
    s = sheet.render(_photo(size), size, L, 300)
    assert sheet.metadata_of(s.jpeg) == []
    assert b"Exif" not in s.jpeg and b"ICC_PROFILE" not in s.jpeg and b"ns.adobe.com/xap" not in s.jpeg
    with Image.open(io.BytesIO(s.jpeg)) as im:
        assert not im.getexif() and "icc_profile" not in im.info and "comment" not in im.info
        tagged = io.BytesIO()
        exif = Image.Exif()
        exif[0x010E] = "someone"  # ImageDescription
        im.save(tagged, format="JPEG", exif=exif, icc_profile=b"\0" * 200, comment=b"hello")
    assert {"exif", "icc_profile", "comment"} <= set(sheet.metadata_of(tagged.getvalue()))
