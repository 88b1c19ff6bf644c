"""The photo rules as checks: one function per rule, each giving a measured value against a named threshold."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.photo import faces as fm

CHECK_IDS = (
    "single_face",
    "frontal",
    "no_hat",
    "no_sunglasses",
    "eyes_open",
    "background_plain",
    "background_no_shadow",
    "sharp",
    "exposure",
    "face_size",
    "face_position",
)

# The official frame (domain.md, passport rules; the My Number diagram gives similar values).
FRAME_W_MM = 35.0
FRAME_H_MM = 45.0


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of the checks; docs/photo.md gives each one's source rule and the figures behind it.

    Override any of them by name with config [photo] thresholds = {name = value}.
    """

    # single_face: the main face needs this detector score and height (fraction of the image height);
    # any further face counts from other_face_score if its box is at least other_face_rel_height of the main.
    face_score_min: float = 0.5
    face_height_min: float = 0.06
    other_face_score: float = 0.3
    other_face_rel_height: float = 0.3
    # frontal: ISO/IEC 19794-5 says yaw and pitch within 5 degrees, roll within 8. The mesh estimator reads
    # 0-9 degrees of yaw on frontal photos and 13-55 on turned ones, and pitch about +8 on a level face:
    # working limits, see docs/photo.md.
    yaw_max_deg: float = 12.0
    pitch_offset_deg: float = 8.0
    pitch_max_deg: float = 12.0
    roll_max_deg: float = 8.0
    # no_hat: colour distance (Lab) of the upper forehead from the cheeks, in units of the cheeks' spread;
    # and the head's height above the forehead landmark relative to forehead-to-chin (a hat makes it tall).
    hat_forehead_distance_max: float = 40.0
    hat_forehead_distance_hard: float = 66.0
    hat_head_height_max: float = 0.62
    hat_hair_distance_min: float = 64.0
    # no_sunglasses: eye-region brightness divided by cheek brightness.
    sunglasses_eye_ratio_min: float = 0.29
    # eyes_open: eyeball outline height / width.
    eyes_open_ratio_min: float = 0.14
    # background_plain: share of edge pixels in the background of the photo crop.
    background_edge_max: float = 0.004
    # background_no_shadow: spread (p98 - p2) of the smoothed background luminance over its median.
    background_shadow_max: float = 0.15
    # sharp: standard deviation of the Laplacian of the face (eyes 64 px apart) over its grey contrast.
    sharpness_min: float = 0.11
    # exposure: mean cheek luminance (0-255).
    exposure_min: float = 70.0
    exposure_max: float = 235.0
    # face_size: crown-to-chin as a fraction of the frame height. The official crop needs at most 36/45 of
    # its height; below the minimum the crop would be upscaled too much.
    face_size_min: float = 0.35
    face_size_max: float = 0.80
    # face_position and the crop: domain.md, passport rules, in millimetres of the 35x45 mm photo.
    crown_chin_min_mm: float = 32.0
    crown_chin_max_mm: float = 36.0
    crown_chin_target_mm: float = 34.0
    top_margin_min_mm: float = 2.0
    top_margin_max_mm: float = 6.0
    top_margin_target_mm: float = 4.0
    chin_margin_min_mm: float = 5.0
    chin_margin_max_mm: float = 9.0
    centre_offset_max_mm: float = 1.5

    @classmethod
    def from_dict(cls, overrides: Mapping[str, float]) -> Thresholds:
        """The defaults with some overridden by name; an unknown name raises ValueError naming it."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise ValueError(f"unknown photo threshold(s): {', '.join(unknown)}")
        return cls(**{k: float(v) for k, v in overrides.items()})


@dataclass(frozen=True)
class CheckResult:
    id: str
    ok: bool
    value: float | None  # the measured value (None when it could not be measured)
    threshold: float | tuple[float, float]  # the limit, or the allowed range
    details: dict[str, float] = field(default_factory=dict)  # sub-measures (frontal: yaw, pitch, roll)

    def __post_init__(self) -> None:
        # plain Python types (numpy scalars do not serialise to JSON)
        object.__setattr__(self, "ok", bool(self.ok))
        object.__setattr__(self, "value", None if self.value is None else float(self.value))
        object.__setattr__(self, "details", {k: float(v) for k, v in self.details.items()})


@dataclass(frozen=True)
class FaceGeometry:
    """Where the face is, in pixels of the analysed image."""

    crown: tuple[float, float]
    chin: tuple[float, float]
    eye_right: tuple[float, float]  # the person's right eye (image left, unmirrored)
    eye_left: tuple[float, float]
    centre: tuple[float, float]
    outline: np.ndarray = field(repr=False)  # (N, 2) face oval for an overlay


@dataclass(frozen=True)
class Crop:
    """The official crop rectangle in image pixels (x0, y0, width, height), possibly leaving the image."""

    x0: float
    y0: float
    width: float
    height: float
    overflow_px: float  # how far the crop leaves the image (0 when inside)
    overflow: dict[str, float] = field(default_factory=dict)  # per side: left, right, top, bottom (px)


@dataclass(frozen=True)
class PhotoAssessment:
    ok: bool
    results: dict[str, CheckResult]
    failed: tuple[str, ...]
    geometry: FaceGeometry | None
    crop: Crop | None
    image_size: tuple[int, int]  # width, height
    face_count: int


@dataclass
class _Ctx:
    image: np.ndarray
    gray: np.ndarray
    analysis: fm.FaceAnalysis
    t: Thresholds
    face: fm.Face | None = None
    others: list[fm.Face] = field(default_factory=list)
    geometry: FaceGeometry | None = None
    crop: Crop | None = None
    bg_mask: np.ndarray | None = None
    cheek_lab: np.ndarray | None = None


# helpers ----------------------------------------------------------------------------------------------
def _pt(a: np.ndarray) -> tuple[float, float]:
    return float(a[0]), float(a[1])


def _patch(img: np.ndarray, x: float, y: float, r: int) -> np.ndarray:
    h, w = img.shape[:2]
    x0, x1 = max(0, int(x) - r), min(w, int(x) + r + 1)
    y0, y1 = max(0, int(y) - r), min(h, int(y) + r + 1)
    return img[y0:y1, x0:x1]


def _cheek_points(lm: np.ndarray) -> list[np.ndarray]:
    # midway between the outer eye corners' lower neighbours and the nose wings: mesh 50 and 280 (cheeks)
    return [lm[50, :2], lm[280, :2]]


def _background_colour(image: np.ndarray, face: fm.Face) -> np.ndarray:
    """Median colour of the two upper corners beside the head."""
    h, w = image.shape[:2]
    fw = face.box[2] - face.box[0]
    band_h = max(4, int(min(face.box[1], h * 0.25)))
    left = image[:band_h, : max(2, int(min(face.box[0] - 0.3 * fw, w * 0.25)))]
    right = image[:band_h, min(w - 2, int(max(face.box[2] + 0.3 * fw, w * 0.75))) :]
    pix = np.concatenate([left.reshape(-1, 3), right.reshape(-1, 3)])
    if not len(pix):
        pix = image[:4].reshape(-1, 3)
    return np.median(pix, axis=0).astype(np.float32)


def _find_crown(ctx: _Ctx, face: fm.Face) -> tuple[float, float]:
    """Walk up from the forehead along the face's vertical axis until the pixels match the background."""
    lm = face.landmarks
    assert lm is not None
    forehead, chin = lm[fm.MESH_FOREHEAD, :2], lm[fm.MESH_CHIN, :2]
    up = forehead - chin
    span = float(np.linalg.norm(up))
    up /= max(span, 1e-6)
    bg = _background_colour(ctx.image, face)
    img = cv2.GaussianBlur(ctx.image, (5, 5), 0).astype(np.float32)
    h, w = img.shape[:2]
    skin_at = forehead - up * span * 0.08
    skin = img[int(np.clip(skin_at[1], 0, h - 1)), int(np.clip(skin_at[0], 0, w - 1))]
    step = max(1.0, span / 100)
    tol = 28.0
    run_needed = max(2, int(span * 0.03 / step))
    run = 0
    d = span * 0.05
    side = np.array([-up[1], up[0]])

    def is_background(q: np.ndarray) -> bool:
        if not (0 <= q[0] < w and 0 <= q[1] < h):
            return True
        px = img[int(q[1]), int(q[0])]
        d_bg = float(np.linalg.norm(px - bg))
        return d_bg < tol and d_bg < 0.6 * float(np.linalg.norm(px - skin))

    while d < span * 1.2:
        p = forehead + up * d
        if p[1] < 0:
            return _pt(forehead + up * max(0.0, d - step))  # the head leaves the image: crown at the edge
        # three samples across the head: all must look like background
        if all(is_background(p + side * span * k) for k in (-0.08, 0.0, 0.08)):
            run += 1
        else:
            run = 0
        if run >= run_needed:
            return _pt(forehead + up * (d - step * (run_needed - 1)))
        d += step
    return _pt(forehead + up * span * 0.45)  # not found (busy background): a typical head


