"""Device worker threads, repeated (issue 12 item 1): the short form of the 200-run campaign CI can afford.

`tests/qt/test_scanner.py::test_unplug_and_replug` died with a segmentation fault inside pytest-qt's waitSignal
while the scanner's worker and the simulator's writer were alive: a worker emitted a signal whose Python
connections the GUI thread was adding and removing. Workers now post through kiosk.workers.Relay. These tests
repeat exactly that pattern (waitSignal blockers connected and disconnected on signals a live worker posts,
unplug, replug, a read, a stop) a few times per device; the long form is
`pytest --count 200 --repeat-scope session tests/qt/test_scanner.py ...` (docs/performance.md, issue 12).
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.cctalk.hopper import CctalkHopper
from kiosk.devices.scanner import SerialScanner
from kiosk.devices.sim.cctalk_device import SimCctalkBus
from kiosk.devices.sim.qr_payloads import random_id
from kiosk.devices.sim.scanner_device import SimScanner

REPEATS = 6


@pytest.mark.repeat(REPEATS)
def test_scanner_unplug_replug_and_read(qtbot: QtBot) -> None:
    sim = SimScanner(suffix="CR", decode_delay_s=0.005)
    reader = SerialScanner(sim.port_path, suffix="CR", max_line_bytes=256, hold_s=2.0, gap_ms=150,
                           reconnect_s=0.05)
    try:
        with qtbot.waitSignal(reader.health_changed, timeout=3000, check_params_cb=lambda h: h.ok):
            reader.start()
        reader.set_enabled(True)
        for _ in range(2):
            with qtbot.waitSignal(reader.health_changed, timeout=3000, check_params_cb=lambda h: not h.ok):
                sim.unplug()
            with qtbot.waitSignal(reader.health_changed, timeout=3000, check_params_cb=lambda h: h.ok):
                sim.replug()
            code = random_id()
            with qtbot.waitSignal(reader.code_read, timeout=3000) as blocker:
                sim.present(code)
            assert blocker.args == [code]
        worker = reader._worker.thread
        assert worker is not None and worker.is_alive()
    finally:
        reader.stop()
        sim.close()
    assert not worker.is_alive()  # stopped and joined, not left running behind the test


@pytest.mark.repeat(REPEATS // 2)
def test_acceptor_and_hopper_unplug_replug_coin_and_payout(qtbot: QtBot) -> None:
    sim = SimCctalkBus(coin_interval_s=0.01)
    acceptor = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50)
    hopper = CctalkHopper(sim.port_path, bus=acceptor.bus)
    try:
        with qtbot.waitSignal(acceptor.health_changed, timeout=5000):
            acceptor.start()
        hopper.start()
        qtbot.waitUntil(lambda: hopper.lifetime_count() is not None, timeout=5000)
        acceptor.set_accepted(frozenset({100}))
        qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=2000)
        with qtbot.waitSignal(acceptor.health_changed, timeout=3000, check_params_cb=lambda h: not h.ok):
            sim.unplug()
        with qtbot.waitSignal(acceptor.health_changed, timeout=5000, check_params_cb=lambda h: h.ok):
            sim.replug()
        qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=2000)
        with qtbot.waitSignal(acceptor.coin_credited, timeout=2000) as credited:
            sim.insert_coin(100)
        assert credited.args[0] == 100
        qtbot.waitUntil(lambda: hopper.health.ok and not hopper.busy, timeout=5000)
        with qtbot.waitSignal(hopper.payout_finished, timeout=5000) as paid:
            hopper.pay_out(2)
        assert paid.args[0].paid == 2
    finally:
        hopper.stop()
        acceptor.stop()
        sim.close()
