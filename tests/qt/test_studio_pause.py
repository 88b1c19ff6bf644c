"""The studio pauses the live analyser from the shutter until the review is shown, so that the burst has the face
analyser to itself; the camera screen gets no guidance from before the shutter meanwhile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal

from kiosk.config import PhotoConfig
from kiosk.devices.base import Frame
from kiosk.flow.studio import Studio
from kiosk.flow.timers import NamedTimers
from kiosk.photo import scenes
from kiosk.photo.capture import PhotoLab


class _Camera(QObject):
    """What the studio uses of a camera: its frame signal (frames come from the test, in the GUI thread)."""

    frame_captured = Signal(object)


@pytest.fixture
def studio(qtbot):
    lab = PhotoLab(PhotoConfig())
    lab.start()
    camera = _Camera()
    timers = NamedTimers()
    st = Studio(camera, lab.live, lab.process_burst, timers, burst_frames=3)
    yield st, lab, camera, timers
    st.stop()
    lab.stop()


def test_the_analyser_pauses_at_the_shutter_and_resumes_with_the_camera_screen(qtbot, studio) -> None:
    st, lab, camera, timers = studio
    good = scenes.scene("good")
    st.begin()
    with qtbot.waitSignal(st.analysed, timeout=10000):
        camera.frame_captured.emit(Frame(good, 1))
    forwarded: list[object] = []
    st.analysed.connect(forwarded.append)
    st.start_countdown(3)
    for _ in range(3):
        assert timers.fire("shutter")
    assert lab.live.paused  # from the shutter on
    count = lab.live.analysed_count
    lab.live.analysed.emit(object())  # a result of a frame from before the shutter: not shown any more
    with qtbot.waitSignal(st.photo_ready, timeout=20000):
        for i in range(2, 5):  # the burst: these frames go to the capture, not to the analyser
            camera.frame_captured.emit(Frame(good, i))
    assert st.result() is not None and not st.result().failed
    assert lab.live.paused and lab.live.analysed_count == count and forwarded == []
    st.abort()  # the flow leaves the camera screen for the review
    st.begin()  # a retake: the camera screen again
    assert not lab.live.paused
    with qtbot.waitSignal(st.analysed, timeout=10000):
        camera.frame_captured.emit(Frame(good, 9))


def test_a_failed_capture_resumes_the_guidance_on_the_camera_screen(qtbot, studio) -> None:
    _st, lab, camera, timers = studio
    failing = Studio(camera, lab.live, lambda frames: 1 / 0, timers, burst_frames=1)
    failing.begin()
    failing.start_countdown(1)
    assert timers.fire("shutter") and lab.live.paused
    with qtbot.waitSignal(failing.photo_failed, timeout=10000):
        camera.frame_captured.emit(Frame(scenes.scene("good"), 1))
    assert not lab.live.paused
    failing.stop()
