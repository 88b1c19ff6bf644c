"""The photo rules as checks: one function per rule, each giving a measured value against a named threshold.

Every check is measured on the crop that would be sent. A still image of 35:45 aspect is that crop; any other
image (a camera frame) is first cropped the way the booth crops it (`solve_crop`). Geometry is in millimetres of
the photo, 35x45 mm by default; another size (kiosk/photo/sizes.py: 30x40, 24x30) sets `frame_w_mm`,
`frame_h_mm` and its head and margin rules in the thresholds. The image checks look at a small copy of the crop
(`VIEW_PX_MM` pixels a millimetre), never at the whole frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.photo import faces as fm
from kiosk.photo.thresholds import (  # Thresholds, the check ids and the frame size are also read from here
    ASPECT,
    CHECK_IDS,
    FRAME_H_MM,
    FRAME_W_MM,
    GEOMETRY_CHECKS,  # noqa: F401 (read from here too)
    STILL_ASPECT_TOLERANCE,
    VIEW_PX_MM,
    Thresholds,
)

# The official frame (docs/photo.md: the passport photo standard; the My Number diagram gives similar values).
VIEW_W, VIEW_H = round(FRAME_W_MM * VIEW_PX_MM), round(FRAME_H_MM * VIEW_PX_MM)

# Mesh points of the mouth: corners and the inner edges of the lips (MediaPipe face mesh topology).
MESH_MOUTH_CORNERS = (61, 291)
MESH_INNER_LIPS = ((13, 14), (82, 87), (312, 317))


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

    crown: tuple[float, float]  # corrected for the estimator's bias
    chin: tuple[float, float]
    eye_right: tuple[float, float]  # the person's right eye (image left, unmirrored)
    eye_left: tuple[float, float]
    centre: tuple[float, float]
    outline: np.ndarray = field(repr=False)  # (N, 2) face oval for an overlay
    crown_raw: tuple[float, float] = (0.0, 0.0)  # the estimate before the bias correction


@dataclass(frozen=True)
class Crop:
    """The official crop rectangle in image pixels (x0, y0, width, height), always inside the image."""

    x0: float
    y0: float
    width: float
    height: float
    still: bool = False  # the image is itself the crop (a still of the photo's aspect)
    overflow_px: float = 0.0  # kept for callers: the solver never leaves the image
    frame_h_mm: float = FRAME_H_MM  # the photo's height in mm, which the crop's height stands for

    @property
    def px_per_mm(self) -> float:
        return self.height / self.frame_h_mm


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
class _View:
    """The crop at VIEW_PX_MM, and the map from image pixels into it."""

    bgr: np.ndarray
    gray: np.ndarray
    scale: float  # view pixels per image pixel
    x0: float
    y0: float

    def pts(self, p: np.ndarray) -> np.ndarray:
        q = np.asarray(p, np.float64)[..., :2]
        return (q - [self.x0, self.y0]) * self.scale


@dataclass
class _Ctx:
    image: np.ndarray
    analysis: fm.FaceAnalysis
    t: Thresholds
    face: fm.Face | None = None
    others: list[fm.Face] = field(default_factory=list)
    geometry: FaceGeometry | None = None
    crop: Crop | None = None
    view: _View | None = None
    lm: np.ndarray | None = None  # the main face's mesh in view pixels (x, y)
    mm: dict[str, float] = field(default_factory=dict)  # crown_chin, top, chin, offset
    cheek_lab: np.ndarray | None = None
    person: np.ndarray | None = None  # the person estimate, at SEG_SCALE of the view (uint8 0/255)
    envelope: np.ndarray | None = None  # where a person can be (head and shoulders), same scale
    background: np.ndarray | None = None  # the backdrop pixels to judge, same scale
    seg_gray: np.ndarray | None = None  # the view's grey at that scale (uint8)
    backdrop: tuple[np.ndarray, float] | None = None  # the backdrop's colour (BGR) and noise around the head
    # (head_backdrop, found with the crown; None when not plain)


# helpers ----------------------------------------------------------------------------------------------
def _pt(a: np.ndarray) -> tuple[float, float]:
    return float(a[0]), float(a[1])


def _patch(img: np.ndarray, x: float, y: float, r: int) -> np.ndarray:
    h, w = img.shape[:2]
    x0, x1 = max(0, int(x) - r), min(w, int(x) + r + 1)
    y0, y1 = max(0, int(y) - r), min(h, int(y) + r + 1)
    return img[y0:y1, x0:x1]


def is_still(width: int, height: int, aspect: float = ASPECT) -> bool:
    """An image of the photo's aspect (35:45 by default): judged as the crop itself."""
    return height > 0 and abs((width / height) / aspect - 1) <= STILL_ASPECT_TOLERANCE


