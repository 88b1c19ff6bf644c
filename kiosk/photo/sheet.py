"""The print sheet: copies of one photo laid out on the printer's paper with cut guides, rendered by Pillow.

The sheet is the paper at the printer's resolution (L, 89x127 mm at 300 dpi: 1051x1500 pixels), white, with as
many upright copies of the photo as fit inside a margin, a gap between them for the cutter, and thin grey corner
marks in the margin and the gaps on each cut line. It is encoded as a baseline JPEG in RGB without chroma
subsampling: untagged RGB is sRGB by convention (the camera's and the printer driver's default), and the file
carries nothing but the JFIF header with its dots per inch (no EXIF, XMP, ICC profile or comment), so nothing
of the citizen but the picture itself goes to the print queue.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from kiosk.photo.sizes import MM_PER_INCH, PhotoSize

MARGIN_MM = 3.0  # paper edge to the nearest photo (a dye-sublimation print is borderless: this is cut away)
GAP_MM = 2.0  # between two photos: one cut on each side
MARK_MM = 1.5  # length of a cut guide
MARK_OFFSET_MM = 0.3  # a guide starts this far off the photo's edge, so no grey ever lands on a photo
MARK_GREY = 140
JPEG_QUALITY = 95


@dataclass(frozen=True)
class Box:
    """One photo's place on the sheet, in pixels (x0, y0 inclusive; x1, y1 exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(frozen=True)
class Layout:
    paper_mm: tuple[float, float]
    photo_mm: tuple[float, float]
    dpi: int
    columns: int
    rows: int
    sheet_px: tuple[int, int]
    photo_px: tuple[int, int]
    boxes: tuple[Box, ...]

    @property
    def copies(self) -> int:
        return len(self.boxes)


@dataclass(frozen=True)
class Sheet:
    """One print job: the encoded sheet and its layout."""

    jpeg: bytes
    layout: Layout

    @property
    def copies(self) -> int:
        return self.layout.copies


def px(mm: float, dpi: int) -> int:
    return round(mm * dpi / MM_PER_INCH)


def layout(paper_mm: tuple[float, float], photo_mm: tuple[float, float], dpi: int,
           margin_mm: float = MARGIN_MM, gap_mm: float = GAP_MM) -> Layout:
    """As many upright photos as fit in a grid inside the margin, the grid centred on the paper.

    Raise ValueError when not even one fits (a photo larger than the paper less its margins)."""
    pw, ph = paper_mm
    w_mm, h_mm = photo_mm
    columns = math.floor((pw - 2 * margin_mm + gap_mm) / (w_mm + gap_mm) + 1e-9)
    rows = math.floor((ph - 2 * margin_mm + gap_mm) / (h_mm + gap_mm) + 1e-9)
    if columns < 1 or rows < 1:
        raise ValueError(f"a {w_mm:g}x{h_mm:g} mm photo does not fit on {pw:g}x{ph:g} mm paper")
    sheet = (px(pw, dpi), px(ph, dpi))
    photo = (px(w_mm, dpi), px(h_mm, dpi))
    gap = px(gap_mm, dpi)
    grid_w, grid_h = columns * photo[0] + (columns - 1) * gap, rows * photo[1] + (rows - 1) * gap
    left, top = (sheet[0] - grid_w) // 2, (sheet[1] - grid_h) // 2
    boxes = []
    for r in range(rows):
        for c in range(columns):
            x0, y0 = left + c * (photo[0] + gap), top + r * (photo[1] + gap)
            boxes.append(Box(x0, y0, x0 + photo[0], y0 + photo[1]))
    return Layout(paper_mm, photo_mm, dpi, columns, rows, sheet, photo, tuple(boxes))


def _cut_guides(draw: ImageDraw.ImageDraw, lay: Layout) -> None:
    """Short lines on the extension of each photo edge, off every photo (in the margin and the gaps)."""
    off, length = max(1, px(MARK_OFFSET_MM, lay.dpi)), max(2, px(MARK_MM, lay.dpi))
    width = max(1, round(lay.dpi / 300))
    for b in lay.boxes:
        for x in (b.x0, b.x1 - 1):
            for y, sign in ((b.y0, -1), (b.y1 - 1, 1)):
                # vertical guide above or below the corner, horizontal guide left or right of it
                draw.line([(x, y + sign * off), (x, y + sign * (off + length))], fill=(MARK_GREY,) * 3, width=width)
                hx = -1 if x == b.x0 else 1
                draw.line([(x + hx * off, y), (x + hx * (off + length), y)], fill=(MARK_GREY,) * 3, width=width)


def render(photo_rgb: np.ndarray, size: PhotoSize, paper_mm: tuple[float, float], dpi: int = 300) -> Sheet:
    """The sheet with as many copies of photo_rgb (H x W x 3, uint8, RGB) as fit; the photo is scaled to the
    size's pixels at dpi when it is not already."""
    lay = layout(paper_mm, (size.width_mm, size.height_mm), dpi)
    photo = Image.fromarray(np.ascontiguousarray(photo_rgb[:, :, :3]), "RGB")
    if photo.size != lay.photo_px:
        photo = photo.resize(lay.photo_px, Image.Resampling.LANCZOS)
    sheet = Image.new("RGB", lay.sheet_px, (255, 255, 255))
    _cut_guides(ImageDraw.Draw(sheet), lay)
    for b in lay.boxes:  # the photos last: no guide ever overlaps one
        sheet.paste(photo, (b.x0, b.y0))
    buf = io.BytesIO()
    # a new image from raw pixels carries no EXIF, XMP, ICC profile or comment; only dpi is passed (JFIF density)
    sheet.save(buf, format="JPEG", quality=JPEG_QUALITY, subsampling=0, dpi=(dpi, dpi))
    return Sheet(buf.getvalue(), lay)


def metadata_of(data: bytes) -> list[str]:
    """What an image file carries besides its pixels and its JFIF density: [] for a sheet."""
    found: list[str] = []
    with Image.open(io.BytesIO(data)) as img:
        if img.getexif():
            found.append("exif")
        found += sorted(str(k) for k in img.info if k not in ("jfif", "jfif_version", "jfif_unit", "jfif_density",
                                                         "dpi", "progressive", "progression"))
    for marker, name in ((b"http://ns.adobe.com/xap/1.0/", "xmp"), (b"ICC_PROFILE", "icc"), (b"Exif\x00", "exif")):
        if marker in data and name not in found:
            found.append(name)
    return found
