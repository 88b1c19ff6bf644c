"""What a booth does not do before it is needed: face models, simulated scenes, repeated style sheets."""

from __future__ import annotations

from kiosk.ui.window import BoothWindow
from tests.helpers.driver import WAIT_MS


def test_a_waiting_booth_holds_no_face_models_and_films_nothing(booth_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth = booth_factory()
    qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
    camera = booth.devices.sims.camera
    assert not booth.lab.analyzer.loaded  # about 40 MB, loaded when a session begins
    assert camera.health.ok and camera._scenes == {}  # paused from the start: no scene generated, no frame
    assert booth.flow.request("attract", "start")
    qtbot.waitUntil(lambda: booth.lab.analyzer.loaded, timeout=WAIT_MS)  # warmed before the guide needs it


def test_the_style_sheet_is_applied_once_at_start_up(booth_factory, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sheets: list[str] = []
    original = BoothWindow.setStyleSheet
    monkeypatch.setattr(BoothWindow, "setStyleSheet", lambda self, s: (sheets.append(s), original(self, s))[1])
    booth = booth_factory()
    qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
    assert len(sheets) == 1
    booth.window.resize(booth.window.width() + 1, booth.window.height())  # the same theme: not re-applied
    qtbot.wait(0)
    assert len(sheets) == 1