# the crown ---------------------------------------------------------------------------------------------
def _head_frame(face: fm.Face) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Forehead point, unit vector up the face, forehead-to-chin length and face width (image pixels)."""
    lm = face.landmarks
    assert lm is not None
    forehead, chin = lm[fm.MESH_FOREHEAD, :2], lm[fm.MESH_CHIN, :2]
    up = forehead - chin
    span = float(np.linalg.norm(up))
    up = up / max(span, 1e-6)
    fw = float(np.linalg.norm(lm[fm.MESH_CHEEK_L, :2] - lm[fm.MESH_CHEEK_R, :2]))
    return forehead, up, span, fw


_UNSET = object()


def head_backdrop(image: np.ndarray, face: fm.Face) -> tuple[np.ndarray, float] | None:
    """The backdrop's colour (BGR) and noise around this face's head, None when it is not plain."""
    forehead, up, span, fw = _head_frame(face)
    return _backdrop(image, forehead, up, span, fw)


def estimate_crown(image: np.ndarray, face: fm.Face, backdrop: object = _UNSET) -> tuple[float, float]:
    """The top of the head (hair included), in image pixels, before any bias correction.

    An upright strip along the face's axis, from the forehead to a head's height above it, is sampled (120
    rows); each row is scored by the share of its pixels that differ from the backdrop, whose colour comes from
    the image around the head. Coming down from above the head, the crown is where that share first reaches a
    half and stays there for 4 % of the head. A shadow is darker than the backdrop but keeps its hue and has no
    texture, so it is not taken for hair. Without a plain backdrop it falls back to a typical head: 0.45 of
    forehead-to-chin above the forehead. backdrop: head_backdrop(image, face), when already known.
    """
    forehead, up, span, fw = _head_frame(face)
    side = np.array([-up[1], up[0]])
    h, w = image.shape[:2]
    rows, cols = 120, 13
    step = span * 1.0 / rows
    v = np.arange(rows) * step  # distance above the forehead
    u = np.linspace(-0.1 * fw, 0.1 * fw, cols)
    pts = forehead[None, None, :] + up[None, None, :] * v[:, None, None] + side[None, None, :] * u[None, :, None]
    strip = _sample(image, pts)
    outside = (pts[..., 0] < 0) | (pts[..., 0] > w - 1) | (pts[..., 1] < 0) | (pts[..., 1] > h - 1)
    bg = _backdrop(image, forehead, up, span, fw) if backdrop is _UNSET else backdrop
    if bg is None:
        return _pt(forehead + up * span * 0.45)
    colour, noise = bg
    # what differs from the backdrop, or has texture (hair, a knitted hat; a shadow has none)
    lum = strip.sum(-1) / 3
    local = cv2.blur(lum * lum, (3, 3)) - cv2.blur(lum, (3, 3)) ** 2
    person = _differs(strip, colour, noise) | (local > max(16.0, (3.0 * noise) ** 2))
    person[outside] = False
    share = person.mean(1)
    run = max(2, round(rows * 0.04))
    # from the top of the strip down: the first row where the head starts and goes on for `run` rows
    # (walking up from the forehead instead stops early on skin as light as the backdrop)
    for i in range(rows - 1, run - 1, -1):
        if share[i] >= 0.5 and (share[i - run + 1 : i + 1] >= 0.5).all():
            above = float(share[i + 1]) if i + 1 < rows else 0.0
            frac = min(max((float(share[i]) - 0.5) / max(float(share[i]) - above, 1e-6), 0.0), 1.0)
            x, y = forehead + up * (i + frac) * step
            return float(x), float(max(y, 0.0))  # a head leaving the image has its crown at the edge
    return _pt(forehead + up * span * 0.45)


def _sample(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Bilinear samples (float32 BGR) of the image at the points pts (..., 2)."""
    shape = pts.shape[:-1]
    flat = pts.reshape(-1, 2).astype(np.float32)
    out = cv2.remap(image, flat[:, 0].reshape(1, -1), flat[:, 1].reshape(1, -1), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE)
    return out.reshape((*shape, 3)).astype(np.float32)


def _backdrop(
    image: np.ndarray, forehead: np.ndarray, up: np.ndarray, span: float, fw: float
) -> tuple[np.ndarray, float] | None:
    """The backdrop's colour and noise, from the image beside and above the head (None when it is not plain)."""
    h, w = image.shape[:2]
    side = np.array([-up[1], up[0]])
    # beside the head at forehead height and above (either side k, out du face widths, up dv heads), a line well
    # above the head, and the image's own top corners (in a still, often the only backdrop beside a large head
    # or a hat)
    k, du, dv = np.array([-1.0, 1.0])[:, None, None, None], _BESIDE_DU[:, None, None], _BESIDE_DV[:, None]
    beside = forehead + side * k * du * fw + up * dv * span
    above = forehead + side * _ABOVE_DU[:, None, None] * fw + up * _ABOVE_DV[:, None] * span
    corners = np.stack(np.broadcast_arrays(_CORNER_FX[:, None] * (w - 1), _CORNER_FY * (h - 1)), -1)
    p = np.concatenate([beside.reshape(-1, 2), above.reshape(-1, 2), corners.reshape(-1, 2)])
    inside = (p[:, 0] >= 0) & (p[:, 0] <= w - 1) & (p[:, 1] >= 0) & (p[:, 1] <= h - 1)
    p = p[inside]
    if len(p) < 8:
        return None
    return _dominant(_sample(image, p[None])[0])


# where _backdrop samples (fractions of the face width fw and of forehead-to-chin span; of the image for the corners)
_BESIDE_DU, _BESIDE_DV = np.linspace(1.0, 1.5, 4), np.linspace(0.1, 0.8, 6)
_ABOVE_DU, _ABOVE_DV = np.linspace(-0.6, 0.6, 9), np.array([0.95, 1.05])
_CORNER_FX = np.array([0.01, 0.04, 0.07, 0.10, 0.90, 0.93, 0.96, 0.99])
_CORNER_FY = np.array([0.01, 0.05, 0.09, 0.13])


def _lengths(v: np.ndarray) -> np.ndarray:
    """The Euclidean lengths of colour differences along the last axis (3): np.linalg.norm(v, axis=-1), summed
    in the same order, without its slow reduction over a 3-long axis."""
    sq = v * v
    lengths: np.ndarray = np.sqrt(sq[..., 0] + sq[..., 1] + sq[..., 2])
    return lengths


def _dominant(cols: np.ndarray, share: float = 0.4) -> tuple[np.ndarray, float] | None:
    """The colour most of these samples share (the densest one's neighbourhood) and its noise; None when no
    colour has share of them (not a plain backdrop). The densest, not the median: a hat or hair filling part
    of the samples does not pull it."""
    if len(cols) < 8:
        return None
    # every pair's colour distance, a channel plane at a time (a broadcast over the 3-long last axis: 6x slower)
    diffs = [c[:, None] - c[None, :] for c in np.ascontiguousarray(cols.T)]
    d = np.sqrt(diffs[0] * diffs[0] + diffs[1] * diffs[1] + diffs[2] * diffs[2])
    counts = (d < 20.0).sum(1)
    best = int(np.argmax(counts))
    near = d[best] < 20.0
    if near.sum() < max(6, share * len(cols)):
        return None
    colour = np.median(cols[near], 0)
    noise = float(np.median(_lengths(cols[near] - colour))) * 1.4826
    return colour, noise


def _differs(pix: np.ndarray, colour: np.ndarray, noise: float) -> np.ndarray:
    """Pixels that are not the backdrop: far from its colour, unless they are only a darker shade of it."""
    tol = max(18.0, 4.0 * noise)
    c = colour.astype(np.float32)
    csum = float(c.sum()) + 1.0
    b, g, r = np.ascontiguousarray(np.moveaxis(pix, -1, 0))  # planes: a third quicker than strided channels
    dist2 = (b - c[0]) ** 2 + (g - c[1]) ** 2 + (r - c[2]) ** 2
    lum = b + g + r + 1.0
    ratio = lum / csum
    inv = 1.0 / lum
    chroma2 = (b * inv - c[0] / csum) ** 2 + (g * inv - c[1] / csum) ** 2 + (r * inv - c[2] / csum) ** 2
    shade = (ratio > 0.3) & (ratio < 1.5) & (chroma2 < 0.025**2)
    return (dist2 > tol * tol) & ~shade


