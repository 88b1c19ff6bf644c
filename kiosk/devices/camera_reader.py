"""A barcode reader that decodes QR codes from the camera's frames, for booths without a scanner."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk import log
from kiosk.devices import qr_decoders
from kiosk.devices.base import BarcodeReader, Camera, Frame, Health, HealthState
from kiosk.devices.scanner import RepeatFilter
from kiosk.workers import WorkerThread


class CameraBarcodeReader(BarcodeReader):
    """Decodes the newest camera frame in a worker thread, at most max_rate_hz times a second.

    Frames are handed over in the camera's own thread (a direct connection that only stores a reference), so
    the GUI thread never sees them and no backlog builds up: a frame not yet decoded is replaced by a newer
    one, and a frame older than max_frame_age_s is skipped. The camera runs only while the reader is enabled
    (set_enabled(False) pauses it; the photo screens start it again themselves).
    """

    def __init__(
        self,
        camera: Camera,
        *,
        decoder: str = qr_decoders.DEFAULT_DECODER,
        hold_s: float = 2.0,
        max_rate_hz: float = 10,
        max_frame_age_s: float = 0.5,
        name: str = "barcode_reader",
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name, parent)
        self._camera = camera
        self._decode = qr_decoders.get(decoder)
        self.decoder = decoder
        self.min_interval_s = 1.0 / max_rate_hz
        self.max_frame_age_s = max_frame_age_s
        self._clock = clock
        self._repeat = RepeatFilter(hold_s, clock=clock)
        self._log = log.get("camera")
        self._lock = threading.Lock()
        self._newest: Frame | None = None
        self._frame_ready = threading.Event()
        self._worker = WorkerThread(f"{name}-qr", self._run)
        self._stop = self._worker.stopping
        self._enabled = False
        self._repeat_reset_pending = False
        self._generation = 0  # bumped by set_enabled so a decode begun before a switch is not delivered
        self.frames_decoded = 0
        self.frames_skipped = 0
        self.decode_errors = 0
        camera.frame_captured.connect(self._on_frame_captured)
        camera.health_changed.connect(self._on_camera_health_changed)

    # -- Device ------------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._relay.reopen()
        if not self._worker.start():
            return
        self._on_camera_health_changed(self._camera.health)

    def stop(self) -> None:
        if not self._worker.started:
            return
        self._worker.stop(self._frame_ready.set)
        self._relay.close()
        with self._lock:
            self._newest = None
        self._set_health(Health(HealthState.DOWN, "stopped"))

    def set_enabled(self, enabled: bool) -> None:
        with self._lock:
            if enabled == self._enabled:
                return
            self._enabled = enabled
            self._generation += 1
            self._newest = None
        if enabled:
            self._repeat_reset_pending = True
        self._camera.set_running(enabled)

    # -- handlers (GUI thread) ---------------------------------------------------------------------------------

    def _on_frame_captured(self, frame: Frame) -> None:
        with self._lock:
            if not self._enabled:
                return
            if self._newest is not None:
                self.frames_skipped += 1
            self._newest = frame
        self._frame_ready.set()

    def _on_camera_health_changed(self, health: Health) -> None:
        if not self._worker.started:
            return
        if health.ok:
            self._set_health(Health(HealthState.OK, f"decoding camera frames ({self.decoder})"))
        else:
            self._set_health(Health(HealthState.DOWN, "camera unavailable"))

    # -- worker ------------------------------------------------------------------------------------------------

    def _take(self) -> tuple[Frame | None, int]:
        with self._lock:
            frame, self._newest = self._newest, None
            self._frame_ready.clear()
            return frame, self._generation

    def _run(self) -> None:
        last_decode_s = -1e9
        while not self._stop.is_set():
            if not self._frame_ready.wait(0.2):
                continue
            wait_s = last_decode_s + self.min_interval_s - self._clock()
            if wait_s > 0 and self._stop.wait(wait_s):
                break
            frame, generation = self._take()
            if frame is None:
                continue
            if frame.t_monotonic_s and time.monotonic() - frame.t_monotonic_s > self.max_frame_age_s:
                self.frames_skipped += 1
                continue
            last_decode_s = self._clock()
            try:
                texts = self._decode(frame.image)
            except Exception as exc:  # a decoder bug must not kill the worker
                self.decode_errors += 1
                self._log.warning("QR decoder %s failed (%s)", self.decoder, type(exc).__name__)
                continue
            self.frames_decoded += 1
            if self._repeat_reset_pending:
                self._repeat_reset_pending = False
                self._repeat.reset()
            for text in texts:
                with self._lock:
                    current = self._enabled and generation == self._generation
                if current and self._repeat.passes(text):
                    self._log.debug("code read from frame %d (%d chars)", frame.index, len(text))
                    self._emit("code_read", text)
