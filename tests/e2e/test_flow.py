"""The whole booth on simulators: the happy path, cancel and timeout from every state, failures, double taps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.flow.effects import MoneyEffects
from kiosk.flow.machine import CANCELLABLE, STATES, TIMES_OUT, Flow
from kiosk.flow.table import By
from tests.helpers.driver import TEST_BIRTH, TEST_ID, WAIT_MS, Driver


def _visible_texts(booth) -> list[str]:  # type: ignore[no-untyped-def]
    texts = []
    for screen in booth.window.screens.values():
        for w in screen.findChildren(QLabel) + screen.findChildren(QPushButton):
            texts.append(w.text())
    return texts


def _assert_nothing_personal_left(booth) -> None:  # type: ignore[no-untyped-def]
    assert not booth.flow.session.holds_personal_data()
    for state, screen in booth.window.screens.items():
        assert screen.personal_texts() == [], f"{state} still shows session data"
    shown = "\n".join(_visible_texts(booth))
    assert TEST_ID not in shown and "*** **** " not in shown
    assert "1985年4月12日" not in shown


def _balanced(booth) -> None:  # type: ignore[no-untyped-def]
    check = booth.ledger.balance_check()
    assert check.ok, check


def test_happy_path_sends_the_application(booth, driver: Driver, qtbot, log_lines) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    booth.flow.state_entered.connect(seen.append)
    received = booth.reception.received
    driver.to("confirm")
    assert booth.window.screens["confirm"].values[0].text().endswith(TEST_ID[-4:])
    assert TEST_ID not in booth.window.screens["confirm"].values[0].text()
    driver.request("confirm", "send", then="done")
    assert booth.flow.session.outcome == "sent"
    assert booth.flow.session.reception_number
    assert booth.reception.received == received + 1
    qtbot.waitUntil(lambda: booth.outbox.depth() == 0, timeout=WAIT_MS)
    driver.request("done", "finish", then="attract")
    booth.flow.state_entered.disconnect(seen.append)
    assert seen[seen.index("menu"):] == ["menu", "notice", "payment", "scan", "details", "guide", "camera", "review", "confirm",
                    "sending", "done", "attract"]
    _assert_nothing_personal_left(booth)
    _balanced(booth)
    text = log_lines.text
    assert TEST_ID not in text and "1985-04-12" not in text and "state confirm -> sending" in text


def test_the_countdown_is_heard(booth, driver: Driver) -> None:  # type: ignore[no-untyped-def]
    booth.chimes.played.clear()
    driver.to("review")
    assert booth.chimes.played == ["tick", "tick", "tick", "shutter"]
    assert (booth.chimes.played[0], booth.chimes.played[-1]) == ("tick", "shutter")


def test_overpayment_pays_change_before_the_scan(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    paid_before = booth.devices.sims.cctalk.lifetime
    driver.to("payment")
    driver.pay((500, 500))
    assert booth.flow.session.change_yen == 200
    assert booth.devices.sims.cctalk.lifetime - paid_before == 2  # two 100 yen coins left the hopper
    _balanced(booth)


@pytest.mark.parametrize("state", CANCELLABLE)
def test_cancel_from_every_state_refunds_and_forgets(booth, driver: Driver, qtbot, state: str) -> None:  # type: ignore[no-untyped-def]
    hopper_before = booth.devices.sims.cctalk.lifetime
    driver.to(state)
    credit = booth.flow.session.credit_yen
    driver.request(state, "cancel", then="cancel")
    driver.finish_cancel()
    refunded_coins = booth.devices.sims.cctalk.lifetime - hopper_before
    assert refunded_coins * 100 == credit  # the whole credit came back (the hopper pays 100 yen coins)
    _assert_nothing_personal_left(booth)
    _balanced(booth)


@pytest.mark.parametrize("state", TIMES_OUT)
def test_timeout_from_every_state_asks_then_cancels(booth, driver: Driver, qtbot, state: str) -> None:  # type: ignore[no-untyped-def]
    driver.to(state)
    credit = booth.flow.session.credit_yen
    hopper_before = booth.devices.sims.cctalk.lifetime
    assert booth.flow.timers.fire("state")
    driver.wait_state("timeout")
    ticks = 0
    while booth.flow.current == "timeout" and booth.flow.timers.fire("countdown"):
        ticks += 1
    assert ticks == booth.cfg.timeouts.timeout
    driver.wait_state("cancel")
    assert booth.flow.session.outcome == "timed_out"
    driver.finish_cancel()
    assert (booth.devices.sims.cctalk.lifetime - hopper_before) * 100 == credit
    _assert_nothing_personal_left(booth)
    _balanced(booth)


@pytest.mark.parametrize("state", ["payment", "scan", "details", "review"])
def test_continue_after_the_timeout_question_keeps_what_was_entered(booth, driver: Driver, qtbot, state: str) -> None:  # type: ignore[no-untyped-def]
    driver.to(state)
    credit = booth.flow.session.credit_yen
    assert booth.flow.timers.fire("state")
    driver.wait_state("timeout")
    driver.request("timeout", "continue", then=state)
    assert booth.flow.session.credit_yen == credit
    if state in ("details", "review"):
        assert booth.flow.session.application_id is not None


@pytest.mark.parametrize("state", [s for s in STATES if s not in ("out_of_service", "cancel")])
def test_an_exception_in_any_state_reaches_out_of_service(booth, driver: Driver, qtbot, monkeypatch, state: str) -> None:  # type: ignore[no-untyped-def]
    if state == "timeout":
        driver.to("scan")
        booth.flow.timers.fire("state")
    elif state == "done":
        driver.to("sending")
    elif state != "attract":
        driver.to(state)
    driver.wait_state(state)

    take = Flow._take

    def explode(self: Flow, source: str, action: str, by: By, payload: object) -> bool:
        if by is By.CITIZEN:
            raise RuntimeError("injected")
        return take(self, source, action, by, payload)

    monkeypatch.setattr(Flow, "_take", explode)
    booth.flow.request(state, "anything")
    driver.wait_state("out_of_service")
    monkeypatch.undo()
    assert "exception in request" in booth.flow.out_of_service_reasons()
    qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
    _assert_nothing_personal_left(booth)
    _balanced(booth)


def test_an_exception_entering_a_state_reaches_out_of_service(booth, driver: Driver, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    driver.to("notice")

    moved = MoneyEffects.moved

    def explode(self: MoneyEffects, previous: str, now: str) -> None:
        if now == "payment":
            raise RuntimeError("injected")
        moved(self, previous, now)

    monkeypatch.setattr(MoneyEffects, "moved", explode)
    booth.flow.request("notice", "agree")
    driver.wait_state("out_of_service")
    assert "exception entering payment (MoneyEffects)" in booth.flow.out_of_service_reasons()
    assert not booth.cashier.accepted


def test_an_exception_qt_hands_to_python_reaches_out_of_service(booth, driver: Driver) -> None:  # type: ignore[no-untyped-def]
    driver.to("menu")
    try:
        raise ValueError("from a slot")
    except ValueError as exc:
        booth._excepthook(ValueError, exc, exc.__traceback__)
    driver.wait_state("out_of_service")


def test_double_taps_never_skip_a_state(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    booth.flow.state_entered.connect(seen.append)
    driver.to("menu")
    button = booth.window.screens["menu"].my_number
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    driver.wait_state("notice")
    flushed: list[bool] = []
    QTimer.singleShot(0, lambda: flushed.append(True))  # posted after any queued second transition
    qtbot.waitUntil(lambda: bool(flushed), timeout=WAIT_MS)
    assert booth.flow.current == "notice"
    # the second tap named the menu, which is no longer active: ignored
    assert not booth.flow.request("menu", "my_number")
    booth.flow.state_entered.disconnect(seen.append)
    assert seen.count("notice") == 1 and "payment" not in seen


def test_the_retake_limit_holds_from_review_and_confirm(booth, driver: Driver) -> None:  # type: ignore[no-untyped-def]
    driver.to("confirm")
    limit = booth.cfg.photo.max_retakes
    for _ in range(limit):
        driver.request("confirm", "edit_photo", then="camera")
        driver.shoot()
        driver.request("review", "accept", then="confirm")
    assert booth.flow.retakes_left() == 0
    assert not booth.flow.request("confirm", "edit_photo")
    assert booth.flow.current == "confirm"


def test_editing_details_from_confirm_returns_to_confirm_with_the_same_photo(booth, driver: Driver) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    driver.to("confirm")
    photo = bytes(booth.flow.session.photo.jpeg)
    driver.request("confirm", "edit_details", then="details")
    driver.request("details", "next", Driver.details(date(1990, 1, 2)), then="confirm")
    assert bytes(booth.flow.session.photo.jpeg) == photo
    assert booth.flow.session.details.birth_date == date(1990, 1, 2)


def test_a_screen_cannot_fire_device_events(booth, driver: Driver) -> None:  # type: ignore[no-untyped-def]
    driver.to("payment")
    for action in ("paid", "id_accepted", "captured", "sent", "queued", "expired", "failed"):
        assert not booth.flow.request("payment", action)
    assert booth.flow.current == "payment"


def test_junk_scan_stays_on_scan_with_a_message(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    driver.to("scan")
    with qtbot.waitSignal(booth.flow.scan_rejected, timeout=WAIT_MS) as blocker:
        booth.devices.sims.scanner.present("https://shop.example.jp/campaign?id=12345")
    assert blocker.args == ["not_application"]
    assert booth.flow.current == "scan"
    assert "申請用ではありません" in booth.window.screens["scan"].message.text()
    with qtbot.waitSignal(booth.flow.scan_rejected, timeout=WAIT_MS) as blocker:
        booth.devices.sims.scanner.present(TEST_ID[:22])
    assert blocker.args == ["wrong_length"]
    assert booth.flow.session.scan_failures == 2
    assert booth.window.screens["scan"].suggest.text()  # typed entry suggested after two failures
    driver.request("scan", "typed", TEST_ID, then="details")


def test_under_one_year_cannot_go_on(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    driver.to("details")
    with qtbot.waitSignal(booth.flow.details_rejected, timeout=WAIT_MS) as blocker:
        assert not booth.flow.request("details", "next", Driver.details(date(2026, 6, 1)))
    assert blocker.args == ["under_1"]
    assert booth.flow.current == "details"


def test_under_fifteen_gets_no_signature_certificate(booth, driver: Driver) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    driver.to("details")
    driver.request("details", "next", Driver.details(date(2015, 1, 1)), then="guide")
    assert booth.flow.session.details.signature_certificate is False


def test_required_device_down_keeps_the_booth_out_of_service(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    driver.wait_state("attract")
    booth.devices.sims.camera.set_lost(True)
    driver.wait_state("out_of_service")
    assert not booth.flow.request("attract", "start")
    assert "camera down" in booth.flow.out_of_service_reasons()
    booth.devices.sims.camera.set_lost(False)
    driver.wait_state("attract", timeout_ms=WAIT_MS)


def _record_sending(booth) -> tuple[list[tuple[str, int, str, float, str]], object]:  # type: ignore[no-untyped-def]
    """Every look of the sending screen while the flow is in sending: (stage, bar value, the step shown as
    current, the picture's position, the uploading step's text); the screen refreshes on view.changed before
    this records (it connected first)."""
    screen = booth.window.screens["sending"]
    seen: list[tuple[str, int, str, float, str]] = []

    def record() -> None:
        if booth.flow.current == "sending":
            seen.append((booth.flow.view.sending.stage, screen.progress.value(), screen.current_stage(),
                         screen.picture.fraction, screen.stages[2].text()))

    booth.flow.view.changed.connect(record)
    return seen, record


def test_the_sending_screen_moves_with_the_real_sending_not_the_time(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Sealed, connecting, uploading (the bytes sent), waiting for the server's answer (held back a second by the
    reference server), received: the steps and the bar follow the submitter, and the bar only moves forward."""
    booth.reception.faults.delay_s, booth.reception.faults.delay_next = 1.0, 1
    seen, record = _record_sending(booth)
    try:
        driver.to("sending")
        driver.wait_state("done")
    finally:
        booth.flow.view.changed.disconnect(record)
    stages = [stage for stage, *_ in seen]
    order = ["sealed", "connecting", "uploading", "waiting", "received"]
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == order
    values = [value for _, value, *_ in seen]
    assert values == sorted(values) and values[0] == 10 and values[-1] == 100
    by_stage = {stage: (value, current) for stage, value, current, _f, _t in seen}
    assert by_stage["connecting"] == (20, "connecting")
    assert by_stage["waiting"] == (85, "waiting")
    assert by_stage["received"] == (100, "")  # every step done
    uploads = [(value, text) for stage, value, _c, _f, text in seen if stage == "uploading"]
    assert any(25 < value < 85 for value, _ in uploads), uploads  # seen part-way through the bytes
    assert all(text.endswith("%") for _, text in uploads)
    assert all(abs(fraction - value / 100) < 0.011 for _, value, _c, fraction, _t in seen)
    assert booth.flow.session.outcome == "sent"
    driver.request("done", "finish", then="attract")


