"""OpenCvCamera against image and video files, a vanishing file, an unopenable source and a stalling device."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from kiosk.devices import camera as camera_module
from kiosk.devices.base import Frame, Health, HealthState
from kiosk.devices.camera import OpenCvCamera, classify_source

GREYS = (20, 60, 100, 140, 180, 220)  # one grey level per frame of the test video


class FakeTime:
    """A clock that only moves when the worker sleeps; each sleep yields the CPU for a moment."""

    def __init__(self) -> None:
        self.now_s = 1000.0
        self.sleeps_s: list[float] = []
        self._yield = threading.Event()

    def clock(self) -> float:
        return self.now_s

    def sleep(self, seconds: float) -> None:
        self.sleeps_s.append(seconds)
        self.now_s += seconds
        self._yield.wait(0.002)

    def backoffs_s(self) -> list[float]:
        return [s for s in self.sleeps_s if s >= 0.25]


def write_video(path: Path, greys: tuple[int, ...] = GREYS, size: tuple[int, int] = (160, 120)) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 30.0, size)
    assert writer.isOpened()
    for grey in greys:
        writer.write(np.full((size[1], size[0], 3), grey, np.uint8))
    writer.release()


def grey_of(frame: Frame) -> int:
    return min(GREYS, key=lambda g: abs(g - float(frame.image.mean())))


@pytest.fixture
def cameras() -> Iterator[list[OpenCvCamera]]:
    made: list[OpenCvCamera] = []
    yield made
    for camera in made:
        camera.stop()


def test_classify_source() -> None:
    assert classify_source("0") == "index"
    assert classify_source("/dev/video2") == "device"
    assert classify_source("/srv/rehearsal/face.JPG") == "image"
    assert classify_source("/srv/rehearsal/session.avi") == "video"


def test_image_file_repeats_bgr_unmirrored(qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]) -> None:
    image = np.zeros((90, 160, 3), np.uint8)
    image[:, :80] = (0, 0, 255)  # red on the left (BGR)
    image[:, 80:] = (255, 0, 0)  # blue on the right
    path = tmp_path / "still.png"
    cv2.imwrite(str(path), image)
    camera = OpenCvCamera(str(path), fps=100)
    cameras.append(camera)
    frames: list[Frame] = []
    camera.frame_captured.connect(frames.append)
    camera.start()
    qtbot.waitUntil(lambda: len(frames) >= 3, timeout=3000)
    assert camera.health.state is HealthState.OK
    indices = [f.index for f in frames[:3]]  # in order; a busy GUI thread may skip some (newest frame wins)
    assert indices == sorted(set(indices))
    assert frames[0].t_monotonic_s < frames[2].t_monotonic_s
    first = frames[0].image
    assert first.shape == (90, 160, 3)
    assert tuple(first[45, 10]) == (0, 0, 255) and tuple(first[45, 150]) == (255, 0, 0)
    assert not first.flags.writeable


def test_large_image_is_scaled_to_the_requested_size(
    qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]
) -> None:
    path = tmp_path / "big.jpg"
    cv2.imwrite(str(path), np.full((1200, 1600, 3), 128, np.uint8))
    camera = OpenCvCamera(str(path), width=640, height=480, fps=100)
    cameras.append(camera)
    camera.start()
    qtbot.waitUntil(lambda: camera.latest() is not None, timeout=3000)
    assert camera.latest().image.shape == (480, 640, 3)  # type: ignore[union-attr]


def test_video_plays_in_order_and_loops(qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]) -> None:
    path = tmp_path / "clip.avi"
    write_video(path)
    fake = FakeTime()
    camera = OpenCvCamera(str(path), clock=fake.clock, sleep=fake.sleep)
    cameras.append(camera)
    frames: list[Frame] = []
    camera.frame_captured.connect(frames.append)
    camera.start()
    looped = 2 * len(GREYS)
    qtbot.waitUntil(lambda: bool(frames) and frames[-1].index >= looped, timeout=5000)
    # The GUI thread may skip frames (newest wins, busy machine): each received frame is checked by its index.
    seen = [f for f in frames if f.index <= looped]
    indices = [f.index for f in seen]
    assert indices == sorted(set(indices)) and indices[-1] == looped
    assert [grey_of(f) for f in seen] == [GREYS[i % len(GREYS)] for i in indices]
    assert [i for i in indices if i >= len(GREYS)], "the clip never looped"
    # Paced at the file's own rate (30 fps), measured on the injected clock.
    times = np.array([f.t_monotonic_s for f in seen]) - seen[0].t_monotonic_s
    assert np.allclose(times, (np.array(indices) - indices[0]) / 30, atol=1e-6)


def test_video_without_loop_ends_down(qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]) -> None:
    path = tmp_path / "once.avi"
    write_video(path)
    fake = FakeTime()
    camera = OpenCvCamera(str(path), loop=False, clock=fake.clock, sleep=fake.sleep)
    cameras.append(camera)
    camera.start()
    qtbot.waitUntil(lambda: "end of the video file" in camera.health.detail, timeout=3000)
    assert camera.health.state is HealthState.DOWN
    assert camera.latest() is not None and camera.latest().index == len(GREYS) - 1  # type: ignore[union-attr]


def test_removed_file_degrades_goes_down_backs_off_and_recovers(
    qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]
) -> None:
    path = tmp_path / "clip.avi"
    write_video(path)
    fake = FakeTime()
    camera = OpenCvCamera(
        str(path), clock=fake.clock, sleep=fake.sleep, backoff_initial_s=0.5, backoff_max_s=4.0
    )
    cameras.append(camera)
    states: list[HealthState] = []
    camera.health_changed.connect(lambda h: states.append(h.state))
    camera.start()
    qtbot.waitUntil(lambda: camera.health.state is HealthState.OK, timeout=3000)

    os.rename(path, tmp_path / "away.avi")
    qtbot.waitUntil(lambda: len(fake.backoffs_s()) >= 6, timeout=5000)
    assert camera.health.state is HealthState.DOWN
    assert "file not found" in camera.health.detail
    assert fake.backoffs_s()[:6] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    frozen_index = camera.latest().index  # type: ignore[union-attr]

    os.rename(tmp_path / "away.avi", path)
    qtbot.waitUntil(lambda: camera.health.state is HealthState.OK, timeout=5000)
    qtbot.waitUntil(lambda: camera.latest().index > frozen_index, timeout=3000)  # type: ignore[union-attr]
    assert states[:4] == [HealthState.OK, HealthState.DEGRADED, HealthState.DOWN, HealthState.OK]

    # The back-off starts again from the initial delay after a recovery.
    fake.sleeps_s.clear()
    os.remove(path)
    qtbot.waitUntil(lambda: len(fake.backoffs_s()) >= 2, timeout=5000)
    assert fake.backoffs_s()[:2] == [0.5, 1.0]


def test_removed_image_file_goes_down_and_recovers(
    qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]
) -> None:
    path = tmp_path / "still.png"
    cv2.imwrite(str(path), np.full((60, 80, 3), 90, np.uint8))
    fake = FakeTime()
    camera = OpenCvCamera(str(path), clock=fake.clock, sleep=fake.sleep)
    cameras.append(camera)
    camera.start()
    qtbot.waitUntil(lambda: camera.health.state is HealthState.OK, timeout=3000)
    path.unlink()
    qtbot.waitUntil(lambda: camera.health.state is HealthState.DOWN, timeout=3000)
    cv2.imwrite(str(path), np.full((60, 80, 3), 200, np.uint8))
    qtbot.waitUntil(lambda: camera.health.state is HealthState.OK, timeout=5000)
    qtbot.waitUntil(lambda: int(camera.latest().image[0, 0, 0]) == 200, timeout=3000)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("/nonexistent/clip.avi", "cannot open video file /nonexistent/clip.avi: file not found"),
        ("/nonexistent/face.png", "cannot open image file /nonexistent/face.png: file not found"),
        ("/dev/video97", "cannot open camera device /dev/video97: no such device"),
    ],
)
def test_unopenable_source_reports_down_with_detail(
    qtbot: Any, source: str, detail: str, cameras: list[OpenCvCamera]
) -> None:
    fake = FakeTime()
    camera = OpenCvCamera(source, clock=fake.clock, sleep=fake.sleep)
    cameras.append(camera)
    with qtbot.waitSignal(camera.health_changed, timeout=3000) as blocker:
        camera.start()
    health: Health = blocker.args[0]
    assert health.state is HealthState.DOWN
    assert health.detail.startswith(detail)
    assert camera.latest() is None


def test_garbage_file_reports_down(qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]) -> None:
    path = tmp_path / "broken.avi"
    path.write_bytes(b"this is not a video")
    fake = FakeTime()
    camera = OpenCvCamera(str(path), clock=fake.clock, sleep=fake.sleep)
    cameras.append(camera)
    camera.start()
    qtbot.waitUntil(lambda: camera.health.state is HealthState.DOWN and camera.health.detail != "not started")
    assert "not a readable video" in camera.health.detail


def test_pause_stops_frames_and_resume_restarts_them(
    qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]
) -> None:
    path = tmp_path / "still.png"
    cv2.imwrite(str(path), np.full((60, 80, 3), 90, np.uint8))
    camera = OpenCvCamera(str(path), fps=200)
    cameras.append(camera)
    camera.start()
    qtbot.waitUntil(lambda: camera.latest() is not None, timeout=3000)
    camera.set_running(False)
    qtbot.wait(50)  # frames already queued to the GUI thread are delivered
    paused_index = camera.latest().index  # type: ignore[union-attr]
    with qtbot.assertNotEmitted(camera.frame_captured, wait=150):
        pass
    assert camera.latest().index == paused_index  # type: ignore[union-attr]
    assert camera.health.state is HealthState.OK
    with qtbot.waitSignal(camera.frame_captured, timeout=3000):
        camera.set_running(True)


def test_snapshot_is_a_writable_copy(qtbot: Any, tmp_path: Path, cameras: list[OpenCvCamera]) -> None:
    path = tmp_path / "still.png"
    cv2.imwrite(str(path), np.full((60, 80, 3), 90, np.uint8))
    camera = OpenCvCamera(str(path), fps=100)
    cameras.append(camera)
    assert camera.snapshot() is None
    camera.start()
    qtbot.waitUntil(lambda: camera.latest() is not None, timeout=3000)
    shot = camera.snapshot()
    assert shot is not None and shot.image.flags.writeable
    shot.image[:] = 0
    assert int(camera.latest().image[0, 0, 0]) == 90  # type: ignore[union-attr]


def test_stop_joins_and_is_safe_twice(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "still.png"
    cv2.imwrite(str(path), np.full((60, 80, 3), 90, np.uint8))
    camera = OpenCvCamera(str(path), fps=100)
    camera.start()
    qtbot.waitUntil(lambda: camera.latest() is not None, timeout=3000)
    thread = camera._worker.thread
    camera.stop()
    camera.stop()
    assert thread is not None and not thread.is_alive()


class FakeCapture:
    """A live device that delivers `good` frames per opening, then returns nothing."""

    openings = 0

    def __init__(self, target: Any, api: int = 0) -> None:
        FakeCapture.openings += 1
        self._left = 3

    def isOpened(self) -> bool:
        return True

    def set(self, prop: int, value: float) -> bool:
        return True

    def get(self, prop: int) -> float:
        return 0.0

    def grab(self) -> bool:
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self._left == 0:
            return False, None
        self._left -= 1
        return True, np.zeros((48, 64, 3), np.uint8)

    def release(self) -> None:
        pass


def test_stalled_device_restarts_after_the_stall_timeout(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, cameras: list[OpenCvCamera]
) -> None:
    FakeCapture.openings = 0
    monkeypatch.setattr(camera_module.cv2, "VideoCapture", FakeCapture)
    fake = FakeTime()
    camera = OpenCvCamera(
        "0", clock=fake.clock, sleep=fake.sleep, stall_timeout_s=0.5, backoff_initial_s=0.25
    )
    cameras.append(camera)
    healths: list[Health] = []
    camera.health_changed.connect(healths.append)
    camera.start()
    qtbot.waitUntil(lambda: FakeCapture.openings >= 3, timeout=5000)
    camera.stop()
    assert [h.state for h in healths[:3]] == [HealthState.OK, HealthState.DEGRADED, HealthState.OK]
    assert "no frames for 0.5 s" in healths[1].detail
    stall_waits = [s for s in fake.sleeps_s if s < 0.25]
    assert sum(stall_waits[:60]) >= 0.5 - 1e-9  # it waited the stall timeout before restarting
    assert camera.latest() is not None and camera.latest().index >= 5  # type: ignore[union-attr]


class ExplodingCapture(FakeCapture):
    """A device whose driver raises on the second read of every opening."""

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self._left == 2:
            raise cv2.error("simulated driver failure")
        return super().read()


def test_an_exception_in_the_driver_restarts_capture(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, cameras: list[OpenCvCamera]
) -> None:
    FakeCapture.openings = 0
    monkeypatch.setattr(camera_module.cv2, "VideoCapture", ExplodingCapture)
    fake = FakeTime()
    camera = OpenCvCamera("0", clock=fake.clock, sleep=fake.sleep)
    cameras.append(camera)
    healths: list[Health] = []
    camera.health_changed.connect(healths.append)
    camera.start()
    qtbot.waitUntil(lambda: FakeCapture.openings >= 3, timeout=5000)
    camera.stop()
    assert not camera._worker.started
    assert healths[1].state is HealthState.DEGRADED and "simulated driver failure" in healths[1].detail
    assert healths[2].state is HealthState.OK
