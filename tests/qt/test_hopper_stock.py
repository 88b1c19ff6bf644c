"""The hopper estimate across refills, payouts and a restart: ledger, real drivers on the simulator, the cashier's
intake rules, the low alarm and the metric."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.devices.base import HealthState, HopperLevel
from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.cctalk.hopper import CctalkHopper
from kiosk.devices.sim.cctalk_device import SimCctalkBus
from kiosk.flow.cashier import Cashier
from kiosk.flow.hopper_stock import HopperStock
from kiosk.metrics import BoothMetrics
from kiosk.store.ledger import Ledger

FEE_YEN = 800
LOW = 20


def test_ledger_estimate_rules(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ledger = Ledger(path)
    ledger.payout_finished("t0", ledger.payout_started("t0", 3, 100, "refund", 0), "refund", 3, 100, 3)
    assert ledger.hopper_estimate(100) is None  # no refill recorded: unknown
    ledger.refill(50, 100)
    assert ledger.hopper_estimate(100) == 50  # the payout before the first refill does not count
    ledger.payout_finished("t1", ledger.payout_started("t1", 4, 100, "change", 3), "change", 4, 100, 7)
    ledger.refill(-1, 100)  # a test coin paid from the maintenance menu
    assert ledger.hopper_estimate(100) == 45
    assert ledger.hopper_estimate(500) is None  # another coin: its own stock
    ledger.close()
    assert Ledger(path).hopper_estimate(100) == 45  # survives a restart
    assert Ledger(path).totals().hopper_coins_estimate == 45


class Booth:
    """The money side of a booth with a sensorless hopper, as kiosk.app wires it."""

    def __init__(self, qtbot, path: Path, sim: SimCctalkBus) -> None:  # type: ignore[no-untyped-def]
        self.ledger = Ledger(path)
        self.acceptor = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=50,
                                           resume_counter=self.ledger.last_acceptor_counter())
        self.hopper = CctalkHopper(sim.port_path, bus=self.acceptor.bus, low_level_coins=LOW)
        self.cashier = Cashier(self.acceptor, self.hopper, self.ledger, FEE_YEN)
        self.stock = HopperStock(self.ledger, self.hopper, LOW)
        self.metrics = BoothMetrics("booth-test", "0")
        self.stock.changed.connect(self.metrics.set_hopper)
        self.stock.refresh()
        self.acceptor.start()
        self.hopper.start()
        qtbot.waitUntil(lambda: self.hopper.has_level_sensor is not None and bool(self.acceptor.coin_values()),
                        timeout=8000)

    def metric(self, name: str) -> float:
        for line in self.metrics.render().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        raise AssertionError(name)

    def stop(self) -> None:
        self.hopper.stop()
        self.acceptor.stop()
        self.ledger.close()


def _refund_two_coins(qtbot, booth: Booth, sim: SimCctalkBus) -> None:  # type: ignore[no-untyped-def]
    c = booth.cashier
    c.begin()
    c.open_intake()
    for _ in range(2):
        qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=3000)
        with qtbot.waitSignal(c.credit_changed, timeout=3000):
            qtbot.waitUntil(lambda: sim.accepting(100), timeout=15000)  # polled lately
            assert sim.insert_coin(100)
    with qtbot.waitSignal(booth.stock.changed, timeout=8000), \
            qtbot.waitSignal(c.payout_finished, timeout=8000) as blocker:
        c.refund()
    assert blocker.args == [200, 0, ""]
    c.end()


@pytest.fixture
def sim():  # type: ignore[no-untyped-def]
    bus = SimCctalkBus(coin_interval_s=0.02, hopper_level_sensor=False)
    yield bus
    bus.close()


def test_estimate_across_refill_payouts_and_restart(qtbot, tmp_path: Path, sim: SimCctalkBus) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ledger.db"
    booth = Booth(qtbot, path, sim)
    try:
        # nothing recorded: the level is unknown, so no change is promised
        assert booth.stock.estimate is None and booth.hopper.level is HopperLevel.UNKNOWN
        assert not booth.cashier.change_available
        assert booth.metric("kiosk_hopper_coins") == -1
        booth.stock.record_refill(23)
        assert booth.stock.estimate == 23 and booth.hopper.level is HopperLevel.OK
        qtbot.waitUntil(lambda: booth.cashier.change_available, timeout=3000)
        assert booth.metric("kiosk_hopper_coins") == 23 and booth.metric("kiosk_hopper_low") == 0
        _refund_two_coins(qtbot, booth, sim)  # 21 left: still above the alarm
        assert booth.stock.estimate == 21 and not booth.stock.low and booth.cashier.change_available
        _refund_two_coins(qtbot, booth, sim)  # 19 left: low
        assert booth.stock.estimate == 19 and booth.stock.low
        assert booth.hopper.level is HopperLevel.LOW and booth.hopper.health.state is HealthState.DEGRADED
        assert not booth.cashier.change_available  # intake now takes only what is still due, no change
        assert booth.metric("kiosk_hopper_coins") == 19 and booth.metric("kiosk_hopper_low") == 1
        assert sim.hopper_coins == 200 - 4  # the simulated hopper really paid the four coins
    finally:
        booth.stop()
    again = Booth(qtbot, path, sim)  # the booth restarts: the estimate comes back from the ledger
    try:
        assert again.stock.estimate == 19 and again.stock.low
        qtbot.waitUntil(lambda: again.hopper.level is HopperLevel.LOW, timeout=3000)
        again.stock.record_refill(100)
        assert again.stock.estimate == 119 and not again.stock.low
        qtbot.waitUntil(lambda: again.cashier.change_available, timeout=3000)
        assert again.metric("kiosk_hopper_coins") == 119 and again.metric("kiosk_hopper_low") == 0
    finally:
        again.stop()


def test_an_empty_estimate_is_an_empty_hopper(qtbot, tmp_path: Path, sim: SimCctalkBus) -> None:  # type: ignore[no-untyped-def]
    booth = Booth(qtbot, tmp_path / "ledger.db", sim)
    try:
        booth.stock.record_refill(2)
        _refund_two_coins(qtbot, booth, sim)
        assert booth.stock.estimate == 0 and booth.hopper.level is HopperLevel.EMPTY and booth.stock.low
    finally:
        booth.stop()


def test_low_alarm_from_a_level_sensor_with_a_high_estimate(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = SimCctalkBus(coin_interval_s=0.02, hopper_coins=5)  # the sensor plate is uncovered
    booth = Booth(qtbot, tmp_path / "ledger.db", sim)
    try:
        booth.stock.record_refill(300)  # the estimate says plenty; the sensor knows better
        qtbot.waitUntil(lambda: booth.stock.low, timeout=5000)
        assert booth.hopper.level is HopperLevel.LOW and booth.metric("kiosk_hopper_low") == 1
    finally:
        booth.stop()
        sim.close()


def test_the_estimate_counts_only_the_hoppers_own_coin(qtbot, tmp_path: Path, sim: SimCctalkBus) -> None:  # type: ignore[no-untyped-def]
    """A hopper of another coin before this one (its refills still in the ledger) adds nothing to the estimate."""
    path = tmp_path / "ledger.db"
    earlier = Ledger(path)
    earlier.refill(500, 50)
    earlier.close()
    booth = Booth(qtbot, path, sim)
    try:
        booth.stock.record_refill(23)
        assert booth.hopper.coin_yen == 100 and booth.stock.estimate == 23
    finally:
        booth.stop()