def test_the_sending_screen_says_it_tries_again_when_the_server_is_down(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth.reception.go_down()
    seen, record = _record_sending(booth)
    screen = booth.window.screens["sending"]
    try:
        driver.to("sending")
        qtbot.waitUntil(lambda: any(stage == "retrying" for stage, *_ in seen), timeout=WAIT_MS)
        assert booth.flow.view.sending.attempts_failed >= 1
        retry = next(entry for entry in seen if entry[0] == "retrying")
        assert retry[1:3] == (20, "connecting")  # back to the connecting step, the bar back there too
        assert "もう一度" in screen.note.text()
        assert booth.flow.timers.fire("send_wait")
        driver.wait_state("done")
    finally:
        booth.flow.view.changed.disconnect(record)
    assert booth.flow.session.outcome == "queued"
    driver.request("done", "finish", then="attract")
    booth.reception.go_up()
    booth.submitter.wake()
    qtbot.waitUntil(lambda: booth.outbox.depth() == 0, timeout=WAIT_MS)


def test_server_down_queues_with_a_receipt_code_then_sends_later(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth.reception.go_down()
    received = booth.reception.received
    driver.to("sending")
    assert booth.flow.timers.fire("send_wait")
    driver.wait_state("done")
    assert booth.flow.session.outcome == "queued" and booth.flow.session.receipt_code
    assert "受付済み・送信待ち" in booth.window.screens["done"].headline.text()
    assert booth.outbox.depth() == 1
    _balanced(booth)
    driver.request("done", "finish", then="attract")
    booth.reception.go_up()
    booth.submitter.wake()
    qtbot.waitUntil(lambda: booth.outbox.depth() == 0, timeout=WAIT_MS)
    assert booth.reception.received == received + 1


def test_queued_then_refused_owes_the_fee_under_the_citizens_receipt_code(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Charged when queued, refused later: the fee is owed back (ledger, alarm) until staff settle it."""
    booth.reception.go_down()
    driver.to("sending")
    assert booth.flow.timers.fire("send_wait")
    driver.wait_state("done")
    receipt = booth.flow.session.receipt_code
    assert booth.flow.session.outcome == "queued" and receipt
    driver.request("done", "finish", then="attract")
    booth.reception.faults.refuse_id(TEST_ID)
    booth.reception.go_up()
    with qtbot.waitSignal(booth.cashier.fee_owed, timeout=WAIT_MS) as blocker:
        booth.submitter.wake()
    assert blocker.args == [receipt, 800]
    [owed] = [o for o in booth.ledger.outstanding() if o.kind == "owed"]
    assert (owed.receipt_code, owed.amount_yen) == (receipt, 800)
    assert booth.ledger.totals().owed == [(receipt, 800)]
    _balanced(booth)
    booth.fleet.poll()
    assert b"kiosk_owed_yen 800.0" in booth.fleet.metrics.render()  # the alarm
    # the maintenance menu lists it under the citizen's receipt code and settles it once, audited
    backend = booth.maintenance.backend
    [row] = [r for r in backend.cash_totals().outstanding if r.receipt_code == receipt]
    assert (row.kind, row.amount_yen, row.key) == ("owed", 800, f"ledger:{owed.row_id}")
    assert backend.settle(row.key) and not backend.settle(row.key)  # settled once
    assert [o for o in booth.ledger.outstanding() if o.kind == "owed"] == []
    assert any("money_settled" in line and "800 yen" in line for line in backend.audit_events(5))
    booth.fleet.poll()
    assert b"kiosk_owed_yen 0.0" in booth.fleet.metrics.render()


def test_a_refused_application_is_refunded(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth.reception.faults.refuse_id(TEST_ID)
    hopper_before = booth.devices.sims.cctalk.lifetime
    driver.to("sending")
    driver.wait_state("cancel")
    assert booth.flow.session.outcome == "rejected"
    assert booth.window.screens["cancel"].reason.text()
    driver.finish_cancel()
    assert booth.devices.sims.cctalk.lifetime - hopper_before == 8
    _balanced(booth)


def test_birth_date_reaches_the_server_and_nowhere_else(booth, driver: Driver, qtbot, log_lines) -> None:  # type: ignore[no-untyped-def]
    driver.to("sending")
    driver.wait_state("done")
    driver.request("done", "finish", then="attract")
    assert TEST_BIRTH.isoformat() not in log_lines.text
    for path in booth.state_dir.glob("*.db*"):
        data = path.read_bytes()
        assert TEST_ID.encode() not in data and TEST_BIRTH.isoformat().encode() not in data, path.name


@pytest.mark.parametrize("exit_by", ["paid", "cancel", "expired", "failed"])
def test_intake_is_shut_on_the_bus_after_leaving_payment_by_every_exit(  # type: ignore[no-untyped-def]
    booth, driver: Driver, qtbot, exit_by: str
) -> None:
    """Whatever the way out of payment, the acceptor on the bus has its master inhibit shut (what the ccTalk
    simulator was last told), and a coin inserted then is rejected by the device and credits nothing."""
    cc = booth.devices.sims.cctalk
    driver.to("payment")
    qtbot.waitUntil(lambda: cc.master_inhibit_open, timeout=WAIT_MS)
    if exit_by == "paid":
        driver.pay()
        target = "scan"
    else:
        assert cc.insert_coin(100)  # some credit in, so intake is still wanted by the money alone
        qtbot.waitUntil(lambda: booth.flow.session.credit_yen == 100, timeout=WAIT_MS)
        assert booth.flow.current == "payment" and cc.master_inhibit_open
        if exit_by == "cancel":
            assert booth.flow.request("payment", "cancel")
            target = "cancel"
        elif exit_by == "expired":
            assert booth.flow.timers.fire("state")
            target = "timeout"
        else:
            booth.flow.fail("injected failure")
            target = "out_of_service"
    driver.wait_state(target)
    qtbot.waitUntil(lambda: not cc.master_inhibit_open and cc.inhibit_mask == 0, timeout=WAIT_MS)
    credit = booth.flow.session.credit_yen
    credited = cc.credited_yen
    assert not cc.insert_coin(100)  # the device itself refuses it: inhibited
    assert booth.flow.current == target and booth.flow.session.credit_yen == credit
    assert cc.credited_yen == credited


@pytest.mark.parametrize("state", ["guide", "camera"])
def test_the_camera_lost_where_it_is_needed_refunds_and_goes_out_of_service(  # type: ignore[no-untyped-def]
    booth, driver: Driver, qtbot, state: str
) -> None:
    driver.to(state)
    credit = booth.flow.session.credit_yen
    hopper_before = booth.devices.sims.cctalk.lifetime
    booth.devices.sims.camera.set_lost(True)
    try:
        driver.wait_state("out_of_service")
        assert "camera down" in booth.flow.out_of_service_reasons()
        assert booth.flow.session.outcome in (None, "failed")
        qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
        assert (booth.devices.sims.cctalk.lifetime - hopper_before) * 100 == credit  # the whole fee back
        _assert_nothing_personal_left(booth)
        _balanced(booth)
        assert not booth.flow.request("attract", "start")
    finally:
        booth.devices.sims.camera.set_lost(False)
    driver.wait_state("attract")


def test_the_camera_lost_on_review_keeps_the_photo_but_never_reopens_a_dead_camera(  # type: ignore[no-untyped-def]
    booth, driver: Driver, qtbot
) -> None:
    """The photo is taken: the citizen may still accept and send it; a retake cannot go to a camera screen
    without a camera, so it ends the session with a refund."""
    driver.to("review")
    credit = booth.flow.session.credit_yen
    hopper_before = booth.devices.sims.cctalk.lifetime
    with qtbot.waitSignal(booth.devices.camera.health_changed, timeout=WAIT_MS):
        booth.devices.sims.camera.set_lost(True)
    try:
        assert booth.flow.current == "review" and booth.flow.session.photo.jpeg is not None
        booth.flow.request("review", "retake")
        driver.wait_state("out_of_service")
        assert "camera down" in booth.flow.out_of_service_reasons()
        qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
        assert (booth.devices.sims.cctalk.lifetime - hopper_before) * 100 == credit
        _balanced(booth)
    finally:
        booth.devices.sims.camera.set_lost(False)
    driver.wait_state("attract")


def test_the_fee_reached_behind_the_timeout_question_moves_on_after_continue(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 12 (timing): the last coin was in flight when the payment screen timed out; it was credited while
    「続けますか？」 showed, where the flow ignored the fee. After "continue" the payment screen showed the fee paid
    and nothing moved it on: the citizen who paid could only time out again and be refunded."""
    driver.to("payment")
    qtbot.waitUntil(lambda: driver.sims.cctalk.master_inhibit_open, timeout=5000)
    for coin in (500, 100, 100):
        before = booth.flow.session.credit_yen
        assert driver.sims.cctalk.insert_coin(coin)
        qtbot.waitUntil(lambda b=before: booth.flow.session.credit_yen > b, timeout=5000)
    assert driver.sims.cctalk.insert_coin(100)  # in the acceptor, not yet polled ...
    assert booth.flow.timers.fire("state")  # ... when the payment screen times out
    driver.wait_state("timeout")
    qtbot.waitUntil(lambda: booth.flow.session.credit_yen == 800, timeout=5000)  # credited behind the question
    driver.request("timeout", "continue", then="payment")
    driver.wait_state("scan")
    assert booth.flow.session.paid_yen == 800
    _balanced(booth)


def test_a_refusal_the_booth_stopped_before_recording_is_owed_at_the_next_start(booth_factory, tmp_path_factory,
                                                                                qtbot) -> None:  # type: ignore[no-untyped-def]
    """The sender erased a refused row, then the booth stopped before the flow wrote the fee as owed (a fault
    campaign found one such fee kept without a record): the next start records it, under the citizen's receipt."""
    from kiosk.store.stores import open_stores

    storage = tmp_path_factory.mktemp("refused-then-stopped")
    stores = open_stores(storage)
    txn = stores.ledger.open_session()
    stores.ledger.credited(txn, 500, 1)
    stores.ledger.credited(txn, 500, 2)
    stores.ledger.charged(txn, 800)
    stores.ledger.closed(txn)
    envelope = stores.outbox.put_new(txn, b'{"application_id": "x"}', b"\xff\xd8photo\xff\xd9", "RCPT7Q2K")
    stores.outbox.reject(envelope, 422, "application_id_no_longer_valid")  # erased; no "owed" written
    stores.close()
    booth = booth_factory(storage)
    qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
    assert [(o.kind, o.receipt_code, o.amount_yen) for o in booth.ledger.outstanding()] == [("owed", "RCPT7Q2K", 800)]
    booth.flow._owe_refused_fees()  # again (every start): once per session
    assert len([o for o in booth.ledger.outstanding() if o.kind == "owed"]) == 1