# the crop ----------------------------------------------------------------------------------------------
def solve_crop_for(crown_y: float, chin_y: float, centre_x: float, image_w: int, image_h: int,
                   t: Thresholds) -> Crop:
    """The booth's crop of a camera frame at the photo's aspect (t.frame_w_mm x t.frame_h_mm): the head at the
    target size, centred between its margins, clamped inside the frame; never smaller than crop_min_height_px
    (unless the frame is)."""
    cc = max(chin_y - crown_y, 1.0)
    fh, aspect = t.frame_h_mm, t.aspect
    h_max = min(float(image_h), image_w / aspect)
    h_min = min(t.crop_min_height_px, h_max)
    h = float(np.clip(cc * fh / t.crown_chin_target_mm, h_min, h_max))
    w = h * aspect
    px_mm = h / fh
    cc_mm = cc / px_mm
    # the top margin in the middle of what both margins allow for this head size
    lo = max(t.top_margin_min_mm, fh - cc_mm - t.chin_margin_max_mm)
    hi = min(t.top_margin_max_mm, fh - cc_mm - t.chin_margin_min_mm)
    top_mm = (lo + hi) / 2
    y0 = float(np.clip(crown_y - top_mm * px_mm, 0.0, image_h - h))
    x0 = float(np.clip(centre_x - w / 2, 0.0, image_w - w))
    return Crop(x0, y0, w, h, frame_h_mm=fh)


def solve_crop(geometry: FaceGeometry, image_w: int, image_h: int, t: Thresholds) -> Crop:
    """The crop that would be sent: the whole image for a still of the photo's aspect, else the booth's crop of
    the frame."""
    if is_still(image_w, image_h, t.aspect):
        return Crop(0.0, 0.0, float(image_w), float(image_h), still=True, frame_h_mm=t.frame_h_mm)
    return solve_crop_for(geometry.crown[1], geometry.chin[1], geometry.centre[0], image_w, image_h, t)


def corrected_crown(crown_raw: tuple[float, float], chin_y: float, t: Thresholds) -> tuple[float, float]:
    """The crown estimate moved up by the estimator's bias (crown_bias_mm is in mm of a 34 mm head, so it is
    scaled by this head)."""
    head_px = max(chin_y - crown_raw[1], 1.0)
    return crown_raw[0], crown_raw[1] - t.crown_bias_mm / t.crown_chin_target_mm * head_px


def _geometry(ctx: _Ctx, face: fm.Face) -> FaceGeometry:
    lm = face.landmarks
    assert lm is not None and face.irises is not None
    ctx.backdrop = head_backdrop(ctx.image, face)
    raw = estimate_crown(ctx.image, face, ctx.backdrop)
    chin = _pt(lm[fm.MESH_CHIN])
    crown = corrected_crown(raw, chin[1], ctx.t)
    cx = float((lm[fm.MESH_CHEEK_R, 0] + lm[fm.MESH_CHEEK_L, 0]) / 2)
    return FaceGeometry(
        crown=crown,
        chin=chin,
        eye_right=_pt(face.irises[0]),
        eye_left=_pt(face.irises[1]),
        centre=(cx, (crown[1] + chin[1]) / 2),
        outline=face.oval(),
        crown_raw=raw,
    )


def _make_view(image: np.ndarray, crop: Crop, t: Thresholds) -> _View:
    h, w = image.shape[:2]
    view_w, view_h = t.view_size
    x0, y0 = round(crop.x0), round(crop.y0)
    x1, y1 = min(w, round(crop.x0 + crop.width)), min(h, round(crop.y0 + crop.height))
    region = image[y0:y1, x0:x1]
    # area averaging where the crop is shrunk a lot (a large still); bilinear otherwise (a camera frame's crop
    # is 400-720 px high, and bilinear is three times quicker)
    interp = cv2.INTER_AREA if region.shape[0] > 1.9 * view_h else cv2.INTER_LINEAR
    bgr = cv2.resize(region, (view_w, view_h), interpolation=interp)
    return _View(bgr, cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), view_h / max(y1 - y0, 1), float(x0), float(y0))


# the decisions ----------------------------------------------------------------------------------------
def decide(check_id: str, value: float | None, details: Mapping[str, float], t: Thresholds) -> bool:
    """Whether a measured value passes under the thresholds t. Every check decides through this, so that the
    evaluation can decide again under other thresholds (the ones tuned on other people) without re-measuring."""
    if value is None:
        return False
    if check_id == "single_face":
        return value == 1
    if check_id == "frontal":
        return _frontal_worst(details, t)[0] <= 1.0
    if check_id == "no_hat":
        dist, hair = details["forehead_distance"], details["hair_distance"]
        # the forehead's colour far from the cheeks: a hat, unless it is the hair's colour (bangs); and very
        # far (a dark hat on dark hair, whose temples it covers too), unless it also runs in strands down the
        # face, as a fringe does
        bangs = hair <= t.hat_hair_distance_min
        fringe = bangs and details.get("fringe_strands", 0.0) >= t.hat_fringe_strands_min
        hat_like = (dist > t.hat_forehead_distance_max and not bangs) or (
            dist > t.hat_forehead_distance_hard and not fringe)
        return not hat_like and details["head_height"] <= t.hat_head_height_max
    if check_id == "no_sunglasses":
        return value >= t.sunglasses_eye_ratio_min
    if check_id == "eyes_open":
        return value >= t.eyes_open_ratio_min
    if check_id == "mouth_closed":  # lips apart, and teeth or the mouth's inside showing between them
        return value <= t.mouth_open_max or details.get("showing", 1.0) <= t.mouth_showing_max
    if check_id == "background_plain":
        return value <= t.background_edge_max
    if check_id == "background_no_shadow":
        return value <= t.background_shadow_max
    if check_id == "sharp":
        return value >= t.sharpness_min
    if check_id == "exposure":
        return t.exposure_min <= value <= t.exposure_max and details.get("clipped", 0.0) <= t.exposure_clipped_max
    lo, hi = geometry_range(check_id, t)
    return lo <= value <= hi  # values are rounded to 0.01 mm: the printed value and the decision agree


def geometry_range(check_id: str, t: Thresholds) -> tuple[float, float]:
    """The allowed range in mm of a geometric check."""
    return {
        "face_size": (t.crown_chin_min_mm, t.crown_chin_max_mm),
        "top_margin": (t.top_margin_min_mm, t.top_margin_max_mm),
        "chin_margin": (t.chin_margin_min_mm, t.chin_margin_max_mm),
        "face_position": (-t.centre_offset_max_mm, t.centre_offset_max_mm),
    }[check_id]


