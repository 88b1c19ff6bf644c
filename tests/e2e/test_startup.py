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


def test_the_first_screen_takes_taps_while_a_device_is_still_starting(booth_factory, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The money is settled: attract shows at once; a device that has not reported yet is up for a grace time,
    and down (out of service) if it never reports."""
    import kiosk.flow.machine as machine
    from kiosk.devices.base import UNKNOWN
    from kiosk.devices.scanner import LineReader

    monkeypatch.setattr(machine, "STARTUP_GRACE_MS", 300)
    monkeypatch.setattr(LineReader, "health", property(lambda self: UNKNOWN))  # the reader never reports
    booth = booth_factory()
    assert isinstance(booth.devices.reader, LineReader)
    qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
    assert booth.flow.waiting_for_devices() and booth.flow.guard_can_serve()
    qtbot.waitUntil(lambda: booth.flow.current == "out_of_service", timeout=WAIT_MS)
    assert "barcode_reader down" in booth.flow.out_of_service_reasons()


def test_native_libraries_are_imported_in_the_gui_thread_before_any_worker_needs_them(booth_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A first import in a worker holds the GIL through dlopen while the GUI thread may hold the loader's lock
    loading a Qt plugin (the countdown sound): the test suite hung there once (kiosk.workers)."""
    import sys

    booth = booth_factory()
    qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
    for name in ("ai_edge_litert.interpreter", "skimage.data", "PySide6.QtMultimedia"):
        assert name in sys.modules, name
    assert booth.chimes._effects is not None  # the sound plugin is loaded while the booth is built
