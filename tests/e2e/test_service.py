"""The service side on a whole simulated booth: metrics after a session, the maintenance backend's actions."""

from __future__ import annotations

import urllib.request

from kiosk.ui.maintenance import SelfTestResult
from tests.e2e.conftest import TEST_ID, WAIT_MS, Driver


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
    assert "kiosk_outbox_depth 0.0" in text
    assert TEST_ID not in text


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
