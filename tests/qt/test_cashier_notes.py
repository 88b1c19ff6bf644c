"""The cashier's note rules with the real drivers (ccTalk and ID-003) on their pty simulators and a real ledger:
a held note counts but is stacked only when the session keeps the money, goes back from escrow on a cancel, is
refused at escrow when its change cannot be paid, is written before it counts and never counted twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.devices.base import HealthState, PendingNote
from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.cctalk.hopper import CctalkHopper
from kiosk.devices.id003.validator import Id003BillValidator
from kiosk.devices.sim.cctalk_device import SimCctalkBus
from kiosk.devices.sim.id003_device import SimBillValidator, SimTiming
from kiosk.flow.cashier import Cashier
from kiosk.flow.payment import note_refusal, notes_taken
from kiosk.store.ledger import Ledger

FEE_YEN = 800
WAIT_MS = 8000


# ---- the pure rule -----------------------------------------------------------------------------------------


def test_note_refusal_rule() -> None:
    assert note_refusal(0, 800, 1000, 100, True, 50) == ""
    assert note_refusal(0, 800, 1000, 100, True, 1) == "change_short"  # 2 coins needed, 1 estimated
    assert note_refusal(0, 800, 1000, 100, True, 2) == ""
    assert note_refusal(0, 800, 1000, 100, True, None) == "change_short"  # no estimate: no change promised
    assert note_refusal(0, 800, 1000, 100, False, 50) == "change_short"  # hopper down
    assert note_refusal(0, 850, 1000, 100, True, 50) == "change_short"  # 150 yen: not in 100-yen coins
    assert note_refusal(0, 1000, 1000, None, False, None) == ""  # the exact fee needs no change
    assert note_refusal(800, 800, 1000, 100, True, 50) == "fee_reached"
    assert note_refusal(300, 800, 1000, 100, True, 5) == "" and note_refusal(300, 800, 1000, 100, True, 4) == "change_short"
    assert notes_taken(0, 800, (1000, 5000), 100, True, 10) == {1000}


# ---- the rig -------------------------------------------------------------------------------------------------


class Rig:
    def __init__(self, qtbot, tmp_path: Path, coins: SimCctalkBus, bills: SimBillValidator,  # type: ignore[no-untyped-def]
                 refill: int | None = 50, pending: PendingNote | None = None) -> None:
        self.coins, self.bills, self.qtbot = coins, bills, qtbot
        self.ledger = Ledger(tmp_path / "ledger.db")
        if refill is not None and not self.ledger.has_refill():
            self.ledger.refill(refill, 100)
        self.acceptor = CctalkCoinAcceptor(coins.port_path, poll_interval_ms=50,
                                           resume_counter=self.ledger.last_acceptor_counter())
        self.hopper = CctalkHopper(coins.port_path, bus=self.acceptor.bus)
        self.bv = Id003BillValidator(bills.port_path, notes=(1000, 5000), poll_interval_ms=20, pending=pending)
        self.cashier = Cashier(self.acceptor, self.hopper, self.ledger, FEE_YEN, bills=self.bv)
        self.refused: list[str] = []
        self.cashier.note_refused.connect(self.refused.append)
        self.faults: list[str] = []
        self.cashier.money_fault.connect(self.faults.append)
        for d in (self.acceptor, self.hopper, self.bv):
            d.start()
        qtbot.waitUntil(lambda: self.cashier.change_available and bool(self.acceptor.coin_values())
                        and self.bv.health.state is HealthState.OK and bills.phase == "disabled", timeout=WAIT_MS)

    def session(self) -> str:
        txn = self.cashier.begin()
        self.cashier.open_intake()
        self.qtbot.waitUntil(lambda: self.bills.phase == "idling", timeout=WAIT_MS)
        return txn

    def insert(self, value: int = 1000) -> None:
        assert self.bills.insert_note(value)

    def stop(self) -> None:
        for d in (self.acceptor, self.hopper, self.bv):
            d.stop()
        self.ledger.close()


@pytest.fixture
def coins() -> Iterator[SimCctalkBus]:
    bus = SimCctalkBus(coin_interval_s=0.02)
    yield bus
    bus.close()


@pytest.fixture
def bills(tmp_path: Path) -> Iterator[SimBillValidator]:
    sim = SimBillValidator(timing=SimTiming.fast(reject_s=0.3), link_dir=tmp_path / "dev")
    yield sim
    sim.close()


@pytest.fixture
def rig(qtbot, tmp_path: Path, coins: SimCctalkBus, bills: SimBillValidator) -> Iterator[Rig]:  # type: ignore[no-untyped-def]
    r = Rig(qtbot, tmp_path, coins, bills)
    yield r
    r.stop()


def test_a_note_is_held_then_stacked_when_change_is_paid(qtbot, rig: Rig) -> None:  # type: ignore[no-untyped-def]
    c, led = rig.cashier, rig.ledger
    txn = rig.session()
    with qtbot.waitSignal(c.fee_reached, timeout=WAIT_MS):
        rig.insert(1000)
    assert c.credit_yen == 1000 and c.held_note_yen == 1000
    assert led.credit(txn) == 0 and led.balance_check().notes_unsettled == 1  # held: written, not money yet
    assert rig.bills.phase in ("escrow", "holding") and rig.bills.stacker_count == 0
    before = rig.coins.lifetime
    with qtbot.waitSignal(c.payout_finished, timeout=WAIT_MS) as blocker:
        c.pay_change()
    assert blocker.args == [200, 0, ""]
    assert rig.coins.lifetime == before + 2
    assert led.credit(txn) == 1000 and led.stacker() == (1, 1000) and rig.bills.stacker_count == 1
    c.charge()
    c.end()
    check = led.balance_check()
    assert check.ok and check.notes_yen == 1000 and check.charged_yen == 800 and check.change_yen == 200
    assert led.totals().cash_box_yen == {}  # a note is not a coin of the cash box


def test_cancel_gives_the_note_back_from_escrow_not_coins(qtbot, rig: Rig) -> None:  # type: ignore[no-untyped-def]
    c, led = rig.cashier, rig.ledger
    txn = rig.session()
    with qtbot.waitSignal(c.fee_reached, timeout=WAIT_MS):
        rig.insert(1000)
    before = rig.coins.lifetime
    with qtbot.waitSignal(c.payout_finished, timeout=WAIT_MS) as blocker:
        c.refund()
    assert blocker.args == [0, 0, ""]
    assert not c.busy and c.credit_yen == 0
    qtbot.waitUntil(lambda: rig.bills.returned_yen == 1000, timeout=WAIT_MS)  # out of the slot
    assert rig.coins.lifetime == before and rig.bills.stacker_count == 0
    c.end()
    assert led.credit(txn) == 0 and led.balance_check().ok


def test_a_note_whose_change_the_hopper_cannot_pay_is_refused_at_escrow(
    qtbot, tmp_path: Path, coins: SimCctalkBus, bills: SimBillValidator  # type: ignore[no-untyped-def]
) -> None:
    r = Rig(qtbot, tmp_path, coins, bills, refill=1)  # the ledger estimates one 100-yen coin: 200 cannot be paid
    try:
        r.session()
        assert r.cashier.accepted_notes == frozenset()
        r.insert(1000)
        qtbot.waitUntil(lambda: r.refused == ["change_short"] and bills.returned_yen == 1000, timeout=WAIT_MS)
        assert r.cashier.credit_yen == 0 and bills.stacker_count == 0
        r.cashier.end()
        qtbot.waitUntil(lambda: not r.cashier.busy, timeout=WAIT_MS)
        assert r.ledger.balance_check().ok and r.ledger.balance_check().inserted_yen == 0
    finally:
        r.stop()


def test_a_note_after_the_fee_is_refused(qtbot, rig: Rig) -> None:  # type: ignore[no-untyped-def]
    c = rig.cashier
    rig.session()
    with qtbot.waitSignal(c.fee_reached, timeout=WAIT_MS):
        rig.insert(1000)
    assert rig.bills.inhibited or rig.bills.phase in ("escrow", "holding")  # intake shut behind the held note
    assert not rig.bills.insert_note(1000)  # the validator holds one note: a second stays at the slot


def test_a_5000_note_needs_42_coins_of_change(qtbot, rig: Rig) -> None:  # type: ignore[no-untyped-def]
    rig.session()
    assert rig.cashier.accepted_notes == {1000, 5000}  # 50 coins estimated
    rig.insert(5000)
    qtbot.waitUntil(lambda: rig.cashier.held_note_yen == 5000, timeout=WAIT_MS)
    with qtbot.waitSignal(rig.cashier.payout_finished, timeout=20000) as blocker:
        rig.cashier.pay_change()
    assert blocker.args == [4200, 0, ""]


@pytest.mark.parametrize("fault", ["acceptor_jam", "cheat"])
def test_a_fault_with_the_note_in_escrow_puts_it_in_doubt_with_a_receipt(
    qtbot, rig: Rig, fault: str  # type: ignore[no-untyped-def]
) -> None:
    c, led = rig.cashier, rig.ledger
    rig.session()
    with qtbot.waitSignal(c.fee_reached, timeout=WAIT_MS):
        rig.insert(1000)
    with qtbot.waitSignal(c.payout_finished, timeout=WAIT_MS) as blocker:
        rig.bills.fault(fault)
    paid, owed, code = blocker.args
    assert (paid, owed, len(code)) == (0, 1000, 8)
    assert c.credit_yen == 0 and c.held_note_yen == 0
    assert led.totals().notes_in_doubt == [(code, 1000)]
    assert any(f.startswith("bill validator") for f in rig.faults)  # the flow goes out of service
    with qtbot.waitSignal(c.payout_finished, timeout=WAIT_MS):
        c.refund()
    c.end()
    assert led.balance_check().ok and led.credit(c.txn or "") == 0


def test_stacker_jam_while_stacking_is_in_doubt_and_no_change_is_paid(qtbot, rig: Rig) -> None:  # type: ignore[no-untyped-def]
    c, led = rig.cashier, rig.ledger
    rig.session()
    with qtbot.waitSignal(c.fee_reached, timeout=WAIT_MS):
        rig.insert(1000)
    rig.bills.fault("stacker_jam")  # the next stacking jams
    before = rig.coins.lifetime
    c.pay_change()
    qtbot.waitUntil(lambda: bool(led.totals().notes_in_doubt) and not c.busy, timeout=WAIT_MS)
    assert rig.coins.lifetime == before  # no change for a note the booth does not know it has
    assert c.credit_yen == 0
    assert any("bill validator" in f for f in rig.faults)


def test_stacker_full_while_idle_is_no_money_fault(qtbot, rig: Rig) -> None:  # type: ignore[no-untyped-def]
    rig.session()
    rig.bills.fault("stacker_full")
    qtbot.waitUntil(lambda: rig.bv.health.state is HealthState.DOWN, timeout=WAIT_MS)
    # the driver's health is read at once; the cashier hears of it through the relay, a moment later
    qtbot.waitUntil(lambda: rig.cashier.accepted_notes == frozenset(), timeout=WAIT_MS)
    assert not rig.cashier.takes_notes
    assert not any(f.startswith("bill validator") for f in rig.faults)


def test_a_rejected_note_tells_the_citizen(qtbot, rig: Rig) -> None:  # type: ignore[no-untyped-def]
    rig.session()
    rig.bills.fault("reject")
    rig.insert(1000)
    qtbot.waitUntil(lambda: rig.refused == ["rejected"], timeout=WAIT_MS)
    assert rig.cashier.credit_yen == 0


def test_a_note_stacked_before_a_restart_is_credited_once(
    qtbot, tmp_path: Path, coins: SimCctalkBus  # type: ignore[no-untyped-def]
) -> None:
    """The booth died between STACK and the ledger's credit: the validator waits at VEND VALID; the next start
    credits the note once (from the ledger's pending note) and refunds the interrupted session."""
    state = tmp_path / "sim-bills.json"
    bills = SimBillValidator(timing=SimTiming.fast(), link_dir=tmp_path / "dev", state_path=state)
    r = Rig(qtbot, tmp_path, coins, bills)
    txn = r.session()
    r.insert(1000)
    qtbot.waitUntil(lambda: r.cashier.held_note_yen == 1000, timeout=WAIT_MS)
    note_id = r.cashier._note.note_id  # type: ignore[union-attr]
    r.bv.note_stacked.disconnect(r.cashier._on_note_stacked)  # the booth "dies" before it writes the credit
    r.cashier.pay_change()
    qtbot.waitUntil(lambda: bills.phase == "vend_valid", timeout=WAIT_MS)
    r.stop()
    bills.close()
    bills2 = SimBillValidator(timing=SimTiming.fast(), link_dir=tmp_path / "dev", state_path=state)
    try:
        led = Ledger(tmp_path / "ledger.db")
        pending = led.pending_note()
        assert pending == (txn, note_id, 1000, False)
        led.close()
        r2 = Rig(qtbot, tmp_path, coins, bills2, pending=PendingNote(note_id, 1000, False))
        with qtbot.waitSignal(r2.cashier.recovered, timeout=20000):
            r2.cashier.recover()
        assert r2.ledger.credit(txn) == 1000 and bills2.stacker_count == 1
        check = r2.ledger.balance_check()
        assert check.ok and check.refunded_yen == 1000 and check.notes_yen == 1000, check
        r2.stop()
    finally:
        bills2.close()


def test_the_validator_unplugged_with_a_held_note_stops_the_booth_and_settles_it_when_back(
    qtbot, rig: Rig  # type: ignore[no-untyped-def]
) -> None:
    c = rig.cashier
    rig.session()
    with qtbot.waitSignal(c.fee_reached, timeout=WAIT_MS):
        rig.insert(1000)
    rig.bills.unplug()
    qtbot.waitUntil(lambda: any("down with a note inside" in f for f in rig.faults), timeout=WAIT_MS)
    c.refund()  # the flow's out of service refunds: the note is to go back once the validator answers
    assert c.busy
    rig.bills.replug()
    qtbot.waitUntil(lambda: not c.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rig.bills.returned_yen == 1000, timeout=WAIT_MS)
    c.end()
    assert rig.ledger.balance_check().ok


def _note_rows(ledger: Ledger, note_id: str) -> list[tuple[str, str]]:
    return [(str(k), str(t)) for k, t in ledger._db.execute(
        "SELECT kind, txn FROM money_events WHERE note_id = ? ORDER BY id", (note_id,))]


def test_a_note_of_an_earlier_session_given_back_after_a_restart_is_booked_to_that_session(
    qtbot, rig: Rig  # type: ignore[no-untyped-def]
) -> None:
    """The booth restarted with a note in escrow; the validator gives it back: the ledger books the return to the
    session the note was escrowed for (its history stays whole), not to "-"."""
    earlier = rig.ledger.open_session()
    rig.ledger.note_escrowed(earlier, 1000, "note-before-restart")
    rig.bv.note_returned.emit(1000, "note-before-restart")  # the driver's report (its slot runs at once)
    assert _note_rows(rig.ledger, "note-before-restart") == [("note_escrowed", earlier), ("note_returned", earlier)]
    assert rig.cashier.credit_yen == 0


def test_a_stacked_note_no_session_knows_is_credited_to_a_stray_session_and_paid_back(
    qtbot, rig: Rig  # type: ignore[no-untyped-def]
) -> None:
    """A note reaches the stacker that no session escrowed (no ledger row, no session open): it is credited to a
    session of its own, named stray-..., and paid back, so the money is in the ledger and leaves the booth."""
    with qtbot.waitSignal(rig.hopper.payout_finished, timeout=WAIT_MS):
        rig.bv.note_stacked.emit(1000, "note-nobody-knows")
    [(kind, txn)] = _note_rows(rig.ledger, "note-nobody-knows")
    assert kind == "credited" and txn.startswith("stray-")
    qtbot.waitUntil(lambda: rig.ledger.balance(txn) == 0, timeout=WAIT_MS)
    check = rig.ledger.balance_check()
    assert check.ok and check.refunded_yen == 1000
