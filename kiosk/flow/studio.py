"""The studio: live preview and guidance, the 3-2-1 countdown, the burst at the shutter and the photo made from it.

The camera's frames go to the screen (preview_frame) and to the live analyser; at the shutter the next few frames
form a burst, and a worker thread picks the best, checks it and makes the official file, so the GUI thread never
waits for the analysis. The live analyser is paused from the shutter until the review is shown (or the capture
failed), so that the burst has the face analyser to itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from kiosk import log
from kiosk.devices.base import Camera, Frame
from kiosk.flow.timers import NamedTimers
from kiosk.workers import Relay, WorkerThread

if TYPE_CHECKING:
    from kiosk.photo.capture import CapturedPhoto  # OpenCV and NumPy: imported with the photo lab, later

_log = log.get("photo")


class LiveAnalysis(Protocol):
    analysed: Any  # Signal(object): the live frame analysis with .guidance ids

    def feed(self, frame: Frame) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...


ProcessBurst = Callable[[list[Frame]], "CapturedPhoto"]


class Studio(QObject):
    preview_frame = Signal(object)  # Frame, for the camera screen
    analysed = Signal(object)  # the live analysis of a recent frame (guidance ids, outline state)
    countdown_ticked = Signal(int)  # 3, 2, 1, then 0 at the shutter
    photo_ready = Signal()  # result() holds the photo
    photo_failed = Signal(str)  # technical reason (never personal data)
    _processed = Signal(object, int)  # CapturedPhoto or an error text, generation (posted by the worker)

    def __init__(self, camera: Camera, live: LiveAnalysis, process: ProcessBurst, timers: NamedTimers, *,
                 burst_frames: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._camera = camera
        self._live = live
        self._process = process
        self._timers = timers
        self.burst_frames = burst_frames
        self._active = False
        self._burst: list[Frame] | None = None
        self._count = 0
        self._result: CapturedPhoto | None = None
        self._processing = False  # a burst is being made into a photo
        self._generation = 0
        self._relay = Relay(self)
        self._worker: WorkerThread | None = None
        camera.frame_captured.connect(self._on_frame_captured)
        live.analysed.connect(self._on_analysed)
        self._processed.connect(self._on_processed)

    def begin(self) -> None:
        """The camera screen is showing: preview and guidance on, no photo yet."""
        self._active = True
        self._burst = None
        self._result = None
        self._processing = False
        self._live.resume()

    def abort(self) -> None:
        """Leave the camera screen: stop the countdown, forget a burst in progress."""
        self._active = False
        self._burst = None
        self._processing = False
        self._generation += 1
        self._timers.stop("shutter")

    def start_countdown(self, seconds: int) -> None:
        if not self._active or self._timers.is_active("shutter") or self._burst is not None:
            return  # a second tap during the countdown changes nothing
        self._count = seconds
        self.countdown_ticked.emit(self._count)
        self._timers.start("shutter", 1.0, self._tick)

    def _tick(self) -> None:
        self._count -= 1
        self.countdown_ticked.emit(max(0, self._count))
        if self._count > 0:
            self._timers.start("shutter", 1.0, self._tick)
        else:
            self._burst = []  # the next frames, from the shutter moment on, form the burst
            # the burst and its processing have the face analyser to themselves until the review is shown
            # (or the capture failed and the camera screen goes on)
            self._live.pause()

    def result(self) -> CapturedPhoto | None:
        return self._result

    def _on_frame_captured(self, frame: Frame) -> None:
        if not self._active:
            return
        self.preview_frame.emit(frame)
        if self._burst is not None:
            self._burst.append(frame)
            if len(self._burst) >= self.burst_frames:
                frames, self._burst = self._burst, None
                self._start_processing(frames)
        else:
            self._live.feed(frame)

    def _on_analysed(self, analysis: object) -> None:
        # nothing from before the shutter reaches the screen once the burst has begun
        if self._active and self._burst is None and not self._processing:
            self.analysed.emit(analysis)

    def _start_processing(self, frames: list[Frame]) -> None:
        generation = self._generation
        self._processing = True

        def work() -> None:
            try:
                photo: object = self._process(frames)
            except Exception as exc:  # reported, never raised into the worker's void
                photo = f"{type(exc).__name__}"
            self._relay.post("_processed", photo, generation)

        self._worker = WorkerThread("studio-capture", work)
        self._worker.start()

    def _on_processed(self, photo: object, generation: int) -> None:
        if generation != self._generation or not self._active:
            return
        self._processing = False
        if not isinstance(photo, str):  # a CapturedPhoto; a failure is its exception's name
            self._result = photo  # type: ignore[assignment]
            self.photo_ready.emit()  # the review is shown; the analyser resumes when the camera screen returns
        else:
            _log.error("capture failed: %s", photo)
            self._live.resume()  # the camera screen stays: its guidance goes on
            self.photo_failed.emit(str(photo))

    def stop(self) -> None:
        self.abort()
        if self._worker is not None:
            self._worker.stop()
        self._relay.close()
