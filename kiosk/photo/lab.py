"""The booth's photo lab, built when it is first needed: the face analyser and its libraries (OpenCV, NumPy,
LiteRT) stay out of the booth's first paint.

``LazyPhotoLab`` has the PhotoLab's interface (kiosk.photo.capture); the real lab is made by ``prepare()`` (a
deferred start-up step) or at its first use, in the GUI thread. Its ``live`` is a stand-in with the live
analyser's signal and methods, so that the studio can be wired before the lab exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.config import PhotoConfig

if TYPE_CHECKING:
    from kiosk.devices.base import Frame
    from kiosk.photo.capture import CapturedPhoto, PhotoLab
    from kiosk.photo.sizes import PhotoSize


class LiveStandIn(QObject):
    """The live analyser as the studio sees it: its analyses re-emitted, its calls passed on (the lab is made
    at the first call that needs it)."""

    analysed = Signal(object)  # FrameAnalysis

    def __init__(self, lab: LazyPhotoLab) -> None:
        super().__init__()
        self._lab = lab

    def feed(self, frame: Frame) -> None:
        self._lab.real.live.feed(frame)

    def pause(self) -> None:
        self._lab.real.live.pause()

    def resume(self) -> None:
        self._lab.real.live.resume()


class LazyPhotoLab:
    """A PhotoLab made on first use (or by prepare()); start() and stop() apply to it once it exists."""

    def __init__(self, cfg: PhotoConfig) -> None:
        self.cfg = cfg
        self._real: PhotoLab | None = None
        self._started = False
        self.live = LiveStandIn(self)

    @property
    def built(self) -> bool:
        return self._real is not None

    @property
    def real(self) -> PhotoLab:
        if self._real is None:
            from kiosk.photo.capture import PhotoLab

            self._real = PhotoLab(self.cfg)
            self._real.live.analysed.connect(self.live.analysed)
            if self._started:
                self._real.start()
        return self._real

    def prepare(self) -> None:
        """Make the lab now (a deferred start-up step)."""
        self.real  # noqa: B018

    def start(self) -> None:
        self._started = True
        if self._real is not None:
            self._real.start()

    def stop(self) -> None:
        self._started = False
        if self._real is not None:
            self._real.stop()

    def warm(self) -> None:
        self.real.warm()

    def use_size(self, size: PhotoSize | None, dpi: int = 300) -> None:
        self.real.use_size(size, dpi)

    def process_burst(self, frames: Sequence[Frame]) -> CapturedPhoto:
        return self.real.process_burst(frames)

    def __getattr__(self, name: str) -> Any:
        """Everything else of the PhotoLab (analyzer, thresholds, assess_image, ...)."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.real, name)
