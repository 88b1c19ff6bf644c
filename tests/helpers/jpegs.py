"""JPEG files of an exact pixel size and an exact byte length, for the official-file limits (20 KB, 7 MB, 35:45).

The length is made exact by bytes after the End Of Image marker: every decoder stops at EOI, so the picture,
its format and its metadata are those of the encoded image, and only the file's length moves.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def jpeg(width: int = 827, height: int = 1063, noise: bool = True, quality: int = 75) -> bytes:
    if noise:
        pixels = np.random.default_rng(7).integers(0, 256, (height, width, 3), dtype=np.uint8)
    else:
        pixels = np.full((height, width, 3), 128, np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def of_length(n_bytes: int, width: int = 827, height: int = 1063) -> bytes:
    """A valid RGB JPEG of width x height that is exactly n_bytes long (small or large as needed)."""
    base = jpeg(width, height, noise=n_bytes > 100_000, quality=95 if n_bytes > 100_000 else 40)
    assert base.endswith(b"\xff\xd9") and len(base) <= n_bytes, (len(base), n_bytes)
    return base + b"\0" * (n_bytes - len(base))
