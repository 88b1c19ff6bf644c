"""The printed ID photo sizes: each one's frame, head and margin rules, and default fee, as data.

docs/photo.md ("Print sizes") gives each rule's public source. Only the 35x45 mm photo has a published head
size (the passport standard, which the My Number card diagram follows); the 30x40 and 24x30 mm rules set only
the frame, so their head and margin ranges are the passport's proportions of the photo height, scaled to that
height, and the docs say so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.photo.thresholds import Thresholds

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PhotoSize:
    """One print size: the frame in mm and its geometry rules (mm of that frame)."""

    id: str  # "30x40": width x height in mm, as the config names it
    label_ja: str
    label_en: str
    width_mm: float
    height_mm: float
    fee_yen: int  # the default fee; [idphoto] fees overrides it
    crown_chin_min_mm: float
    crown_chin_max_mm: float
    crown_chin_target_mm: float
    top_margin_min_mm: float
    top_margin_max_mm: float
    chin_margin_min_mm: float
    chin_margin_max_mm: float
    centre_offset_max_mm: float
    source: str  # the rule this size follows (docs/photo.md has the full reference)

    @property
    def aspect(self) -> float:
        return self.width_mm / self.height_mm

    def pixels(self, dpi: int) -> tuple[int, int]:
        """The photo's size in pixels at this resolution (rounded to the nearest pixel)."""
        return round(self.width_mm * dpi / MM_PER_INCH), round(self.height_mm * dpi / MM_PER_INCH)

    def thresholds(self, base: Thresholds | None = None) -> Thresholds:
        """The check thresholds with this size's frame and geometry; every other threshold from base."""
        return dataclasses.replace(
            base or Thresholds(),
            frame_w_mm=self.width_mm,
            frame_h_mm=self.height_mm,
            crown_chin_min_mm=self.crown_chin_min_mm,
            crown_chin_max_mm=self.crown_chin_max_mm,
            crown_chin_target_mm=self.crown_chin_target_mm,
            top_margin_min_mm=self.top_margin_min_mm,
            top_margin_max_mm=self.top_margin_max_mm,
            chin_margin_min_mm=self.chin_margin_min_mm,
            chin_margin_max_mm=self.chin_margin_max_mm,
            centre_offset_max_mm=self.centre_offset_max_mm,
        )


def _scaled(size_id: str, label_ja: str, label_en: str, width_mm: float, height_mm: float, fee_yen: int,
            source: str) -> PhotoSize:
    """A size whose rule sets only the frame: the passport's head and margins as shares of the height."""
    k = height_mm / PASSPORT.height_mm

    def mm(v: float) -> float:
        return round(v * k, 1)

    return PhotoSize(
        size_id, label_ja, label_en, width_mm, height_mm, fee_yen,
        crown_chin_min_mm=mm(PASSPORT.crown_chin_min_mm),
        crown_chin_max_mm=mm(PASSPORT.crown_chin_max_mm),
        crown_chin_target_mm=mm(PASSPORT.crown_chin_target_mm),
        top_margin_min_mm=mm(PASSPORT.top_margin_min_mm),
        top_margin_max_mm=mm(PASSPORT.top_margin_max_mm),
        chin_margin_min_mm=mm(PASSPORT.chin_margin_min_mm),
        chin_margin_max_mm=mm(PASSPORT.chin_margin_max_mm),
        centre_offset_max_mm=mm(PASSPORT.centre_offset_max_mm),
        source=source,
    )


# 外務省 旅券用写真の規格: 縦45 x 横35 mm, 頭頂からあごまで 34 mm ± 2, 頭頂から上の余白 4 mm ± 2. The chin margin
# follows (45 - 34 - 4 = 7 ± 2) and the face is centred (the checks allow 1.5 mm). The My Number card takes the
# same 45x35 mm photo.
PASSPORT = PhotoSize(
    "35x45", "35×45mm（パスポート・マイナンバーカード）", "35x45 mm (passport, My Number card)", 35.0, 45.0, 900,
    crown_chin_min_mm=32.0, crown_chin_max_mm=36.0, crown_chin_target_mm=34.0,
    top_margin_min_mm=2.0, top_margin_max_mm=6.0, chin_margin_min_mm=5.0, chin_margin_max_mm=9.0,
    centre_offset_max_mm=1.5,
    source="外務省 旅券用写真の規格 (passport photo standard)",
)
# 厚生労働省 履歴書様式例 (2021) and JIS Z 8303's former form: 写真 縦36-40 x 横24-30 mm; 30x40 is the usual print.
RESUME = _scaled("30x40", "30×40mm（履歴書）", "30x40 mm (CV)", 30.0, 40.0, 800,
                 "厚生労働省 履歴書様式例: 縦36-40 x 横24-30 mm; head rule scaled from the passport")
# 道路交通法施行規則 (the licence photo): 縦3.0 x 横2.4 cm, 無帽、正面、上三分身、無背景.
LICENCE = _scaled("24x30", "24×30mm（運転免許証）", "24x30 mm (driving licence)", 24.0, 30.0, 800,
                  "道路交通法施行規則: 縦3.0 x 横2.4 cm; head rule scaled from the passport")

SIZES: dict[str, PhotoSize] = {s.id: s for s in (RESUME, PASSPORT, LICENCE)}


def get(size_id: str) -> PhotoSize:
    """The size by its id ("30x40"); KeyError naming the known ones otherwise."""
    try:
        return SIZES[size_id]
    except KeyError:
        raise KeyError(f"unknown photo size {size_id!r} (known: {', '.join(SIZES)})") from None


def offered(ids: Iterable[str], fees: Mapping[str, float]) -> tuple[PhotoSize, ...]:
    """The configured sizes in the configured order, each with its configured fee (or its default)."""
    out = []
    for size_id in ids:
        size = get(size_id)
        if size_id in fees:
            size = dataclasses.replace(size, fee_yen=int(fees[size_id]))
        out.append(size)
    return tuple(out)
