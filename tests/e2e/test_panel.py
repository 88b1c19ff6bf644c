"""The simulator panel: a technician plays the citizen and every fault with the panel's buttons alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.helpers.driver import WAIT_MS, Driver


@pytest.fixture(scope="module")
def panel_booth(booth_factory):  # type: ignore[no-untyped-def]
    return booth_factory(show_panel=True)


@pytest.fixture
def panel(panel_booth, qtbot):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel_booth.flow.current == "attract", timeout=WAIT_MS)
    panel_booth.devices.sims.cctalk.hopper_coins = 200
    yield panel_booth.panel
    flow = panel_booth.flow
    for name in ("sim_camera_back", "sim_scanner_replug", "sim_server_up", "sim_server_normal"):
        panel_booth.panel.findChild(QPushButton, name).click()
    if flow.current not in ("attract", "out_of_service"):
        flow.request(flow.current, "cancel")
        qtbot.waitUntil(lambda: not panel_booth.cashier.busy, timeout=WAIT_MS)
        flow.request("cancel", "finish")
    qtbot.waitUntil(lambda: flow.current == "attract", timeout=WAIT_MS)


def click(panel, qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    button = panel.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_coins_from_the_panel_pay_the_fee(panel_booth, panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    d = Driver(panel_booth, qtbot)
    d.to("payment")
    qtbot.waitUntil(lambda: panel_booth.devices.sims.cctalk.master_inhibit_open, timeout=WAIT_MS)
    click(panel, qtbot, "sim_coin_500")
    qtbot.waitUntil(lambda: panel_booth.flow.session.credit_yen == 500, timeout=WAIT_MS)
    for _ in range(3):
        credit = panel_booth.flow.session.credit_yen
        click(panel, qtbot, "sim_coin_100")
        qtbot.waitUntil(lambda c=credit: panel_booth.flow.session.credit_yen == c + 100, timeout=WAIT_MS)
    d.wait_state("scan")
    click(panel, qtbot, "sim_qr_shop_url")
    qtbot.waitUntil(lambda: panel_booth.flow.session.scan_failures == 1, timeout=WAIT_MS)
    click(panel, qtbot, "sim_qr_valid_url")
    d.wait_state("details")


@pytest.mark.parametrize("fault, restore, reason", [
    ("sim_camera_lost", "sim_camera_back", "camera down"),
    ("sim_scanner_unplug", "sim_scanner_replug", "barcode_reader down"),
    ("sim_cctalk_unplug", "sim_cctalk_replug", "coin_acceptor down"),
])
def test_each_device_fault_puts_the_booth_out_of_service_and_back(panel_booth, panel, qtbot, fault: str,
                                                                   restore: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    click(panel, qtbot, fault)
    qtbot.waitUntil(lambda: panel_booth.flow.current == "out_of_service", timeout=WAIT_MS)
    assert reason in panel_booth.flow.out_of_service_reasons()
    click(panel, qtbot, restore)
    qtbot.waitUntil(lambda: panel_booth.flow.current == "attract", timeout=WAIT_MS)


def test_network_down_from_the_panel_queues_the_application(panel_booth, panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    click(panel, qtbot, "sim_server_down")
    d = Driver(panel_booth, qtbot)
    d.to("sending")
    panel_booth.flow.timers.fire("send_wait")
    d.wait_state("done")
    assert panel_booth.flow.session.outcome == "queued"
    panel_booth.flow.request("done", "finish")
    click(panel, qtbot, "sim_server_up")
    panel_booth.submitter.wake()
    qtbot.waitUntil(lambda: panel_booth.outbox.depth() == 0, timeout=WAIT_MS)


def test_hopper_empty_from_the_panel_means_no_change(panel_booth, panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    click(panel, qtbot, "sim_hopper_empty")
    d = Driver(panel_booth, qtbot)
    d.to("payment")
    qtbot.waitUntil(lambda: not panel_booth.cashier.change_available or panel_booth.devices.hopper.level.value
                    in ("empty", "low"), timeout=WAIT_MS)
    click(panel, qtbot, "sim_hopper_refill")


def test_a_note_from_the_panel_pays_the_fee_and_a_bill_fault_shows(panel_booth, panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    sim = panel_booth.devices.sims.bills
    d = Driver(panel_booth, qtbot)
    d.to("payment")
    bv = panel_booth.devices.bill_validator
    qtbot.waitUntil(lambda: sim.phase == "idling" and not bv._settings_dirty, timeout=WAIT_MS)
    click(panel, qtbot, "sim_note_1000")
    d.wait_state("scan")
    assert (panel_booth.flow.session.paid_yen, panel_booth.flow.session.change_yen) == (1000, 200)
    click(panel, qtbot, "sim_bill_stacker_full")
    qtbot.waitUntil(lambda: not bv.health.ok, timeout=WAIT_MS)
    click(panel, qtbot, "sim_bill_clear")
    qtbot.waitUntil(lambda: bv.health.ok, timeout=WAIT_MS)
