"""LiveAnalyzer: newest frame only, results by signal from the worker, burst selection, stop joins."""

from __future__ import annotations

import cv2
import pytest

from kiosk.devices.base import Frame
from kiosk.photo import scenes
from kiosk.photo.faces import FaceAnalyzer
from kiosk.photo.live import BurstChoice, FrameAnalysis, LiveAnalyzer


@pytest.fixture(scope="session")
def analyzer() -> FaceAnalyzer:
    return FaceAnalyzer()


@pytest.fixture
def live(analyzer: FaceAnalyzer):
    la = LiveAnalyzer(analyzer)
    la.start()
    yield la
    la.stop()


def test_a_good_frame_is_ready(qtbot, live: LiveAnalyzer) -> None:
    with qtbot.waitSignal(live.analysed, timeout=5000) as blocker:
        live.feed(Frame(scenes.scene("good"), index=7))
    result: FrameAnalysis = blocker.args[0]
    assert result.index == 7 and result.assessment.ok and result.guidance == ("ready",)
    assert result.outline is not None and result.outline.shape[1] == 2 and result.crop is not None


def test_only_the_newest_frame_is_kept(qtbot, live: LiveAnalyzer) -> None:
    frames = [Frame(scenes.scene("hat"), index=i) for i in range(20)]
    seen: list[int] = []
    live.analysed.connect(lambda r: seen.append(r.index))
    for f in frames:  # fed far faster than analysed: most are dropped, the last is analysed
        live.feed(f)
    qtbot.waitUntil(lambda: 19 in seen, timeout=5000)
    assert len(seen) < 20
    assert seen == sorted(seen)


def test_burst_selection_prefers_the_sharp_frame(qtbot, live: LiveAnalyzer) -> None:
    good = scenes.scene("good")
    burst = [
        Frame(cv2.GaussianBlur(good, (0, 0), 2.0), 0),
        Frame(good, 1),
        Frame(cv2.GaussianBlur(good, (0, 0), 1.0), 2),
    ]
    with qtbot.waitSignal(live.burst_selected, timeout=5000) as blocker:
        live.select_best(burst)
    choice: BurstChoice = blocker.args[0]
    assert choice.frame.index == 1 and choice.assessment.ok


def test_stop_joins_the_worker(analyzer: FaceAnalyzer) -> None:
    la = LiveAnalyzer(analyzer)
    la.start()
    thread = la._worker.thread
    assert thread is not None and thread.is_alive()
    la.stop()
    assert not thread.is_alive()
    la.stop()
