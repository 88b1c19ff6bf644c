"""The whole booth on simulators paying by note: the ID-003 validator on its pty at the device's own pace, the real
driver, the cashier and the flow. A note kept (change paid from the hopper), given back on a cancel and on a
timeout, refused when the change is short, and every fault of the validator during a payment."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.devices.base import HealthState
from tests.helpers.driver import WAIT_MS, Driver


def _sim(booth):  # type: ignore[no-untyped-def]
    return booth.devices.sims.bills


def _balanced(booth) -> None:  # type: ignore[no-untyped-def]
    check = booth.ledger.balance_check()
    assert check.ok, check


def _set_fee(booth, yen: int) -> None:  # type: ignore[no-untyped-def]
    """The card application's fee for the next sessions (the flow sets the cashier's fee from it each session)."""
    cfg = booth.flow.cfg
    booth.flow.cfg = dataclasses.replace(cfg, booth=dataclasses.replace(cfg.booth, fee_yen=yen))
    booth.cashier.fee_yen = yen


def _note_ready(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The validator takes notes and the driver has no setting left to send (a setting sent while a note is being
    pulled in is refused by the validator, which then gives the note back as inhibited)."""
    sim, bv = _sim(booth), booth.devices.bill_validator
    qtbot.waitUntil(lambda: sim.phase == "idling" and not sim.inhibited and booth.flow.view.takes_notes
                    and not bv._settings_dirty, timeout=WAIT_MS)
    target = bv.polls + 3
    qtbot.waitUntil(lambda: bv.polls >= target, timeout=WAIT_MS)


def _insert_note(booth, qtbot, value: int = 1000) -> None:  # type: ignore[no-untyped-def]
    _note_ready(booth, qtbot)
    assert _sim(booth).insert_note(value)


@pytest.fixture(autouse=True)
def _validator_cleared(booth, qtbot):  # type: ignore[no-untyped-def]
    """Each test starts with a validator without faults, its note gone, and nothing outstanding."""
    sim = _sim(booth)
    sim.clear()
    qtbot.waitUntil(lambda: booth.devices.bill_validator.health.ok and sim.phase in ("disabled", "idling"),
                    timeout=WAIT_MS)
    yield


