"""The flow's table, row by row and guard by guard, on fake devices (no ptys, no threads, no disk).

Each row is taken from its own source state with its guards made to hold (and the guards of the rows before it
made to fail, so it is the row that wins); a row that only a device, a timer or the flow may fire is refused
when a screen asks for it; a row whose guards fail does not move the booth. Whole sessions on the real drivers
are tests/e2e's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kiosk.flow import application_id
from kiosk.flow.session import Details
from kiosk.flow.table import (
    CAMERA_ON,
    INTAKE_OPEN,
    PAUSES,
    READER_ON,
    RESUME,
    ROWS,
    SESSION_STATES,
    STATES,
    STUDIO_ON,
    By,
    Row,
    rows_for,
)
from tests.helpers.fakes import DOWN, FakeBooth, fake_booth

TEST_ID = "31415926535897932384626"
IN_SESSION = (*SESSION_STATES, "sending", "done", "printing", "printed", "timeout", "cancel")


def _jpeg(width: int = 413, height: int = 531) -> bytes:
    """A real JPEG of a 35x45 print's pixels (the print service lays it out on a sheet)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (180, 120, 90)).save(buf, format="JPEG")
    return buf.getvalue()


_made: list[FakeBooth] = []


@pytest.fixture(autouse=True)
def _close_fake_booths(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    while _made:
        _made.pop().close()


def _start_in(qtbot, state: str) -> FakeBooth:  # type: ignore[no-untyped-def]
    """A flow over fakes, started directly in state, with a whole session's content where a session runs."""
    fb = fake_booth()
    _made.append(fb)
    flow = fb.flow
    if state in IN_SESSION:
        s = flow.session
        s.begin(fb.cashier.begin())
        s.application_id = application_id.parse_typed(TEST_ID).application_id
        s.details = Details(date(1985, 4, 12), True, True, False)
        s.photo.jpeg = bytearray(_jpeg())
        s.size_id = "35x45"  # what the print service's rows need (the card application's ignore it)
        if state in ("printing", "printed"):
            s.service = "idphoto"
    flow._machine.setInitialState(flow._states[state])
    flow.start()
    qtbot.waitUntil(lambda: flow.current == state, timeout=2000)
    return fb


def _only_this_row(monkeypatch, fb: FakeBooth, row: Row) -> None:  # type: ignore[no-untyped-def]
    """Make row the first of its (source, action) whose guards hold."""
    for other in rows_for(row.source, row.action):
        if other is row:
            break
        if other.by is row.by:
            assert other.guards, f"{other} shadows {row} unconditionally"
            monkeypatch.setattr(fb.flow, f"guard_{other.guards[-1]}", lambda: False)
    for guard in row.guards:
        monkeypatch.setattr(fb.flow, f"guard_{guard}", lambda: True)


def _fire(fb: FakeBooth, row: Row, payload: object = None) -> bool:
    if row.by is By.CITIZEN:
        return fb.flow.request(row.source, row.action, payload)
    return fb.flow._take(row.source, row.action, row.by, payload)


MOVES = [r for r in ROWS if r.target is not None and r.source != "*"]


@pytest.mark.parametrize("row", MOVES, ids=lambda r: f"{r.source}-{r.action}-{r.target}-{'+'.join(r.guards)}")
def test_each_row_moves_from_its_source_to_its_target(qtbot, monkeypatch, row: Row) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, row.source)
    _only_this_row(monkeypatch, fb, row)
    entered: list[str] = []
    fb.flow.state_entered.connect(entered.append)
    assert _fire(fb, row)
    target = "menu" if row.target == RESUME else row.target  # started directly in timeout: it resumes the menu
    qtbot.waitUntil(lambda: entered[:1] == [target], timeout=2000)  # (out of service re-checks, then may leave)


@pytest.mark.parametrize("row", [r for r in MOVES if r.by is not By.CITIZEN],
                         ids=lambda r: f"{r.source}-{r.action}-{r.by.value}")
