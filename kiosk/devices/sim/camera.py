"""The simulated camera: generated scenes with sensor noise and a slight sway, a held-up card, and loss."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk import log
from kiosk.devices.base import Camera, Frame, Health, HealthState
from kiosk.workers import import_now

if TYPE_CHECKING:
    import numpy as np

_log = log.get("camera")

_SWAY_PX = 3  # the scene drifts this far either way, as a person breathing in front of a fixed camera
_NOISE_LEVELS = 3  # sensor noise: each pixel moves by up to this many grey levels either way
_NOISE_MARGIN_PX = 32  # the noise tile is this much larger than a frame, and read at a random offset
_CARD_HEIGHT_FRACTION = 0.45  # a held-up card fills this fraction of the frame height


def cover(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Scale an image to cover width x height and crop the centre (keeps the aspect, no bars)."""
    import cv2
    import numpy as np

    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    if (w, h) == (width, height):
        return np.ascontiguousarray(image)
    scale = max(width / w, height / h)
    size = (max(width, round(w * scale)), max(height, round(h * scale)))
    scaled = cv2.resize(image, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    x0, y0 = (size[0] - width) // 2, (size[1] - height) // 2
    return np.ascontiguousarray(scaled[y0 : y0 + height, x0 : x0 + width])


class SimCamera(Camera):
    """A camera that films generated scenes; the simulator panel switches scenes, loses it and holds cards."""

    def __init__(
        self,
        scene_source: Callable[[str], np.ndarray],
        *,
        fps: int = 30,
        scene: str = "good",
        width: int = 1280,
        height: int = 720,
        seed: int | None = None,
        name: str = "camera",
        prepare_scenes: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(name, parent)
        self._scene_source = scene_source
        self._prepare_scenes = prepare_scenes  # imports what scene_source needs, in the GUI thread (prepare())
        self._started = False
        self._prepare_wanted = False
        self._interval_s = 1.0 / fps
        self._width, self._height = width, height
        self._seed = seed
        self._rng: np.random.Generator | None = None  # made by start(), with the noise (NumPy is imported then)
        self._scene = scene
        self._card: np.ndarray | None = None
        self._lost = False
        self._scenes: dict[str, np.ndarray] = {}  # per name, with a sway margin around the frame
        self._index = 0

    # -- the simulator controls ----------------------------------------------------------------------------

    @property
    def scene(self) -> str:
        return self._scene

    def set_scene(self, name: str) -> None:
        """Film another scene from the next frame on (generated on first use, then cached)."""
        with self._lock:
            self._scene = name

    def set_lost(self, lost: bool) -> None:
        """Simulate the camera dropping off the bus (no frames, health DOWN) or coming back."""
        with self._lock:
            self._lost = lost
        if lost:
            self._set_health(Health(HealthState.DOWN, "simulated camera lost"))
        else:  # back on the bus: healthy even while paused (no frame is needed to know it is there)
            self._set_health(Health(HealthState.OK, "simulated camera"))

    def start(self) -> None:
        """Started paused, the camera is there and healthy without a frame, and loads nothing (NumPy, OpenCV,
        its noise) until prepare() or until it runs; started running, it prepares at once."""
        self._started = True
        if self._resumed.is_set() or self._prepare_wanted:
            self.prepare()
        else:
            self._relay.reopen()
            with self._lock:
                lost = self._lost
            if not lost:
                self._set_health(Health(HealthState.OK, "simulated camera"))

    def prepare(self) -> None:
        """NumPy and OpenCV imported (and the scenes' own modules), the noise made and the worker started, in the
        calling thread: the GUI thread, before the worker needs them (kiosk.workers)."""
        if not self._started:
            self._prepare_wanted = True  # asked before the start: prepared by start()
            return
        if self._worker.started:
            return
        if self._prepare_scenes is not None:
            self._prepare_scenes()
        import_now("numpy", "cv2")
        self._ensure_noise()
        super().start()
        if not self._resumed.is_set():  # paused: there, and healthy, without a frame
            with self._lock:
                lost = self._lost
            if not lost:
                self._set_health(Health(HealthState.OK, "simulated camera"))

    def stop(self) -> None:
        self._started = False
        if not self._worker.started:
            self._relay.close()
        super().stop()

    @property
    def prepared(self) -> bool:
        return self._worker.started

    def set_running(self, running: bool) -> None:
        if running:
            self.prepare()  # a first frame asked for before the booth prepared the camera: loaded now
        super().set_running(running)

    def show_card(self, image: np.ndarray | None) -> None:
        """Hold a card (BGR or grey, e.g. a QR code) in front of the camera; None takes it away."""
        import cv2

        card = None
        if image is not None:
            if image.ndim == 2:
                image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
            card_h = max(8, min(self._height - 2 * _SWAY_PX, round(self._height * _CARD_HEIGHT_FRACTION)))
            card_w = min(self._width - 2 * _SWAY_PX, max(8, round(image.shape[1] * card_h / image.shape[0])))
            card = cv2.resize(image, (card_w, card_h), interpolation=cv2.INTER_NEAREST)
        with self._lock:
            self._card = card

    def frames(self, scene: str, indices: Iterable[int]) -> Iterator[np.ndarray]:
        """The frames the worker would capture at these indices (noise and sway included), without starting it:
        for tests and benchmarks of what the camera shows."""
        self._ensure_noise()
        image = self._scene_image(scene)
        for index in indices:
            yield self._render(image, None, index)

    # -- the worker ----------------------------------------------------------------------------------------

    def _ensure_noise(self) -> None:
        if self._rng is None:
            import numpy as np

            self._rng = np.random.default_rng(self._seed)
            self._noise_up, self._noise_down = self._make_noise()

    def _make_noise(self) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        shape = (self._height + _NOISE_MARGIN_PX, self._width + _NOISE_MARGIN_PX, 3)
        assert self._rng is not None
        noise = self._rng.integers(-_NOISE_LEVELS, _NOISE_LEVELS + 1, size=shape, dtype=np.int16)
        return np.clip(noise, 0, None).astype(np.uint8), np.clip(-noise, 0, None).astype(np.uint8)

    def _scene_image(self, name: str) -> np.ndarray:
        import numpy as np

        cached = self._scenes.get(name)
        if cached is None:
            image = np.asarray(self._scene_source(name))
            cached = cover(image, self._width + 2 * _SWAY_PX, self._height + 2 * _SWAY_PX)
            self._scenes[name] = cached
        return cached

    def _render(self, scene: np.ndarray, card: np.ndarray | None, index: int) -> np.ndarray:
        import cv2

        # Slight motion: the window into the (larger) scene drifts slowly, a pixel or two.
        phase = index * self._interval_s
        dx = round(_SWAY_PX * math.sin(2 * math.pi * phase / 3.1))
        dy = round(_SWAY_PX * math.sin(2 * math.pi * phase / 4.3 + 1.0))
        x0, y0 = _SWAY_PX + dx, _SWAY_PX + dy
        view = scene[y0 : y0 + self._height, x0 : x0 + self._width]
        assert self._rng is not None
        nx, ny = (int(v) for v in self._rng.integers(0, _NOISE_MARGIN_PX, size=2))
        window = (slice(ny, ny + self._height), slice(nx, nx + self._width))
        frame = cv2.add(view, self._noise_up[window])
        if card is not None:
            ch, cw = card.shape[:2]
            cx = (self._width - cw) // 2 - dx
            cy = (self._height - ch) // 2 - dy
            frame[cy : cy + ch, cx : cx + cw] = card
        cv2.subtract(frame, self._noise_down[window], dst=frame)
        return frame

    def _run(self) -> None:
        next_due_s = time.monotonic()
        failed_scene = ""
        while not self._stopping.is_set():
            if not self._resumed.is_set():
                self._resumed.wait()
                next_due_s = time.monotonic()
                continue
            with self._lock:
                name, card, lost = self._scene, self._card, self._lost
            if not lost:
                try:
                    scene = self._scene_image(name)
                except Exception as exc:  # a scene generator bug must not kill the worker
                    if name != failed_scene:
                        _log.exception("simulated scene %r failed", name)
                        failed_scene = name
                    self._set_health(Health(HealthState.DOWN, f"simulated scene {name!r} failed: {exc}"))
                else:
                    failed_scene = ""
                    image = self._render(scene, card, self._index)
                    image.flags.writeable = False
                    frame = Frame(image=image, index=self._index, t_monotonic_s=time.monotonic())
                    self._index += 1
                    with self._lock:
                        still_lost = self._lost
                    if not still_lost:
                        self._set_health(Health(HealthState.OK, "simulated camera"))
                        self._publish(frame)
            next_due_s += self._interval_s
            delay_s = next_due_s - time.monotonic()
            if delay_s < -self._interval_s:
                next_due_s = time.monotonic()
            elif delay_s > 0:
                self._stopping.wait(delay_s)
