"""From a burst of frames to the photo a citizen reviews: the best frame, its checks and its official file."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from kiosk import log
from kiosk.config import PhotoConfig
from kiosk.photo.checks import PhotoAssessment, Thresholds, assess
from kiosk.photo.faces import FaceAnalyzer
from kiosk.photo.live import LiveAnalyzer, best_of
from kiosk.photo.official import OfficialPhotoError, encode_official, make_official
from kiosk.photo.sizes import PhotoSize

if TYPE_CHECKING:
    from kiosk.devices.base import Frame

_log = log.get("photo")


@dataclass
class CapturedPhoto:
    """The photo a citizen reviews: the official file and what the checks said of its frame."""

    jpeg: bytes = field(repr=False)
    assessment: Any = field(repr=False)  # PhotoAssessment
    failed: tuple[str, ...]
    captured_at: datetime
    width: int
    height: int


def centre_crop(image_bgr: np.ndarray, width: int, height: int) -> np.ndarray:
    """The largest 35:45 rectangle in the middle of the frame, scaled: what review shows without a face."""
    h, w = image_bgr.shape[:2]
    crop_w = min(w, round(h * width / height))
    crop_h = min(h, round(crop_w * height / width))
    x0, y0 = (w - crop_w) // 2, (h - crop_h) // 2
    return cv2.resize(
        image_bgr[y0 : y0 + crop_h, x0 : x0 + crop_w], (width, height), interpolation=cv2.INTER_AREA
    )


class PhotoLab:
    """Owns the face analyser (models loaded once) and the live analyser of the camera screen."""

    def __init__(self, cfg: PhotoConfig) -> None:
        self.cfg = cfg
        self.base_thresholds = Thresholds.from_dict(cfg.thresholds)
        self.thresholds = self.base_thresholds
        self.size_px = (cfg.width, cfg.height)
        self.analyzer = FaceAnalyzer()
        self.live = LiveAnalyzer(self.analyzer, self.thresholds)

    def use_size(self, size: PhotoSize | None, dpi: int = 300) -> None:
        """Check and crop for a print size (its frame and head rules, its pixels at the printer's dpi), or for
        the card application's official file (None). Called in the GUI thread between two sessions' photos."""
        self.thresholds = size.thresholds(self.base_thresholds) if size else self.base_thresholds
        self.size_px = size.pixels(dpi) if size else (self.cfg.width, self.cfg.height)
        self.live.set_thresholds(self.thresholds)

    def start(self) -> None:
        self.live.start()

    def warm(self) -> None:
        """Load the face models in the background now (a session began), so the guide's camera does not wait."""
        if not self.analyzer.loaded:
            threading.Thread(target=self.analyzer.load, name="face-models", daemon=True).start()

    def stop(self) -> None:
        self.live.stop()

    def assess_image(self, image_bgr: np.ndarray) -> PhotoAssessment:
        return assess(image_bgr, self.analyzer.analyse(image_bgr, self.thresholds), self.thresholds)

    def process_burst(self, frames: Sequence[Frame]) -> CapturedPhoto:
        """Runs in the studio's worker thread: pick the best frame, check it, make the official file."""
        if not frames:
            raise ValueError("empty burst")
        thresholds, (width, height) = self.thresholds, self.size_px  # as they were when the shutter went
        choice = best_of(frames, self.analyzer, thresholds)
        assessment, frame = choice.assessment, choice.frame
        failed = tuple(assessment.failed)
        try:
            jpeg = make_official(frame.image, assessment, width, height)
        except OfficialPhotoError:
            jpeg = encode_official(centre_crop(frame.image, width, height))
            if not failed:
                failed = ("face_position",)
        _log.info("capture: best of %d frames, failed checks: %s", len(frames), ",".join(failed) or "none")
        return CapturedPhoto(
            jpeg=jpeg,
            assessment=assessment,
            failed=failed,
            captured_at=datetime.now().astimezone(),
            width=width,
            height=height,
        )
