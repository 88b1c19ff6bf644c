"""The derived photo set: booth photos made from the labelled sources in ../shared, every truth known by construction.

Each frontal source photo is levelled, cut out with its person mask and composed onto a booth background at a chosen
geometry, then given at most one defect. Two forms: `still` (a 35:45 image judged as the crop itself, 560x720,
16 px/mm) and `frame` (a 1280x720 camera frame that the booth crops). The truth of every sample is computed from
what was drawn: the crown is the top of the composed person mask, the chin the mesh chin point carried through the
same transform, the shadow strength the darkest visible background over the brightest, the yaw the applied turn.

Continuous defects are drawn outside a guard band around their boundary; samples inside the band are marked
`band=True` (they feed the curves in docs/photo.md, not the accuracy figures). Nothing of the sources is written
anywhere: images live in memory only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from kiosk.photo.checks import FRAME_H_MM, Thresholds, solve_crop_for, yaw_estimate
from kiosk.photo.faces import FACE_OVAL
from kiosk.photo.synth import close_mouth, turn_head

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "photos" / "source"

STILL_W, STILL_H = 560, 720  # 35x45 mm at 16 px/mm
PX_MM = STILL_H / 45.0
FRAME_W, FRAME_H = 1280, 720

# Person-disjoint folds (each with one Japanese face where there is one, and one closed-mouth face). The real NG
# photos join the fold of the person they show; strangers are spread over folds 2 and 3.
FOLDS: dict[str, int] = {
    "ea_nasa_hoshide_2004": 0, "skimage_astronaut": 0, "deepface_img11": 0,
    "ea_nasa_noguchi": 1, "fr_obama": 1, "fr_biden2": 1, "deepface_img14": 1,
    "ea_nasa_yamazaki": 2, "deepface_img21": 2, "deepface_img24": 2,
    "fr_alex_lacamoire1": 3, "deepface_img33": 3, "deepface_img3": 3,
    # real photos
    "ea_nasa_hoshide_2020_tilt": 0, "deepface_couple": 0,
    "fr_two_people": 1, "fr_obama_and_biden": 1,
    "glassesdet_demo_0": 2, "glassesdet_demo_1": 2, "hatbeard_example_2": 2,
    "glassesdet_demo_3": 3, "glassesdet_demo_5": 3, "addhat_test": 3, "addhat_result_test": 3,
}
N_FOLDS = 4
JAPANESE = frozenset({"ea_nasa_hoshide_2004", "ea_nasa_noguchi", "ea_nasa_yamazaki", "ea_nasa_hoshide_2020_tilt"})
# Looked at by eye (docs/photo.md, mouth_closed): these sources smile showing their teeth, lips apart.
TEETH = frozenset({
    "skimage_astronaut", "fr_obama", "fr_biden2", "fr_alex_lacamoire1", "deepface_img24",
    "ea_nasa_hoshide_2004", "ea_nasa_noguchi", "ea_nasa_yamazaki", "ea_nasa_hoshide_2020_tilt",
})

# The official tolerances (docs/photo.md), the guard band on either side of each edge, and how far defects go.
CC_MM, TOP_MM, CHIN_MM, OFFSET_MM = (32.0, 36.0), (2.0, 6.0), (5.0, 9.0), (-1.5, 1.5)
GUARD_MM = 0.5
SHADOW_GOOD_MAX, SHADOW_BAD_MIN = 0.08, 0.15  # background darkening: good up to, defect from
# a "turned" sample's yaw (its source's own plus the applied turn) is at least this; the sweep's are below
YAW_BAD_MIN, YAW_SWEEP_MAX = 17.0, 17.0
YAW_GOOD_MAX = 12.0  # the sweep's turns up to this are good (the tolerance); between the two: band
ROLL_GOOD_MAX, ROLL_BAD_MIN = 4.0, 11.0
# focus blur (Gaussian sigma) and shake (length) of a "blurred" sample, mm of the photo; below: the sweep (band)
BLUR_BAD_MM, SHAKE_BAD_MM = 0.45, 1.6
BRIGHT_CLIPPED_MIN = 0.15  # an over-exposed sample has at least this share of its face clipped white
GOODS_PER_PERSON = 6  # good stills of each person, unless asked for more


@dataclass
class Person:
    name: str
    image: np.ndarray  # BGR source, lips together (closed by kiosk.photo.synth.close_mouth where they were not)
    mask: np.ndarray  # float32 0..1
    ann: dict
    landmarks: np.ndarray  # (468, 3) mesh on the source, source pixels
    teeth: np.ndarray | None = None  # the source as it was, when it shows teeth
    yaw: float = 0.0  # the source's own turn as the calibrated estimator reads it (the yaw truth adds to it)
    # the source as it was (teeth showing): its annotation, mesh and mask
    teeth_ann: dict | None = None
    teeth_landmarks: np.ndarray | None = None
    teeth_mask: np.ndarray | None = None
    _levels: dict = field(default_factory=dict, repr=False)

    @property
    def japanese(self) -> bool:
        return self.name in JAPANESE

    @property
    def fold(self) -> int:
        return FOLDS[self.name]


@dataclass
class Sample:
    name: str  # person/kind-n
    person: str
    kind: str
    form: str  # "still" or "frame"
    image: np.ndarray = field(repr=False)
    defects: frozenset[str]  # the checks that must fail; empty for a good photo
    truth: dict[str, float] = field(default_factory=dict)
    band: bool = False  # inside a guard band: scored on the curves only
    fold: int = 0
    japanese: bool = False


# ---------------------------------------------------------------------------------------------- sources
def load_annotations(src: Path) -> dict:
    return json.loads((src / "annotations.json").read_text(encoding="utf-8"))


def load_people(src: Path, analyzer, names: Sequence[str] | None = None) -> list[Person]:
    """The frontal sources with their masks and the mesh measured on each (analyzer: a FaceAnalyzer)."""
    ann = load_annotations(src)
    people = []
    for file, a in ann.items():
        if file.startswith("_") or a.get("role") != "frontal" or not a.get("mask"):
            continue
        name = file.rsplit(".", 1)[0]
        if names is not None and name not in names:
            continue
        img = cv2.imread(str(src / file))
        mask = cv2.imread(str(src / a["mask"]), cv2.IMREAD_GRAYSCALE)
        if img is None or mask is None:
            continue
        mask = _clean_mask(name, img, mask, float(a["faces"][0]["chin"][1]))
        faces = analyzer.analyse(img).faces
        if not faces or faces[0].landmarks is None:
            continue
        f = faces[0]
        yaw = yaw_estimate(f.yaw_deg, f.nose_offset, Thresholds())
        teeth, ann, lm, alpha = None, dict(a["faces"][0]), f.landmarks, mask.astype(np.float32) / 255
        if name in TEETH:  # the lips brought together the way a jaw closes them; the chin moves up with it
            teeth, teeth_mask = img, alpha
            img, closed_alpha, lm = close_mouth(img, f.landmarks, alpha)
            assert closed_alpha is not None
            alpha = closed_alpha
            lm = _annotated_mesh(analyzer, img, lm)
            ann["chin"] = [float(lm[152, 0]), float(lm[152, 1])]
        p = Person(name, img, alpha, ann, lm, teeth, yaw)
        if teeth is not None:
            p.teeth_ann, p.teeth_landmarks, p.teeth_mask = dict(a["faces"][0]), f.landmarks, teeth_mask
        people.append(p)
    return people


# Where a shared person mask keeps a piece of the original background (found by eye): source file, the box
# (x0, y0, x1, y1, source pixels) and the brightness above which a masked pixel there is background, not person.
# deepface_img21: a light block with a pink fringe (the edge of a red sign) left of the neck.
MASK_FIXES = {"deepface_img21": ((0, 330, 100, 540), 150)}


def _clean_mask(name: str, image: np.ndarray, mask: np.ndarray, chin_y: float) -> np.ndarray:
    """The person mask without the bits of original background it is known to keep (MASK_FIXES), and below
    the chin without thin bits left over (an opening); the head and its hair are left alone."""
    out = mask.copy()
    if name in MASK_FIXES:
        (x0, y0, x1, y1), light = MASK_FIXES[name]
        box = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY) > light
        out[y0:y1, x0:x1][box] = 0
    y = int(min(mask.shape[0], max(0, chin_y)))
    k = max(3, int(mask.shape[0] * 0.02)) | 1
    body = cv2.morphologyEx(out, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    out[y:] = body[y:]
    return out


def _annotated_mesh(analyzer, image: np.ndarray, moved: np.ndarray) -> np.ndarray:
    """The mesh of a source whose mouth was closed, measured again on it (the way annotations.json has the
    mesh of each source: its chin is where the mesh puts it, a little below where the pixels were moved to);
    the moved points if the mesh is not found."""
    faces = analyzer.analyse(image).faces
    return faces[0].landmarks if faces and faces[0].landmarks is not None else moved


def astronaut(analyzer) -> Person:
    """scikit-image's public-domain astronaut as a source person (the simulator's cut-out and mask), so that
    the generator runs where ../shared is absent. She smiles with her teeth, like the TEETH sources."""
    from kiosk.photo import scenes

    cut = scenes._astronaut()
    face = analyzer.analyse(cut.image).faces[0]
    lm = face.landmarks
    mask = (cut.alpha >= 0.5).astype(np.float32)
    centre_x = float((lm[234, 0] + lm[454, 0]) / 2)
    ann = {
        "eye_left": [float(face.irises[0][0]), float(face.irises[0][1])],
        "eye_right": [float(face.irises[1][0]), float(face.irises[1][1])],
        "face_left": [float(lm[234, 0]), float(lm[234, 1])],
        "face_right": [float(lm[454, 0]), float(lm[454, 1])],
        "forehead": [float(lm[10, 0]), float(lm[10, 1])],
        "chin": [float(lm[152, 0]), float(lm[152, 1])],
        "crown": [centre_x, crown_of(mask, centre_x, 0.15 * float(lm[454, 0] - lm[234, 0]))],
    }
    image, alpha, closed = close_mouth(cut.image, lm, mask)
    assert alpha is not None
    closed = _annotated_mesh(analyzer, image, closed)
    ann_closed = dict(ann, chin=[float(closed[152, 0]), float(closed[152, 1])])
    p = Person("skimage_astronaut", image, alpha, ann_closed, closed, cut.image,
               yaw_estimate(face.yaw_deg, face.nose_offset, Thresholds()))
    p.teeth_ann, p.teeth_landmarks, p.teeth_mask = ann, lm, mask
    return p


def real_photos(src: Path) -> Iterator[Sample]:
    """The real NG photos as they are, labelled with the checks annotations.json says they fail."""
    for file, a in load_annotations(src).items():
        if file.startswith("_") or a.get("role") not in ("real_ng", "real_multi"):
            continue
        img = cv2.imread(str(src / file))
        if img is None:
            continue
        if a.get("crop_bottom"):
            img = img[: img.shape[0] - int(a["crop_bottom"])]
        name = file.rsplit(".", 1)[0]
        reasons = set(a.get("reasons", []))
        if name in TEETH:
            reasons.add("mouth_closed")
        yield Sample(f"real/{name}", name, "real", "real", img, frozenset(reasons), {}, False,
                     FOLDS.get(name, 3), name in JAPANESE)


# ---------------------------------------------------------------------------------------------- placing
@dataclass(frozen=True)
class Placement:
    """Where the levelled head goes in the output: crown-to-chin in px, crown y, face centre x, extra roll."""

    cc_px: float
    crown_y: float
    centre_x: float
    roll_deg: float = 0.0


def _level(p: Person) -> tuple[float, np.ndarray, float, float]:
    """The source's levelling: its roll, the face centre, and (once levelled) the true crown's and the chin's
    rows, the crown taken from the levelled mask the way the truth is (crown_of), not from the annotation."""
    if "level" not in p._levels:
        a = p.ann
        el, er = np.array(a["eye_left"]), np.array(a["eye_right"])
        level = math.degrees(math.atan2(er[1] - el[1], er[0] - el[0]))
        centre = (np.array(a["face_left"]) + np.array(a["face_right"])) / 2
        r = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), level, 1.0)
        h, w = p.mask.shape
        mask = cv2.warpAffine(p.mask, r, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        fw = float(np.linalg.norm(np.array(a["face_right"]) - np.array(a["face_left"])))
        crown_y = crown_of(mask, float(centre[0]), 0.15 * fw)
        chin_y = float((r[:, :2] @ np.array(a["chin"]) + r[:, 2])[1])
        p._levels["level"] = (level, centre, crown_y, chin_y)
    return p._levels["level"]


def _matrix(p: Person, pl: Placement) -> np.ndarray:
    level, centre, crown_y, chin_y = _level(p)
    s = pl.cc_px / max(chin_y - crown_y, 1.0)
    m = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), level, s)
    c2 = m[:, :2] @ centre + m[:, 2]
    # the levelled crown row, carried by the scale about the centre
    crown2_y = float(c2[1] + (crown_y - centre[1]) * s)
    m[0, 2] += pl.centre_x - c2[0]
    m[1, 2] += pl.crown_y - crown2_y
    if pl.roll_deg:
        roll = cv2.getRotationMatrix2D((pl.centre_x, pl.crown_y + pl.cc_px * 0.55), pl.roll_deg, 1.0)
        m = np.vstack([roll, [0, 0, 1]]) @ np.vstack([m, [0, 0, 1]])
        m = m[:2]
    return m


def _source_at(p: Person, scale: float, teeth: bool) -> tuple[np.ndarray, np.ndarray, float]:
    """The source (and mask) pre-shrunk with area averaging when the placement shrinks it a lot (cached by
    half-octave, so that a placement never shrinks it by more than about 0.7 again)."""
    image = p.teeth if teeth and p.teeth is not None else p.image
    source_mask = p.teeth_mask if teeth and p.teeth_mask is not None else p.mask
    if scale >= 0.7:
        return image, source_mask, 1.0
    level = math.floor(math.log2(scale * 1.4) * 2) / 2
    f = 2.0**level
    key = (level, teeth)
    if key not in p._levels:
        size = (max(1, round(image.shape[1] * f)), max(1, round(image.shape[0] * f)))
        p._levels[key] = (cv2.resize(image, size, interpolation=cv2.INTER_AREA),
                          cv2.resize(source_mask, size, interpolation=cv2.INTER_AREA))
    img, mask = p._levels[key]
    return img, mask, img.shape[1] / image.shape[1]


def compose(
    p: Person, background: np.ndarray, pl: Placement, yaw_deg: float = 0.0, teeth: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The person on the background: (image BGR, person alpha 0..1, the mesh carried to the output (468, 3)).
    teeth: the source as it was (smiling with the teeth showing) rather than with the lips together."""
    h, w = background.shape[:2]
    m = _matrix(p, pl)
    scale = float(math.hypot(m[0, 0], m[0, 1]))
    img, mask, f = _source_at(p, scale, teeth)
    mm = m.copy()
    mm[:, :2] /= f
    fg = cv2.warpAffine(img, mm, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    alpha = cv2.warpAffine(_body_extended(mask), mm, (w, h), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    src_lm = p.teeth_landmarks if teeth and p.teeth_landmarks is not None else p.landmarks
    lm = src_lm.copy()
    lm[:, :2] = src_lm[:, :2] @ m[:, :2].T + m[:, 2]
    lm[:, 2] = src_lm[:, 2] * scale
    if yaw_deg:
        fg, turned_alpha = turn_head(fg, lm, yaw_deg, alpha)
        assert turned_alpha is not None
        alpha = turned_alpha
    alpha = np.clip(cv2.GaussianBlur(alpha, (3, 3), 0), 0, 1)
    out = fg.astype(np.float32) * alpha[..., None] + background.astype(np.float32) * (1 - alpha[..., None])
    return np.clip(out, 0, 255).astype(np.uint8), alpha, lm


def _body_extended(mask: np.ndarray) -> np.ndarray:
    """The mask for compositing: a torso cut by the source's bottom edge goes on downwards (the image is
    replicated there), while one cut by a side edge fades out instead of being smeared across the frame."""
    h, w = mask.shape
    fade = np.clip(np.minimum(np.arange(w), np.arange(w)[::-1]) / max(2.0, 0.04 * w), 0, 1).astype(np.float32)
    out = mask * fade[None, :]
    return cv2.copyMakeBorder(out, 0, h, 0, 0, cv2.BORDER_REPLICATE)


def crown_of(alpha: np.ndarray, centre_x: float, half_width: float) -> float:
    """The head's top by construction: the highest row where the person alpha reaches 0.5 near the head axis
    (sub-pixel, interpolated along the column)."""
    x0, x1 = max(0, int(centre_x - half_width)), min(alpha.shape[1], int(centre_x + half_width) + 1)
    best = float(alpha.shape[0])
    for x in range(x0, x1):
        col = alpha[:, x]
        rows = np.nonzero(col >= 0.5)[0]
        if not len(rows):
            continue
        y = int(rows[0])
        if y == 0:
            return 0.0
        a0, a1 = float(col[y - 1]), float(col[y])
        best = min(best, y - (a1 - 0.5) / max(a1 - a0, 1e-6))
    return best


# ---------------------------------------------------------------------------------------------- backgrounds
_BACKGROUNDS = ((236, 236, 234), (222, 224, 226), (232, 220, 200), (214, 214, 210), (240, 238, 228))


def background(w: int, h: int, rng: np.random.Generator, ramp: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A plain booth backdrop (white, grey or light blue) and its light factor (the lamp's fall-off, 0..6 %)."""
    base = np.array(_BACKGROUNDS[int(rng.integers(len(_BACKGROUNDS)))], np.float32) + rng.uniform(-6, 6, 3)
    fall = rng.uniform(0.0, 0.06) if ramp is None else ramp
    factor = np.repeat(np.linspace(1.0, 1.0 - fall, h, dtype=np.float32)[:, None], w, 1)
    bg = base[None, None, :] * factor[..., None] + rng.normal(0, 1.5, (h, w, 3)).astype(np.float32)
    return np.clip(bg, 0, 255).astype(np.uint8), factor


def _relight(img: np.ndarray, alpha: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Darken the background only (where the person does not cover it) by a light factor."""
    f = factor * (1 - alpha) + alpha
    return np.clip(img.astype(np.float32) * f[..., None], 0, 255).astype(np.uint8)


def drop_shadow(alpha: np.ndarray, shift: tuple[float, float], blur_px: float, strength: float) -> np.ndarray:
    """The light factor of the person's own shadow on the backdrop: the silhouette shifted and softened."""
    h, w = alpha.shape
    m = np.float32([[1, 0, shift[0]], [0, 1, shift[1]]])
    sil = cv2.warpAffine(alpha, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    if blur_px > 0.3:
        sil = cv2.GaussianBlur(sil, (0, 0), blur_px)
    return 1.0 - strength * sil


def side_light(w: int, h: int, strength: float, side: int) -> np.ndarray:
    """A light factor falling across the image: one side darker by strength (a lamp off to the side)."""
    ramp = np.linspace(0.0, 1.0, w, dtype=np.float32)
    if side < 0:
        ramp = ramp[::-1]
    return np.repeat((1.0 - strength * ramp)[None, :], h, 0)


def darkening(light: np.ndarray, alpha: np.ndarray, box: tuple[int, int, int, int], chin_y: float) -> float:
    """How much darker the darkest visible background is than the brightest, inside box (x0, y0, x1, y1):
    1 - the 2nd over the 98th percentile of the light falling on it (a sliver at the outline does not count)."""
    x0, y0, x1, y1 = box
    y1 = max(y0 + 1, min(y1, int(chin_y)))  # beside and behind the head: above the chin
    f, a = light[y0:y1, x0:x1], alpha[y0:y1, x0:x1]
    vis = f[a < 0.05]
    if not vis.size:
        return 0.0
    return float(1.0 - np.percentile(vis, 2) / max(np.percentile(vis, 98), 1e-6))


# ---------------------------------------------------------------------------------------------- accessories
def _pt(lm: np.ndarray, i: int) -> np.ndarray:
    return lm[i, :2]


def draw_hat(img: np.ndarray, lm: np.ndarray, crown_y: float, rng: np.random.Generator) -> np.ndarray:
    """A brimmed hat or a knitted cap, textured, over the top of the head."""
    out = img.copy()
    fl, fr = _pt(lm, 234), _pt(lm, 454)
    forehead, chin = _pt(lm, 10), _pt(lm, 152)
    fw = float(fr[0] - fl[0])
    span = float(chin[1] - forehead[1])
    cx = float((fl[0] + fr[0]) / 2)
    colour = tuple(int(c) for c in rng.choice(
        [(40, 40, 160), (30, 30, 30), (150, 90, 40), (60, 120, 60), (180, 180, 190), (90, 60, 120)]))
    mask = np.zeros(out.shape[:2], np.uint8)
    if rng.random() < 0.5:  # brimmed hat
        base_y = forehead[1] + span * rng.uniform(0.02, 0.12)
        top_y = crown_y - span * rng.uniform(0.05, 0.35)
        body = np.array([[cx - fw * 0.55, base_y], [cx - fw * 0.47, top_y], [cx + fw * 0.47, top_y],
                         [cx + fw * 0.55, base_y]], np.int32)
        cv2.fillPoly(mask, [body], 255, cv2.LINE_AA)
        cv2.ellipse(mask, (int(cx), int(base_y)), (int(fw * rng.uniform(0.7, 0.95)), int(fw * 0.09)),
                    0, 0, 360, 255, -1, cv2.LINE_AA)
    else:  # knitted cap down to the eyebrows
        base_y = forehead[1] + span * rng.uniform(0.08, 0.18)
        top_y = crown_y - span * rng.uniform(0.0, 0.08)
        cv2.ellipse(mask, (int(cx), int(base_y)), (int(fw * 0.58), int(base_y - top_y)), 0, 180, 360, 255, -1,
                    cv2.LINE_AA)
        cv2.rectangle(mask, (int(cx - fw * 0.58), int(base_y - span * 0.06)), (int(cx + fw * 0.58), int(base_y)),
                      255, -1)
    h, w = out.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    f1, f2 = rng.uniform(0.2, 0.8, 2) * 40 / max(fw, 1) * 3
    pattern = 12 * np.sin(xx * f1) * np.sin(yy * f2) + rng.normal(0, rng.uniform(3, 12), (h, w))
    shade = np.clip(1.0 - (yy - yy.min()) * 0 + 0, 0, 1)
    hat = np.clip(np.array(colour, np.float32)[None, None] * shade[..., None] + pattern[..., None], 0, 255)
    a = (mask.astype(np.float32) / 255)[..., None]
    return np.clip(hat * a + out.astype(np.float32) * (1 - a), 0, 255).astype(np.uint8)


def draw_sunglasses(img: np.ndarray, lm: np.ndarray, rng: np.random.Generator, transmission: float) -> np.ndarray:
    """Dark or tinted lenses over both eyes; transmission 0 is opaque, 0.15 lets a sixth of the eye through."""
    out = img.astype(np.float32)
    er = (lm[33, :2] + lm[133, :2]) / 2
    el = (lm[263, :2] + lm[362, :2]) / 2
    iod = float(np.linalg.norm(el - er))
    tint = np.array(rng.choice([(20, 20, 20), (20, 40, 60), (40, 30, 20), (30, 50, 30)]), np.float32)
    mask = np.zeros(img.shape[:2], np.uint8)
    axes = (int(iod * rng.uniform(0.34, 0.42)), int(iod * rng.uniform(0.24, 0.3)))
    for e in (er, el):
        cv2.ellipse(mask, (int(e[0]), int(e[1])), axes, 0, 0, 360, 255, -1, cv2.LINE_AA)
    a = (mask.astype(np.float32) / 255)[..., None]
    lens = out * transmission + tint[None, None] * (1 - transmission)
    out = lens * a + out * (1 - a)
    frame = np.zeros(img.shape[:2], np.uint8)
    cv2.line(frame, (int(er[0] + iod * 0.3), int(er[1])), (int(el[0] - iod * 0.3), int(el[1])), 255,
             max(2, int(iod * 0.05)), cv2.LINE_AA)
    for e in (er, el):
        cv2.ellipse(frame, (int(e[0]), int(e[1])), axes, 0, 0, 360, 255, max(2, int(iod * 0.04)), cv2.LINE_AA)
    fa = (frame.astype(np.float32) / 255)[..., None]
    out = tint[None, None] * 0.6 * fa + out * (1 - fa)
    return np.clip(out, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------------------------------------- the set
def _still_placement(cc_mm: float, top_mm: float, offset_mm: float) -> Placement:
    return Placement(cc_mm * PX_MM, top_mm * PX_MM, (17.5 + offset_mm) * PX_MM)


def _outside(rng: np.random.Generator, lo: float, hi: float, far: float = 3.0) -> tuple[float, int]:
    """A value outside [lo, hi] by GUARD_MM..far, on a random side (-1 below, +1 above)."""
    side = int(rng.choice([-1, 1]))
    d = rng.uniform(GUARD_MM, far)
    return (lo - d if side < 0 else hi + d), side


def _good_geometry(rng: np.random.Generator) -> tuple[float, float, float]:
    """Crown-to-chin, top margin and centre offset inside every tolerance by at least GUARD_MM."""
    while True:
        cc = rng.uniform(CC_MM[0] + GUARD_MM, CC_MM[1] - GUARD_MM)
        top = rng.uniform(TOP_MM[0] + GUARD_MM, TOP_MM[1] - GUARD_MM)
        chin = 45.0 - top - cc
        if CHIN_MM[0] + GUARD_MM <= chin <= CHIN_MM[1] - GUARD_MM:
            off = rng.uniform(OFFSET_MM[0] + GUARD_MM, OFFSET_MM[1] - GUARD_MM)
            return cc, top, off


def _geometry_truth(alpha: np.ndarray, lm: np.ndarray, px_mm: float, crop: tuple[float, float]) -> dict[str, float]:
    """Crown-to-chin, margins and centre offset in mm of a crop whose top-left is crop (x0, y0) in the image."""
    centre_x = float((lm[234, 0] + lm[454, 0]) / 2)
    fw = float(lm[454, 0] - lm[234, 0])
    crown = crown_of(alpha, centre_x, 0.15 * fw)
    chin = float(lm[152, 1])
    x0, y0 = crop
    return {
        "crown_chin_mm": (chin - crown) / px_mm,
        "top_mm": (crown - y0) / px_mm,
        "chin_mm": 45.0 - (chin - y0) / px_mm,
        "offset_mm": (centre_x - x0) / px_mm - 17.5,
        "crown_y": crown,
        "chin_y": chin,
    }


def _geometry_defects(t: dict[str, float]) -> tuple[frozenset[str], bool]:
    """The geometric checks a truth fails, and whether any value is within the guard band of an edge."""
    defects, band = set(), False
    for check, key, (lo, hi) in (("face_size", "crown_chin_mm", CC_MM), ("top_margin", "top_mm", TOP_MM),
                                 ("chin_margin", "chin_mm", CHIN_MM), ("face_position", "offset_mm", OFFSET_MM)):
        v = t[key]
        if v < lo or v > hi:
            defects.add(check)
        if min(abs(v - lo), abs(v - hi)) < GUARD_MM - 1e-6:
            band = True
    return frozenset(defects), band


def _clear_geometry_defects(t: dict[str, float]) -> frozenset[str]:
    """The geometric checks a truth fails by at least the guard band: the labels of a sample that is scored
    whatever its geometry (a roll is a defect anyway) and whose geometry was not chosen but came out of it. A
    value within the band of an edge is not labelled: no measurement tells 0.01 mm outside from inside."""
    defects = set()
    for check, key, (lo, hi) in (("face_size", "crown_chin_mm", CC_MM), ("top_margin", "top_mm", TOP_MM),
                                 ("chin_margin", "chin_mm", CHIN_MM), ("face_position", "offset_mm", OFFSET_MM)):
        v = t[key]
        if v < lo - (GUARD_MM - 1e-6) or v > hi + (GUARD_MM - 1e-6):
            defects.add(check)
    return frozenset(defects)


class Builder:
    """Makes the samples of one person; rng decides every variation (seeded per person and kind)."""

    def __init__(self, people: Sequence[Person], seed: int = 15) -> None:
        self.people = list(people)
        self.seed = seed

    def _rng(self, p: Person, kind: str) -> np.random.Generator:
        key = sum((i + 1) * ord(c) for i, c in enumerate(f"{p.name}/{kind}"))
        return np.random.default_rng([self.seed, key])

    def still(self, p: Person, kind: str, cc: float, top: float, off: float, *, rng: np.random.Generator,
              yaw: float = 0.0, roll: float = 0.0, ramp: float | None = None,
              teeth: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
        bg, light = background(STILL_W, STILL_H, rng, ramp)
        pl = _still_placement(cc, top, off)
        pl = Placement(pl.cc_px, pl.crown_y, pl.centre_x, roll)
        img, alpha, lm = compose(p, bg, pl, yaw, teeth)
        truth = _geometry_truth(alpha, lm, PX_MM, (0.0, 0.0))
        return img, alpha, lm, light, truth

    def sample(self, p: Person, kind: str, img: np.ndarray, defects: frozenset[str], truth: dict[str, float],
               band: bool = False, form: str = "still", lm: np.ndarray | None = None) -> Sample:
        if lm is not None:  # a face blown white is over-exposed, whatever the sample was meant to be
            oval = np.zeros(img.shape[:2], np.uint8)
            cv2.fillPoly(oval, [np.round(lm[list(FACE_OVAL), :2]).astype(np.int32)], 255)
            clipped = float((img.max(2)[oval > 0] >= 250).mean()) if (oval > 0).any() else 0.0
            truth = {**truth, "clipped": clipped}
            if clipped >= BRIGHT_CLIPPED_MIN:
                defects = defects | {"exposure"}
            elif clipped > BRIGHT_CLIPPED_MIN / 3:
                band = True
        return Sample(f"{p.name}/{kind}", p.name, kind.split("-")[0], form, img, defects, truth, band, p.fold,
                      p.japanese)

    def stills(self, p: Person, scale: int = 1, goods: int = GOODS_PER_PERSON) -> Iterator[Sample]:
        """Every kind of still for one person; scale multiplies the number of good and geometry samples, goods
        is the number of good stills (times scale). The first good stills are the same whatever goods is."""
        box = (0, 0, STILL_W, STILL_H)
        for i in range(goods * scale):  # good photos: geometry, light, exposure and a slight roll varied
            rng = self._rng(p, f"good-{i}")
            cc, top, off = _good_geometry(rng)
            img, alpha, lm, light, t = self.still(p, "good", cc, top, off, rng=rng,
                                                  roll=rng.uniform(-ROLL_GOOD_MAX, ROLL_GOOD_MAX))
            gain = rng.uniform(0.85, 1.12)
            img = np.clip(img.astype(np.float32) * gain, 0, 255).astype(np.uint8)
            t["darkening"] = darkening(light, alpha, box, t["chin_y"])
            defects, band = _geometry_defects(t)
            yield self.sample(p, f"good-{i}", img, defects, t, band, lm=lm)
        # geometry just outside one tolerance, then sweeps across every edge (band samples: curves only)
        for i, what in enumerate(("face_size", "top_margin", "chin_margin", "face_position") * scale):
            rng = self._rng(p, f"geometry-{i}")
            cc, top, off = _good_geometry(rng)
            if what == "face_size":
                cc, _ = _outside(rng, *CC_MM, far=4.0)
                top = float(np.clip(45 - cc - 7.0, 2.5, 5.5))
            elif what == "top_margin":
                top, _ = _outside(rng, *TOP_MM, far=2.0)
                cc = float(np.clip(45 - top - 7.0, CC_MM[0] + GUARD_MM, CC_MM[1] - GUARD_MM))
            elif what == "chin_margin":
                chin, _ = _outside(rng, *CHIN_MM, far=3.0)
                top = float(np.clip(45 - cc - chin, TOP_MM[0] + GUARD_MM, TOP_MM[1] - GUARD_MM))
                cc = 45 - top - chin
            else:
                off, _ = _outside(rng, *OFFSET_MM, far=3.0)
            img, alpha, lm, light, t = self.still(p, what, cc, top, off, rng=rng)
            defects, band = _geometry_defects(t)
            yield self.sample(p, f"geometry-{i}", img, defects, t, band)
        for i in range(4 * scale):
            rng = self._rng(p, f"sweep-{i}")
            cc, top, off = 34.0, 4.0, 0.0
            edge = int(rng.integers(8))
            d = float(rng.choice([-1, 1]) * rng.uniform(0.1, 1.2))
            if edge == 0:
                cc = CC_MM[0] + d
                top = 45 - cc - 7.0
            elif edge == 1:
                cc = CC_MM[1] + d
                top = 45 - cc - 7.0
            elif edge == 2:
                top, cc = TOP_MM[0] + d, 34.5
            elif edge == 3:
                top, cc = TOP_MM[1] + d, 33.0
            elif edge == 4:
                top, cc = 45 - 33.0 - (CHIN_MM[0] + d), 33.0
            elif edge == 5:
                top, cc = 45 - 33.0 - (CHIN_MM[1] + d), 33.0
            elif edge == 6:
                off = OFFSET_MM[0] + d
            else:
                off = OFFSET_MM[1] + d
            img, alpha, lm, light, t = self.still(p, "sweep", cc, top, off, rng=rng)
            defects, band = _geometry_defects(t)
            yield self.sample(p, f"sweep-{i}", img, defects, t, True)
        # shadows: drop shadows of varied strength, side, offset and softness; side light; faint ones
        for i, (lo, hi) in enumerate([(0.15, 0.6), (0.15, 0.6), (0.2, 0.6), (0.02, 0.07), (0.07, 0.16)] * scale):
            rng = self._rng(p, f"shadow-{i}")
            cc, top, off = _good_geometry(rng)
            img, alpha, lm, light, t = self.still(p, "shadow", cc, top, off, rng=rng, ramp=rng.uniform(0, 0.03))
            fw = float(lm[454, 0] - lm[234, 0])
            strength = rng.uniform(lo, hi)
            if i % 5 == 2:
                extra = side_light(STILL_W, STILL_H, strength, int(rng.choice([-1, 1])))
                kind = "gradient"
            else:
                side = float(rng.choice([-1, 1]))
                shift = (side * fw * rng.uniform(0.08, 0.35), fw * rng.uniform(-0.05, 0.2))
                extra = drop_shadow(alpha, shift, fw * rng.uniform(0.02, 0.25), strength)
                kind = "shadow"
            total = light * extra
            img = _relight(img, alpha, extra)
            t["darkening"] = darkening(total, alpha, box, t["chin_y"])
            t["strength"] = strength
            d = t["darkening"]
            defects, band = _geometry_defects(t)
            if d >= SHADOW_BAD_MIN:
                defects = defects | {"background_no_shadow"}
            band = band or SHADOW_GOOD_MAX < d < SHADOW_BAD_MIN
            yield self.sample(p, f"{kind}-{i}", img, defects, t, band)
        # pose: a real yaw (both ways), sweeps of smaller turns for the curve, a roll
        for i, sign in enumerate((1, -1)):
            rng = self._rng(p, f"yaw-{i}")
            cc, top, off = _good_geometry(rng)
            total = sign * rng.uniform(YAW_BAD_MIN, 28.0)
            img, alpha, lm, light, t = self.still(p, "yaw", cc, top, off, rng=rng, yaw=total - p.yaw)
            t["yaw_applied"], t["yaw_total"] = total - p.yaw, total
            yield self.sample(p, f"yaw-{i}", img, frozenset({"frontal"}), t)
        for i in range(2 * scale):
            rng = self._rng(p, f"yawsweep-{i}")
            cc, top, off = _good_geometry(rng)
            total = float(rng.choice([-1, 1]) * rng.uniform(0, YAW_SWEEP_MAX))
            img, alpha, lm, light, t = self.still(p, "yawsweep", cc, top, off, rng=rng, yaw=total - p.yaw)
            t["yaw_applied"], t["yaw_total"] = total - p.yaw, total
            bad = abs(total) >= YAW_BAD_MIN
            yield self.sample(p, f"yawsweep-{i}", img, frozenset({"frontal"}) if bad else frozenset(), t,
                              True)
        rng = self._rng(p, "roll")
        cc, top, off = _good_geometry(rng)
        roll = float(rng.choice([-1, 1]) * rng.uniform(ROLL_BAD_MIN, 20))
        img, alpha, lm, light, t = self.still(p, "roll", cc, top, off, rng=rng, roll=roll)
        t["roll_applied"] = roll
        yield self.sample(p, "roll", img, frozenset({"frontal"}) | _clear_geometry_defects(t), t)
        # image quality: focus blur, shake, dark and over-exposed
        rng = self._rng(p, "blur")
        img, alpha, lm, light, t = self.still(p, "blur", *_good_geometry(rng), rng=rng)
        sigma = rng.uniform(BLUR_BAD_MM, 0.7)
        t["blur_mm"] = sigma
        yield self.sample(p, "blur", cv2.GaussianBlur(img, (0, 0), sigma * PX_MM), frozenset({"sharp"}), t)
        rng = self._rng(p, "blursweep")
        img, alpha, lm, light, t = self.still(p, "blursweep", *_good_geometry(rng), rng=rng)
        sigma = rng.uniform(0.05, BLUR_BAD_MM)
        t["blur_mm"] = sigma
        yield self.sample(p, "blursweep", cv2.GaussianBlur(img, (0, 0), sigma * PX_MM), frozenset(), t, True)
        rng = self._rng(p, "shake")
        img, alpha, lm, light, t = self.still(p, "shake", *_good_geometry(rng), rng=rng)
        length = int(rng.uniform(SHAKE_BAD_MM, 2.5) * PX_MM) | 1
        k = np.zeros((length, length), np.float32)
        k[length // 2, :] = 1.0 / length
        k = cv2.warpAffine(k, cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5),
                                                      rng.uniform(0, 180), 1.0), (length, length))
        k /= max(float(k.sum()), 1e-6)
        yield self.sample(p, "shake", cv2.filter2D(img, -1, k), frozenset({"sharp"}), t)
        rng = self._rng(p, "dark")
        img, alpha, lm, light, t = self.still(p, "dark", *_good_geometry(rng), rng=rng)
        dark = np.clip(img.astype(np.float32) * rng.uniform(0.18, 0.3), 0, 255).astype(np.uint8)
        yield self.sample(p, "dark", dark, frozenset({"exposure"}), t)
        rng = self._rng(p, "bright")
        img, alpha, lm, light, t = self.still(p, "bright", *_good_geometry(rng), rng=rng)
        oval = np.zeros(img.shape[:2], np.uint8)
        cv2.fillPoly(oval, [np.round(lm[list(FACE_OVAL), :2]).astype(np.int32)], 255)
        gain = 1.3
        while True:  # raise the gain until enough of the face is blown white, then a little more
            bright = np.clip(img.astype(np.float32) * gain, 0, 255).astype(np.uint8)
            clipped = float((bright.max(2)[oval > 0] >= 250).mean())
            if clipped >= BRIGHT_CLIPPED_MIN or gain > 4:
                break
            gain *= 1.05
        bright = np.clip(img.astype(np.float32) * gain * rng.uniform(1.0, 1.2), 0, 255).astype(np.uint8)
        yield self.sample(p, "bright", bright, frozenset({"exposure"}), t, lm=lm)
        # accessories
        for i in range(2):
            rng = self._rng(p, f"hat-{i}")
            img, alpha, lm, light, t = self.still(p, "hat", *_good_geometry(rng), rng=rng)
            yield self.sample(p, f"hat-{i}", draw_hat(img, lm, t["crown_y"], rng), frozenset({"no_hat"}), t)
        for i, trans in enumerate((0.0, 0.15)):  # opaque, and a dark tint (the eyes barely show)
            rng = self._rng(p, f"sunglasses-{i}")
            img, alpha, lm, light, t = self.still(p, "sunglasses", *_good_geometry(rng), rng=rng)
            img = draw_sunglasses(img, lm, rng, trans * rng.uniform(0.6, 1.0))
            yield self.sample(p, f"sunglasses-{i}", img, frozenset({"no_sunglasses"}), t)
        if p.teeth is not None:  # the source's own smile, teeth showing
            for i in range(scale):
                rng = self._rng(p, f"teeth-{i}")
                img, alpha, lm, light, t = self.still(p, "teeth", *_good_geometry(rng), rng=rng, teeth=True)
                yield self.sample(p, f"teeth-{i}", img, frozenset({"mouth_closed"}), t)
        # busy backgrounds and a second face (another person of the same fold)
        rng = self._rng(p, "clutter")
        cc, top, off = _good_geometry(rng)
        room, drawn = clutter(STILL_W, STILL_H, rng)
        img, alpha, lm = compose(p, room, _still_placement(cc, top, off))
        # how much of the objects' outlines shows (not hidden by the person), mm
        seen = float(((drawn > 0) & (alpha < 0.05)).sum()) / PX_MM
        busy = seen >= CLUTTER_BAD_MM
        yield self.sample(p, "clutter", img, frozenset({"background_plain"}) if busy else frozenset(),
                          {"clutter_mm": seen}, band=seen >= CLUTTER_BAND_MM and not busy)
        others = [q for q in self.people if q.fold == p.fold and q.name != p.name]
        if others:
            rng = self._rng(p, "second_face")
            q = others[int(rng.integers(len(others)))]
            cc, top, off = _good_geometry(rng)
            side = float(rng.choice([-1, 1]))
            bg, _ = background(STILL_W, STILL_H, rng)
            # further back, beside the head, its face inside the photo (a face cut in half by the photo's edge
            # is not a face any detector finds; the frames test a second person in the camera's whole view)
            scale = rng.uniform(0.38, 0.45)  # someone standing further back, beside the top of the head
            behind, _, _ = compose(q, bg, Placement(cc * PX_MM * scale, max(0.5, top - 1.0) * PX_MM,
                                                    (17.5 + side * rng.uniform(12.5, 13.5)) * PX_MM))
            img, alpha, lm = compose(p, behind, _still_placement(cc, top, off))
            yield self.sample(p, "second_face", img, frozenset({"single_face"}), {})

    def frames(self, p: Person) -> Iterator[Sample]:
        """Booth camera frames (1280x720): the booth crops them; a few defects for the live/review paths."""

        t_default = Thresholds()
        kinds = ("good", "good", "good", "far", "near", "edge", "low", "shadow", "hat", "sunglasses", "yaw",
                 "second_face", "teeth")
        for i, kind in enumerate(kinds):
            rng = self._rng(p, f"frame-{kind}-{i}")
            cc_px = rng.uniform(300, 460)
            crown_y = rng.uniform(40, 110)
            cx = FRAME_W / 2 + rng.uniform(-120, 120)
            if kind == "far":
                cc_px = rng.uniform(200, 255)
                crown_y = rng.uniform(150, 250)
            elif kind == "near":
                cc_px = rng.uniform(600, 660)
                crown_y = rng.uniform(10, 40)
            elif kind == "edge":
                cx = float(rng.choice([1, -1])) * rng.uniform(470, 560) + FRAME_W / 2
            elif kind == "low":
                crown_y = FRAME_H - cc_px - rng.uniform(-30, 5)
            bg, light = background(FRAME_W, FRAME_H, rng)
            if kind == "second_face":
                others = [q for q in self.people if q.fold == p.fold and q.name != p.name]
                if not others:
                    continue
                q = others[int(rng.integers(len(others)))]
                side = float(rng.choice([-1, 1]))
                bg, _, _ = compose(q, bg, Placement(cc_px * 0.8, crown_y + 40, FRAME_W / 2 + side * 420))
                cx = FRAME_W / 2 - side * 60
            total = float(rng.choice([-1, 1]) * rng.uniform(YAW_BAD_MIN, 28)) if kind == "yaw" else p.yaw
            yaw = total - p.yaw
            if kind == "teeth" and p.teeth is None:
                continue
            img, alpha, lm = compose(p, bg, Placement(cc_px, crown_y, cx), yaw, teeth=kind == "teeth")
            centre_x = float((lm[234, 0] + lm[454, 0]) / 2)
            crown = crown_of(alpha, centre_x, 0.15 * float(lm[454, 0] - lm[234, 0]))
            crop = solve_crop_for(crown, float(lm[152, 1]), centre_x, FRAME_W, FRAME_H, t_default)
            px_mm = crop.height / FRAME_H_MM
            truth = _geometry_truth(alpha, lm, px_mm, (crop.x0, crop.y0))
            defects, band = _geometry_defects(truth)
            box = (int(crop.x0), int(crop.y0), int(crop.x0 + crop.width), int(crop.y0 + crop.height))
            if kind == "shadow":
                fw = float(lm[454, 0] - lm[234, 0])
                extra = drop_shadow(alpha, (float(rng.choice([-1, 1])) * fw * rng.uniform(0.1, 0.3), fw * 0.1),
                                    fw * rng.uniform(0.03, 0.2), rng.uniform(0.25, 0.6))
                img = _relight(img, alpha, extra)
                light = light * extra
            truth["darkening"] = darkening(light, alpha, box, truth["chin_y"])
            if truth["darkening"] >= SHADOW_BAD_MIN:
                defects = defects | {"background_no_shadow"}
            band = band or SHADOW_GOOD_MAX < truth["darkening"] < SHADOW_BAD_MIN
            if kind == "hat":
                img = draw_hat(img, lm, crown, rng)
                defects = defects | {"no_hat"}
            elif kind == "sunglasses":
                img = draw_sunglasses(img, lm, rng, 0.0)
                defects = defects | {"no_sunglasses"}
            elif kind == "yaw":
                defects = defects | {"frontal"}
                truth["yaw_applied"], truth["yaw_total"] = yaw, total
            elif kind == "second_face":
                defects = defects | {"single_face"}
            elif kind == "teeth":
                defects = defects | {"mouth_closed"}
            yield self.sample(p, f"frame-{kind}-{i}", img, defects, truth, band, form="frame")


def clutter(w: int, h: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A room behind the person: shelves, frames and a chair drawn over a plain wall, most of them beside
    the head (where the backdrop shows), some anywhere. Returns the image and where objects were drawn."""
    bg, _ = background(w, h, rng)
    drawn = np.zeros((h, w), np.uint8)
    for k in range(int(rng.integers(6, 14))):
        if k % 3:
            x = int(rng.choice([rng.uniform(-0.1, 0.22), rng.uniform(0.72, 0.95)]) * w)
            y = int(rng.uniform(0.0, 0.6) * h)
        else:
            x, y = int(rng.uniform(0, w)), int(rng.uniform(0, h))
        ww, hh = int(rng.uniform(0.05, 0.3) * w), int(rng.uniform(0.05, 0.3) * h)
        colour = tuple(int(c) for c in rng.uniform(20, 200, 3))
        thickness = int(rng.choice([-1, 3, 6]))
        cv2.rectangle(bg, (x, y), (x + ww, y + hh), colour, thickness)
        # the outlines (both sides of a frame), where an object shows as an object
        cv2.rectangle(drawn, (x, y), (x + ww, y + hh), 255, 1)
        if thickness > 0:
            cv2.rectangle(drawn, (x + thickness, y + thickness), (x + ww - thickness, y + hh - thickness), 255, 1)
    drawn[:2], drawn[-2:], drawn[:, :2], drawn[:, -2:] = 0, 0, 0, 0
    return bg, drawn


# the visible outlines of objects behind the person, mm: from this a background is busy; below 3 mm it
# is a guard band (a flat patch of colour whose edges are hidden shows nothing an edge detector could see)
CLUTTER_BAD_MM, CLUTTER_BAND_MM = 15.0, 3.0


def nobody(rng: np.random.Generator) -> Iterator[Sample]:
    for form, (w, h) in (("still", (STILL_W, STILL_H)), ("frame", (FRAME_W, FRAME_H))):
        yield Sample(f"nobody/plain-{form}", "nobody", "no_face", form, background(w, h, rng)[0],
                     frozenset({"single_face"}), {}, False, -1, False)
        yield Sample(f"nobody/clutter-{form}", "nobody", "no_face", form, clutter(w, h, rng)[0],
                     frozenset({"single_face"}), {}, False, -1, False)


def build(src: Path, analyzer, *, people_names: Sequence[str] | None = None, frames: bool = True,
          real: bool = True, scale: int = 1, seed: int = 15, goods: int = GOODS_PER_PERSON) -> Iterator[Sample]:
    """Every sample of the chosen people (default: all), then nobody, then the real NG photos."""
    people = load_people(src, analyzer, people_names)
    b = Builder(people, seed)
    for p in people:
        yield from b.stills(p, scale, goods)
        if frames:
            yield from b.frames(p)
    yield from nobody(np.random.default_rng(seed))
    if real:
        chosen = None if people_names is None else {FOLDS[n] for n in people_names}
        for s in real_photos(src):
            if chosen is None or s.fold in chosen:
                yield s
