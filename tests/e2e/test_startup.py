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


CHECK_IMPORTS = """
import sys, tempfile
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kiosk import config
from kiosk.app import Booth, Options
cfg = config.from_dict({"booth": {"simulate": True}, "storage": {"dir": tempfile.mkdtemp()}}).simulated()
booth = Booth(cfg, app, Options(size=(800, 600), show_panel=False))  # built, no worker started yet
missing = [m for m in ("ai_edge_litert.interpreter", "skimage.data", "PySide6.QtMultimedia", "escpos.printer")
           if m not in sys.modules]
print("MISSING", missing, booth.chimes._effects is not None)
booth.shutdown()
"""


def test_native_libraries_are_imported_in_the_gui_thread_before_any_worker_needs_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A first import in a worker holds the GIL through dlopen while the GUI thread may hold the loader's lock
    loading a Qt plugin (the countdown sound): the test suite hung there once (kiosk.workers). Checked in a
    fresh interpreter, where nothing else imported them first."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", CHECK_IMPORTS], capture_output=True, text=True, timeout=120,
                         env=env, check=False)
    assert "MISSING [] True" in out.stdout, out.stdout + out.stderr[-2000:]
