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


def _walk_to_payment(flow, qtbot) -> None:  # type: ignore[no-untyped-def]
    for state, action in (("attract", "start"), ("menu", "my_number"), ("notice", "agree")):
        qtbot.waitUntil(lambda s=state: flow.current == s, timeout=WAIT_MS)
        assert flow.request(state, action)
    qtbot.waitUntil(lambda: flow.current == "payment", timeout=WAIT_MS)


def test_a_citizen_who_reaches_payment_before_the_coin_acceptor_has_reported_waits_for_it(booth_factory, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Taps within the start-up grace can reach payment while the acceptor is still identifying itself: the
    payment screen waits for it (intake opens when it reports) instead of ending the session as if it were
    down; it is down only when the grace ends without a report."""
    from kiosk.devices.base import UNKNOWN
    from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor

    starting = {"yes": True}
    real = CctalkCoinAcceptor.health
    monkeypatch.setattr(CctalkCoinAcceptor, "health",
                        property(lambda self: UNKNOWN if starting["yes"] else real.fget(self)))  # type: ignore[attr-defined]
    booth = booth_factory()
    flow = booth.flow
    qtbot.waitUntil(lambda: flow.current == "attract", timeout=WAIT_MS)
    assert flow.waiting_for_devices()
    _walk_to_payment(flow, qtbot)
    qtbot.wait(50)
    assert flow.current == "payment"  # not out of service: the acceptor is starting, not down
    instruction = booth.window.screens["payment"].instruction
    assert "準備" in instruction.text()  # the citizen is told to wait, not left with no coin list
    acceptor = booth.devices.acceptor
    qtbot.waitUntil(lambda: real.fget(acceptor).ok, timeout=WAIT_MS)  # type: ignore[attr-defined]
    starting["yes"] = False
    acceptor.health_changed.emit(acceptor.health)  # its first report
    qtbot.waitUntil(lambda: booth.cashier.accepted != frozenset(), timeout=WAIT_MS)
    assert flow.current == "payment" and not flow.waiting_for_devices()
    assert "使える硬貨" in instruction.text() and "準備" not in instruction.text()


def test_a_coin_acceptor_that_never_reports_ends_a_session_waiting_in_payment_when_the_grace_ends(booth_factory, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kiosk.flow.machine as machine
    from kiosk.devices.base import UNKNOWN
    from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor

    monkeypatch.setattr(machine, "STARTUP_GRACE_MS", 1500)
    monkeypatch.setattr(CctalkCoinAcceptor, "health", property(lambda self: UNKNOWN))
    booth = booth_factory()
    flow = booth.flow
    qtbot.waitUntil(lambda: flow.current == "attract", timeout=WAIT_MS)
    _walk_to_payment(flow, qtbot)
    assert booth.cashier.accepted == frozenset()  # no coin is taken from a device that never reported
    qtbot.waitUntil(lambda: flow.current == "out_of_service", timeout=WAIT_MS)
    assert "coin_acceptor down" in flow.out_of_service_reasons()
