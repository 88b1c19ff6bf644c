"""QR decoding of generated camera frames under blur, rotation, perspective, noise, low contrast, small size."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from kiosk.devices import qr_decoders
from kiosk.devices.sim.qr_payloads import official_url, qr_frame, qr_image, random_id

FRAMES_PER_CASE = 6


@pytest.mark.parametrize("name", sorted(qr_decoders.DECODERS))
def test_every_decoder_reads_a_plain_code(name: str) -> None:
    payload = official_url(random_id())
    image = np.dstack([qr_image(payload, 6)] * 3)
    assert qr_decoders.decode(image, name) == [payload]
    assert qr_decoders.decode(np.full((240, 320, 3), 200, np.uint8), name) == []


@pytest.mark.parametrize(
    ("case", "min_hits"),
    [
        ("clean", 6),
        ("rotated", 6),
        ("perspective", 6),
        ("blur1.5", 6),
        ("low_contrast", 5),
        ("small", 4),
        ("noise", 6),
        ("glare", 6),
    ],
)
def test_default_decoder_under_conditions(case: str, min_hits: int) -> None:
    seed = zlib.crc32(case.encode())
    hits = 0
    for i in range(FRAMES_PER_CASE):
        payload = official_url(random_id())
        frame = qr_frame(payload, 640, 480, case, np.random.default_rng(seed + i))
        hits += qr_decoders.decode(frame) == [payload]
    assert hits >= min_hits


def test_heavy_blur_is_not_read() -> None:
    payload = official_url(random_id())
    frame = qr_frame(payload, 640, 480, "blur3", np.random.default_rng(3))
    assert qr_decoders.decode(frame) == []  # documents the limit measured in benchmarks/decoders.py


def test_unknown_decoder() -> None:
    with pytest.raises(ValueError, match="unknown QR decoder"):
        qr_decoders.get("quagga")