def _result(check_id: str, value: float | None, threshold: float | tuple[float, float], t: Thresholds,
            details: Mapping[str, float] | None = None) -> CheckResult:
    d = dict(details or {})
    return CheckResult(check_id, decide(check_id, value, d, t), value, threshold, d)


# the checks -------------------------------------------------------------------------------------------
def check_single_face(ctx: _Ctx) -> CheckResult:
    n = (1 if ctx.face is not None else 0) + len(ctx.others)
    return _result("single_face", float(n), 1.0, ctx.t)


def yaw_estimate(yaw_mesh_deg: float, nose_offset: float, t: Thresholds) -> float:
    """The calibrated yaw in degrees: the mean of the mesh's yaw over its gain and the nose-offset angle."""
    nose = math.degrees(math.atan(nose_offset / max(t.yaw_nose_depth, 1e-6)))
    return 0.5 * (yaw_mesh_deg / max(t.yaw_mesh_gain, 1e-6) + nose)


def _frontal_worst(d: Mapping[str, float], t: Thresholds) -> tuple[float, float, float]:
    yaw = yaw_estimate(d["yaw_mesh_deg"], d["nose_offset"], t)
    pitch = d["pitch_mesh_deg"] - t.pitch_offset_deg
    worst = max(abs(yaw) / t.yaw_max_deg, abs(pitch) / t.pitch_max_deg, abs(d["roll_deg"]) / t.roll_max_deg)
    return worst, yaw, pitch


def check_frontal(ctx: _Ctx) -> CheckResult:
    t, f = ctx.t, ctx.face
    if f is None:
        return _result("frontal", None, 1.0, t)
    raw = {"yaw_mesh_deg": f.yaw_deg, "nose_offset": f.nose_offset, "pitch_mesh_deg": f.pitch_deg,
           "roll_deg": f.roll_deg}
    worst, yaw, pitch = _frontal_worst(raw, t)
    details = {"yaw_deg": yaw, "pitch_deg": pitch, **raw}
    return _result("frontal", round(worst, 3), 1.0, t, details)


def _lab_patch(ctx: _Ctx, x: float, y: float, r: int) -> np.ndarray:
    """The Lab pixels (float32, N x 3) of a square patch of the view (converted alone: the view's other
    pixels are never needed in Lab)."""
    assert ctx.view is not None
    patch = _patch(ctx.view.bgr, x, y, r)
    if patch.size == 0:
        return np.zeros((0, 3), np.float32)
    return cv2.cvtColor(patch, cv2.COLOR_BGR2LAB).reshape(-1, 3).astype(np.float32)


def _cheek_lab(ctx: _Ctx) -> np.ndarray:
    if ctx.cheek_lab is None:
        lm = ctx.lm
        assert lm is not None
        span = float(np.linalg.norm(lm[fm.MESH_CHIN] - lm[fm.MESH_FOREHEAD]))
        r = max(2, int(span * 0.035))
        ctx.cheek_lab = np.concatenate([_lab_patch(ctx, *lm[i], r) for i in (50, 280)])
        if not len(ctx.cheek_lab):  # the cheeks leave the crop: measure the nose tip instead
            ctx.cheek_lab = _lab_patch(ctx, *lm[fm.MESH_NOSE_TIP], 1)
        if not len(ctx.cheek_lab):
            ctx.cheek_lab = np.zeros((1, 3), np.float32)
    return ctx.cheek_lab


def _hair_beside(ctx: _Ctx, q: np.ndarray, r: int, skin: np.ndarray) -> np.ndarray | None:
    """The median Lab colour of the hair in a patch beside the face: its pixels that are neither the backdrop
    nor skin. None when they are under half of the patch (short hair: the patch is mostly backdrop, an ear or
    the temple's skin, and the median of a mix of backdrop and dark hair is a grey like no hair at all)."""
    assert ctx.view is not None
    patch = _patch(ctx.view.bgr, float(q[0]), float(q[1]), r)
    if patch.size == 0:
        return None
    pix = patch.reshape(-1, 3).astype(np.float32)
    lab = cv2.cvtColor(patch, cv2.COLOR_BGR2LAB).reshape(-1, 3).astype(np.float32)
    d = lab - skin
    hair = np.sqrt((d[:, 0] * 0.5) ** 2 + (d[:, 1] * 1.5) ** 2 + (d[:, 2] * 1.5) ** 2) > HAT_SKIN_LIKE
    if ctx.backdrop is not None:
        hair &= _differs(pix, *ctx.backdrop)
    if hair.mean() < 0.5:
        return None
    return np.median(lab[hair], 0)


def _fringe_strands(ctx: _Ctx, span: float) -> float:
    """How much of the forehead band's grey second differences run across the face (0.5: no direction; towards
    1: thin strands running down the face, a fringe; towards 0: an edge across the face, a hat's rim or the
    hairline). Second differences, not gradients: they weigh the fine detail of strands over a fabric's broad
    pattern."""
    assert ctx.view is not None and ctx.lm is not None
    lm = ctx.lm
    x0, x1 = int(lm[109, 0]), int(lm[338, 0]) + 1
    y0, y1 = int(lm[fm.MESH_FOREHEAD, 1] - 0.02 * span), int(lm[fm.MESH_FOREHEAD, 1] + 0.12 * span) + 1
    sub = ctx.view.gray[max(0, y0):max(0, y1), max(0, x0):max(0, x1)].astype(np.float32)
    if sub.shape[0] < 3 or sub.shape[1] < 3:
        return 0.0
    gxx = cv2.Sobel(sub, cv2.CV_32F, 2, 0)
    gyy = cv2.Sobel(sub, cv2.CV_32F, 0, 2)
    gxy = cv2.Sobel(sub, cv2.CV_32F, 1, 1)
    across = lm[fm.MESH_CHEEK_L] - lm[fm.MESH_CHEEK_R]
    ux, uy = across / max(float(np.linalg.norm(across)), 1e-6)
    d_across = ux * ux * gxx + 2 * ux * uy * gxy + uy * uy * gyy  # second difference along the face's width
    d_along = uy * uy * gxx - 2 * ux * uy * gxy + ux * ux * gyy
    e_across, e_along = float((d_across**2).sum()), float((d_along**2).sum())
    return e_across / max(e_across + e_along, 1e-6)


# no_hat: a hair pixel is further than this from the cheeks (the chroma-weighted Lab distance of check_no_hat)
HAT_SKIN_LIKE = 20.0
# what the side hair's distance reads when no hair shows beside the temples (the largest Lab distance)
NO_HAIR_DISTANCE = 441.7


