"""The OpenCV camera: a capture worker over a device, a video file (looped) or an image file (repeated)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QObject

from kiosk import log
from kiosk.devices.base import Camera, Frame, Health, HealthState

_log = log.get("camera")

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".ppm", ".pgm"})
_DEVICE_RETRY_S = 0.01  # pause between two failed reads of a live device before the stall timeout


class SourceLostError(Exception):
    """The source stopped delivering frames (unplugged, file removed): worth a restart."""


class EndOfFileError(SourceLostError):
    """A video file played once without looping has ended: nothing to restart."""


def classify_source(source: str) -> str:
    """Which kind of source a config string names: "index", "device", "image" or "video"."""
    text = source.strip()
    if text.isdigit():
        return "index"
    if text.startswith("/dev/"):
        return "device"
    if Path(text).suffix.lower() in IMAGE_SUFFIXES:
        return "image"
    return "video"


def fit_within(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Downscale an image (keeping its aspect) so it fits in width x height; smaller images are kept."""
    h, w = image.shape[:2]
    scale = min(width / w, height / h)
    if scale >= 1.0:
        return image
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


class _Source:
    """One opened source; read() returns the next image, None if none is ready, or raises SourceLostError."""

    frame_interval_s: float = 0.0  # pacing between frames; 0 for a device, which paces itself

    def read(self) -> np.ndarray | None:
        raise NotImplementedError

    def flush(self) -> None:
        """Drop frames buffered while paused (devices only)."""

    def release(self) -> None:
        """Free the capture."""


class _DeviceSource(_Source):
    def __init__(self, capture: Any) -> None:
        self._capture = capture

    def read(self) -> np.ndarray | None:
        ok, image = self._capture.read()
        return image if ok and image is not None else None

    def flush(self) -> None:
        for _ in range(4):  # V4L2 keeps up to 4 buffers unless CAP_PROP_BUFFERSIZE was honoured
            self._capture.grab()

    def release(self) -> None:
        self._capture.release()


class _VideoFileSource(_Source):
    def __init__(self, path: str, capture: Any, fps: int, loop: bool, width: int, height: int) -> None:
        self._path = path
        self._capture = capture
        self._loop = loop
        self._width, self._height = width, height
        file_fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        self.frame_interval_s = 1.0 / (file_fps if 0.5 <= file_fps <= 240 else fps)

    def read(self) -> np.ndarray | None:
        # An unlinked file stays readable through the open descriptor: check the path on every frame.
        if not os.path.exists(self._path):
            raise SourceLostError("the video file disappeared")
        ok, image = self._capture.read()
        if not ok or image is None:
            if not self._loop:
                raise EndOfFileError("end of the video file")
            # Reopen rather than seek: seeking is unreliable for some codecs, and reopening sees a new file.
            self._capture.release()
            self._capture = _open_video_capture(self._path)
            if self._capture is None:
                raise SourceLostError("the video file could not be reopened")
            ok, image = self._capture.read()
            if not ok or image is None:
                raise SourceLostError("the video file has no readable frame")
        return fit_within(image, self._width, self._height)

    def release(self) -> None:
        if self._capture is not None:
            self._capture.release()


class _ImageFileSource(_Source):
    def __init__(self, path: str, image: np.ndarray, mtime_ns: int, fps: int) -> None:
        self._path = path
        self._image = image
        self._mtime_ns = mtime_ns
        self.frame_interval_s = 1.0 / fps

    def read(self) -> np.ndarray | None:
        try:
            mtime_ns = os.stat(self._path).st_mtime_ns
        except OSError as exc:
            raise SourceLostError("the image file disappeared") from exc
        if mtime_ns != self._mtime_ns:  # a technician swapped the picture: show the new one
            image = cv2.imread(self._path, cv2.IMREAD_COLOR)
            if image is None:
                raise SourceLostError("the image file can no longer be decoded")
            self._image, self._mtime_ns = image, mtime_ns
        return self._image

    def release(self) -> None:
        pass


def _open_video_capture(path: str) -> Any:
    capture = cv2.VideoCapture(path, cv2.CAP_FFMPEG)
    if not capture.isOpened():
        capture.release()
        capture = cv2.VideoCapture(path)
    if not capture.isOpened():
        capture.release()
        return None
    return capture


