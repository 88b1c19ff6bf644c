"""Simulated camera scenes (BGR, 1280x720) made from scikit-image's public-domain astronaut and drawn shapes.

The astronaut smiles showing her teeth; every scene but "smile" has her lips brought together (synth.close_mouth),
as the photo guide asks. "turned" turns her head by a real yaw (synth.turn_head), "tilted" rolls it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import cv2
import numpy as np
from skimage import data  # with the module: scenes are generated in the camera worker, which must not dlopen

FRAME_W, FRAME_H = 1280, 720
SCENE_NAMES = (
    "good",
    "turned",
    "tilted",
    "smile",
    "hat",
    "sunglasses",
    "dark",
    "blurred",
    "busy_background",
    "shadow",
    "two_people",
    "nobody",
)
# The check each bad scene must fail (docs and tests use this).
SCENE_FAILS = {
    "turned": "frontal",
    "tilted": "frontal",
    "smile": "mouth_closed",
    "hat": "no_hat",
    "sunglasses": "no_sunglasses",
    "dark": "exposure",
    "blurred": "sharp",
    "busy_background": "background_plain",
    "shadow": "background_no_shadow",
    "two_people": "single_face",
    "nobody": "single_face",
}
# Points of the astronaut photo (512x512), measured once on it: eyes, crown, chin, face sides.
_EYE_R, _EYE_L = (203.4, 101.1), (246.8, 103.1)
_CROWN, _CHIN = (226.1, 21.0), (221.3, 172.3)
_FACE_R, _FACE_L = (179.9, 109.9), (269.6, 116.9)
_BACKGROUND_BGR = (228, 230, 226)


TURN_DEG = 25.0  # the "turned" scene's yaw: a real turn of the head, not a roll
TILT_DEG = 16.0  # the "tilted" scene's roll


@dataclass(frozen=True)
class _Cutout:
    image: np.ndarray  # BGR 512x512
    alpha: np.ndarray  # float32 0..1


@functools.cache
def _astronaut_mesh() -> np.ndarray:
    """The astronaut's 468 mesh points (512x512 pixels), measured once with the booth's own face analyser."""
    from kiosk.photo.faces import FaceAnalyzer

    face = FaceAnalyzer().analyse(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)).faces[0]
    assert face.landmarks is not None
    return face.landmarks


@functools.cache
def _posed(pose: str) -> _Cutout:
    """The astronaut with her lips together ("closed"), as photographed smiling with her teeth ("smile"), or
    with her lips together and her head turned by TURN_DEG ("turned"), all cut out."""
    from kiosk.photo.synth import close_mouth, turn_head

    cut = _astronaut()
    if pose == "smile":
        return cut
    image, alpha, mesh = close_mouth(cut.image, _astronaut_mesh(), cut.alpha)
    assert alpha is not None
    if pose == "turned":
        image, turned_alpha = turn_head(image, mesh, TURN_DEG, alpha)
        assert turned_alpha is not None
        alpha = turned_alpha
    return _Cutout(image, alpha)


@functools.cache
def _astronaut() -> _Cutout:
    """The astronaut separated from her studio background by GrabCut on a 128 px copy (about 30 ms, once)."""
    from skimage import data

    full = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    k = 128 / 512
    small = cv2.resize(full, (128, 128), interpolation=cv2.INTER_AREA)
    mask = np.full((128, 128), cv2.GC_BGD, np.uint8)
    mask[int(8 * k) :, int(105 * k) : int(362 * k)] = cv2.GC_PR_FGD
    cv2.ellipse(mask, (int(225 * k), int(125 * k)), (int(40 * k), int(48 * k)), 0, 0, 360, cv2.GC_FGD, -1)
    cv2.ellipse(mask, (int(226 * k), int(62 * k)), (int(45 * k), int(28 * k)), 0, 0, 360, cv2.GC_FGD, -1)
    cv2.rectangle(mask, (int(150 * k), int(300 * k)), (int(330 * k), int(500 * k)), cv2.GC_FGD, -1)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(1)
    cv2.grabCut(small, mask, None, bgd, fgd, 3, cv2.GC_INIT_WITH_MASK)
    fg = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    alpha = cv2.GaussianBlur(cv2.resize(fg, (512, 512), interpolation=cv2.INTER_LINEAR), (7, 7), 0)
    return _Cutout(full, alpha.astype(np.float32) / 255)


def _plain_background() -> np.ndarray:
    bg = np.empty((FRAME_H, FRAME_W, 3), np.float32)
    bg[:] = _BACKGROUND_BGR
    ramp = np.linspace(1.0, 0.95, FRAME_H, dtype=np.float32)[:, None, None]  # a lamp above the camera
    return (bg * ramp).astype(np.uint8)


def _matrix(
    cc_frac: float = 0.5,
    top_frac: float = 0.12,
    x_frac: float = 0.5,
    roll_deg: float = 0.0,
) -> np.ndarray:
    """Astronaut pixels to frame pixels: crown-to-chin = cc_frac of the frame height, crown at top_frac."""
    crown, chin = np.array(_CROWN), np.array(_CHIN)
    s = cc_frac * FRAME_H / float(np.linalg.norm(chin - crown))
    level = math.degrees(math.atan2(_EYE_L[1] - _EYE_R[1], _EYE_L[0] - _EYE_R[0]))
    centre = (np.array(_FACE_R) + np.array(_FACE_L)) / 2
    m = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), level + roll_deg, s)
    c2 = m[:, :2] @ centre + m[:, 2]
    crown2 = m[:, :2] @ crown + m[:, 2]
    m[0, 2] += FRAME_W * x_frac - c2[0]
    m[1, 2] += FRAME_H * top_frac - crown2[1] if roll_deg == 0 else FRAME_H * (top_frac + 0.02) - crown2[1]
    return m


def _compose(
    background: np.ndarray, m: np.ndarray, flip: bool = False, pose: str = "closed"
) -> tuple[np.ndarray, np.ndarray]:
    cut = _posed(pose)
    img, alpha = cut.image, cut.alpha
    if flip:
        img, alpha = img[:, ::-1].copy(), alpha[:, ::-1].copy()
    fg = cv2.warpAffine(img, m, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    a = cv2.warpAffine(alpha, m, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    out = fg.astype(np.float32) * a[..., None] + background.astype(np.float32) * (1 - a[..., None])
    return np.clip(out, 0, 255).astype(np.uint8), a


def _to_frame(m: np.ndarray, p: tuple[float, float]) -> tuple[int, int]:
    q = m[:, :2] @ np.array(p) + m[:, 2]
    return int(q[0]), int(q[1])


def _hat(img: np.ndarray, m: np.ndarray) -> np.ndarray:
    out = img.copy()
    fr, fl = _to_frame(m, _FACE_R), _to_frame(m, _FACE_L)
    crown, chin = _to_frame(m, _CROWN), _to_frame(m, _CHIN)
    fw = fl[0] - fr[0]
    cx = (fr[0] + fl[0]) // 2
    base_y = int(crown[1] + (chin[1] - crown[1]) * 0.38)  # low on the forehead
    top_y = int(crown[1] - (chin[1] - crown[1]) * 0.12)
    body = np.array(
        [[cx - fw * 0.62, base_y], [cx - fw * 0.5, top_y], [cx + fw * 0.5, top_y], [cx + fw * 0.62, base_y]],
        np.int32,
    )
    cv2.fillPoly(out, [body], (40, 40, 170), cv2.LINE_AA)
    cv2.ellipse(
        out, (cx, base_y), (int(fw * 0.85), int(fw * 0.08)), 0, 0, 360, (30, 30, 140), -1, cv2.LINE_AA
    )
    cv2.line(
        out,
        (int(cx - fw * 0.58), base_y - int(fw * 0.12)),
        (int(cx + fw * 0.58), base_y - int(fw * 0.12)),
        (20, 20, 20),
        max(3, fw // 14),
        cv2.LINE_AA,
    )
    return out


def _sunglasses(img: np.ndarray, m: np.ndarray) -> np.ndarray:
    out = img.copy()
    er, el = _to_frame(m, _EYE_R), _to_frame(m, _EYE_L)
    iod = el[0] - er[0]
    for e in (er, el):
        cv2.ellipse(out, e, (int(iod * 0.38), int(iod * 0.27)), 0, 0, 360, (22, 22, 22), -1, cv2.LINE_AA)
    cv2.line(
        out,
        (er[0] + int(iod * 0.3), er[1]),
        (el[0] - int(iod * 0.3), el[1]),
        (22, 22, 22),
        max(3, iod // 18),
        cv2.LINE_AA,
    )
    return out


def _busy_background() -> np.ndarray:
    from skimage import data

    brick = data.brick()
    tile = cv2.cvtColor(
        cv2.resize(brick, (FRAME_W, FRAME_H), interpolation=cv2.INTER_LINEAR), cv2.COLOR_GRAY2BGR
    )
    rng = np.random.default_rng(3)
    for _ in range(12):  # posters and shelves
        x, y = int(rng.uniform(0, FRAME_W)), int(rng.uniform(0, FRAME_H))
        w, h = int(rng.uniform(40, 220)), int(rng.uniform(30, 160))
        colour = tuple(int(c) for c in rng.uniform(20, 220, 3))
        cv2.rectangle(tile, (x, y), (x + w, y + h), colour, int(rng.choice([-1, 4])))
    return tile


def _shadow(img: np.ndarray, alpha: np.ndarray, m: np.ndarray) -> np.ndarray:
    crown, chin = _to_frame(m, _CROWN), _to_frame(m, _CHIN)
    cc = chin[1] - crown[1]
    blob = np.zeros((FRAME_H, FRAME_W), np.float32)
    cv2.ellipse(
        blob,
        (int(crown[0] + cc * 0.5), (crown[1] + chin[1]) // 2),
        (int(cc * 0.45), int(cc * 0.6)),
        0,
        0,
        360,
        1.0,
        -1,
    )
    blob = cv2.GaussianBlur(blob, (0, 0), cc * 0.08)
    factor = 1 - 0.5 * blob * (1 - alpha)
    return np.clip(img.astype(np.float32) * factor[..., None], 0, 255).astype(np.uint8)


def scene(name: str) -> np.ndarray:
    """One simulated camera frame by name (see SCENE_NAMES); a new array each call."""
    if name not in SCENE_NAMES:
        raise KeyError(f"unknown scene {name!r}; one of {', '.join(SCENE_NAMES)}")
    if name == "nobody":
        return _plain_background()
    m = _matrix()
    if name == "busy_background":
        return _compose(_busy_background(), m)[0]
    if name == "turned":
        return _compose(_plain_background(), m, pose="turned")[0]
    if name == "tilted":
        return _compose(_plain_background(), _matrix(roll_deg=TILT_DEG))[0]
    if name == "smile":
        return _compose(_plain_background(), m, pose="smile")[0]
    if name == "two_people":
        img, _ = _compose(_plain_background(), _matrix(x_frac=0.38))
        second, a2 = _compose(np.zeros_like(img), _matrix(cc_frac=0.42, top_frac=0.2, x_frac=0.8), flip=True)
        keep = np.zeros((FRAME_H, FRAME_W), np.float32)
        keep[:, int(FRAME_W * 0.62) :] = 1
        a2 = (a2 * keep)[..., None]
        return np.clip(second * a2 + img * (1 - a2), 0, 255).astype(np.uint8)
    good, alpha = _compose(_plain_background(), m)
    if name == "good":
        return good
    if name == "hat":
        return _hat(good, m)
    if name == "sunglasses":
        return _sunglasses(good, m)
    if name == "dark":
        return (good.astype(np.float32) * 0.2).astype(np.uint8)
    if name == "blurred":
        return cv2.GaussianBlur(good, (0, 0), 4.0)
    return _shadow(good, alpha, m)