def check_no_hat(ctx: _Ctx) -> CheckResult:
    t, lm, g, v = ctx.t, ctx.lm, ctx.geometry, ctx.view
    if lm is None or g is None or v is None:
        return CheckResult("no_hat", False, None, t.hat_forehead_distance_max)
    cheeks = _cheek_lab(ctx)
    down = lm[fm.MESH_CHIN] - lm[fm.MESH_FOREHEAD]
    span = float(np.linalg.norm(down))
    r = max(2, int(span * 0.025))
    pts = [lm[i] + down * 0.06 for i in (109, 10, 338)]
    forehead = np.concatenate([_lab_patch(ctx, *p, r) for p in pts])
    if not len(forehead) or not len(cheeks):  # the face leaves the crop
        return CheckResult("no_hat", False, None, t.hat_forehead_distance_max)
    # chroma distance (a, b) weighs triple: a hat's colour; lightness alone varies with light and skin
    skin, fmed = np.median(cheeks, 0), np.median(forehead, 0)
    diff = fmed - skin
    dist = float(math.sqrt((diff[0] * 0.5) ** 2 + (diff[1] * 1.5) ** 2 + (diff[2] * 1.5) ** 2))
    crown = v.pts(np.array(g.crown))
    head_above = float(np.linalg.norm(crown - lm[fm.MESH_FOREHEAD])) / max(span, 1e-6)
    # the hair beside the temples: bangs over the forehead have its colour, a hat usually does not. Only
    # what is hair counts (not the backdrop, not skin): with short hair the patch holds no hair at all
    fw = float(lm[fm.MESH_CHEEK_L, 0] - lm[fm.MESH_CHEEK_R, 0])
    temples = [lm[127] + [-0.06 * fw, -0.05 * span], lm[356] + [0.06 * fw, -0.05 * span]]
    side_hair = [c for c in (_hair_beside(ctx, q, r, skin) for q in temples) if c is not None]
    hair_dist = min((float(np.linalg.norm(fmed - hcol)) for hcol in side_hair), default=NO_HAIR_DISTANCE)
    return _result("no_hat", round(dist, 2), t.hat_forehead_distance_max, t,
                   {"forehead_distance": dist, "head_height": head_above, "hair_distance": hair_dist,
                    "fringe_strands": _fringe_strands(ctx, span)})


def check_no_sunglasses(ctx: _Ctx) -> CheckResult:
    t, f, v = ctx.t, ctx.face, ctx.view
    if f is None or f.eye_contours is None or v is None:
        return CheckResult("no_sunglasses", False, None, t.sunglasses_eye_ratio_min)
    vals = []
    for contour in f.eye_contours:
        c = v.pts(contour)
        x0, y0 = np.floor(c.min(0)).astype(int) - 1
        x1, y1 = np.ceil(c.max(0)).astype(int) + 2
        x0, y0 = max(x0, 0), max(y0, 0)
        sub = v.gray[y0:y1, x0:x1]
        if sub.size == 0:
            continue
        mask = np.zeros(sub.shape, np.uint8)
        cv2.fillPoly(mask, [np.round((c - [x0, y0]) * 4).astype(np.int32)], 255, cv2.LINE_8, 2)
        if mask.any():
            vals.append(float(sub[mask > 0].mean()))
    cheeks = float(np.mean(_cheek_lab(ctx)[:, 0]))  # L channel of OpenCV Lab is 0..255
    if not vals or cheeks <= 1:
        return CheckResult("no_sunglasses", False, None, t.sunglasses_eye_ratio_min)
    ratio = float(np.mean(vals)) / cheeks
    return _result("no_sunglasses", round(ratio, 3), t.sunglasses_eye_ratio_min, t)


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
    return _result("eyes_open", round(min(ratios), 3), t.eyes_open_ratio_min, t)


# the lips, as the mesh numbers them: the outer and inner contours, upper and lower, corner to corner
LIPS_UPPER_OUTER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291)
LIPS_LOWER_OUTER = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291)
LIPS_UPPER_INNER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)
LIPS_LOWER_INNER = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308)


def mouth_shows(image: np.ndarray, lm: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """What shows between the lips: teeth (lighter and less red than the lips) or an open mouth (darker),
    looked for between the inner lip contours widened a third of the way to the outer ones (the mesh may put
    the inner contour a little inside the teeth). Returns the mask (bool) and its top-left corner."""
    lm = np.asarray(lm, np.float64)
    outline = np.vstack([lm[list(LIPS_UPPER_OUTER), :2], lm[list(LIPS_LOWER_OUTER)[::-1], :2]])
    ui, uo = lm[list(LIPS_UPPER_INNER), :2], lm[list(LIPS_UPPER_OUTER), :2]
    li, lo = lm[list(LIPS_LOWER_INNER), :2], lm[list(LIPS_LOWER_OUTER), :2]
    between = np.vstack([ui + 0.35 * (uo - ui), (li + 0.35 * (lo - li))[::-1]])
    h, w = image.shape[:2]
    x0, y0 = np.floor(outline.min(0)).astype(int) - 1
    x1, y1 = np.ceil(outline.max(0)).astype(int) + 2
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return np.zeros((0, 0), bool), (x0, y0)
    lip_area = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(lip_area, [np.round(outline - [x0, y0]).astype(np.int32)], 255)
    inside = np.zeros_like(lip_area)
    cv2.fillPoly(inside, [np.round(between - [x0, y0]).astype(np.int32)], 255)
    lab = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2LAB).astype(np.float32)
    lips = lab[(lip_area > 0) & (inside == 0)]
    if not len(lips):
        lips = lab[lip_area > 0]
    if not len(lips):
        return np.zeros((y1 - y0, x1 - x0), bool), (x0, y0)
    l_lip, a_lip = np.percentile(lips[:, 0], 35), np.percentile(lips[:, 1], 65)
    teeth = (lab[..., 0] > l_lip + 8) & (lab[..., 1] < a_lip - 6)
    cavity = lab[..., 0] < l_lip - 30
    shows = ((teeth | cavity) & (inside > 0)).astype(np.uint8)
    shows = cv2.morphologyEx(shows, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)) > 0
    return shows, (x0, y0)


def mouth_opening(lm: np.ndarray) -> float:
    """The gap between the inner lips (mean of three pairs, in the middle) over the distance between the
    mouth corners: about 0.01-0.04 with the lips together, 0.11 and more with the teeth showing."""
    width = float(np.linalg.norm(lm[MESH_MOUTH_CORNERS[1], :2] - lm[MESH_MOUTH_CORNERS[0], :2]))
    gap = float(np.mean([np.linalg.norm(lm[b, :2] - lm[a, :2]) for a, b in MESH_INNER_LIPS]))
    return gap / max(width, 1e-6)