def _geometry(ctx: _Ctx, face: fm.Face) -> FaceGeometry:
    lm = face.landmarks
    assert lm is not None and face.irises is not None
    crown = _find_crown(ctx, face)
    chin = _pt(lm[fm.MESH_CHIN])
    cx = float((lm[fm.MESH_CHEEK_R, 0] + lm[fm.MESH_CHEEK_L, 0]) / 2)
    return FaceGeometry(
        crown=crown,
        chin=chin,
        eye_right=_pt(face.irises[0]),
        eye_left=_pt(face.irises[1]),
        centre=(cx, (crown[1] + chin[1]) / 2),
        outline=face.oval(),
    )


def solve_crop(geometry: FaceGeometry, image_w: int, image_h: int, t: Thresholds) -> Crop:
    """The 35:45 crop closest to the target geometry that stays inside the image, else the least-overflowing."""
    crown_y, chin_y = geometry.crown[1], geometry.chin[1]
    cc = max(chin_y - crown_y, 1.0)
    cx = geometry.centre[0]
    best: tuple[float, float, Crop] | None = None
    for cc_mm in np.linspace(t.crown_chin_min_mm, t.crown_chin_max_mm, 9):
        h = cc / cc_mm * FRAME_H_MM
        w = h * FRAME_W_MM / FRAME_H_MM
        px_mm = h / FRAME_H_MM
        for top_mm in np.linspace(t.top_margin_min_mm, t.top_margin_max_mm, 9):
            bottom_mm = FRAME_H_MM - top_mm - cc_mm
            if bottom_mm < t.chin_margin_min_mm - 1e-6 or bottom_mm > t.chin_margin_max_mm + 1e-6:
                continue
            for off_mm in np.linspace(-t.centre_offset_max_mm, t.centre_offset_max_mm, 7):
                x0 = cx - w / 2 + off_mm * px_mm
                y0 = crown_y - top_mm * px_mm
                over = {
                    "left": max(0.0, -x0),
                    "right": max(0.0, x0 + w - image_w),
                    "top": max(0.0, -y0),
                    "bottom": max(0.0, y0 + h - image_h),
                }
                total = sum(over.values())
                cost = (
                    abs(cc_mm - t.crown_chin_target_mm) + abs(top_mm - t.top_margin_target_mm) + abs(off_mm)
                )
                key = (total, cost)
                if best is None or key < best[:2]:
                    best = (total, cost, Crop(x0, y0, w, h, total, over))
    assert best is not None
    return best[2]