def test_a_screen_cannot_fire_a_device_timer_or_flow_row(qtbot, monkeypatch, row: Row) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, row.source)
    _only_this_row(monkeypatch, fb, row)
    entered: list[str] = []
    fb.flow.state_entered.connect(entered.append)
    assert not fb.flow.request(row.source, row.action)
    assert fb.flow._take(row.source, "no_such_action", row.by, None) is False
    qtbot.wait(0)  # a queued transition, were there one, runs now
    assert fb.flow.current == row.source and entered == []


def _guarded_alone(row: Row) -> bool:
    """A guarded row that no unguarded row of the same action backs up (those always move)."""
    return bool(row.guards) and all(r.guards for r in rows_for(row.source, row.action) if r.by is row.by)


@pytest.mark.parametrize("row", [r for r in MOVES if _guarded_alone(r)],
                         ids=lambda r: f"{r.source}-{r.action}-{r.target}-{'+'.join(r.guards)}")
def test_a_row_whose_guard_fails_does_not_move(qtbot, monkeypatch, row: Row) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, row.source)
    same = [r for r in rows_for(row.source, row.action) if r.by is row.by]
    for r in same:  # every row of this action refused: none may move
        for guard in r.guards:
            monkeypatch.setattr(fb.flow, f"guard_{guard}", lambda: False)
    entered: list[str] = []
    fb.flow.state_entered.connect(entered.append)
    assert not _fire(fb, row)
    qtbot.wait(0)
    refused = same[0].refused
    if refused:
        qtbot.waitUntil(lambda: fb.flow.current == "out_of_service", timeout=2000)  # "failed"
        assert refused == "failed"
    else:
        assert fb.flow.current == row.source and entered == []


def test_every_state_has_a_way_out_and_every_target_is_a_state() -> None:
    for row in ROWS:
        assert row.source in (*STATES, "*")
        assert row.target in (*STATES, RESUME, None)
    for state in STATES:
        assert any(r.source == state and r.target not in (None, state) for r in ROWS), state


@pytest.mark.parametrize("state", STATES)
def test_the_concerns_follow_the_declared_state_sets(qtbot, state: str) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, state)
    assert fb.cashier.intake == (state in INTAKE_OPEN)
    assert fb.reader.enabled == (state in READER_ON)
    if state not in PAUSES:
        assert fb.camera.running == (state in CAMERA_ON)
    assert ("begin" in fb.studio.calls) == (state in STUDIO_ON)


def test_intake_shuts_on_every_way_out_of_payment(qtbot) -> None:  # type: ignore[no-untyped-def]
    for row in [r for r in MOVES if r.source == "payment"]:
        fb = _start_in(qtbot, "payment")
        assert fb.cashier.intake
        assert _fire(fb, row)
        qtbot.waitUntil(lambda fb=fb: fb.flow.current != "payment", timeout=2000)
        assert not fb.cashier.intake, row


def test_intake_never_opens_when_a_coin_could_not_be_recorded(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "notice")
    fb.storage.writable = False
    assert fb.flow.request("notice", "agree")
    qtbot.waitUntil(lambda: fb.flow.current == "out_of_service", timeout=2000)
    assert "open_intake" not in fb.cashier.calls and fb.storage.checks >= 1


# -- commands: rows that run in place ---------------------------------------------------------------------
def test_a_typed_id_is_parsed_and_moves_on_only_when_valid(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "scan")
    rejected: list[str] = []
    fb.flow.scan_rejected.connect(rejected.append)
    assert not fb.flow.request("scan", "typed", "1234")
    assert rejected and fb.flow.current == "scan"
    assert fb.flow.request("scan", "typed", TEST_ID)
    qtbot.waitUntil(lambda: fb.flow.current == "details", timeout=2000)


def test_the_shutter_starts_the_studios_countdown(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "camera")
    assert fb.flow.request("camera", "shutter")
    assert fb.studio.calls[-1] == f"countdown {fb.flow.cfg.photo.countdown_s}" and fb.flow.current == "camera"