def check_mouth_closed(ctx: _Ctx) -> CheckResult:
    t, f = ctx.t, ctx.face
    if f is None or f.landmarks is None:
        return CheckResult("mouth_closed", False, None, t.mouth_open_max)
    # what shows between the lips, as a share of the mouth's area (looked at in the view: a few mm wide)
    v, lm = ctx.view, ctx.lm
    shows = 0.0
    if v is not None and lm is not None:
        mask, _ = mouth_shows(v.bgr, lm)
        outline = np.vstack([lm[list(LIPS_UPPER_OUTER)], lm[list(LIPS_LOWER_OUTER)[::-1]]])
        area = max(float(cv2.contourArea(outline.astype(np.float32))), 1.0)
        shows = float(mask.sum()) / area
    return _result("mouth_closed", round(mouth_opening(f.landmarks), 3), t.mouth_open_max, t,
                   {"showing": shows})


SEG_SCALE = 0.5  # the person/backdrop split runs on half the view (4 px/mm): shadows and clutter are larger
SEG_PX_PER_MM = 4.0  # at SEG_SCALE
PERSON_BAND_MM = 1.0  # background_plain leaves out this much around the person (the mask's edge is not exact)


def _person_and_background(ctx: _Ctx) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The person estimate, the envelope a person can fill, and the backdrop to judge, at SEG_SCALE of the view.

    The person is what differs from the backdrop colour (a darker shade of it does not: a shadow) or has texture,
    joined to the head and kept inside a generous head-and-shoulders envelope; the backdrop is what looks like
    it (or a shade of it), lies outside the person and is connected to the crop's top or sides.
    """
    if ctx.person is not None and ctx.background is not None and ctx.envelope is not None:
        return ctx.person, ctx.envelope, ctx.background
    v, lm, g = ctx.view, ctx.lm, ctx.geometry
    if v is None or lm is None or g is None:
        return None
    view_w, view_h = ctx.t.view_size
    sw, sh = round(view_w * SEG_SCALE), round(view_h * SEG_SCALE)
    small8 = cv2.resize(v.bgr, (sw, sh), interpolation=cv2.INTER_AREA)
    ctx.seg_gray = cv2.cvtColor(small8, cv2.COLOR_BGR2GRAY)
    small = small8.astype(np.float32)
    gray = ctx.seg_gray.astype(np.float32)
    pts = lm * SEG_SCALE
    crown = v.pts(np.array(g.crown)) * SEG_SCALE
    # the backdrop colour: the crop's top band and the upper side bands, robustly
    band = max(2, sh // 40)
    eye_y = int(max(band * 2, min(sh - 1, (pts[fm.MESH_EYE_OUTER_R, 1] + pts[fm.MESH_EYE_OUTER_L, 1]) / 2)))
    border = np.concatenate([
        small[:band].reshape(-1, 3), small[:eye_y, :band].reshape(-1, 3), small[:eye_y, -band:].reshape(-1, 3)])
    found = _dominant(border[:: max(1, len(border) // 100)], 0.3)
    if found is None:
        return None
    colour, noise = found
    differs = _differs(small, colour, noise)
    # hair and cloth have texture, the backdrop and its shadows have none
    # second differences: none on a shadow's smooth fall-off, plenty in hair; an area of it, not the thin line
    # along a shadow's sharp edge
    lap = cv2.blur(np.abs(cv2.Laplacian(gray, cv2.CV_32F)), (3, 3))
    textured = (lap > max(8.0, 4.0 * noise)).astype(np.uint8)
    textured = cv2.morphologyEx(textured, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    # thin lines (a frame, a shelf's edge beside the head) are not the person: only areas of colour are
    solid = cv2.morphologyEx(differs.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    person = (solid | textured).astype(np.uint8) * 255
    fw = float(pts[fm.MESH_CHEEK_L, 0] - pts[fm.MESH_CHEEK_R, 0])
    chin = pts[fm.MESH_CHIN]
    cx = float(pts[fm.MESH_NOSE_TIP, 0])
    head_c = (int(cx), int((crown[1] + chin[1]) / 2))
    # the head prior: the face oval and the skull up to the crown
    prior = np.zeros((sh, sw), np.uint8)
    cv2.fillPoly(prior, [np.round(pts[list(fm.FACE_OVAL)]).astype(np.int32)], 255)
    cv2.ellipse(prior, head_c, (int(fw * 0.5), int(max(2.0, (chin[1] - crown[1]) / 2))), 0, 0, 360, 255, -1)
    # the envelope: hair up to 0.85 of a face width on either side of the head, a face width beside the jaw
    # (long hair), then the shoulders widening downwards
    envelope = np.zeros((sh, sw), np.uint8)
    cv2.ellipse(envelope, head_c, (int(fw * 0.85), int(max(2.0, (chin[1] - crown[1]) / 2 + 2))), 0, 0, 360,
                255, -1)
    jaw_y = float(chin[1] - (chin[1] - crown[1]) * 0.25)
    # a full head of hair is boxy, not elliptic: the corners above the temples too, rounded off a little
    r = int(fw * 0.3)
    top_y, hw = int(crown[1] - 2), int(fw * 0.85)
    cv2.rectangle(envelope, (int(cx) - hw + r, top_y), (int(cx) + hw - r, int(jaw_y)), 255, -1)
    cv2.rectangle(envelope, (int(cx) - hw, top_y + r), (int(cx) + hw, int(jaw_y)), 255, -1)
    for ex in (int(cx) - hw + r, int(cx) + hw - r):
        cv2.circle(envelope, (ex, top_y + r), r, 255, -1)
    body = np.array([[cx - fw, jaw_y], [cx + fw, jaw_y], [cx + fw * 1.9, sh], [cx - fw * 1.9, sh]])
    cv2.fillPoly(envelope, [np.round(body).astype(np.int32)], 255)
    person = cv2.bitwise_and(cv2.bitwise_or(person, prior), envelope)
    person = cv2.morphologyEx(person, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    person = _joined(person, head_c, prior)
    # hair a little past the envelope (long or curly), joined to the head, is the person too
    reach = cv2.dilate(envelope, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))) > 0  # 2 mm
    person = _joined(cv2.bitwise_or(person, (solid & reach).astype(np.uint8) * 255), head_c, person)
    # the backdrop: not the person (with a margin), not unlike the backdrop, reaching the top or a side
    back = cv2.bitwise_not(cv2.dilate(person, np.ones((5, 5), np.uint8)))
    back[differs & ~(person > 0)] = 0
    n, labels = cv2.connectedComponents(back, connectivity=4)
    reaching = np.zeros(n, np.uint8)  # by label: 255 for the parts reaching the top or a side
    reaching[labels[0]] = reaching[labels[:, 0]] = reaching[labels[:, -1]] = 255
    reaching[0] = 0
    back = reaching[labels]
    ctx.person, ctx.envelope, ctx.background = person, envelope, back
    return person, envelope, back


def _joined(mask: np.ndarray, point: tuple[int, int], otherwise: np.ndarray) -> np.ndarray:
    """The part of mask connected to point (x, y), or otherwise when the point is not in the mask."""
    _n, labels = cv2.connectedComponents(mask, connectivity=8)
    h, w = mask.shape
    seed = labels[min(h - 1, max(0, point[1])), min(w - 1, max(0, point[0]))]
    return np.where(labels == seed, 255, 0).astype(np.uint8) if seed else otherwise


def check_background_plain(ctx: _Ctx) -> CheckResult:
    t = ctx.t
    masks = _person_and_background(ctx)
    if masks is None or ctx.view is None:
        return CheckResult("background_plain", False, None, t.background_edge_max)
    person, _envelope, _back = masks
    # every pixel not the person counts, backdrop-coloured or not: clutter differs from the backdrop; a band of
    # PERSON_BAND_MM around the person is left out, where the mask's edge falls a pixel or two off the hair's
    band = 2 * round(PERSON_BAND_MM * SEG_PX_PER_MM) + 1
    region = cv2.bitwise_not(cv2.dilate(person, np.ones((band, band), np.uint8)))
    n = int(np.count_nonzero(region))
    if n < 0.05 * region.size:
        return CheckResult("background_plain", False, None, t.background_edge_max)
    assert ctx.seg_gray is not None
    edges = cv2.Canny(ctx.seg_gray, 40, 100)  # at 4 px/mm: objects and patterns, not the grain
    density = float(np.count_nonzero(edges[region > 0])) / n
    return _result("background_plain", round(density, 4), t.background_edge_max, t)


def check_background_no_shadow(ctx: _Ctx) -> CheckResult:
    t = ctx.t
    masks = _person_and_background(ctx)
    if masks is None or ctx.view is None:
        return CheckResult("background_no_shadow", False, None, t.background_shadow_max)
    _person, _envelope, back = masks
    # beside and behind the head: the rows above the chin (below it, clothes in a backdrop's grey would count)
    chin_row = int(min(back.shape[0], max(0, ctx.lm[fm.MESH_CHIN, 1] * SEG_SCALE))) if ctx.lm is not None else 0
    back = back.copy()
    back[chin_row:] = 0
    m = (back > 0).astype(np.float32)
    if m.sum() < 0.04 * m.size:
        return CheckResult("background_no_shadow", False, None, t.background_shadow_max)
    assert ctx.seg_gray is not None
    lum = ctx.seg_gray.astype(np.float32)
    sigma = VIEW_PX_MM * SEG_SCALE * 1.5  # 1.5 mm: noise and grain go, a shadow stays
    smooth = cv2.GaussianBlur(lum * m, (0, 0), sigma) / np.maximum(cv2.GaussianBlur(m, (0, 0), sigma), 1e-3)
    inner = cv2.erode(back, np.ones((3, 3), np.uint8)) > 0
    vals = smooth[inner] if np.count_nonzero(inner) > 50 else smooth[back > 0]
    lo, hi = np.percentile(vals, [2, 98])
    return _result("background_no_shadow", round(float(1.0 - lo / max(hi, 1.0)), 3), t.background_shadow_max, t)


def _texture(gray: np.ndarray, scale: float, mask: np.ndarray | None = None) -> float:
    """Second-derivative spread over grey spread of a patch resized by scale (so that the eyes are
    SHARP_IOD_PX apart), in the weakest of eight directions: a shake smears one direction only."""
    if gray.size < 16:
        return 0.0
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    sub = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interp).astype(np.float32)
    inside = np.ones(sub.shape, bool)
    if mask is not None:
        inside = cv2.resize(mask, (sub.shape[1], sub.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
        if not inside.any():
            return 0.0
    dxx = cv2.filter2D(sub, cv2.CV_32F, _DXX)[inside]
    dyy = cv2.filter2D(sub, cv2.CV_32F, _DXX.T)[inside]
    dxy = cv2.filter2D(sub, cv2.CV_32F, _DXY)[inside]
    # the second derivative along direction a: cos²a dxx + 2 sin a cos a dxy + sin²a dyy, all eight at once
    w = _DIRECTION_WEIGHTS
    spreads = (w[:, 0:1] * dxx + w[:, 1:2] * dxy + w[:, 2:3] * dyy).std(axis=1)
    return float(spreads.min()) / max(float(sub[inside].std()), 4.0)


SHARP_IOD_PX = 30.0
_DXX = np.array([[0, 0, 0], [1, -2, 1], [0, 0, 0]], np.float32)
_DXY = np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]], np.float32) / 4
# (cos²a, 2 sin a cos a, sin²a) of eight directions a, in float32 (as a Python float times a float32 array is)
_DIRECTION_WEIGHTS = np.array([(c * c, 2 * s * c, s * s) for c, s in (
    (math.cos(a), math.sin(a)) for a in np.arange(8) * math.pi / 8)], np.float32)


def check_sharp(ctx: _Ctx) -> CheckResult:
    t, f, v, lm = ctx.t, ctx.face, ctx.view, ctx.lm
    if f is None or f.irises is None or v is None or lm is None:
        return CheckResult("sharp", False, None, t.sharpness_min)
    iod = float(np.linalg.norm(f.irises[1] - f.irises[0])) * v.scale
    if iod < 4:
        return CheckResult("sharp", False, None, t.sharpness_min)
    x0, y0 = np.floor(lm.min(0)).astype(int)
    x1, y1 = np.ceil(lm.max(0)).astype(int) + 1
    view_w, view_h = t.view_size
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(view_w, x1), min(view_h, y1)
    oval = np.zeros((max(0, y1 - y0), max(0, x1 - x0)), np.uint8)
    if oval.size == 0:
        return CheckResult("sharp", False, None, t.sharpness_min)
    cv2.fillPoly(oval, [np.round(lm[list(fm.FACE_OVAL)] - [x0, y0]).astype(np.int32)], 255)
    oval = cv2.erode(oval, np.ones((3, 3), np.uint8))
    value = _texture(v.gray[y0:y1, x0:x1], SHARP_IOD_PX / iod, oval)
    return _result("sharp", round(value, 3), t.sharpness_min, t)


def face_sharpness(image: np.ndarray, analysis: fm.FaceAnalysis) -> float:
    """The sharp check's measure on the strongest face, straight from the image (no crop): how a burst's
    frames are ranked before any is checked. -1 without a face."""
    f = analysis.faces[0] if analysis.faces else None
    if f is None or f.landmarks is None or f.irises is None:
        return -1.0
    iod = float(np.linalg.norm(f.irises[1] - f.irises[0]))
    if iod < 4:
        return -1.0
    h, w = image.shape[:2]
    x0, y0 = np.floor(f.landmarks[:, :2].min(0)).astype(int)
    x1, y1 = np.ceil(f.landmarks[:, :2].max(0)).astype(int) + 1
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return -1.0
    gray = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    oval = np.zeros(gray.shape, np.uint8)
    cv2.fillPoly(oval, [np.round(f.oval() - [x0, y0]).astype(np.int32)], 255)
    return _texture(gray, SHARP_IOD_PX / iod, cv2.erode(oval, np.ones((3, 3), np.uint8)))


def check_exposure(ctx: _Ctx) -> CheckResult:
    t = ctx.t
    rng = (t.exposure_min, t.exposure_max)
    if ctx.lm is None or ctx.view is None:
        return CheckResult("exposure", False, None, rng)
    lum = float(np.mean(_cheek_lab(ctx)[:, 0]))
    # blown highlights: the share of the face (its oval) clipped white in some channel
    oval_pts = np.round(ctx.lm[list(fm.FACE_OVAL)]).astype(np.int32)
    view_w, view_h = t.view_size
    x0, y0 = np.clip(oval_pts.min(0), 0, [view_w - 1, view_h - 1])
    x1, y1 = np.clip(oval_pts.max(0) + 1, 1, [view_w, view_h])
    face = ctx.view.bgr[y0:y1, x0:x1]
    oval = np.zeros(face.shape[:2], np.uint8)
    cv2.fillPoly(oval, [oval_pts - [x0, y0]], 255)
    b, g, r = cv2.split(face)
    white = cv2.max(cv2.max(b, g), r) >= 250
    n = int(np.count_nonzero(oval))
    clipped = float(np.count_nonzero(white & (oval > 0))) / n if n else 0.0
    return _result("exposure", round(lum, 1), rng, t, {"clipped": clipped})


def _mm_check(ctx: _Ctx, check_id: str, key: str) -> CheckResult:
    rng = geometry_range(check_id, ctx.t)
    value = round(ctx.mm[key], 2) if key in ctx.mm else None
    return _result(check_id, value, rng, ctx.t)


def check_face_size(ctx: _Ctx) -> CheckResult:
    """Crown to chin, mm."""
    return _mm_check(ctx, "face_size", "crown_chin")


def check_top_margin(ctx: _Ctx) -> CheckResult:
    """The photo's top edge to the crown, mm."""
    return _mm_check(ctx, "top_margin", "top")