# the checks -------------------------------------------------------------------------------------------
def check_single_face(ctx: _Ctx) -> CheckResult:
    n = (1 if ctx.face is not None else 0) + len(ctx.others)
    return CheckResult("single_face", n == 1, float(n), 1.0)


def check_frontal(ctx: _Ctx) -> CheckResult:
    t, f = ctx.t, ctx.face
    limit = (t.yaw_max_deg, t.pitch_max_deg, t.roll_max_deg)
    if f is None:
        return CheckResult("frontal", False, None, 1.0)
    pitch = f.pitch_deg - t.pitch_offset_deg
    worst = max(abs(f.yaw_deg) / limit[0], abs(pitch) / limit[1], abs(f.roll_deg) / limit[2])
    details = {"yaw_deg": f.yaw_deg, "pitch_deg": pitch, "roll_deg": f.roll_deg}
    return CheckResult("frontal", worst <= 1.0, round(worst, 3), 1.0, details)


def _cheek_lab(ctx: _Ctx) -> np.ndarray:
    if ctx.cheek_lab is None:
        f = ctx.face
        assert f is not None and f.landmarks is not None
        lab = cv2.cvtColor(ctx.image, cv2.COLOR_BGR2LAB).astype(np.float32)
        r = max(2, int(f.height_px * 0.04))
        pix = [_patch(lab, *p, r).reshape(-1, 3) for p in _cheek_points(f.landmarks)]
        ctx.cheek_lab = np.concatenate(pix)
        if not len(ctx.cheek_lab):  # the cheeks leave the image: measure the nose tip instead
            ctx.cheek_lab = _patch(lab, *f.landmarks[fm.MESH_NOSE_TIP, :2], 0).reshape(-1, 3)
        if not len(ctx.cheek_lab):
            ctx.cheek_lab = np.zeros((1, 3), np.float32)
    return ctx.cheek_lab


