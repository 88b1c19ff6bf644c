"""Sample QR payloads (and camera frames showing them) for the simulator panel, tests and benchmarks.

The real URL in the 交付申請用QRコード and its parameter names are not public: OFFICIAL_URL below is a
plausible, made-up stand-in on a reserved .example host. Only the 23-digit run matters to the parser.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
import segno

OFFICIAL_HOST = "net.kojinbango-card.example"
OFFICIAL_URL = f"https://{OFFICIAL_HOST}/apply/qr?aid={{id}}&ch=photo"


def random_id(rng: random.Random | None = None) -> str:
    """A random 23-digit application ID (no public check digit exists, so any 23 digits are valid)."""
    rng = rng or random.Random()
    return "".join(rng.choice("0123456789") for _ in range(23))


def official_url(application_id: str) -> str:
    return OFFICIAL_URL.format(id=application_id)


@dataclass(frozen=True)
class Sample:
    label: str  # shown on the simulator panel's buttons
    payload: str
    expected: str  # "ok" or the parser's Rejection value


def samples(rng: random.Random | None = None) -> list[Sample]:
    """One of each kind, with fresh random IDs: valid, another kind of code, and junk."""
    rng = rng or random.Random()
    one, two = random_id(rng), random_id(rng)
    return [
        Sample("申請書QR (URL)", official_url(one), "ok"),
        Sample("申請書ID (数字のみ)", one, "ok"),
        Sample("お店のURL", "https://shop.example.jp/campaign?item=4901234567894&ref=qr", "not_application"),
        Sample(
            "支払いコード",
            "00020101021126430014jp.example.pay0111123456789010208shop-001520458125303392"
            "5802JP5910EXAMPLESHOP6005TOKYO6304A1B2",
            "not_application",
        ),
        Sample("22桁", one[:22], "wrong_length"),
        Sample("24桁", one + "7", "wrong_length"),
        Sample("ID が二つ", f"{official_url(one)}&aid2={two}", "several_ids"),
        Sample("バイナリ", "\x00\x1b\x7f\ufffd\ufffd" + one[:5], "unreadable"),
    ]


# -- frames: a printed QR code on paper, as a camera sees it ---------------------------------------------------

# "small" is an 80 px code at 640 px width (about 2 px a module); blur sigmas are given at 640 px and scale.
CASES = ("clean", "rotated", "perspective", "blur1.5", "blur3", "low_contrast", "small", "noise", "glare")


def qr_image(payload: str, module_px: int, *, border_modules: int = 4) -> np.ndarray:
    """A QR code (never a Micro QR) as a grey uint8 image, black modules on white, with its quiet zone."""
    code = segno.make_qr(payload, error="m")
    matrix = np.array([list(row) for row in code.matrix], dtype=np.uint8)
    matrix = np.pad(matrix, border_modules, constant_values=0)
    image = np.where(matrix > 0, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))


def _paper(height: int, width: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Off-white paper with uneven light and a few printed form lines (BGR), and the light falling on it."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 200 + 35 * (1 - ((x / width - 0.4) ** 2 + (y / height - 0.3) ** 2))
    grain = rng.normal(0, 3, (height, width)).astype(np.float32)
    grey = np.clip(light + grain, 0, 255)
    paper = np.dstack([grey * 0.97, grey * 0.99, grey]).astype(np.uint8)
    for row in range(height // 8, height, max(12, height // 12)):
        start = int(rng.integers(0, width // 4))
        cv2.line(paper, (start, row), (width - start, row), (90, 90, 95), 1)
    for _ in range(6):
        org = (int(rng.integers(0, width - 80)), int(rng.integers(15, height)))
        cv2.putText(paper, "0123 ABCD", org, cv2.FONT_HERSHEY_SIMPLEX, 0.5, (70, 70, 70), 1, cv2.LINE_AA)
    return paper, light / 235


def qr_frame(
    payload: str, width: int, height: int, case: str = "clean", rng: np.random.Generator | None = None
) -> np.ndarray:
    """A BGR frame of a printed code held in front of the camera under one of CASES."""
    rng = rng or np.random.default_rng()
    frame, light = _paper(height, width, rng)
    side_target = 80 * width // 640 if case == "small" else int(height * rng.uniform(0.42, 0.55))
    modules = segno.make_qr(payload, error="m").symbol_size(scale=1, border=4)[0]
    module_px = max(1, int(side_target) // int(modules))
    code = qr_image(payload, module_px)
    if case == "small":  # the small code is scaled, not whole-pixel modules (a code far from the camera)
        code = cv2.resize(code, (side_target, side_target), interpolation=cv2.INTER_AREA)
    side = code.shape[0]
    ink, paper_grey = (110, 190) if case == "low_contrast" else (25, 235)
    code_grey: np.ndarray = np.where(code < 128, ink, paper_grey).astype(np.float32)
    if case == "small":
        code_grey = ink + (code.astype(np.float32) / 255) * (paper_grey - ink)
    margin = int(side * 0.15) if case in ("rotated", "perspective") else 0
    top = int(rng.integers(margin, max(margin + 1, height - side - margin)))
    left = int(rng.integers(margin, max(margin + 1, width - side - margin)))
    src: np.ndarray = np.array([[0, 0], [side, 0], [side, side], [0, side]], dtype=np.float32)
    dst: np.ndarray = src + np.array([left, top], dtype=np.float32)
    if case == "rotated":
        angle = float(rng.uniform(15, 40)) * (1 if rng.random() < 0.5 else -1)
        centre = (left + side / 2, top + side / 2)
        matrix = cv2.getRotationMatrix2D(centre, angle, 0.85)
        dst = cv2.transform(dst[None], matrix)[0].astype(np.float32)
    elif case == "perspective":
        jitter = side * 0.18
        dst = dst + rng.uniform(-jitter, jitter, (4, 2)).astype(np.float32)
        dst[:, 0] = np.clip(dst[:, 0], 0, width - 1)
        dst[:, 1] = np.clip(dst[:, 1], 0, height - 1)
    homography = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(code_grey, homography, (width, height), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones_like(code_grey), homography, (width, height), flags=cv2.INTER_LINEAR)
    base = frame.astype(np.float32)
    printed = warped[..., None] * light[..., None]  # the paper's uneven light falls on the code too
    out: np.ndarray = base * (1 - mask[..., None]) + printed * mask[..., None]
    if case == "glare":
        glare: np.ndarray = np.zeros((height, width), np.float32)
        cx = left + side * float(rng.uniform(0.3, 0.7))
        cy = top + side * float(rng.uniform(0.3, 0.7))
        cv2.ellipse(
            glare, (int(cx), int(cy)), (side // 5, side // 8), float(rng.uniform(0, 180)), 0, 360, 1.0, -1
        )
        glare = cv2.GaussianBlur(glare, (0, 0), side / 14)
        out = out + glare[..., None] * 150
    if case == "blur1.5":
        out = cv2.GaussianBlur(out, (0, 0), 1.5 * width / 640)
    elif case == "blur3":
        out = cv2.GaussianBlur(out, (0, 0), 3.0 * width / 640)
    if case == "noise":
        out = out + rng.normal(0, 28, out.shape)
    result: np.ndarray = np.clip(out, 0, 255).astype(np.uint8)
    return result