def check_chin_margin(ctx: _Ctx) -> CheckResult:
    """The chin to the photo's bottom edge, mm."""
    return _mm_check(ctx, "chin_margin", "chin")


def check_face_position(ctx: _Ctx) -> CheckResult:
    """The face centre's offset from the photo's middle line, mm (+: towards the image right)."""
    return _mm_check(ctx, "face_position", "offset")


CHECKS: dict[str, Callable[[_Ctx], CheckResult]] = {
    "single_face": check_single_face,
    "frontal": check_frontal,
    "no_hat": check_no_hat,
    "no_sunglasses": check_no_sunglasses,
    "eyes_open": check_eyes_open,
    "mouth_closed": check_mouth_closed,
    "background_plain": check_background_plain,
    "background_no_shadow": check_background_no_shadow,
    "sharp": check_sharp,
    "exposure": check_exposure,
    "face_size": check_face_size,
    "top_margin": check_top_margin,
    "chin_margin": check_chin_margin,
    "face_position": check_face_position,
}
assert tuple(CHECKS) == CHECK_IDS


def _pick_faces(analysis: fm.FaceAnalysis, t: Thresholds) -> tuple[fm.Face | None, list[fm.Face]]:
    if analysis.meshed_for not in (None, (t.face_score_min, t.face_height_min)):
        # the faces with a mesh were chosen by other thresholds: the photo's face might have none
        raise ValueError(f"faces analysed for face_score_min, face_height_min = {analysis.meshed_for}, checked "
                         f"with {t.face_score_min}, {t.face_height_min}: pass the same Thresholds to analyse()")
    main = None
    for f in analysis.faces:
        if fm.can_be_the_photos_face(f, analysis.height, t) and f.landmarks is not None:
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