def check_no_hat(ctx: _Ctx) -> CheckResult:
    t, f, g = ctx.t, ctx.face, ctx.geometry
    if f is None or f.landmarks is None or g is None:
        return CheckResult("no_hat", False, None, t.hat_forehead_distance_max)
    lm = f.landmarks
    lab = cv2.cvtColor(ctx.image, cv2.COLOR_BGR2LAB).astype(np.float32)
    cheeks = _cheek_lab(ctx)
    # upper forehead: a little below the forehead landmarks 109, 10, 338
    down = lm[fm.MESH_CHIN, :2] - lm[fm.MESH_FOREHEAD, :2]
    r = max(2, int(f.height_px * 0.03))
    pts = [lm[i, :2] + down * 0.06 for i in (109, 10, 338)]
    forehead = np.concatenate([_patch(lab, *p, r).reshape(-1, 3) for p in pts])
    # chroma distance (a, b) weighs double: a hat's colour; lightness alone varies with light and skin
    if not len(forehead) or not len(cheeks):  # the face leaves the image
        return CheckResult("no_hat", False, None, t.hat_forehead_distance_max)
    diff = np.median(forehead, 0) - np.median(cheeks, 0)
    dist = float(math.sqrt((diff[0] * 0.5) ** 2 + (diff[1] * 1.5) ** 2 + (diff[2] * 1.5) ** 2))
    span = float(np.linalg.norm(down))
    head_above = float(np.linalg.norm(np.array(g.crown) - lm[fm.MESH_FOREHEAD, :2])) / max(span, 1e-6)
    # the hair beside the temples: bangs over the forehead have its colour, a hat usually does not
    fw = float(lm[fm.MESH_CHEEK_L, 0] - lm[fm.MESH_CHEEK_R, 0])
    temples = [lm[127, :2] + [-0.06 * fw, -0.05 * span], lm[356, :2] + [0.06 * fw, -0.05 * span]]
    patches = [_patch(lab, *q, r).reshape(-1, 3) for q in temples]
    side_hair = [np.median(p, 0) for p in patches if len(p)]
    fmed = np.median(forehead, 0) if len(forehead) else np.median(cheeks, 0)
    hair_dist = min((float(np.linalg.norm(fmed - hcol)) for hcol in side_hair), default=0.0)
    hat_like = dist > t.hat_forehead_distance_hard or (
        dist > t.hat_forehead_distance_max and hair_dist > t.hat_hair_distance_min
    )
    ok = not hat_like and head_above <= t.hat_head_height_max
    return CheckResult(
        "no_hat",
        ok,
        round(dist, 2),
        t.hat_forehead_distance_max,
        {"forehead_distance": dist, "head_height": head_above, "hair_distance": hair_dist},
    )


def _eye_mask(shape: tuple[int, ...], contour: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(contour).astype(np.int32)], 255)
    return mask


