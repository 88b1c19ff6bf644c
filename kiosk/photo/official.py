"""The official photo file: the checks' 35:45 crop, scaled, a mild exposure fix, JPEG without metadata."""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from kiosk.photo.checks import PhotoAssessment

MIN_BYTES = 20 * 1024
MAX_BYTES = 7 * 1024 * 1024
MIN_SIDE_PX = 480
MAX_SIDE_PX = 6000
ASPECT = 35 / 45
ASPECT_TOLERANCE = 0.01  # relative
_QUALITIES = (92, 88, 84, 80, 75, 70, 60, 50)
# mild exposure correction: the cheeks' mean luminance is moved towards this, by a gain within these bounds
_TARGET_LUMA = 165.0
_GAIN_RANGE = (0.9, 1.12)


class OfficialPhotoError(ValueError):
    """The official file cannot be made from this capture (the message names the failed check, nothing else)."""


def _encode(rgb: np.ndarray, quality: int) -> bytes:
    buf = io.BytesIO()
    # a fresh image from raw pixels carries no EXIF, ICC profile or comment; nothing is passed to save()
    Image.fromarray(rgb, "RGB").save(buf, format="JPEG", quality=quality, optimize=True, subsampling=0)
    return buf.getvalue()


def _exposure_gain(crop_bgr: np.ndarray) -> float:
    """A single gain moving the centre of the face towards a standard brightness; 1.0 when close already."""
    h, w = crop_bgr.shape[:2]
    centre = crop_bgr[int(h * 0.35) : int(h * 0.6), int(w * 0.35) : int(w * 0.65)]
    if centre.size == 0:
        return 1.0
    luma = float(cv2.cvtColor(centre, cv2.COLOR_BGR2GRAY).mean())
    gain = _TARGET_LUMA / max(luma, 1.0)
    if abs(gain - 1) < 0.05:
        return 1.0
    return float(np.clip(gain, *_GAIN_RANGE))


def make_official(
    image_bgr: np.ndarray, assessment: PhotoAssessment, width: int = 827, height: int = 1063
) -> bytes:
    """Crop (the assessment's crop: the one its checks measured, always inside the frame), scale and encode
    the capture; raise OfficialPhotoError when there is no face to crop around."""
    return encode_official(crop_photo(image_bgr, assessment, width, height))


def crop_photo(image_bgr: np.ndarray, assessment: PhotoAssessment, width: int, height: int) -> np.ndarray:
    """The assessment's crop of the capture scaled to width x height with the mild exposure fix (BGR pixels:
    the official file's, and a print's at the printer's resolution)."""
    crop = assessment.crop
    if crop is None or assessment.geometry is None:
        raise OfficialPhotoError("no face to crop (single_face)")
    h, w = image_bgr.shape[:2]
    x0 = round(min(max(crop.x0, 0.0), w - 1.0))
    y0 = round(min(max(crop.y0, 0.0), h - 1.0))
    x1 = round(min(crop.x0 + crop.width, float(w)))
    y1 = round(min(crop.y0 + crop.height, float(h)))
    region = image_bgr[y0:y1, x0:x1]
    if region.size == 0:
        raise OfficialPhotoError("the crop is empty (face_position)")
    interp = cv2.INTER_AREA if region.shape[0] > height else cv2.INTER_CUBIC
    scaled = cv2.resize(region, (width, height), interpolation=interp)
    gain = _exposure_gain(scaled)
    if gain != 1.0:
        scaled = np.clip(scaled.astype(np.float32) * gain, 0, 255).astype(np.uint8)
    return scaled


def encode_official(image_bgr: np.ndarray) -> bytes:
    """Encode an already cropped and scaled image as the official JPEG: RGB, no metadata, 20 KB to 7 MB."""
    rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    data = b""
    for q in _QUALITIES:
        data = _encode(rgb, q)
        if len(data) <= MAX_BYTES:
            break
    if len(data) < MIN_BYTES:  # a very flat image: raise the quality until it is large enough
        for q in (95, 98, 100):
            data = _encode(rgb, q)
            if len(data) >= MIN_BYTES:
                break
    return data


def validate_official(jpeg: bytes) -> list[str]:
    """Every way this file breaks the official rules (JPEG, RGB, 480-6000 px, 20 KB-7 MB, 35:45); [] if none."""
    problems: list[str] = []
    if len(jpeg) < MIN_BYTES:
        problems.append(f"file is {len(jpeg)} bytes, below 20 KB")
    if len(jpeg) > MAX_BYTES:
        problems.append(f"file is {len(jpeg)} bytes, above 7 MB")
    try:
        with Image.open(io.BytesIO(jpeg)) as img:
            fmt, mode, (w, h) = img.format, img.mode, img.size
            info_keys = sorted(
                k
                for k in img.info
                if k
                not in (
                    "jfif",
                    "jfif_version",
                    "jfif_unit",
                    "jfif_density",
                    "progressive",
                    "progression",
                    "dpi",
                )
            )
            has_exif = bool(img.getexif())
            img.load()
    except Exception:
        problems.append("not a readable image")
        return problems
    if fmt != "JPEG":
        problems.append(f"format is {fmt}, not JPEG")
    if mode != "RGB":
        problems.append(f"colour mode is {mode}, not RGB")
    for side, px in (("width", w), ("height", h)):
        if not MIN_SIDE_PX <= px <= MAX_SIDE_PX:
            problems.append(f"{side} {px} px is outside 480-6000 px")
    if h and abs((w / h) / ASPECT - 1) > ASPECT_TOLERANCE:
        problems.append(f"aspect {w}x{h} is not 35:45")
    if has_exif or info_keys:
        problems.append("carries metadata: " + ", ".join(["exif"] * has_exif + info_keys))
    return problems