# the main face's head reaches this share of its face box's height above the box (the detector's box stops at
# the forehead; the hair above it is the same head)
HEAD_ABOVE_BOX = 0.5


def _overlaps(a: fm.Face, b: fm.Face) -> bool:
    """A detection centred inside the other's head (its face box, and the hair above it up to HEAD_ABOVE_BOX of
    the box's height) is the same head, not a second person: a weak detection in a head of hair is not a face."""
    cx, cy = (a.box[0] + a.box[2]) / 2, (a.box[1] + a.box[3]) / 2
    top = b.box[1] - HEAD_ABOVE_BOX * (b.box[3] - b.box[1])
    return b.box[0] <= cx <= b.box[2] and top <= cy <= b.box[3]


def geometry_mm(g: FaceGeometry, crop: Crop) -> dict[str, float]:
    """Crown to chin, top margin, chin margin and the centre's offset from the middle, in mm of the crop."""
    px = crop.px_per_mm
    frame_w_mm = crop.width / px
    return {
        "crown_chin": (g.chin[1] - g.crown[1]) / px,
        "top": (g.crown[1] - crop.y0) / px,
        "chin": (crop.y0 + crop.height - g.chin[1]) / px,
        "offset": (g.centre[0] - crop.x0) / px - frame_w_mm / 2,
    }


def assess(
    image_bgr: np.ndarray, analysis: fm.FaceAnalysis, thresholds: Thresholds | None = None
) -> PhotoAssessment:
    """Run every check on one image and its face analysis."""
    t = thresholds or Thresholds()
    h, w = image_bgr.shape[:2]
    ctx = _Ctx(image=image_bgr, analysis=analysis, t=t)
    ctx.face, ctx.others = _pick_faces(analysis, t)
    if ctx.face is not None and ctx.face.landmarks is not None:
        ctx.geometry = _geometry(ctx, ctx.face)
        ctx.crop = solve_crop(ctx.geometry, w, h, t)
        ctx.mm = geometry_mm(ctx.geometry, ctx.crop)
        ctx.view = _make_view(image_bgr, ctx.crop, t)
        ctx.lm = ctx.view.pts(ctx.face.landmarks)
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