def test_only_the_four_exception_kinds_are_declared(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "review")
    assert not fb.flow.request("review", "declare_exception", "sunglasses")
    assert fb.flow.session.photo.exception_kind is None
    assert fb.flow.request("review", "declare_exception", "medical")
    assert fb.flow.session.photo.exception_kind == "medical"


@pytest.mark.parametrize("state", ["attract", "payment", "camera"])
def test_language_and_modes_are_taken_in_any_state(qtbot, state: str) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, state)
    assert fb.flow.request(state, "language", "en") and fb.flow.session.language == "en"
    assert not fb.flow.request(state, "language", 3)
    assert fb.flow.request(state, "access", {"more_time": True, "no_such_mode": True})
    assert fb.flow.session.access.more_time and fb.flow.timers.scale == 2.0
    assert fb.flow.current == state


# -- guards -----------------------------------------------------------------------------------------------
def test_guard_can_serve(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "attract")
    assert fb.flow.guard_can_serve()
    fb.flow._forced_oos = True
    assert not fb.flow.guard_can_serve()
    fb.flow._forced_oos = False
    fb.flow._fatal_unpaid = True
    assert not fb.flow.guard_can_serve()
    fb.flow._fatal_unpaid = False
    fb.camera.health = DOWN  # without the signal: the guard reads the device itself
    assert not fb.flow.guard_can_serve()


def test_guards_of_the_photo(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "review")
    photo = fb.flow.session.photo
    assert fb.flow.guard_photo_taken()
    photo.failed = ("frontal",)
    assert not fb.flow.guard_photo_acceptable()
    photo.exception_kind = "religious"
    assert fb.flow.guard_photo_acceptable()
    photo.failed, photo.exception_kind = (), None
    assert fb.flow.guard_photo_acceptable()
    photo.retakes = fb.flow.cfg.photo.max_retakes - 1
    assert fb.flow.guard_retakes_left()
    photo.retakes += 1
    assert not fb.flow.guard_retakes_left()
    photo.jpeg = None
    assert not fb.flow.guard_photo_taken()


