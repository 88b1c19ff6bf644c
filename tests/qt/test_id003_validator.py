"""The ID-003 driver against the simulated validator on a pty: the escrow cycle, every fault, lost and corrupted
replies, unplug, power cycles, and a booth restarted between stack and VEND VALID."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.devices.base import HealthState, PendingNote
from kiosk.devices.id003.link import Id003Link
from kiosk.devices.id003.protocol import Command
from kiosk.devices.id003.validator import Id003BillValidator
from kiosk.devices.sim.id003_device import SimBillValidator, SimTiming
from kiosk.store import ids

SIGNALS = ("note_escrowed", "note_stacked", "note_returned", "note_rejected", "note_in_doubt", "fault_raised",
           "fault_cleared", "device_reset", "health_changed")
WAIT_MS = 5000


class Recorder:
    """Every signal of one validator, in order, with the thread it was emitted in."""

    def __init__(self, v: Id003BillValidator) -> None:
        self.events: list[tuple[str, tuple[object, ...]]] = []
        self.threads: set[str] = set()
        for name in SIGNALS:
            getattr(v, name).connect(self._slot(name))

    def _slot(self, name: str) -> Callable[..., None]:
        def slot(*args: object) -> None:
            self.events.append((name, args))
            self.threads.add(threading.current_thread().name)
        return slot

    def of(self, name: str) -> list[tuple[object, ...]]:
        return [a for n, a in self.events if n == name]

    def notes(self) -> list[tuple[str, tuple[object, ...]]]:
        return [(n, a) for n, a in self.events if n.startswith("note_")]


def make_sim(tmp_path: Path, **timing: float) -> SimBillValidator:
    """A quick validator; the statuses whose reason a test checks last well above a loaded driver's poll gaps."""
    slow_enough = {"reject_s": 0.3, "cheat_s": 0.3, "pause_s": 0.3}
    return SimBillValidator(timing=SimTiming.fast(**{**slow_enough, **timing}), link_dir=tmp_path / "dev")


def make_validator(sim: SimBillValidator, **kw: object) -> Id003BillValidator:
    args: dict[str, object] = {"notes": (1000, 2000), "poll_interval_ms": 20}
    args.update(kw)
    return Id003BillValidator(sim.port_path, **args)  # type: ignore[arg-type]


def started(qtbot, v: Id003BillValidator, sim: SimBillValidator) -> Recorder:  # type: ignore[no-untyped-def]
    rec = Recorder(v)
    v.start()
    qtbot.waitUntil(lambda: v.health.state is HealthState.OK and sim.phase == "disabled"
                    and v.health.detail.startswith("SIM"), timeout=WAIT_MS)
    return rec


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SimBillValidator]:
    s = make_sim(tmp_path)
    yield s
    s.close()


@pytest.fixture
def bv(qtbot, sim: SimBillValidator) -> Iterator[Id003BillValidator]:  # type: ignore[no-untyped-def]
    v = make_validator(sim)
    yield v
    v.stop()


@pytest.fixture
def rec(qtbot, bv: Id003BillValidator, sim: SimBillValidator) -> Recorder:  # type: ignore[no-untyped-def]
    return started(qtbot, bv, sim)


def open_intake(qtbot, sim: SimBillValidator, v: Id003BillValidator,  # type: ignore[no-untyped-def]
                values: frozenset[int] = frozenset({1000})) -> None:
    v.set_accepted(values)
    qtbot.waitUntil(lambda: sim.phase == "idling" and sim.enabled_values == values & v.notes, timeout=WAIT_MS)


def escrowed(qtbot, sim: SimBillValidator, rec: Recorder, value: int = 1000) -> str:  # type: ignore[no-untyped-def]
    n = len(rec.of("note_escrowed"))
    assert sim.insert_note(value)
    qtbot.waitUntil(lambda: len(rec.of("note_escrowed")) > n, timeout=WAIT_MS)
    got_value, note_id = rec.of("note_escrowed")[-1]
    assert got_value == value
    return str(note_id)