def test_a_1000_note_for_an_800_fee_is_stacked_and_200_change_paid(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    sim, hopper = _sim(booth), booth.devices.sims.cctalk
    stacked, lifetime = sim.stacker_count, hopper.lifetime
    driver.to("payment")
    assert booth.flow.view.accepted_notes == {1000}
    _insert_note(booth, qtbot)
    driver.wait_state("scan")
    s = booth.flow.session
    assert (s.paid_yen, s.change_yen) == (1000, 200)
    assert sim.stacker_count == stacked + 1 and hopper.lifetime - lifetime == 2
    assert booth.ledger.stacker()[1] >= 1000
    _balanced(booth)


def test_cancel_with_a_note_in_escrow_gives_the_note_back_not_coins(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The fee above the note: it waits in escrow while coins are due; a cancel gives the note back."""
    sim, hopper = _sim(booth), booth.devices.sims.cctalk
    _set_fee(booth, 1500)
    try:
        returned, lifetime = sim.returned_yen, hopper.lifetime
        driver.to("payment")
        _insert_note(booth, qtbot)
        qtbot.waitUntil(lambda: booth.flow.view.held_note_yen == 1000, timeout=WAIT_MS)
        assert booth.flow.session.credit_yen == 1000 and sim.phase in ("escrow", "holding")
        driver.request("payment", "cancel", then="cancel")
        driver.finish_cancel()
        qtbot.waitUntil(lambda: sim.returned_yen == returned + 1000, timeout=WAIT_MS)
        assert hopper.lifetime == lifetime  # not one coin from the hopper
    finally:
        _set_fee(booth, 800)
    _balanced(booth)


def test_a_timeout_with_a_held_note_gives_it_back(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    sim = _sim(booth)
    _set_fee(booth, 1500)
    try:
        returned = sim.returned_yen
        driver.to("payment")
        _insert_note(booth, qtbot)
        qtbot.waitUntil(lambda: booth.flow.view.held_note_yen == 1000, timeout=WAIT_MS)
        assert booth.flow.timers.fire("state")
        driver.wait_state("timeout")
        assert sim.phase in ("escrow", "holding")  # still held during the question
        while booth.flow.current == "timeout" and booth.flow.timers.fire("countdown"):
            pass
        driver.wait_state("cancel")
        driver.finish_cancel()
        qtbot.waitUntil(lambda: sim.returned_yen == returned + 1000, timeout=WAIT_MS)
    finally:
        _set_fee(booth, 800)
    _balanced(booth)


def test_a_note_is_refused_at_escrow_when_the_change_is_short(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    sim = _sim(booth)
    estimate = booth.hopper_stock.estimate
    booth.hopper_stock.record_refill(1 - estimate)  # the ledger now estimates one coin: 200 yen cannot be paid
    try:
        returned = sim.returned_yen
        driver.to("payment")
        qtbot.waitUntil(lambda: booth.flow.view.accepted_notes == frozenset(), timeout=WAIT_MS)
        _insert_note(booth, qtbot)
        qtbot.waitUntil(lambda: booth.flow.view.note_notice == "change_short", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: sim.returned_yen == returned + 1000, timeout=WAIT_MS)
        assert booth.flow.current == "payment" and booth.flow.session.credit_yen == 0
        notice = booth.window.screens["payment"].notes_notice
        assert "お釣り" in notice.text()  # the citizen reads why
    finally:
        booth.hopper_stock.record_refill(estimate - 1)
    _balanced(booth)


@pytest.mark.parametrize("fault", ["acceptor_jam", "cheat", "stacker_removed"])
def test_a_fault_with_the_note_in_escrow_is_out_of_service_with_a_receipt(
    booth, driver: Driver, qtbot, fault: str  # type: ignore[no-untyped-def]
) -> None:
    sim = _sim(booth)
    _set_fee(booth, 1500)
    try:
        driver.to("payment")
        _insert_note(booth, qtbot)
        qtbot.waitUntil(lambda: booth.flow.view.held_note_yen == 1000, timeout=WAIT_MS)
        sim.fault(fault)
        driver.wait_state("out_of_service")
        qtbot.waitUntil(lambda: booth.flow.view.held_money is not None, timeout=WAIT_MS)
        code, yen = booth.flow.view.held_money
        if fault == "stacker_removed":  # the validator gives back the note in its acceptor
            assert yen == 0 or (code, yen) in booth.ledger.totals().notes_in_doubt
        else:
            assert (code, yen) in booth.ledger.totals().notes_in_doubt and yen == 1000
        assert any("bill validator" in r for r in booth.flow.out_of_service_reasons())
    finally:
        _set_fee(booth, 800)
    qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
    for o in booth.ledger.outstanding():
        booth.ledger.settled(o.row_id)  # staff settle it
    _balanced(booth)


def test_stacker_jam_at_stacking_is_out_of_service_and_no_change_is_paid(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    sim, hopper = _sim(booth), booth.devices.sims.cctalk
    lifetime = hopper.lifetime
    driver.to("payment")
    sim.fault("stacker_jam")  # the next note jams on its way to the stacker
    _insert_note(booth, qtbot)
    driver.wait_state("out_of_service")
    qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
    assert hopper.lifetime == lifetime
    assert booth.ledger.totals().notes_in_doubt
    for o in booth.ledger.outstanding():
        booth.ledger.settled(o.row_id)
    _balanced(booth)


def test_stacker_full_while_idle_leaves_the_booth_serving_coins(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    _sim(booth).fault("stacker_full")
    qtbot.waitUntil(lambda: booth.devices.bill_validator.health.state is HealthState.DOWN, timeout=WAIT_MS)
    driver.to("payment")
    assert not booth.flow.view.takes_notes and booth.flow.view.accepted_notes == frozenset()
    driver.pay((500, 100, 100, 100))
    _balanced(booth)


@pytest.mark.parametrize("fault", ["drop_reply", "corrupt_reply"])
def test_a_lost_or_corrupted_reply_during_a_payment_by_note_changes_nothing(
    booth, driver: Driver, qtbot, fault: str  # type: ignore[no-untyped-def]
) -> None:
    sim = _sim(booth)
    stacked = sim.stacker_count
    driver.to("payment")
    _insert_note(booth, qtbot)
    sim.fault(fault, 2)
    driver.wait_state("scan")
    assert sim.stacker_count == stacked + 1 and booth.flow.session.change_yen == 200
    _balanced(booth)


def test_a_power_cycle_with_the_note_in_escrow_gives_it_back(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    sim = _sim(booth)
    _set_fee(booth, 1500)
    try:
        returned = sim.returned_yen
        driver.to("payment")
        _insert_note(booth, qtbot)
        qtbot.waitUntil(lambda: booth.flow.view.held_note_yen == 1000, timeout=WAIT_MS)
        sim.fault("power_cycle")
        qtbot.waitUntil(lambda: booth.flow.view.held_note_yen == 0, timeout=WAIT_MS)
        assert booth.flow.session.credit_yen == 0
        qtbot.waitUntil(lambda: sim.returned_yen == returned + 1000 or bool(booth.ledger.totals().notes_in_doubt),
                        timeout=WAIT_MS)
    finally:
        _set_fee(booth, 800)
    for o in booth.ledger.outstanding():
        booth.ledger.settled(o.row_id)
    _balanced(booth)


def test_the_stacker_shows_in_the_maintenance_menu_its_collection_is_audited_and_notes_are_counted(
    booth, driver: Driver, qtbot  # type: ignore[no-untyped-def]
) -> None:
    metrics = booth.fleet.metrics
    counted = metrics.notes_inserted.labels(denomination_yen="1000")._value.get()
    notes_before, yen_before = booth.ledger.stacker()
    driver.to("payment")
    _insert_note(booth, qtbot)
    driver.wait_state("scan")
    assert metrics.notes_inserted.labels(denomination_yen="1000")._value.get() == counted + 1
    backend = booth.maintenance.backend
    totals = backend.cash_totals()
    assert totals.has_stacker and (totals.stacker_notes, totals.stacker_yen) == (notes_before + 1, yen_before + 1000)
    assert 1000 not in totals.coins_by_denomination  # notes are not coins of the cash box
    page = booth.maintenance.menu.findChild(object, "money_totals")
    booth.maintenance.menu.show_page("money")
    assert f"{totals.stacker_notes} 枚, {totals.stacker_yen:,} 円" in page.text()
    record = backend.collect_stacker()
    assert record.collected_yen == yen_before + 1000 and booth.ledger.stacker() == (0, 0)
    last = booth.audit.recent(1)[-1]
    assert (last.kind, last.detail, last.amount_yen, last.count) == ("cash_collected", "note stacker",
                                                                     yen_before + 1000, notes_before + 1)
    _balanced(booth)
