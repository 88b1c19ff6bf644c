"""The hopper estimate in a whole booth (simulator mode): first fill, a test coin, a refill, the menu and metrics."""

from __future__ import annotations

from kiosk.ui.maintenance import SelfTestResult
from tests.helpers.driver import WAIT_MS


def _metric(booth, name: str) -> float:  # type: ignore[no-untyped-def]
    booth.fleet.poll()
    for line in booth.fleet.metrics.render().decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(name)


def test_estimate_in_the_menu_and_metrics(booth_factory, qtbot) -> None:  # type: ignore[no-untyped-def]
    booth = booth_factory()
    qtbot.waitUntil(lambda: booth.flow.current == "attract", timeout=WAIT_MS)
    backend = booth.maintenance.backend
    sim = booth.devices.sims.cctalk
    assert booth.ledger.has_refill()  # the simulated hopper's first fill was recorded
    assert backend.cash_totals().hopper_coins == sim.hopper_coins == 200
    assert _metric(booth, "kiosk_hopper_coins") == 200
    results: list[SelfTestResult] = []
    backend.self_test("hopper", "pay_one_coin", results.append)
    qtbot.waitUntil(lambda: len(results) == 1, timeout=WAIT_MS)
    assert results[0].ok and backend.cash_totals().hopper_coins == 199 == sim.hopper_coins
    backend.refill_hopper(50)
    money = booth.maintenance.menu.pages["money"]
    money.refresh()
    assert "249 枚" in money.totals_label.text() and "Hopper low" not in money.totals_label.text()
    assert _metric(booth, "kiosk_hopper_coins") == 249 and _metric(booth, "kiosk_hopper_low") == 0
    booth.hopper_stock.record_refill(-240)  # the technician took most of them out again
    money.refresh()
    assert "9 枚" in money.totals_label.text() and "Hopper low" in money.totals_label.text()
    assert _metric(booth, "kiosk_hopper_coins") == 9 and _metric(booth, "kiosk_hopper_low") == 1
