"""The service side on a whole simulated booth: metrics after a session, the maintenance backend's actions."""

from __future__ import annotations

import urllib.request

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from kiosk.ui.maintenance import SelfTestResult
from tests.helpers.driver import TEST_ID, WAIT_MS, Driver, E2eCitizen, insert_coin
from tests.helpers.taps import tap


def test_metrics_after_a_session(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    driver.to("sending")
    driver.wait_state("done")
    driver.request("done", "finish", then="attract")
    booth.fleet.poll()
    text = booth.fleet.metrics.render().decode()
    assert 'kiosk_session_outcomes_total{outcome="sent"}' in text
    assert "kiosk_sessions_started_total" in text
    assert 'kiosk_coins_inserted_total{denomination_yen="500"}' in text
    assert 'kiosk_device_up{device="coin_acceptor"} 1.0' in text
    assert "kiosk_photos_reviewed_total 1.0" in text or "kiosk_photos_reviewed_total 2.0" in text
    assert 'kiosk_photo_checks_failed_total{check="frontal"}' in text  # every check, from the start
    assert 'kiosk_submissions_refused_total{reason="invalid_photo"} 0.0' in text
    assert "kiosk_outbox_depth 0.0" in text
    assert TEST_ID not in text


def _outcomes(booth) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from prometheus_client.parser import text_string_to_metric_families

    text = booth.fleet.metrics.render().decode()
    return {s.labels["outcome"]: s.value for f in text_string_to_metric_families(text) for s in f.samples
            if s.name == "kiosk_session_outcomes_total"}


def test_the_outcome_is_counted_when_decided_not_when_the_done_screen_closes(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = _outcomes(booth)
    driver.to("sending")
    driver.wait_state("done")
    during = _outcomes(booth)  # the done screen is still up: a crash now would not lose the count
    assert during["sent"] == before["sent"] + 1
    driver.request("done", "finish", then="attract")
    assert _outcomes(booth) == during  # counted once, not again at the end


def test_a_cancelled_session_is_counted_once(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = _outcomes(booth)
    driver.to("scan")
    driver.request("scan", "cancel", then="cancel")
    assert _outcomes(booth)["cancelled"] == before["cancelled"] + 1
    driver.finish_cancel()
    assert _outcomes(booth)["cancelled"] == before["cancelled"] + 1


def test_metrics_endpoint_serves_on_loopback(booth) -> None:  # type: ignore[no-untyped-def]
    _host, port = booth.fleet.metrics.serve("127.0.0.1:0")
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    assert "kiosk_out_of_service" in body


def test_maintenance_backend(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    backend = booth.maintenance.backend
    names = {row.name for row in backend.devices()}
    assert {"coin_acceptor", "hopper", "barcode_reader", "camera", "submitter"} <= names
    results: list[SelfTestResult] = []
    backend.self_test("coin_acceptor", "probe", results.append)
    assert results[-1].ok
    backend.self_test("hopper", "pay_one_coin", results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=WAIT_MS)
    assert results[-1].ok, results[-1]
    backend.self_test("camera", "camera_test_image", results.append)
    qtbot.waitUntil(lambda: len(results) == 3, timeout=WAIT_MS)
    assert results[-1].ok and "1280x720" in results[-1].detail
    backend.self_test("barcode_reader", "read_test_code", results.append)
    booth.devices.sims.scanner.present(TEST_ID)
    qtbot.waitUntil(lambda: len(results) == 4, timeout=WAIT_MS)
    assert results[-1].ok and TEST_ID not in results[-1].detail
    backend.refill_hopper(50)
    totals = backend.cash_totals()
    assert totals.hopper_coin_yen == 100
    record = backend.collect_cash()
    assert backend.cash_totals().box_yen == 0 and record.collected_yen >= 0
    backend.set_out_of_service(True)
    driver.wait_state("out_of_service")
    assert backend.is_out_of_service()
    backend.set_out_of_service(False)
    driver.wait_state("attract")
    assert "coin_acceptor" in backend.running_config() or "devices.coin_acceptor" in backend.running_config()
    events = "\n".join(backend.recent_events(200))
    assert events and TEST_ID not in events
    assert backend.outbox_depth()[0] == 0


def test_hidden_gesture_opens_the_menu_only_between_sessions(booth, driver: Driver, qtbot) -> None:  # type: ignore[no-untyped-def]
    access = booth.maintenance
    driver.to("menu")
    access.gesture.triggered.emit()
    assert not access.menu.is_open
    driver.request("menu", "back", then="attract")
    access.gesture.triggered.emit()
    assert access.menu.is_open
    driver.wait_state("out_of_service")
    access.menu.close_menu("user")
    driver.wait_state("attract")


# -- every self-test, then a whole citizen session through the real screens ---------------------------------
def _tappable(booth, name: str) -> bool:  # type: ignore[no-untyped-def]
    control = booth.window.find_control(name)
    return isinstance(control, QPushButton) and control.isVisible() and control.isEnabled()


def _tap(booth, qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: _tappable(booth, name), timeout=WAIT_MS)
    tap(booth.window.find_control(name))


def screen_session(booth, qtbot, coins: tuple[int, ...] = (500, 100, 100, 100),  # type: ignore[no-untyped-def]
                   wrong_code_first: bool = False) -> None:
    """One citizen from attract to done and back: the citizen robot taps the screens' own buttons, these coins
    in this order (each once the last one is credited), a wrong code first if asked."""
    flow, driver = booth.flow, Driver(booth, qtbot)
    driver.wait_state("attract")
    qtbot.waitUntil(lambda: flow.devices_ok(), timeout=WAIT_MS)
    robot = E2eCitizen(booth, "done", coins=coins, wrong_code_first=wrong_code_first)
    try:
        robot.react("attract")
        driver.wait_state("done", timeout_ms=4 * WAIT_MS)
    finally:
        robot.stop()
    assert robot.rejected == (1 if wrong_code_first else 0)
    assert flow.session.credit_yen == sum(coins)
    assert flow.session.outcome in ("sent", "queued")
    _tap(booth, qtbot, "done_finish")
    driver.wait_state("attract")
    qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
    assert booth.ledger.balance_check().ok


def _receivers(obj: QObject, signature: str) -> int:
    return obj.receivers(f"2{signature}")


def _run_self_test(booth, qtbot, device: str, action: str, then=None) -> SelfTestResult:  # type: ignore[no-untyped-def]
    results: list[SelfTestResult] = []
    booth.maintenance.backend.self_test(device, action, results.append)
    if then is not None:
        then()
    qtbot.waitUntil(lambda: len(results) == 1, timeout=WAIT_MS)
    return results[0]


@pytest.fixture
def fresh(booth_factory, qtbot):  # type: ignore[no-untyped-def]
    """A booth of its own: nothing another test did is left connected."""
    booth = booth_factory()
    # started in full (the deferred start-up steps connect the metrics and the maintenance menu): the receivers
    # the tests count before and after a self-test are those of a started booth
    qtbot.waitUntil(lambda: booth.flow.current == "attract" and not booth.later.pending(), timeout=WAIT_MS)
    booth.devices.sims.cctalk.hopper_coins = 200
    qtbot.waitUntil(lambda: booth.cashier.change_available, timeout=WAIT_MS)  # the hopper can pay back
    yield booth
    booth.shutdown()  # now, not at the module's end: a dozen idle booths' threads slow the next tests down


def test_camera_self_test_then_a_session(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    camera = fresh.devices.camera
    before = _receivers(camera, "frame_captured(PyObject)")
    result = _run_self_test(fresh, qtbot, "camera", "camera_test_image")
    assert result.ok and "1280x720" in result.detail
    assert _receivers(camera, "frame_captured(PyObject)") == before
    assert not camera.running  # paused again, as between sessions
    screen_session(fresh, qtbot)


def test_pay_one_coin_then_a_session_with_change(fresh, qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    hopper = fresh.devices.hopper
    before = _receivers(hopper, "payout_finished(PyObject)")
    start = fresh.ledger.totals().hopper_coins_estimate
    refills_before = fresh.ledger._db.execute("SELECT COUNT(*) FROM money_events WHERE kind = 'refill'").fetchone()[0]
    result = _run_self_test(fresh, qtbot, "hopper", "pay_one_coin")
    assert result.ok, result
    assert _receivers(hopper, "payout_finished(PyObject)") == before
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # the cashier knows it was a self-test
    after_test = fresh.ledger.totals().hopper_coins_estimate
    assert start is None or after_test == start - 1
    screen_session(fresh, qtbot, coins=(500, 500))  # 200 yen change: two 100 yen coins
    assert fresh.ledger.totals().hopper_coins_estimate == (None if after_test is None else after_test - 2)
    refills = fresh.ledger._db.execute("SELECT COUNT(*) FROM money_events WHERE kind = 'refill'").fetchone()[0]
    assert refills == refills_before + 1  # the self-test's coin only, never the citizen's change again


def test_accept_test_coin_then_a_session_in_several_coins(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    acceptor, sim = fresh.devices.acceptor, fresh.devices.sims.cctalk
    before = _receivers(acceptor, "coin_credited(int,int)")

    def insert() -> None:
        insert_coin(qtbot, sim, 100)

    result = _run_self_test(fresh, qtbot, "coin_acceptor", "accept_test_coin", then=insert)
    assert result.ok and "100 yen" in result.detail
    assert _receivers(acceptor, "coin_credited(int,int)") == before
    qtbot.waitUntil(lambda: not sim.master_inhibit_open and not fresh.cashier.busy, timeout=WAIT_MS)
    screen_session(fresh, qtbot, coins=(100, 100, 100, 500))


def test_read_test_code_then_a_session_with_a_wrong_code_first(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = fresh.devices.reader
    before = _receivers(reader, "code_read(QString)")
    result = _run_self_test(fresh, qtbot, "barcode_reader", "read_test_code",
                            then=lambda: fresh.devices.sims.scanner.present(TEST_ID))
    assert result.ok and TEST_ID not in result.detail
    assert _receivers(reader, "code_read(QString)") == before
    screen_session(fresh, qtbot, wrong_code_first=True)


def test_probe_then_a_session(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    result = _run_self_test(fresh, qtbot, "coin_acceptor", "probe")
    assert result.ok
    screen_session(fresh, qtbot)


def test_a_self_test_that_times_out_leaves_nothing_behind(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    backend, acceptor, sim = fresh.maintenance.backend, fresh.devices.acceptor, fresh.devices.sims.cctalk
    camera, reader = fresh.devices.camera, fresh.devices.reader
    counts = (_receivers(acceptor, "coin_credited(int,int)"), _receivers(camera, "frame_captured(PyObject)"),
              _receivers(reader, "code_read(QString)"))
    backend.wait_ms = 300
    result = _run_self_test(fresh, qtbot, "coin_acceptor", "accept_test_coin",
                            then=lambda: qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=WAIT_MS))
    assert not result.ok and result.detail == "no coin within 0.3 s"
    qtbot.waitUntil(lambda: not sim.master_inhibit_open, timeout=WAIT_MS)  # intake shut again
    result = _run_self_test(fresh, qtbot, "barcode_reader", "read_test_code")
    assert not result.ok and result.detail == "no code within 0.3 s"
    fresh.devices.sims.camera.set_lost(True)  # no frame comes
    qtbot.waitUntil(lambda: not camera.health.ok, timeout=WAIT_MS)
    result = _run_self_test(fresh, qtbot, "camera", "camera_test_image")
    assert not result.ok and result.detail == "no frame within 0.3 s"
    fresh.devices.sims.camera.set_lost(False)
    assert not backend.self_test_running()
    assert (_receivers(acceptor, "coin_credited(int,int)"), _receivers(camera, "frame_captured(PyObject)"),
            _receivers(reader, "code_read(QString)")) == counts
    assert not camera.running
    screen_session(fresh, qtbot)


def test_closing_the_menu_cancels_a_waiting_self_test(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    access, reader, sim = fresh.maintenance, fresh.devices.reader, fresh.devices.sims.cctalk
    before = (_receivers(reader, "code_read(QString)"), _receivers(fresh.devices.acceptor, "coin_credited(int,int)"))
    access.open()
    Driver(fresh, qtbot).wait_state("out_of_service")
    results: list[SelfTestResult] = []
    access.backend.self_test("barcode_reader", "read_test_code", results.append)
    access.backend.self_test("coin_acceptor", "accept_test_coin", results.append)  # cancels the first
    assert [r.detail for r in results] == ["cancelled"]
    qtbot.waitUntil(lambda: sim.master_inhibit_open, timeout=WAIT_MS)
    assert access.backend.self_test_running()
    access.menu.close_menu("user")
    assert [r.detail for r in results] == ["cancelled", "cancelled"]
    assert not access.backend.self_test_running()
    assert (_receivers(reader, "code_read(QString)"), _receivers(fresh.devices.acceptor, "coin_credited(int,int)")) \
        == before
    qtbot.waitUntil(lambda: not sim.master_inhibit_open, timeout=WAIT_MS)
    screen_session(fresh, qtbot, wrong_code_first=True)


# -- the PIN lockout and the audit trail ---------------------------------------------------------------------
def _menu_button(booth, name: str) -> QPushButton:  # type: ignore[no-untyped-def]
    button = booth.maintenance.menu.findChild(QPushButton, name)
    assert button is not None, name
    return button


def _enter_pin(booth, pin: str) -> None:  # type: ignore[no-untyped-def]
    for digit in pin:
        tap(_menu_button(booth, f"pin_key_{digit}"))
    tap(_menu_button(booth, "pin_ok"))


def _pin_message(booth) -> str:  # type: ignore[no-untyped-def]
    return booth.maintenance.menu.pin_message.text()


def _audit_kinds(booth) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.kind for e in booth.audit.recent(1000)]


def _raw_files(storage) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(p.read_bytes() for p in storage.iterdir() if p.is_file())


def test_a_restart_does_not_end_the_pin_lockout(booth_factory, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    storage = tmp_path / "booth"
    first = booth_factory(storage)
    qtbot.waitUntil(lambda: first.flow.current == "attract", timeout=WAIT_MS)
    first.maintenance.open()
    for _ in range(5):
        _enter_pin(first, "97531")
    assert "Locked" in _pin_message(first)
    first.maintenance.menu.close_menu("user")
    first.shutdown()  # the technician restarts the booth
    second = booth_factory(storage)
    qtbot.waitUntil(lambda: second.flow.current == "attract", timeout=WAIT_MS)
    second.maintenance.open()
    assert "Locked" in _pin_message(second)
    _enter_pin(second, "000000")  # the simulator's right PIN, refused while locked
    assert second.maintenance.menu.current_page() is None and "Locked" in _pin_message(second)
    second.maintenance.menu.close_menu("user")
    kinds = _audit_kinds(second)
    assert kinds.count("pin_wrong") == 4 and kinds.count("pin_locked") == 2 and kinds.count("started") == 2
    assert "unlocked" not in kinds
    assert b"97531" not in _raw_files(storage)  # never a PIN


def test_the_audit_trail_records_what_the_technician_did(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    screen_session(fresh, qtbot)  # a citizen first: nothing of theirs may reach the trail
    access = fresh.maintenance
    access.open()
    _enter_pin(fresh, "2468")
    _enter_pin(fresh, "000000")
    assert access.menu.current_page() == "devices"
    access.menu.show_page("money")
    for _ in range(2):
        tap(_menu_button(fresh, "collect_cash"))  # armed, then confirmed
    tap(_menu_button(fresh, "refill_plus_50"))
    tap(_menu_button(fresh, "refill_hopper"))
    access.menu.show_page("service")
    tap(_menu_button(fresh, "toggle_out_of_service"))  # back in service while the menu is open
    Driver(fresh, qtbot).wait_state("attract")
    tap(_menu_button(fresh, "toggle_out_of_service"))
    Driver(fresh, qtbot).wait_state("out_of_service")
    access.menu.show_page("events")
    audit_text = access.menu.pages["events"].audit_view.toPlainText()
    access.menu.close_menu("user")
    Driver(fresh, qtbot).wait_state("attract")
    events = fresh.audit.recent(1000)
    kinds = [e.kind for e in events]
    assert kinds[0] == "started"
    assert kinds[1:] == ["out_of_service", "pin_wrong", "unlocked", "cash_collected", "hopper_refilled",
                         "in_service", "out_of_service", "in_service"]
    assert events[1].detail == "maintenance" and events[-1].detail == "was: maintenance"
    assert events[4].amount_yen == 800 and (events[5].count, events[5].amount_yen) == (50, 5000)
    assert "cash_collected 800 yen" in audit_text and "hopper_refilled x50 5000 yen" in audit_text
    assert "unlocked" in audit_text and "in_service" not in audit_text.splitlines()[-1]
    audit_bytes = b"".join(p.read_bytes() for p in fresh.state_dir.glob("audit.db*"))
    assert b"2468" not in audit_bytes and TEST_ID.encode() not in audit_bytes and b"1985" not in audit_bytes


def test_a_failure_out_of_service_is_audited_with_its_reason(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    fresh.devices.sims.camera.set_lost(True)
    Driver(fresh, qtbot).wait_state("out_of_service")
    fresh.devices.sims.camera.set_lost(False)
    Driver(fresh, qtbot).wait_state("attract")
    events = [e for e in fresh.audit.recent(100) if e.kind in ("out_of_service", "in_service")]
    assert [e.kind for e in events] == ["out_of_service", "in_service"]
    assert events[0].detail == "camera down" and events[1].detail == "was: camera down"


def test_restart_and_exit_are_audited(fresh, qtbot) -> None:  # type: ignore[no-untyped-def]
    fresh.maintenance.backend.restart()
    assert fresh.exit_code == 75
    fresh.maintenance.backend.exit_kiosk()
    assert fresh.exit_code == 0
    assert _audit_kinds(fresh)[-2:] == ["restart", "exit"]