class OpenCvCamera(Camera):
    """A camera read through cv2.VideoCapture in a worker thread, restarting itself with back-off.

    Health: OK while frames arrive; DEGRADED from the moment frames stop until a reopen fails; DOWN while the
    source cannot be opened (retried with exponential back-off, reset by the next good frame). Capture runs
    from start() unless set_running(False) was called; a paused camera keeps its device open.
    """

    join_timeout_s = 15.0  # a V4L2 read can block up to 10 s inside OpenCV

    def __init__(
        self,
        source: str,
        *,
        width: int = 1280,
        height: int = 720,
        fps: int = 30,
        loop: bool = True,
        stall_timeout_s: float = 2.0,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        name: str = "camera",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(name, parent)
        self.source = source.strip()
        self.kind = classify_source(self.source)
        self._width, self._height, self._fps = width, height, fps
        self._loop = loop
        self._stall_timeout_s = stall_timeout_s
        self._backoff_initial_s = backoff_initial_s
        self._backoff_max_s = backoff_max_s
        self._clock = clock
        self._sleep = sleep or self._interruptible_sleep
        self._index = 0

    # -- the worker ----------------------------------------------------------------------------------------

    def _interruptible_sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def _describe(self) -> str:
        kinds = {
            "index": "camera index",
            "device": "camera device",
            "image": "image file",
            "video": "video file",
        }
        return f"{kinds[self.kind]} {self.source}"

    def _open(self) -> _Source:
        """Open the source or raise OSError with a technician-readable reason."""
        if self.kind in ("image", "video"):
            if not os.path.exists(self.source):
                raise OSError("file not found")
            if self.kind == "image":
                image = cv2.imread(self.source, cv2.IMREAD_COLOR)
                if image is None:
                    raise OSError("not a readable image")
                image = fit_within(image, self._width, self._height)
                image.flags.writeable = False
                return _ImageFileSource(self.source, image, os.stat(self.source).st_mtime_ns, self._fps)
            capture = _open_video_capture(self.source)
            if capture is None:
                raise OSError("not a readable video")
            return _VideoFileSource(self.source, capture, self._fps, self._loop, self._width, self._height)
        if self.kind == "device" and not os.path.exists(self.source):
            raise OSError("no such device (unplugged?)")
        api = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
        target: int | str = int(self.source) if self.kind == "index" else self.source
        capture = cv2.VideoCapture(target, api)
        if not capture.isOpened():
            capture.release()
            raise OSError("the device did not open (busy, unplugged or not a camera)")
        capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))  # 720p30 on USB 2 needs MJPG
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._height)
        capture.set(cv2.CAP_PROP_FPS, self._fps)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        _log.info(
            "%s: opened %s at %dx%d %.0f fps",
            self.name,
            self._describe(),
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            capture.get(cv2.CAP_PROP_FPS),
        )
        return _DeviceSource(capture)

    def _run(self) -> None:
        source: _Source | None = None
        backoff_s = self._backoff_initial_s
        try:
            while not self._stopping.is_set():
                if not self._resumed.is_set():
                    self._resumed.wait()
                    if source is not None:
                        source.flush()
                    continue
                if source is None:
                    try:
                        source = self._open()
                    except (OSError, cv2.error) as exc:
                        self._set_health(Health(HealthState.DOWN, f"cannot open {self._describe()}: {exc}"))
                        _log.warning("%s: cannot open (%s); retrying in %.1f s", self.name, exc, backoff_s)
                        self._sleep(backoff_s)
                        backoff_s = min(backoff_s * 2, self._backoff_max_s)
                        continue
                opened = source
                try:
                    source, delivered = self._capture_until_lost(opened)
                except Exception as exc:  # a cv2.error or a driver bug must not end capture for good
                    _log.exception("%s: capture failed", self.name)
                    self._set_health(Health(HealthState.DEGRADED, f"restarting {self._describe()}: {exc}"))
                    opened.release()
                    source, delivered = None, False
                if delivered:
                    backoff_s = self._backoff_initial_s
                if source is None:
                    self._sleep(backoff_s)
                    backoff_s = min(backoff_s * 2, self._backoff_max_s)
        finally:
            if source is not None:
                source.release()

    def _capture_until_lost(self, source: _Source) -> tuple[_Source | None, bool]:
        """Read and emit frames until paused or stopped (returns the source) or lost (returns None).

        The flag tells whether any frame was delivered, which resets the back-off.
        """
        delivered = False
        last_good_s = self._clock()
        next_due_s = last_good_s
        while not self._stopping.is_set() and self._resumed.is_set():
            try:
                image = source.read()
                if image is None:
                    if self._clock() - last_good_s >= self._stall_timeout_s:
                        raise SourceLostError(f"no frames for {self._stall_timeout_s:.1f} s")
                    self._sleep(_DEVICE_RETRY_S)
                    continue
            except SourceLostError as exc:
                source.release()
                if isinstance(exc, EndOfFileError):
                    self._set_health(Health(HealthState.DOWN, f"{self._describe()}: {exc}"))
                    self._stopping.wait()
                    return None, delivered
                self._set_health(Health(HealthState.DEGRADED, f"restarting {self._describe()}: {exc}"))
                _log.warning("%s: %s; restarting", self.name, exc)
                return None, delivered
            now_s = self._clock()
            last_good_s = now_s
            delivered = True
            image.flags.writeable = False
            frame = Frame(image=image, index=self._index, t_monotonic_s=now_s)
            self._index += 1
            self._set_health(Health(HealthState.OK, self._describe()))
            self._publish(frame)
            if source.frame_interval_s > 0:
                next_due_s += source.frame_interval_s
                delay_s = next_due_s - self._clock()
                if delay_s < -source.frame_interval_s:  # fell behind: do not race to catch up
                    next_due_s = self._clock()
                elif delay_s > 0:
                    self._sleep(delay_s)
        return source, delivered
