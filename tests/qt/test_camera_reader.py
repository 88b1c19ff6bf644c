"""CameraBarcodeReader with a tiny fake camera: decoding off the GUI thread, newest frame only, enabling."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from kiosk.devices import qr_decoders
from kiosk.devices.base import Camera, Frame, Health, HealthState
from kiosk.devices.camera_reader import CameraBarcodeReader
from kiosk.devices.sim.qr_payloads import official_url, qr_frame, random_id


class FakeCamera(Camera):
    def __init__(self) -> None:
        super().__init__("fake-camera")
        self.set_running(False)
        self.index = 0

    def start(self) -> None:
        self._set_health(Health(HealthState.OK))

    def stop(self) -> None:
        pass

    def show(self, image: np.ndarray, *, age_s: float = 0.0) -> None:
        self.index += 1
        self.frame_captured.emit(Frame(image, self.index, time.monotonic() - age_s))


BLANK = np.full((480, 640, 3), 210, np.uint8)


@pytest.fixture
def camera() -> FakeCamera:
    cam = FakeCamera()
    cam.start()
    return cam


@pytest.fixture
def reader(camera: FakeCamera) -> Iterator[CameraBarcodeReader]:
    qr = CameraBarcodeReader(camera, hold_s=2.0, max_rate_hz=50)
    qr.start()
    qr.set_enabled(True)
    yield qr
    qr.stop()


def _frame(payload: str, case: str = "clean", seed: int = 1) -> np.ndarray:
    return qr_frame(payload, 640, 480, case, np.random.default_rng(seed))


def test_default_decoder_is_zxing() -> None:
    assert qr_decoders.DEFAULT_DECODER == "zxing"


@pytest.mark.parametrize("case", ["clean", "rotated", "perspective", "noise", "low_contrast"])
def test_reads_a_code(qtbot: QtBot, camera: FakeCamera, reader: CameraBarcodeReader, case: str) -> None:
    payload = official_url(random_id())
    with qtbot.waitSignal(reader.code_read, timeout=3000) as blocker:
        camera.show(_frame(payload, case))
    assert blocker.args == [payload]
    assert reader.health.state is HealthState.OK


def test_camera_runs_only_while_enabled(camera: FakeCamera, reader: CameraBarcodeReader) -> None:
    assert camera.running
    reader.set_enabled(False)
    assert not camera.running
    reader.set_enabled(True)
    assert camera.running


def test_decodes_off_the_gui_thread(qtbot: QtBot, camera: FakeCamera, reader: CameraBarcodeReader) -> None:
    threads: list[threading.Thread] = []
    original = reader._decode

    def spy(image: np.ndarray) -> list[str]:
        threads.append(threading.current_thread())
        return original(image)

    reader._decode = spy
    payload = official_url(random_id())
    with qtbot.waitSignal(reader.code_read, timeout=3000):
        camera.show(_frame(payload))
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_held_code_passes_once_and_a_new_one_passes(
    qtbot: QtBot, camera: FakeCamera, reader: CameraBarcodeReader
) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    first, second = official_url(random_id()), official_url(random_id())
    frame = _frame(first)
    for _ in range(5):
        camera.show(frame)
        qtbot.waitUntil(lambda: reader._newest is None, timeout=2000)
    camera.show(_frame(second))
    qtbot.waitUntil(lambda: len(received) >= 2, timeout=3000)
    assert received == [first, second]


def test_disabled_reader_ignores_frames(
    qtbot: QtBot, camera: FakeCamera, reader: CameraBarcodeReader
) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    reader.set_enabled(False)
    handled = reader.frames_decoded + reader.frames_skipped
    camera.show(_frame(official_url(random_id())))
    visible = official_url(random_id())
    reader.set_enabled(True)
    camera.show(_frame(visible))
    qtbot.waitUntil(lambda: len(received) == 1, timeout=3000)
    assert received == [visible]
    # the frame shown while disabled was never taken: neither decoded nor superseded, only the visible one was
    assert reader.frames_decoded + reader.frames_skipped == handled + 1


def test_stale_frames_are_skipped(qtbot: QtBot, camera: FakeCamera, reader: CameraBarcodeReader) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    camera.show(_frame(official_url(random_id())), age_s=5.0)
    qtbot.waitUntil(lambda: reader.frames_skipped >= 1, timeout=2000)
    fresh = official_url(random_id())
    camera.show(_frame(fresh))
    qtbot.waitUntil(lambda: len(received) == 1, timeout=3000)
    assert received == [fresh]


def test_no_backlog_only_the_newest_frame(qtbot: QtBot, camera: FakeCamera) -> None:
    gate = threading.Event()
    seen: list[int] = []

    def slow(image: np.ndarray) -> list[str]:
        seen.append(int(image[0, 0, 0]))
        gate.wait(2)
        return []

    qr = CameraBarcodeReader(camera, max_rate_hz=1000)
    qr._decode = slow
    qr.start()
    qr.set_enabled(True)
    try:
        camera.show(np.full((8, 8, 3), 1, np.uint8))
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
        for value in range(2, 30):  # arrive while the decoder is busy
            camera.show(np.full((8, 8, 3), value, np.uint8))
        gate.set()
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=2000)
        camera.show(np.full((8, 8, 3), 99, np.uint8))  # a marker after them: anything queued comes first
        qtbot.waitUntil(lambda: 99 in seen, timeout=2000)
        assert seen == [1, 29, 99]
    finally:
        gate.set()
        qr.stop()


def test_health_follows_the_camera(qtbot: QtBot, camera: FakeCamera, reader: CameraBarcodeReader) -> None:
    with qtbot.waitSignal(reader.health_changed, timeout=1000):
        camera._set_health(Health(HealthState.DOWN, "unplugged"))
    assert reader.health.state is HealthState.DOWN
    camera._set_health(Health(HealthState.OK))
    assert reader.health.state is HealthState.OK
