"""A booth whose storage is full, read-only or damaged: intake never opens for money it cannot record, the screen
says why and what to do, and it comes back by itself once the storage does.

The storage folder is a small tmpfs of the test's own (tests/helpers/mounts.py): the real ENOSPC and EROFS.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.app import Booth, Options
from kiosk.store.stores import KEY
from tests.helpers.driver import TODAY, WAIT_MS, Driver, make_config
from tests.helpers.mounts import SmallDisk, small_disk


class Rig:
    def __init__(self, qapp: QApplication, qtbot, disk: SmallDisk) -> None:  # type: ignore[no-untyped-def]
        self.qapp, self.qtbot, self.disk = qapp, qtbot, disk
        self.booth: Booth | None = None

    def start(self) -> Booth:
        cfg = make_config(self.disk.path)
        cfg = dataclasses.replace(cfg, storage=dataclasses.replace(cfg.storage, headroom_mb=1, reserve_mb=1))
        self.booth = Booth(cfg, self.qapp, Options(size=(1280, 800), show_panel=False, today=lambda: TODAY))
        self.booth.start()
        self.qtbot.waitUntil(lambda: self.booth is not None and self.booth.flow.current != "", timeout=WAIT_MS)
        return self.booth

    def stop(self) -> None:
        if self.booth is not None:
            self.booth.shutdown()
            self.booth = None


@pytest.fixture
def rig(qapp: QApplication, qtbot, tmp_path: Path) -> Iterator[Rig]:  # type: ignore[no-untyped-def]
    with small_disk(tmp_path / "store", "16m") as disk:
        r = Rig(qapp, qtbot, disk)
        yield r
        r.stop()
        disk.read_only(False)


def _first_start(rig: Rig) -> None:
    booth = rig.start()
    rig.qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
    rig.stop()


def _reasons(booth: Booth) -> str:
    return "; ".join(booth.flow.out_of_service_details())


@pytest.mark.parametrize("fault", ["full", "read_only"])
def test_a_full_or_read_only_storage_never_opens_intake(rig: Rig, qtbot, fault: str) -> None:  # type: ignore[no-untyped-def]
    _first_start(rig)
    if fault == "full":
        rig.disk.fill()
    else:
        rig.disk.read_only()
    booth = rig.start()
    qtbot.waitUntil(lambda: booth.flow.current == "out_of_service", timeout=WAIT_MS)
    assert "storage" in _reasons(booth), _reasons(booth)
    screen = booth.window.screens["out_of_service"]
    qtbot.waitUntil(lambda: "storage" in screen.reasons.text(), timeout=WAIT_MS)
    assert not booth.flow.request("attract", "start")
    sim = booth.devices.sims.cctalk
    assert not sim.master_inhibit_open
    assert not sim.insert_coin(500)  # a ccTalk device on the bus sees no credit
    # the storage comes back: the booth does too, on its own re-check
    rig.disk.free() if fault == "full" else rig.disk.read_only(False)
    assert booth.flow.timers.fire("state")
    qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)


def test_storage_filling_during_a_payment_ends_it_with_the_refund_recorded(rig: Rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth = rig.start()
    driver = Driver(booth, qtbot)
    driver.to("payment")
    sim = booth.devices.sims.cctalk
    qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.accepting(100), timeout=15000)  # polled lately
    assert sim.insert_coin(100)
    qtbot.waitUntil(lambda: booth.flow.session.credit_yen == 100, timeout=WAIT_MS)
    rig.disk.fill(leave_bytes=0)
    hopper_before = sim.lifetime
    assert sim.insert_coin(100)  # its record needs the reserve: it fits, and the booth stops taking money
    qtbot.waitUntil(lambda: booth.flow.current == "out_of_service", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not booth.cashier.busy and sim.lifetime - hopper_before == 2, timeout=WAIT_MS)
    assert not sim.master_inhibit_open
    check = booth.ledger.balance_check()
    assert check.ok and check.open_yen == 0 and check.refunded_yen >= 200, check
    assert "storage" in _reasons(booth)


def test_storage_failing_for_good_during_a_payment_holds_the_money_with_a_receipt(rig: Rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Full with the reserve already gone (as an outside tester found: 12 KB free, a 500-yen coin taken, the
    refund's write failing too): nothing is paid that cannot be recorded, and the citizen is told what to do."""
    booth = rig.start()
    driver = Driver(booth, qtbot)
    driver.to("payment")
    sim = booth.devices.sims.cctalk
    qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.accepting(500), timeout=15000)  # polled lately
    assert sim.insert_coin(500)
    qtbot.waitUntil(lambda: booth.flow.session.credit_yen == 500, timeout=WAIT_MS)
    (rig.disk.path / "reserve.bin").unlink()
    rig.disk.fill(leave_bytes=0)
    qtbot.waitUntil(lambda: sim.accepting(100), timeout=15000)  # polled lately
    assert sim.insert_coin(100)  # taken by the device before anyone knew: it cannot be recorded
    qtbot.waitUntil(lambda: booth.flow.current == "out_of_service", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not sim.master_inhibit_open, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: booth.flow.held_money is not None and booth.flow.held_money[1] == 600, timeout=WAIT_MS)
    code, _yen = booth.flow.held_money
    screen = booth.window.screens["out_of_service"]
    qtbot.waitUntil(lambda: code in screen.money.text(), timeout=WAIT_MS)
    assert "600" in screen.money.text()
    assert sim.lifetime == 0  # nothing paid out that could not be recorded
    assert sorted((u.what, u.yen) for u in booth.cashier.unrecorded) == [("coin", 100), ("unpaid", 500)]
    assert not sim.insert_coin(100)  # intake shut at once
    # the technician sees the held money under the citizen's receipt code and settles it by hand
    backend = booth.maintenance.backend
    held = [r for r in backend.cash_totals().outstanding if r.kind == "unrecorded"]
    assert sorted(r.amount_yen for r in held) == [100, 500] and {r.receipt_code for r in held} == {code}
    booth.fleet.poll()
    assert b"kiosk_unrecorded_yen 600.0" in booth.fleet.metrics.render()
    assert all(backend.settle(r.key) for r in held) and booth.cashier.unrecorded == []
    assert not backend.settle(held[0].key)


def test_a_lost_key_starts_out_of_service_and_keeps_the_queued_application(rig: Rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth = rig.start()
    booth.reception.go_down()
    driver = Driver(booth, qtbot)
    driver.to("sending")
    assert booth.flow.timers.fire("send_wait")
    driver.wait_state("done")
    driver.request("done", "finish", then="attract")
    assert booth.outbox.depth() == 1
    rig.stop()
    (rig.disk.path / KEY).unlink()
    booth = rig.start()
    qtbot.waitUntil(lambda: booth.flow.current == "out_of_service", timeout=WAIT_MS)
    assert "outbox.key: missing" in _reasons(booth)
    assert not (rig.disk.path / KEY).exists() and booth.outbox.depth() == 1
