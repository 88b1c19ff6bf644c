"""SimCamera: scenes with noise and motion, the scene cache, loss and recovery, a held-up QR card."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import segno
import zxingcpp
from PIL import Image

from kiosk.devices.base import Frame, HealthState
from kiosk.devices.sim.camera import SimCamera, cover

COLOURS = {"good": (40, 160, 60), "dark": (10, 10, 10), "bright": (250, 250, 250)}


class Scenes:
    """A stand-in for kiosk.photo.scenes: a textured image per name, counting how often each is made."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def __call__(self, name: str) -> np.ndarray:
        self.calls[name] += 1
        image = np.zeros((360, 640, 3), np.uint8)
        image[:] = COLOURS[name]
        image[100:260, 260:380] = 128  # a "face" so that motion shows up
        return image


@pytest.fixture
def scenes() -> Scenes:
    return Scenes()


@pytest.fixture
def sim(scenes: Scenes) -> Iterator[SimCamera]:
    camera = SimCamera(scenes, fps=100, width=320, height=180, seed=7)
    yield camera
    camera.stop()


def collect(qtbot: Any, camera: SimCamera, count: int) -> list[Frame]:
    frames: list[Frame] = []
    camera.frame_captured.connect(frames.append)
    qtbot.waitUntil(lambda: len(frames) >= count, timeout=3000)
    camera.frame_captured.disconnect(frames.append)
    return frames


def test_cover_keeps_the_aspect_and_crops_the_centre() -> None:
    image = np.zeros((100, 400, 3), np.uint8)
    image[:, 150:250] = 255
    out = cover(image, 100, 100)
    assert out.shape == (100, 100, 3)
    assert out[50, 50].tolist() == [255, 255, 255] and out[50, 0].tolist() == [255, 255, 255]
    assert cover(np.zeros((10, 10), np.uint8), 20, 20).shape == (20, 20, 3)


def test_frames_have_the_size_noise_and_motion(qtbot: Any, sim: SimCamera, scenes: Scenes) -> None:
    sim.start()
    frames = collect(qtbot, sim, 40)
    assert sim.health.state is HealthState.OK
    assert all(f.image.shape == (180, 320, 3) and f.image.dtype == np.uint8 for f in frames)
    indices = [f.index for f in frames]  # newest first: a busy GUI thread skips frames, never reorders them
    assert indices == sorted(set(indices)) and sim._index >= indices[-1] + 1
    first, second = frames[0].image.astype(int), frames[1].image.astype(int)
    assert not np.array_equal(first, second)
    assert np.abs(first - second)[20:40, 20:40].max() <= 6  # only a little noise on a flat area
    assert np.abs(first.mean(axis=(0, 1)) - COLOURS["good"]).max() < 8
    # The "face" drifts by a pixel or two over the frames.
    lefts = {int(np.argmax(f.image[90, :, 0] > 100)) for f in frames}
    assert len(lefts) > 1 and max(lefts) - min(lefts) <= 6
    assert scenes.calls == Counter({"good": 1})


def test_scene_switch_and_cache(qtbot: Any, sim: SimCamera, scenes: Scenes) -> None:
    sim.start()
    collect(qtbot, sim, 2)
    sim.set_scene("dark")
    qtbot.waitUntil(lambda: sim.latest().image.mean() < 30, timeout=3000)  # type: ignore[union-attr]
    sim.set_scene("good")
    qtbot.waitUntil(lambda: sim.latest().image[:, :, 1].mean() > 100, timeout=3000)  # type: ignore[union-attr]
    sim.set_scene("dark")
    qtbot.waitUntil(lambda: sim.latest().image.mean() < 30, timeout=3000)  # type: ignore[union-attr]
    assert sim.scene == "dark"
    assert scenes.calls == Counter({"good": 1, "dark": 1})


def test_a_failing_scene_reports_down_and_recovers(qtbot: Any, sim: SimCamera) -> None:
    sim.start()
    collect(qtbot, sim, 1)
    sim.set_scene("no such scene")
    qtbot.waitUntil(lambda: sim.health.state is HealthState.DOWN, timeout=3000)
    assert "no such scene" in sim.health.detail
    sim.set_scene("bright")
    qtbot.waitUntil(lambda: sim.health.state is HealthState.OK, timeout=3000)


