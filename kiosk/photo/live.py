"""Live analysis of camera frames in a worker thread (newest frame only), and the choice of a burst's best frame."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal

from kiosk import log
from kiosk.photo.checks import PhotoAssessment, Thresholds, assess, face_sharpness
from kiosk.photo.faces import FaceAnalyzer
from kiosk.photo.guidance import guidance
from kiosk.workers import Relay, WorkerThread

_log = log.get("photo")


class Frame(Protocol):
    """What is used of kiosk.devices.base.Frame (kiosk.photo and kiosk.devices are independent layers)."""

    @property
    def image(self) -> np.ndarray: ...  # BGR, unmirrored

    @property
    def index(self) -> int: ...


@dataclass(frozen=True)
class FrameAnalysis:
    index: int  # the frame's index
    assessment: PhotoAssessment
    guidance: tuple[str, ...]  # message ids, most useful first
    outline: np.ndarray | None = field(default=None, repr=False)  # face oval (N, 2), unmirrored frame pixels
    crop: tuple[float, float, float, float] | None = None  # official crop x, y, w, h in frame pixels
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class BurstChoice:
    frame: Frame
    assessment: PhotoAssessment
    sharpness: float


def analyse_frame(
    frame: Frame, analyzer: FaceAnalyzer, thresholds: Thresholds | None = None
) -> FrameAnalysis:
    t0 = time.perf_counter()
    a = assess(frame.image, analyzer.analyse(frame.image, thresholds), thresholds)
    crop = (a.crop.x0, a.crop.y0, a.crop.width, a.crop.height) if a.crop is not None else None
    outline = a.geometry.outline if a.geometry is not None else None
    return FrameAnalysis(frame.index, a, tuple(guidance(a)), outline, crop, (time.perf_counter() - t0) * 1000)


def best_of(
    frames: Sequence[Frame], analyzer: FaceAnalyzer, thresholds: Thresholds | None = None
) -> BurstChoice:
    """The sharpest frame among those passing every check (the sharpest of all when none passes).

    Every frame's face is found, but only as many frames are checked as it takes: in order of the face's
    sharpness, the first that passes every check is the choice (usually the first one tried)."""
    if not frames:
        raise ValueError("an empty burst")
    found = [(f, analyzer.analyse(f.image, thresholds)) for f in frames]
    ranked = sorted(found, key=lambda fa: -face_sharpness(fa[0].image, fa[1]))
    first: BurstChoice | None = None
    for f, analysis in ranked:
        a = assess(f.image, analysis, thresholds)
        sharp = a.results["sharp"].value
        choice = BurstChoice(f, a, float(sharp) if sharp is not None else -1.0)
        if a.ok:
            return choice
        first = first or choice
    assert first is not None
    return first


class LiveAnalyzer(QObject):
    """Analyses the newest fed frame in a worker thread and emits the result; older frames are dropped."""

    analysed = Signal(object)  # FrameAnalysis
    burst_selected = Signal(object)  # BurstChoice

    def __init__(
        self,
        analyzer: FaceAnalyzer | None = None,
        thresholds: Thresholds | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._analyzer = analyzer
        self._thresholds = thresholds
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._burst: list[Frame] | None = None
        self._running = False
        self._paused = False
        self._epoch = 0  # counts pauses: a result of a frame fed before the last pause is dropped
        self._relay = Relay(self)
        self._worker = WorkerThread("photo-live", self._run, join_timeout_s=10.0)
        self.analysed_count = 0

    def set_thresholds(self, thresholds: Thresholds | None) -> None:
        """The thresholds of the next frames (a print size's geometry); a reference swap, safe from the GUI."""
        self._thresholds = thresholds

    def start(self) -> None:
        """Start the worker (it loads the models if none were given); safe to call twice."""
        with self._cond:
            if self._running:
                return
            self._running = True
        self._relay.reopen()
        self._worker.start()

    def stop(self) -> None:
        """Stop the worker and join it; safe to call twice."""
        with self._cond:
            self._running = False
            self._frame = None
            self._burst = None
            self._cond.notify_all()
        self._worker.stop()
        self._relay.close()

    def feed(self, frame: Frame) -> None:
        """Offer a frame (from the GUI thread); never blocks, replaces a frame not yet analysed. Ignored while
        paused."""
        with self._cond:
            if self._paused:
                return
            self._frame = frame
            self._cond.notify()

    def pause(self) -> None:
        """Stop analysing (from the shutter until the review is shown, so that the burst has the face analyser
        to itself): the frame waiting is dropped, a result still being computed is never emitted, and frames fed
        until resume() are ignored. The analysis already running finishes (one frame, ~15 ms)."""
        with self._cond:
            self._paused = True
            self._epoch += 1
            self._frame = None

    def resume(self) -> None:
        """Analyse fed frames again."""
        with self._cond:
            self._paused = False

    @property
    def paused(self) -> bool:
        return self._paused

    def select_best(self, frames: Sequence[Frame]) -> None:
        """Choose the best frame of a burst in the worker; burst_selected follows."""
        with self._cond:
            self._burst = list(frames)
            self._cond.notify()

    def _run(self) -> None:
        try:
            if self._analyzer is None:
                self._analyzer = FaceAnalyzer()
            analyzer = self._analyzer
            while True:
                with self._cond:
                    while self._running and self._frame is None and self._burst is None:
                        self._cond.wait()
                    if not self._running:
                        return
                    burst, self._burst = self._burst, None
                    frame, self._frame = self._frame, None
                    epoch = self._epoch
                if burst:
                    self._relay.post("burst_selected", best_of(burst, analyzer, self._thresholds))
                if frame is not None:
                    result = analyse_frame(frame, analyzer, self._thresholds)
                    with self._cond:
                        stale = self._paused or epoch != self._epoch
                    if stale:
                        continue  # paused meanwhile: the camera screen no longer wants it
                    self.analysed_count += 1
                    self._relay.post_latest("analysed", result)
        except Exception:  # the message carries no image data; the flow sees no more results
            _log.exception("live photo analysis stopped")