def test_a_coin_credited_after_the_fee_counts_as_paid_in_and_as_change(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The fee is reached, the change is being paid, and a coin taken as intake shut comes in: the session says
    1500 yen put in and 700 yen of change (both payouts), and payment moves on once both are out."""
    fb = _start_in(qtbot, "payment")
    c, s = fb.cashier, fb.flow.session
    c.insert(1000)  # fee reached: the change of 200 is asked for
    assert "pay_change" in c.calls and s.paid_yen == 1000
    c.credit_yen += 500  # the late coin: the cashier queues its payback behind the change
    c.credit_changed.emit(c.credit_yen)
    c.last_payout_txn = c.txn or ""
    c.payout_finished.emit(200, 0, "")  # the change is out; the late coin's payback still queued (busy)
    assert fb.flow.current == "payment" and s.change_yen == 200
    c.finish_payout(500)
    qtbot.waitUntil(lambda: fb.flow.current == "scan", timeout=2000)
    assert (s.paid_yen, s.change_yen) == (1500, 700) and s.paid_yen - s.change_yen == c.fee_yen


def test_guards_of_the_refund(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "cancel")
    assert fb.cashier.busy and not fb.flow.guard_refund_out()  # entering cancel started the refund
    fb.cashier.finish_payout(500)
    assert fb.flow.guard_refund_out() and not fb.flow.guard_money_owed()
    fb.flow._fatal_unpaid = True
    assert fb.flow.guard_money_owed()


def test_a_refund_that_could_not_be_paid_ends_out_of_service(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "cancel")
    fb.cashier.finish_payout(0, 500, "RCPT2345")
    assert fb.flow.request("cancel", "finish")
    qtbot.waitUntil(lambda: fb.flow.current == "out_of_service", timeout=2000)
    assert fb.flow.held_money == ("RCPT2345", 500)
    assert "unpaid money" in fb.flow.out_of_service_reasons()  # what the technician reads
    assert "unpaid money" in fb.flow.out_of_service_details()


# -- the print service ------------------------------------------------------------------------------------
def test_guard_printer_ready_and_the_menus_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.devices.base import Health, HealthState

    fb = _start_in(qtbot, "menu")
    assert fb.flow.guard_printer_ready() and fb.flow.view.services() == {"my_number": "", "idphoto": ""}
    assert fb.printer is not None
    fb.printer.set_health(Health(HealthState.DOWN, "paper out (media-empty)"))
    assert not fb.flow.guard_printer_ready()
    assert fb.flow.view.services()["idphoto"] == "media-empty"
    assert not fb.flow.request("menu", "idphoto") and fb.flow.current == "menu"
    fb.printer.set_health(Health(HealthState.DOWN, "gone"))
    assert fb.flow.view.services()["idphoto"] == "printer_down"


def test_a_size_sets_the_fee_and_an_unknown_size_is_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "size")
    assert not fb.flow.request("size", "choose", "50x50") and fb.flow.current == "size"
    assert fb.flow.request("size", "choose", "30x40")
    qtbot.waitUntil(lambda: fb.flow.current == "payment", timeout=2000)
    assert fb.cashier.fee_yen == 800 and fb.flow.session.service == "idphoto" and fb.flow.session.size_id == "30x40"


def test_a_failed_sheet_is_sent_once_more_then_refunded_and_a_printed_one_charged_for_its_size(qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.devices.printer import PrintOutcome

    fb = _start_in(qtbot, "printing")
    assert fb.printer is not None and len(fb.printer.jobs) == 1
    key = fb.flow.session.txn_id
    fb.printer.job_finished.emit(PrintOutcome("someone else", False, "job-aborted"))  # not this session's
    assert len(fb.printer.jobs) == 1
    fb.printer.job_finished.emit(PrintOutcome(key, False, "job-aborted"))
    assert len(fb.printer.jobs) == 2 and fb.flow.current == "printing"  # sent again
    fb.printer.job_finished.emit(PrintOutcome(key, False, "job-aborted"))
    qtbot.waitUntil(lambda: fb.flow.current == "cancel", timeout=2000)
    assert fb.flow.session.outcome == "print_failed" and "refund" in fb.cashier.calls

    fb2 = _start_in(qtbot, "printing")
    assert fb2.printer is not None
    fb2.printer.job_finished.emit(PrintOutcome(fb2.flow.session.txn_id, True, "", 7))
    qtbot.waitUntil(lambda: fb2.flow.current == "printed", timeout=2000)
    assert "charge idphoto:35x45" in fb2.cashier.calls


def test_one_receipt_per_session_with_nothing_of_the_citizen(qtbot) -> None:  # type: ignore[no-untyped-def]
    fb = _start_in(qtbot, "printed")
    fb.flow.session.outcome = "printed"
    assert fb.flow.request("printed", "receipt")
    assert not fb.flow.request("printed", "receipt")
    assert fb.receipt is not None and len(fb.receipt.receipts) == 1
    r = fb.receipt.receipts[0]
    assert r.amount_yen == fb.cashier.fee_yen and r.purpose == "証明写真代（35×45mm）"
    assert TEST_ID not in repr(r) and "1985" not in repr(r)


def test_the_out_of_service_details_carry_each_devices_own_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What the screen, the log and the technician read: the reason and the device's own words (mutmut's second
    sample: a mutant that never found the device behind "... down" survived)."""
    from kiosk.devices.base import Health, HealthState

    fb = _start_in(qtbot, "attract")
    fb.acceptor.set_health(Health(HealthState.DOWN, "no answer at address 2"))
    qtbot.waitUntil(lambda: fb.flow.current == "out_of_service", timeout=2000)
    down = [r for r in fb.flow.out_of_service_reasons() if r.endswith(" down")]
    assert down and f"{down[0]} (no answer at address 2)" in fb.flow.out_of_service_details()