def test_lost_and_restored(qtbot: Any, sim: SimCamera) -> None:
    sim.start()
    collect(qtbot, sim, 2)
    with qtbot.waitSignal(sim.health_changed, timeout=1000) as blocker:
        sim.set_lost(True)
    assert blocker.args[0].state is HealthState.DOWN
    qtbot.wait(30)  # a frame already queued may still arrive
    with qtbot.assertNotEmitted(sim.frame_captured, wait=100):
        pass
    lost_index = sim.latest().index  # type: ignore[union-attr]
    with qtbot.waitSignal(sim.health_changed, timeout=1000) as blocker:
        sim.set_lost(False)
    assert blocker.args[0].state is HealthState.OK
    qtbot.waitUntil(lambda: sim.latest().index > lost_index, timeout=1000)  # type: ignore[union-attr]


def test_pause_and_resume(qtbot: Any, sim: SimCamera) -> None:
    sim.start()
    collect(qtbot, sim, 1)
    sim.set_running(False)
    qtbot.wait(30)
    with qtbot.assertNotEmitted(sim.frame_captured, wait=100):
        pass
    with qtbot.waitSignal(sim.frame_captured, timeout=1000):
        sim.set_running(True)


def qr_card(text: str) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=4, border=4)
    grey = np.asarray(Image.open(buffer).convert("L"))
    return grey


def test_card_overlay_is_readable_and_removable(qtbot: Any, scenes: Scenes) -> None:
    camera = SimCamera(scenes, fps=100, width=640, height=360, seed=3)
    try:
        camera.start()
        collect(qtbot, camera, 1)
        assert zxingcpp.read_barcodes(camera.latest().image) == []  # type: ignore[union-attr]
        camera.show_card(qr_card("SIMULATED-CARD-0001"))
        qtbot.waitUntil(lambda: bool(zxingcpp.read_barcodes(camera.latest().image)), timeout=3000)  # type: ignore[union-attr]
        assert [r.text for r in zxingcpp.read_barcodes(camera.latest().image)] == ["SIMULATED-CARD-0001"]  # type: ignore[union-attr]
        camera.show_card(None)
        qtbot.waitUntil(lambda: not zxingcpp.read_barcodes(camera.latest().image), timeout=3000)  # type: ignore[union-attr]
    finally:
        camera.stop()


def test_snapshot_copy_and_stop_twice(qtbot: Any, sim: SimCamera) -> None:
    assert sim.snapshot() is None
    sim.start()
    collect(qtbot, sim, 1)
    shot = sim.snapshot()
    assert shot is not None and shot.image.flags.writeable
    assert not sim.latest().image.flags.writeable  # type: ignore[union-attr]
    sim.stop()
    sim.stop()


def test_started_paused_it_is_healthy_and_loads_nothing_until_prepared_or_running(qtbot: Any, scenes: Scenes) -> None:
    """The booth starts its camera paused at start-up and prepares it when the first session begins: until then
    no worker, no noise, no scene (NumPy and OpenCV are not needed); a first frame asked for before that
    prepares it at once, in the calling thread."""
    prepared: list[str] = []
    camera = SimCamera(scenes, fps=100, width=320, height=180, seed=7, prepare_scenes=lambda: prepared.append("x"))
    camera.set_running(False)
    try:
        with qtbot.waitSignal(camera.health_changed, timeout=2000):
            camera.start()
        assert camera.health.ok and not camera.prepared and camera._rng is None and prepared == []
        camera.prepare()
        assert camera.prepared and prepared == ["x"] and scenes.calls == Counter()  # still paused: no scene
        camera.prepare()
        assert prepared == ["x"]  # once
    finally:
        camera.stop()
    again = SimCamera(scenes, fps=100, width=320, height=180, seed=7)
    again.set_running(False)
    try:
        again.start()
        assert not again.prepared
        again.set_running(True)  # the flow asks for frames before the booth prepared it
        assert again.prepared
        assert len(collect(qtbot, again, 3)) == 3
    finally:
        again.stop()
    assert not again.prepared
    early = SimCamera(scenes, fps=100, width=320, height=180, seed=7)
    early.set_running(False)
    try:
        early.prepare()  # the first session's step came before the camera's start step
        assert not early.prepared
        early.start()
        assert early.prepared and early.health.ok
    finally:
        early.stop()