def polls_pass(qtbot, v: Id003BillValidator, n: int = 5) -> None:  # type: ignore[no-untyped-def]
    """A barrier: n more status polls have happened (instead of a fixed wait before a negative check)."""
    target = v.polls + n
    qtbot.waitUntil(lambda: v.polls >= target, timeout=WAIT_MS)


def stack_and_confirm(qtbot, sim: SimBillValidator, v: Id003BillValidator, rec: Recorder,  # type: ignore[no-untyped-def]
                      note_id: str) -> None:
    v.stack(note_id)
    qtbot.waitUntil(lambda: (1000, note_id) in rec.of("note_stacked"), timeout=WAIT_MS)
    v.confirm_stacked(note_id)
    qtbot.waitUntil(lambda: sim.phase in ("idling", "disabled"), timeout=WAIT_MS)


# ---- start-up and the escrow cycle ----------------------------------------------------------------------------


def test_start_up_resets_reads_the_currency_assignment_and_leaves_intake_shut(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    assert bv.note_values() == {1000, 2000}  # the validator's notes within the config's
    assert sim.inhibited and sim.phase == "disabled"
    c = sim.commands
    assert c.index(Command.GET_CURRENCY_ASSIGN) < c.index(Command.RESET) < c.index(Command.SET_SECURITY)
    for setting in (Command.SET_COMMUNICATION_MODE, Command.SET_DIRECTION, Command.SET_OPTIONAL_FUNCTION,
                    Command.SET_ENABLE, Command.SET_INHIBIT):
        assert setting in c
    assert sim.settings["enable"] == b"\xff\xff" and sim.settings["comm_mode"] == b"\x00"
    assert not sim.insert_note(1000)  # inhibited: the note stays at the slot
    assert rec.of("device_reset") == []  # the first reset is the driver's own, not the validator's


def test_a_note_is_stacked_only_on_command_and_acknowledged_only_after_confirm(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv, frozenset({1000, 5000}))
    assert sim.enabled_values == {1000}  # 5000 is not among the configured notes
    note_id = escrowed(qtbot, sim, rec)
    # 128 random bits in letters (kiosk.store.ids): a ledger keyed by note id never meets one twice
    assert len(note_id) == ids.LENGTH and set(note_id) <= set(ids.ALPHABET)
    polls_pass(qtbot, bv)
    assert sim.phase == "escrow" and sim.stacked_yen == 0  # no decision, no stacking
    bv.stack(note_id)
    qtbot.waitUntil(lambda: rec.of("note_stacked") == [(1000, note_id)], timeout=WAIT_MS)
    polls_pass(qtbot, bv)
    assert sim.phase == "vend_valid" and Command.ACK not in sim.commands  # waits for the ledger
    bv.confirm_stacked(note_id)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    polls_pass(qtbot, bv)
    assert sim.commands.count(Command.ACK) == 1 and sim.commands.count(Command.STACK_1) == 1
    assert rec.notes() == [("note_escrowed", (1000, note_id)), ("note_stacked", (1000, note_id))]
    assert (sim.stacked_yen, sim.stacker_count, sim.returned_yen) == (1000, 1, 0)
    assert rec.threads == {threading.main_thread().name}  # every public signal in the GUI thread
    bv.confirm_stacked(note_id)  # again: nothing happens
    second = escrowed(qtbot, sim, rec)
    assert second != note_id
    stack_and_confirm(qtbot, sim, bv, rec, second)
    assert sim.stacked_yen == 2000


def test_stack_2_is_available(qtbot, sim: SimBillValidator) -> None:  # type: ignore[no-untyped-def]
    v = make_validator(sim, stack_command=2)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        stack_and_confirm(qtbot, sim, v, rec, escrowed(qtbot, sim, rec))
        assert Command.STACK_2 in sim.commands and Command.STACK_1 not in sim.commands
    finally:
        v.stop()
    with pytest.raises(ValueError):
        make_validator(sim, stack_command=3)


def test_a_returned_note_is_reported_once_and_later_decisions_are_ignored(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv, frozenset({1000, 2000}))
    bv.stack("not-a-note")  # ignored
    note_id = escrowed(qtbot, sim, rec, 2000)
    bv.return_note(note_id)
    bv.stack(note_id)  # too late: the decision was made
    qtbot.waitUntil(lambda: rec.of("note_returned") == [(2000, note_id)], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    bv.stack(note_id)
    polls_pass(qtbot, bv)
    assert (sim.returned_yen, sim.stacked_yen) == (2000, 0)
    assert Command.STACK_1 not in sim.commands
    assert rec.notes() == [("note_escrowed", (2000, note_id)), ("note_returned", (2000, note_id))]


def test_hold_keeps_an_undecided_note_in_escrow_past_the_validators_time_out(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    sim = make_sim(tmp_path, escrow_timeout_s=1.0)
    v = make_validator(sim, hold_interval_s=0.1)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        note_id = escrowed(qtbot, sim, rec)
        qtbot.waitUntil(lambda: sim.commands.count(Command.HOLD) >= 15, timeout=WAIT_MS)  # 1.5 s > 1.0 s
        assert sim.phase == "holding" and rec.of("note_returned") == []
        stack_and_confirm(qtbot, sim, v, rec, note_id)
    finally:
        v.stop()
        sim.close()


def test_without_hold_the_validator_gives_the_note_back(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, escrow_timeout_s=0.2)
    v = make_validator(sim, hold_interval_s=60.0)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        note_id = escrowed(qtbot, sim, rec)
        qtbot.waitUntil(lambda: rec.of("note_returned") == [(1000, note_id)], timeout=WAIT_MS)
        assert sim.returned_yen == 1000 or sim.phase == "rejecting"
    finally:
        v.stop()
        sim.close()


def test_an_undecided_note_is_returned_after_max_escrow(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path)
    v = make_validator(sim, max_escrow_s=0.2)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        note_id = escrowed(qtbot, sim, rec)
        qtbot.waitUntil(lambda: rec.of("note_returned") == [(1000, note_id)], timeout=WAIT_MS)
        assert Command.RETURN in sim.commands
    finally:
        v.stop()
        sim.close()


def test_notes_the_validator_rejects(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    assert sim.insert_note(2000)  # disabled in the enable mask: rejected after validation
    qtbot.waitUntil(lambda: rec.of("note_rejected") == [("inhibited",)], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    sim.fault("reject")  # a counterfeit
    assert sim.insert_note(1000)
    qtbot.waitUntil(lambda: rec.of("note_rejected")[-1:] == [("photo_pattern",)], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    polls_pass(qtbot, bv)
    assert len(rec.of("note_rejected")) == 2 and rec.of("note_escrowed") == []
    assert sim.returned_yen == 3000


def test_a_rejection_too_short_to_be_polled_is_still_reported(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, accept_s=1.0, reject_s=0.0)  # REJECTING lasts no time: no poll can see it
    v = make_validator(sim)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        assert sim.insert_note(2000)
        qtbot.waitUntil(lambda: rec.of("note_rejected") == [("rejected",)], timeout=WAIT_MS)
        assert sim.returned_yen == 2000 and rec.of("note_escrowed") == []
    finally:
        v.stop()
        sim.close()


def test_a_note_the_booth_does_not_know_is_returned_by_the_driver(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    sim._st.settings["enable"] = [0x00, 0x00]  # a validator that ignores its enable mask
    assert sim.insert_note(5000)  # not among the configured notes
    qtbot.waitUntil(lambda: rec.of("note_rejected") == [("unknown_note",)], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.returned_yen == 5000, timeout=WAIT_MS)
    assert rec.of("note_escrowed") == [] and rec.of("note_returned") == []


def test_intake_follows_set_accepted(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv, frozenset({1000, 2000}))
    bv.set_accepted(frozenset({2000}))
    qtbot.waitUntil(lambda: sim.enabled_values == {2000} and not sim.inhibited, timeout=WAIT_MS)
    bv.set_accepted(frozenset())
    qtbot.waitUntil(lambda: sim.inhibited and sim.phase == "disabled", timeout=WAIT_MS)


# ---- the wire --------------------------------------------------------------------------------------------


def test_lost_and_corrupted_replies_at_every_step_stack_and_report_exactly_once(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    sim.drop_replies(1, Command.STACK_1)  # STACK acted on, its ACK lost
    bv.stack(note_id)
    qtbot.waitUntil(lambda: rec.of("note_stacked") == [(1000, note_id)], timeout=WAIT_MS)
    sim.fault("corrupt_reply", 2)
    sim.fault("drop_reply", 1)
    sim.ignore_requests(1, Command.ACK)  # the first ACK never arrives
    bv.confirm_stacked(note_id)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    polls_pass(qtbot, bv)
    assert sim.commands.count(Command.STACK_1) == 1
    assert sim.commands.count(Command.ACK) == 1  # the validator took exactly one (the lost one never reached it)
    assert rec.of("note_stacked") == [(1000, note_id)] and sim.stacked_yen == 1000
    assert bv.health.state is HealthState.OK

    second = escrowed(qtbot, sim, rec)
    sim.ignore_requests(1, Command.STACK_1)  # STACK lost on the way: the note is still in escrow
    bv.stack(second)
    qtbot.waitUntil(lambda: rec.of("note_stacked")[-1:] == [(1000, second)], timeout=WAIT_MS)
    bv.confirm_stacked(second)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    assert sim.commands.count(Command.STACK_1) == 2 and sim.stacked_yen == 2000
    assert len(rec.of("note_stacked")) == 2 and bv.link.refused_frames >= 2


def test_a_communication_error_reply_is_retried(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    sim.fault("comm_error", 2)
    polls_pass(qtbot, bv)
    note_id = escrowed(qtbot, sim, rec)
    stack_and_confirm(qtbot, sim, bv, rec, note_id)
    assert bv.health.state is HealthState.OK


def test_a_silent_validator_goes_down_and_comes_back(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    sim.ignore_requests(6)
    qtbot.waitUntil(lambda: bv.health.state is HealthState.DOWN, timeout=WAIT_MS)
    assert bv.health.detail == "bill validator does not answer"
    qtbot.waitUntil(lambda: bv.health.state is HealthState.OK, timeout=WAIT_MS)
    polls_pass(qtbot, bv)
    assert not sim.inhibited and sim.enabled_values == {1000}  # settings sent again after the silence


def test_unplug_and_replug_recover_without_restart(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    sim.unplug()
    qtbot.waitUntil(lambda: bv.health.state is HealthState.DOWN, timeout=WAIT_MS)
    assert "port" in bv.health.detail
    sim.replug()
    qtbot.waitUntil(lambda: bv.health.state is HealthState.OK, timeout=WAIT_MS)
    stack_and_confirm(qtbot, sim, bv, rec, escrowed(qtbot, sim, rec))


def test_unplug_with_a_note_in_escrow_keeps_the_note(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    sim.unplug()
    qtbot.waitUntil(lambda: bv.health.state is HealthState.DOWN, timeout=WAIT_MS)
    sim.replug()
    qtbot.waitUntil(lambda: bv.health.state is HealthState.OK, timeout=WAIT_MS)
    stack_and_confirm(qtbot, sim, bv, rec, note_id)
    assert rec.notes() == [("note_escrowed", (1000, note_id)), ("note_stacked", (1000, note_id))]


# ---- faults ------------------------------------------------------------------------------------------------


def test_jam_in_the_acceptor_with_a_note_in_escrow(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, init_s=1.0)  # the INITIALIZE after the clear is seen by the 20 ms polls, even loaded
    bv = make_validator(sim)
    try:
        rec = started(qtbot, bv, sim)
        _jam_in_the_acceptor_with_a_note_in_escrow(qtbot, sim, bv, rec)
    finally:
        bv.stop()
        sim.close()


def _jam_in_the_acceptor_with_a_note_in_escrow(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    sim.fault("acceptor_jam")
    qtbot.waitUntil(lambda: rec.of("fault_raised") == [("acceptor_jam", True)], timeout=WAIT_MS)
    assert rec.of("note_in_doubt") == [(1000, note_id, "note jammed in the acceptor")]
    qtbot.waitUntil(lambda: bv.health.state is HealthState.DOWN, timeout=WAIT_MS)
    assert bv.health.detail == "note jammed in the acceptor"
    bv.stack(note_id)  # the note is no longer waiting: ignored
    sim.clear()
    # the validator initialised itself: settings sent again
    qtbot.waitUntil(lambda: rec.of("fault_cleared") == [()] and rec.of("device_reset") == [()], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.phase == "idling" and sim.enabled_values == {1000}, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bv.health.state is HealthState.OK, timeout=WAIT_MS)
    assert Command.STACK_1 not in sim.commands and rec.of("note_stacked") == []


def test_settings_lost_behind_a_missed_initialize_are_sent_again(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A driver that polls slowly misses the short INITIALIZE after a jam is cleared and finds the validator
    DISABLED with its settings back at their defaults: it must open intake again."""
    sim = make_sim(tmp_path, init_s=0.0)
    v = make_validator(sim, poll_interval_ms=150)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        sim.fault("failure")
        qtbot.waitUntil(lambda: rec.of("fault_raised") == [("failure", False)], timeout=WAIT_MS)
        sim.clear()
        assert sim.phase == "disabled"  # INITIALIZE passed at once: no poll can see it
        qtbot.waitUntil(lambda: rec.of("fault_cleared") == [()], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: sim.phase == "idling" and sim.enabled_values == {1000}, timeout=WAIT_MS)
        sim._st.settings["inhibit"] = [1]  # settings lost for no reason the driver can see
        qtbot.waitUntil(lambda: sim.phase == "idling" and not sim.inhibited, timeout=WAIT_MS)
    finally:
        v.stop()
        sim.close()


def test_jam_in_the_acceptor_while_a_note_is_being_accepted(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, accept_s=5.0)
    v = make_validator(sim)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        assert sim.insert_note(1000)
        polls_pass(qtbot, v, 3)
        sim.fault("acceptor_jam")
        qtbot.waitUntil(lambda: rec.of("fault_raised") == [("acceptor_jam", True)], timeout=WAIT_MS)
        [(value, note_id, reason)] = rec.of("note_in_doubt")
        assert value == 0 and note_id and reason == "note jammed in the acceptor while a note was being accepted"
    finally:
        v.stop()
        sim.close()


def test_jam_in_the_stacker_puts_the_note_in_doubt(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    sim.fault("stacker_jam")
    bv.stack(note_id)
    qtbot.waitUntil(lambda: rec.of("note_in_doubt") == [(1000, note_id, "note jammed in the stacker")],
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rec.of("fault_raised") == [("stacker_jam", True)], timeout=WAIT_MS)  # a later post
    assert rec.of("note_stacked") == []
    qtbot.waitUntil(lambda: bv.health.state is HealthState.DOWN, timeout=WAIT_MS)


@pytest.mark.parametrize(
    ("fault", "name", "detail", "state"),
    [
        ("stacker_full", "stacker_full", "cash box full", HealthState.DOWN),
        ("stacker_removed", "stacker_open", "cash box removed", HealthState.DOWN),
        ("failure", "failure", "failure: stacker motor failure", HealthState.DOWN),
        ("pause", "pause", "paused: a second note was inserted", HealthState.DEGRADED),
        ("cheat", "cheated", "cheat detected", HealthState.DOWN),
    ],
)
def test_fault_statuses_map_to_health_and_clear(
    qtbot, tmp_path: Path, fault: str, name: str, detail: str, state: HealthState  # type: ignore[no-untyped-def]
) -> None:
    sim = make_sim(tmp_path, pause_s=0.5, cheat_s=0.5)
    v = make_validator(sim)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        sim.fault(fault)
        # health is set at once in the worker, the signals arrive after: wait for the signal
        qtbot.waitUntil(lambda: rec.of("fault_raised") != [], timeout=WAIT_MS)
        assert rec.of("fault_raised") == [(name, name == "cheated")]  # money at stake: only a cheat, no note
        qtbot.waitUntil(lambda: v.health.state is state and v.health.detail == detail, timeout=WAIT_MS)
        sim.clear()
        qtbot.waitUntil(lambda: rec.of("fault_cleared") == [()] and sim.phase == "idling", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: v.health.state is HealthState.OK, timeout=WAIT_MS)
        assert rec.of("note_in_doubt") == []
    finally:
        v.stop()
        sim.close()


def test_a_pause_with_a_note_in_escrow_keeps_the_note(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, pause_s=0.3)
    v = make_validator(sim)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        note_id = escrowed(qtbot, sim, rec)
        sim.fault("pause")
        qtbot.waitUntil(lambda: rec.of("fault_raised") == [("pause", True)], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: any(h.state is HealthState.DEGRADED for (h,) in rec.of("health_changed")),
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: rec.of("fault_cleared") == [()] and sim.phase == "escrow", timeout=WAIT_MS)
        stack_and_confirm(qtbot, sim, v, rec, note_id)
        assert rec.of("note_in_doubt") == [] and sim.stacked_yen == 1000
    finally:
        v.stop()
        sim.close()


def test_a_cheat_with_a_note_in_escrow(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    sim.fault("cheat")
    qtbot.waitUntil(lambda: rec.of("note_in_doubt") == [(1000, note_id, "cheat detected")], timeout=WAIT_MS)
    assert rec.of("fault_raised") == [("cheated", True)]
    qtbot.waitUntil(lambda: rec.of("fault_cleared") == [()], timeout=WAIT_MS)


# ---- power ----------------------------------------------------------------------------------------------------


def test_power_cycle_while_idle_initialises_again(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    sim.power_cycle()
    qtbot.waitUntil(lambda: rec.of("device_reset") == [()], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.phase == "idling" and sim.enabled_values == {1000}, timeout=WAIT_MS)
    stack_and_confirm(qtbot, sim, bv, rec, escrowed(qtbot, sim, rec))


def test_power_cycle_while_unplugged_is_noticed(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    sim.unplug()
    qtbot.waitUntil(lambda: bv.health.state is HealthState.DOWN, timeout=WAIT_MS)
    sim.power_cycle()
    sim.replug()
    qtbot.waitUntil(lambda: rec.of("device_reset") == [()], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.phase == "idling" and sim.enabled_values == {1000}, timeout=WAIT_MS)


def test_power_cycle_mid_escrow_returns_the_note(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    sim.power_cycle()
    qtbot.waitUntil(lambda: rec.of("note_returned") == [(1000, note_id)], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    assert sim.returned_yen == 1000 and rec.of("device_reset") == [()]


def test_power_cycle_mid_stacking_credits_the_note_in_the_stacker(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, stack_s=5.0)
    v = make_validator(sim)
    try:
        rec = started(qtbot, v, sim)
        open_intake(qtbot, sim, v)
        note_id = escrowed(qtbot, sim, rec)
        v.stack(note_id)
        qtbot.waitUntil(lambda: sim.phase == "stacking", timeout=WAIT_MS)
        polls_pass(qtbot, v, 2)
        sim.power_cycle()
        qtbot.waitUntil(lambda: rec.of("note_stacked") == [(1000, note_id)], timeout=WAIT_MS)
        v.confirm_stacked(note_id)  # nothing left to acknowledge: the reset completed the stacking
        qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
        assert sim.stacked_yen == 1000 and Command.ACK not in sim.commands
        second = escrowed(qtbot, sim, rec)  # the next note gets a new id and a fresh cycle
        assert second != note_id
        v.return_note(second)
        qtbot.waitUntil(lambda: rec.of("note_returned") == [(1000, second)], timeout=WAIT_MS)
        assert len(rec.of("note_stacked")) == 1
    finally:
        v.stop()
        sim.close()


def test_power_cycle_at_vend_valid_before_the_ledger_confirmed(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    bv.stack(note_id)
    qtbot.waitUntil(lambda: rec.of("note_stacked") == [(1000, note_id)], timeout=WAIT_MS)
    sim.power_cycle()
    qtbot.waitUntil(lambda: rec.of("device_reset") == [()], timeout=WAIT_MS)
    bv.confirm_stacked(note_id)
    qtbot.waitUntil(lambda: sim.phase == "idling", timeout=WAIT_MS)
    polls_pass(qtbot, bv)
    assert rec.of("note_stacked") == [(1000, note_id)] and sim.stacked_yen == 1000 and sim.stacker_count == 1
    second = escrowed(qtbot, sim, rec)
    stack_and_confirm(qtbot, sim, bv, rec, second)


# ---- a booth restarted between stack and VEND VALID ---------------------------------------------------------


def test_restart_after_stack_before_vend_valid_reports_the_note_under_its_id(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, stack_s=2.0)  # the driver is stopped well before VEND VALID, even loaded
    first = make_validator(sim)
    try:
        rec = started(qtbot, first, sim)
        open_intake(qtbot, sim, first)
        note_id = escrowed(qtbot, sim, rec)
        first.stack(note_id)
        qtbot.waitUntil(lambda: sim.phase == "stacking", timeout=WAIT_MS)
        first.stop()  # the booth dies; the ledger shows the note sent to the stacker, not credited
        assert rec.of("note_stacked") == []
        second = make_validator(sim, pending=PendingNote(note_id, 1000, credited=False))
        rec2 = Recorder(second)
        second.start()
        qtbot.waitUntil(lambda: rec2.of("note_stacked") == [(1000, note_id)], timeout=WAIT_MS)
        second.confirm_stacked(note_id)
        qtbot.waitUntil(lambda: sim.phase == "disabled", timeout=WAIT_MS)
        assert sim.stacked_yen == 1000 and sim.commands.count(Command.ACK) == 1
        assert rec2.notes() == [("note_stacked", (1000, note_id))]
        second.stop()
    finally:
        first.stop()
        sim.close()


def test_restart_after_the_credit_was_written_acknowledges_without_a_second_report(
    qtbot, sim: SimBillValidator, bv: Id003BillValidator, rec: Recorder  # type: ignore[no-untyped-def]
) -> None:
    open_intake(qtbot, sim, bv)
    note_id = escrowed(qtbot, sim, rec)
    bv.stack(note_id)
    qtbot.waitUntil(lambda: rec.of("note_stacked") == [(1000, note_id)], timeout=WAIT_MS)
    bv.stop()  # killed after the ledger wrote the credit, before the ACK left
    assert sim.phase == "vend_valid"
    again = make_validator(sim, pending=PendingNote(note_id, 1000, credited=True))
    try:
        rec2 = Recorder(again)
        again.start()
        qtbot.waitUntil(lambda: sim.phase == "disabled", timeout=WAIT_MS)
        polls_pass(qtbot, again)
        assert rec2.notes() == [] and sim.stacked_yen == 1000 and sim.commands.count(Command.ACK) == 1
    finally:
        again.stop()


def test_restart_when_the_validator_gave_the_note_back_meanwhile(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path, host_silence_s=1.0)  # far above a loaded driver's poll gaps
    first = make_validator(sim)
    try:
        rec = started(qtbot, first, sim)
        open_intake(qtbot, sim, first)
        note_id = escrowed(qtbot, sim, rec)
        sim.ignore_requests(1000, Command.STACK_1)  # the stack never arrives
        first.stack(note_id)
        qtbot.waitUntil(lambda: sim.commands.count(Command.STATUS_REQUEST) > 0 and first.polls > 0, timeout=WAIT_MS)
        first.stop()
        qtbot.waitUntil(lambda: sim.returned_yen == 1000, timeout=WAIT_MS)  # nobody polls: the note goes back
        second = make_validator(sim, pending=PendingNote(note_id, 1000, credited=False))
        rec2 = Recorder(second)
        second.start()
        qtbot.waitUntil(lambda: rec2.of("note_returned") == [(1000, note_id)], timeout=WAIT_MS)
        assert rec2.of("note_stacked") == [] and sim.stacked_yen == 0
        second.stop()
    finally:
        first.stop()
        sim.close()


def test_restart_with_the_note_still_in_escrow_asks_again(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sim = make_sim(tmp_path)
    first = make_validator(sim)
    try:
        rec = started(qtbot, first, sim)
        open_intake(qtbot, sim, first)
        note_id = escrowed(qtbot, sim, rec)
        sim.ignore_requests(1000, Command.STACK_1)
        first.stack(note_id)
        polls_pass(qtbot, first, 3)
        first.stop()
        sim.ignore_requests(-1000, Command.STACK_1)  # the line is good again
        second = make_validator(sim, pending=PendingNote(note_id, 1000, credited=False))
        rec2 = Recorder(second)
        second.start()
        qtbot.waitUntil(lambda: rec2.of("note_escrowed") == [(1000, note_id)], timeout=WAIT_MS)
        stack_and_confirm(qtbot, sim, second, rec2, note_id)
        assert sim.stacked_yen == 1000
        second.stop()
    finally:
        first.stop()
        sim.close()


@pytest.mark.parametrize("with_code", [True, False])
def test_a_stacked_note_nobody_knew_of(qtbot, tmp_path: Path, with_code: bool) -> None:  # type: ignore[no-untyped-def]
    """VEND VALID at start-up without a pending note: a firmware that sends the escrow code gets it credited under
    a new id; without the code the value is unknown: in doubt, acknowledged so the validator goes on."""
    sim = SimBillValidator(timing=SimTiming.fast(), link_dir=tmp_path / "dev", vend_valid_code=with_code)
    first = make_validator(sim)
    second = make_validator(sim)
    try:
        rec = started(qtbot, first, sim)
        open_intake(qtbot, sim, first, frozenset({2000}))
        note_id = escrowed(qtbot, sim, rec, 2000)
        first.stack(note_id)
        qtbot.waitUntil(lambda: rec.of("note_stacked") != [], timeout=WAIT_MS)
        first.stop()
        rec2 = Recorder(second)
        second.start()
        if with_code:
            qtbot.waitUntil(lambda: len(rec2.of("note_stacked")) == 1, timeout=WAIT_MS)
            [(value, new_id)] = rec2.of("note_stacked")
            assert value == 2000 and new_id != note_id
            second.confirm_stacked(str(new_id))
        else:
            qtbot.waitUntil(lambda: len(rec2.of("note_in_doubt")) == 1, timeout=WAIT_MS)
            assert rec2.of("note_in_doubt")[0][0] == 0 and rec2.of("note_stacked") == []
        qtbot.waitUntil(lambda: sim.phase == "disabled", timeout=WAIT_MS)
        assert sim.stacked_yen == 2000
    finally:
        first.stop()
        second.stop()
        sim.close()


# ---- the link ------------------------------------------------------------------------------------------------


def test_link_opens_a_real_port_8e1_and_a_pty_without_parity(sim: SimBillValidator) -> None:
    loop = Id003Link("loop://")
    loop.exchange(Command.STATUS_REQUEST)  # a loopback answers with the request itself
    assert loop._serial is not None and loop._serial.parity == "E" and loop._serial.bytesize == 8
    assert loop._serial.stopbits == 1 and loop._serial.baudrate == 9600
    loop.close()
    pty = Id003Link(sim.port_path)
    pty.exchange(Command.STATUS_REQUEST)
    assert pty._serial is not None and pty._serial.parity == "N"
    pty.close()