def check_no_sunglasses(ctx: _Ctx) -> CheckResult:
    t, f = ctx.t, ctx.face
    if f is None or f.eye_contours is None:
        return CheckResult("no_sunglasses", False, None, t.sunglasses_eye_ratio_min)
    lum = ctx.gray
    vals = []
    for contour in f.eye_contours:
        x0, y0 = np.floor(contour.min(0)).astype(int) - 2
        x1, y1 = np.ceil(contour.max(0)).astype(int) + 3
        x0, y0 = max(x0, 0), max(y0, 0)
        sub = lum[y0:y1, x0:x1]
        if sub.size == 0:
            continue
        mask = _eye_mask(sub.shape, contour - [x0, y0])
        if mask.any():
            vals.append(float(sub[mask > 0].mean()))
    cheeks = float(np.mean(_cheek_lab(ctx)[:, 0])) * 255 / 255  # L channel of OpenCV Lab is 0..255
    if not vals or cheeks <= 1:
        return CheckResult("no_sunglasses", False, None, t.sunglasses_eye_ratio_min)
    ratio = float(np.mean(vals)) / cheeks
    return CheckResult(
        "no_sunglasses", ratio >= t.sunglasses_eye_ratio_min, round(ratio, 3), t.sunglasses_eye_ratio_min
    )


def check_eyes_open(ctx: _Ctx) -> CheckResult:
    t, f = ctx.t, ctx.face
    if f is None or f.eye_contours is None:
        return CheckResult("eyes_open", False, None, t.eyes_open_ratio_min)
    ratios = []
    for c in f.eye_contours:
        width = float(np.linalg.norm(c[8] - c[0]))
        lower, upper = c[1:8], c[9:16][::-1]  # lower lid points 1..7, upper lid 9..15 (reversed to pair up)
        height = float(np.mean(np.linalg.norm(upper[1:6] - lower[1:6], axis=1)))
        ratios.append(height / max(width, 1e-6))
    ratio = min(ratios)
    return CheckResult("eyes_open", ratio >= t.eyes_open_ratio_min, round(ratio, 3), t.eyes_open_ratio_min)


def _background_mask(ctx: _Ctx) -> np.ndarray | None:
    """Background pixels inside the (clipped) official crop: above the chin, outside a head ellipse."""
    if ctx.bg_mask is not None:
        return ctx.bg_mask
    g, crop, f = ctx.geometry, ctx.crop, ctx.face
    if g is None or crop is None or f is None or f.landmarks is None:
        return None
    h, w = ctx.gray.shape
    mask = np.zeros((h, w), np.uint8)
    x0, y0 = max(0, int(crop.x0)), max(0, int(crop.y0))
    x1, y1 = min(w, int(crop.x0 + crop.width)), min(h, int(crop.y0 + crop.height))
    chin_y = int(g.chin[1])
    mask[y0 : min(y1, chin_y), x0:x1] = 255
    lm = f.landmarks
    face_w = float(lm[fm.MESH_CHEEK_L, 0] - lm[fm.MESH_CHEEK_R, 0])
    head_h = g.chin[1] - g.crown[1]
    centre = (int(g.centre[0]), int(g.crown[1] + head_h * 0.5))
    axes = (int(face_w * 0.5 * 1.8 + 4), int(head_h * 0.5 * 1.15 + 4))
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 0, -1)
    # the neck and shoulders start at the jaw: drop a wide band below the lower face
    jaw_y = int(g.chin[1] - head_h * 0.25)
    cv2.rectangle(mask, (int(g.centre[0] - face_w * 1.2), jaw_y), (int(g.centre[0] + face_w * 1.2), h), 0, -1)
    ctx.bg_mask = mask
    return mask


