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


def test_a_paused_analyser_ignores_frames_and_drops_what_it_was_working_on(qtbot, live: LiveAnalyzer) -> None:
    seen: list[int] = []
    live.analysed.connect(lambda r: seen.append(r.index))
    with qtbot.waitSignal(live.analysed, timeout=5000):
        live.feed(Frame(scenes.scene("good"), index=1))
    live.feed(Frame(scenes.scene("good"), index=2))  # may be in the analyser when the pause comes
    live.pause()
    assert live.paused
    for i in range(3, 6):
        live.feed(Frame(scenes.scene("good"), index=i))
    live.resume()
    # the barrier: a frame fed after resume() is analysed; nothing fed before the pause, or during it, came out
    with qtbot.waitSignal(live.analysed, timeout=5000, check_params_cb=lambda r: r.index == 9):
        live.feed(Frame(scenes.scene("good"), index=9))
    assert seen[0] == 1 and seen[-1] == 9
    assert not set(seen) & {3, 4, 5}
    assert 2 not in seen or seen.index(2) < seen.index(9)


def _agreement(qtbot, live: LiveAnalyzer, frames: list) -> list[str]:
    """Each frame down both paths: the live analyser (the camera screen's guidance) and the capture (the review's
    verdict); the frames where they disagree."""
    from kiosk.config import PhotoConfig
    from kiosk.photo.capture import PhotoLab

    lab = PhotoLab(PhotoConfig())
    disagree = []
    for i, (name, image) in enumerate(frames):
        with qtbot.waitSignal(live.analysed, timeout=10000, check_params_cb=lambda r, i=i: r.index == i) as b:
            live.feed(Frame(image, index=i))
        shown: FrameAnalysis = b.args[0]
        photo = lab.process_burst([Frame(image, index=i)])
        ready = shown.guidance == ("ready",)
        if ready != (not photo.failed) or set(shown.assessment.failed) != set(photo.failed):
            disagree.append(f"{name}: live {shown.guidance} {shown.assessment.failed}, review {photo.failed}")
    return disagree


def test_live_guidance_says_what_the_review_says_on_every_scene(qtbot, live: LiveAnalyzer) -> None:
    frames = [(n, scenes.scene(n)) for n in scenes.SCENE_NAMES if n != "nobody"]
    assert _agreement(qtbot, live, frames) == []


def test_live_guidance_says_what_the_review_says_on_derived_frames(qtbot, live: LiveAnalyzer, shared_photos,
                                                                   analyzer: FaceAnalyzer) -> None:
    from scripts import photo_set as ps

    people = ps.load_people(shared_photos, analyzer, ("ea_nasa_hoshide_2004", "deepface_img11", "fr_biden2"))
    builder = ps.Builder(people)
    frames = [(s.name, s.image) for p in people for s in builder.frames(p)]
    assert len(frames) >= 30
    assert _agreement(qtbot, live, frames) == []
