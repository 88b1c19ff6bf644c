"""What a booth does not do before it is needed: face models, simulated scenes, repeated style sheets."""

from __future__ import annotations

import pytest

from kiosk.ui.window import BoothWindow
from tests.helpers.driver import WAIT_MS


def test_a_waiting_booth_holds_no_face_models_and_films_nothing(booth_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth = booth_factory()
    qtbot.waitUntil(lambda: booth.flow.current == "attract" and not booth.later.pending(), timeout=WAIT_MS)
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
booth = Booth(cfg, app, Options(size=(800, 600), show_panel=False))
booth.start()
booth.later.flush()  # the deferred start-up steps: they start the workers that use these libraries
booth.session_later.flush()  # and those of the first session (the camera's capture, the photo lab)
missing = [m for m in ("ai_edge_litert.interpreter", "skimage.data", "PySide6.QtMultimedia", "escpos.printer")
           if m not in sys.modules]
print("MISSING", missing, booth.chimes._effects is not None)
booth.shutdown()
"""


def test_native_libraries_are_imported_in_the_gui_thread_before_any_worker_needs_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A first import in a worker holds the GIL through dlopen while the GUI thread may hold the loader's lock
    loading a Qt plugin (the countdown sound): the test suite hung there once (kiosk.workers). The workers are
    started by the deferred start-up steps, in the GUI thread, each after its libraries. Checked in a fresh
    interpreter, where nothing else imported them first."""
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
    unknown = [n for n, d in flow.dev.health.items() if d.health == UNKNOWN]
    assert flow.current == "payment" and not flow.waiting_for_devices(), unknown
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


HEAVY = ("numpy", "cv2", "PIL", "cryptography", "http.client", "ssl", "prometheus_client", "skimage", "scipy",
         "PySide6.QtMultimedia")
CHECK_FIRST_PAINT = """
import json, linecache, os, sys, tempfile
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
from kiosk import config
from kiosk.app import Booth, Options
HEAVY = HEAVY_NAMES
cfg = config.from_dict({"booth": {"simulate": True}, "storage": {"dir": tempfile.mkdtemp()}}).simulated()
booth = Booth(cfg, app, Options(size=(800, 600), show_panel=False))
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen and isinstance(obj, QWidget):
            attract = booth.window.stack.widget(0)
            if obj is attract or attract.isAncestorOf(obj):
                seen["paint"] = {"heavy": [m for m in HEAVY if m in sys.modules],
                                 "screens": booth.window.stack.count()}
        return False

def settled():
    if booth.flow.current == "attract" and "source_lines" in seen and "settled" not in seen:
        seen["settled"] = {"heavy": [m for m in HEAVY if m in sys.modules],
                           "screens": booth.window.stack.count(), "all": len(booth.window.screens),
                           "camera_prepared": booth.devices.sims.camera.prepared, "lab": booth.lab.built}
        booth.session_later.finished.connect(session)
        booth.flow.request("attract", "start")  # a session begins: the menu
        return
    QTimer.singleShot(20, settled)

def session():
    seen["session"] = {"heavy": [m for m in HEAVY if m in sys.modules], "current": booth.flow.current,
                       "camera_prepared": booth.devices.sims.camera.prepared, "lab": booth.lab.built}
    print("RESULT", json.dumps(seen), flush=True)
    booth.shutdown()
    os._exit(0)

watcher = FirstPaint()
app.installEventFilter(watcher)
booth.later.finished.connect(lambda: seen.setdefault("source_lines", sum(len(v[2]) for v in linecache.cache.values())))
booth.start()
QTimer.singleShot(0, settled)
QTimer.singleShot(60000, lambda: os._exit(3))
app.exec()
""".replace("HEAVY_NAMES", repr(HEAVY))


def test_the_attract_screen_is_painted_before_the_heavy_libraries_and_the_other_screens(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two-part start-up: the first paint needs only the attract screen and light modules; the deferred steps
    then import the native libraries in the GUI thread (before any worker that needs them starts) and build
    the other screens. What only a session needs (the camera's capture, the photo lab: NumPy, OpenCV,
    scikit-image) waits for the first session's menu. Checked in a fresh interpreter, where nothing else imported
    them first."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", CHECK_FIRST_PAINT], capture_output=True, text=True, timeout=120,
                         env=env, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, out.stdout + out.stderr[-2000:]
    seen = json.loads(lines[0][len("RESULT "):])
    assert seen["paint"] == {"heavy": [], "screens": 1}
    assert seen["settled"]["screens"] == seen["settled"]["all"] == 18
    assert seen["source_lines"] == 0  # the sources PySide6's import hook read for the deferred imports: freed
    assert set(seen["settled"]["heavy"]) >= {"PIL", "cryptography", "http.client", "ssl", "PySide6.QtMultimedia"}
    assert not {"numpy", "cv2", "skimage", "scipy"} & set(seen["settled"]["heavy"])  # a session's, not start-up's
    assert not seen["settled"]["camera_prepared"] and not seen["settled"]["lab"]
    assert seen["session"]["current"] == "menu" and seen["session"]["camera_prepared"] and seen["session"]["lab"]
    assert set(seen["session"]["heavy"]) >= {"numpy", "cv2", "skimage"}



def test_the_simulators_time_scale_shortens_the_fixed_waits_and_not_the_citizens_time(tmp_path, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    """[simulator] time_scale = 10: the countdown's seconds, the 「読み取りました」 pause and the simulated
    devices' own pauses are a tenth as long; the screens' inactivity timeouts are not shortened."""
    import dataclasses

    from kiosk.app import Booth, Options
    from tests.helpers.driver import TODAY, make_config

    cfg = make_config(tmp_path / "store")
    cfg = dataclasses.replace(cfg, simulator=dataclasses.replace(cfg.simulator, time_scale=10.0))
    booth = Booth(cfg, qapp, Options(size=(800, 600), show_panel=False, today=lambda: TODAY))
    try:
        booth.start()
        qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
        booth.studio_timers.start("shutter", 1.0, lambda: None)  # one second of the 3-2-1 countdown
        assert booth.studio_timers.interval_ms("shutter") == 100
        booth.studio_timers.stop("shutter")
        assert booth.window.read_confirm_ms == 90
        assert booth.devices.sims.cctalk.coin_interval_s == pytest.approx(0.006)
        assert booth.devices.sims.printer.print_s == pytest.approx(0.1)
        assert booth.flow.timers.scale == 1.0  # a citizen's time on a screen stays as it is
    finally:
        booth.shutdown()


def test_the_time_scale_is_ignored_on_a_booth_that_is_not_simulated() -> None:
    from kiosk import config

    cfg = config.from_dict({"simulator": {"time_scale": 10}})
    assert not cfg.booth.simulate and cfg.simulated_time_scale() == 1.0
    assert cfg.simulated().simulated_time_scale() == 10.0


def test_the_first_sessions_steps_wait_while_intake_is_open(booth_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    """No library import while the payment screen takes coins: an import holds the GIL, the acceptor's polls
    wait, and coins beyond its 5-event buffer would be lost. The steps go on once payment is left."""
    booth = booth_factory()
    flow = booth.flow
    qtbot.waitUntil(lambda: flow.current == "attract" and flow.devices_ok(), timeout=WAIT_MS)
    _walk_to_payment(flow, qtbot)
    ran: list[str] = []
    booth.session_later.add("probe", lambda: ran.append(flow.current))
    qtbot.wait(200)
    assert flow.current == "payment" and booth.session_later.held and ran == []
    assert flow.request("payment", "cancel")
    qtbot.waitUntil(lambda: ran != [], timeout=WAIT_MS)
    assert ran[0] != "payment" and not booth.session_later.held