def check_background_plain(ctx: _Ctx) -> CheckResult:
    t = ctx.t
    mask = _background_mask(ctx)
    if mask is None or mask.sum() < 255 * 200:
        return CheckResult("background_plain", False, None, t.background_edge_max)
    scale = 360.0 / max(ctx.gray.shape)
    gray = ctx.gray
    if scale < 1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        mask = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    mask = cv2.erode(mask, np.ones((5, 5), np.uint8))
    edges = cv2.Canny(cv2.GaussianBlur(gray, (3, 3), 0), 40, 100)
    n = int((mask > 0).sum())
    if n < 50:
        return CheckResult("background_plain", False, None, t.background_edge_max)
    density = float((edges[mask > 0] > 0).sum()) / n
    return CheckResult(
        "background_plain", density <= t.background_edge_max, round(density, 4), t.background_edge_max
    )


def check_background_no_shadow(ctx: _Ctx) -> CheckResult:
    t = ctx.t
    mask = _background_mask(ctx)
    if mask is None or mask.sum() < 255 * 200:
        return CheckResult("background_no_shadow", False, None, t.background_shadow_max)
    scale = 180.0 / max(ctx.gray.shape)
    gray = cv2.resize(ctx.gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    small = cv2.erode(small, np.ones((3, 3), np.uint8))
    smooth = cv2.medianBlur(gray, 5).astype(np.float32)
    g = ctx.geometry
    assert g is not None
    split = int(g.centre[0] * scale)
    sides = [smooth[:, :split][small[:, :split] > 0], smooth[:, split:][small[:, split:] > 0]]
    sides = [v for v in sides if v.size >= 10]
    if not sides:
        return CheckResult("background_no_shadow", False, None, t.background_shadow_max)
    medians = [float(np.median(v)) for v in sides]
    lr = (max(medians) - min(medians)) / max(max(medians), 1.0)
    within = max(
        float(np.percentile(v, 50) - np.percentile(v, 5)) / max(float(np.median(v)), 1.0) for v in sides
    )
    spread = max(lr, within)
    return CheckResult(
        "background_no_shadow", spread <= t.background_shadow_max, round(spread, 3), t.background_shadow_max
    )


def _texture(gray: np.ndarray, scale: float, mask: np.ndarray | None = None) -> float:
    """Laplacian spread over grey spread of a patch resized by scale (so that the eyes are SHARP_IOD_PX apart)."""
    if gray.size < 16:
        return 0.0
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    sub = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interp).astype(np.float32)
    inside = np.ones(sub.shape, bool)
    if mask is not None:
        inside = cv2.resize(mask, (sub.shape[1], sub.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
        if not inside.any():
            return 0.0
    # second derivative along four directions; the weakest one: a shake smears only one direction
    spreads = [float(cv2.filter2D(sub, cv2.CV_32F, k)[inside].std()) for k in _DIRECTIONAL]
    return min(spreads) / max(float(sub[inside].std()), 4.0)


SHARP_IOD_PX = 40.0
_DIRECTIONAL = (
    np.array([[0, 0, 0], [1, -2, 1], [0, 0, 0]], np.float32),
    np.array([[0, 1, 0], [0, -2, 0], [0, 1, 0]], np.float32),
    np.array([[1, 0, 0], [0, -2, 0], [0, 0, 1]], np.float32) / 2,
    np.array([[0, 0, 1], [0, -2, 0], [1, 0, 0]], np.float32) / 2,
)


def _face_texture(ctx: _Ctx, f: fm.Face, scale: float) -> float:
    assert f.landmarks is not None
    x0, y0 = f.landmarks[:, :2].min(0)
    x1, y1 = f.landmarks[:, :2].max(0)
    h, w = ctx.gray.shape
    x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(w, int(x1) + 1), min(h, int(y1) + 1)
    oval = np.zeros((y1 - y0, x1 - x0), np.uint8)
    if oval.size == 0:
        return 0.0
    cv2.fillPoly(oval, [np.round(f.oval() - [x0, y0]).astype(np.int32)], 255)
    oval = cv2.erode(oval, np.ones((5, 5), np.uint8))
    return _texture(ctx.gray[y0:y1, x0:x1], scale, oval)


def check_sharp(ctx: _Ctx) -> CheckResult:
    t, f = ctx.t, ctx.face
    if f is None or f.landmarks is None or f.irises is None:
        return CheckResult("sharp", False, None, t.sharpness_min)
    iod = float(np.linalg.norm(f.irises[1] - f.irises[0]))
    if iod < 4:
        return CheckResult("sharp", False, None, t.sharpness_min)
    value = _face_texture(ctx, f, SHARP_IOD_PX / iod)
    return CheckResult("sharp", value >= t.sharpness_min, round(value, 3), t.sharpness_min)


def check_exposure(ctx: _Ctx) -> CheckResult:
    t, f = ctx.t, ctx.face
    rng = (t.exposure_min, t.exposure_max)
    if f is None or f.landmarks is None:
        return CheckResult("exposure", False, None, rng)
    lum = float(np.mean(_cheek_lab(ctx)[:, 0]))
    return CheckResult("exposure", rng[0] <= lum <= rng[1], round(lum, 1), rng)


def check_face_size(ctx: _Ctx) -> CheckResult:
    t, g = ctx.t, ctx.geometry
    rng = (t.face_size_min, t.face_size_max)
    if g is None:
        return CheckResult("face_size", False, None, rng)
    frac = (g.chin[1] - g.crown[1]) / ctx.gray.shape[0]
    return CheckResult("face_size", rng[0] <= frac <= rng[1], round(frac, 3), rng)


def check_face_position(ctx: _Ctx) -> CheckResult:
    c = ctx.crop
    if c is None:
        return CheckResult("face_position", False, None, 0.0)
    frac = c.overflow_px / c.height
    # a pixel or two of rounding is not a defect
    return CheckResult("face_position", frac <= 0.004, round(float(frac), 4), 0.0, dict(c.overflow))


CHECKS: dict[str, Callable[[_Ctx], CheckResult]] = {
    "single_face": check_single_face,
    "frontal": check_frontal,
    "no_hat": check_no_hat,
    "no_sunglasses": check_no_sunglasses,
    "eyes_open": check_eyes_open,
    "background_plain": check_background_plain,
    "background_no_shadow": check_background_no_shadow,
    "sharp": check_sharp,
    "exposure": check_exposure,
    "face_size": check_face_size,
    "face_position": check_face_position,
}


def _pick_faces(analysis: fm.FaceAnalysis, t: Thresholds) -> tuple[fm.Face | None, list[fm.Face]]:
    main = None
    for f in analysis.faces:
        if (
            f.score >= t.face_score_min
            and f.height_px >= t.face_height_min * analysis.height
            and (f.landmarks is not None)
        ):
            main = f
            break
    if main is None:
        return None, [f for f in analysis.faces if f.score >= t.face_score_min]
    others = [
        f
        for f in analysis.faces
        if f is not main
        and f.score >= t.other_face_score
        and f.height_px >= t.other_face_rel_height * main.height_px
        and not _overlaps(f, main)
    ]
    return main, others


def _overlaps(a: fm.Face, b: fm.Face) -> bool:
    """A detection centred inside the other's box is the same head, not a second person."""
    cx, cy = (a.box[0] + a.box[2]) / 2, (a.box[1] + a.box[3]) / 2
    return b.box[0] <= cx <= b.box[2] and b.box[1] <= cy <= b.box[3]


def assess(
    image_bgr: np.ndarray, analysis: fm.FaceAnalysis, thresholds: Thresholds | None = None
) -> PhotoAssessment:
    """Run every check on one image and its face analysis."""
    t = thresholds or Thresholds()
    gray = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    ctx = _Ctx(image=image_bgr, gray=gray, analysis=analysis, t=t)
    ctx.face, ctx.others = _pick_faces(analysis, t)
    h, w = gray.shape
    if ctx.face is not None:
        ctx.geometry = _geometry(ctx, ctx.face)
        ctx.crop = solve_crop(ctx.geometry, w, h, t)
    results = {cid: fn(ctx) for cid, fn in CHECKS.items()}
    failed = tuple(cid for cid, r in results.items() if not r.ok)
    return PhotoAssessment(
        ok=not failed,
        results=results,
        failed=failed,
        geometry=ctx.geometry,
        crop=ctx.crop,
        image_size=(w, h),
        face_count=(1 if ctx.face is not None else 0) + len(ctx.others),
    )
