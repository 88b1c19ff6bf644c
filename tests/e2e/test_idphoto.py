"""The print service through the whole booth in simulator mode: size, payment at that size's fee, the photo at
that size's geometry, the sheet on the simulated printer; the menu greys it while the printer is down; a print
that fails after payment is tried again, then refunded."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from kiosk.app import Booth
from kiosk.devices.printer import JOB_ABORTED
from kiosk.devices.sim.printer import SimPrinter
from kiosk.photo import sheet, sizes
from tests.helpers.driver import WAIT_MS, Driver
from tests.unit.test_print_sheet import count_photos


@pytest.fixture
def printer(booth: Booth, driver: Driver) -> Iterator[SimPrinter]:
    p = booth.devices.sims.printer
    assert isinstance(p, SimPrinter)
    p.print_s = 0.05
    p.clear_faults()
    p.release()
    yield p
    p.clear_faults()
    p.release()
    flow = booth.flow
    if flow.current == "size":
        flow.request("size", "cancel")
    if flow.current == "printed":
        flow.request("printed", "finish")


def _to_review(d: Driver, size_id: str) -> None:
    d.wait_state("attract")
    d.qtbot.waitUntil(lambda: d.flow.devices_ok() and d.flow.guard_printer_ready(), timeout=WAIT_MS)
    d.request("attract", "start", then="menu")
    d.request("menu", "idphoto", then="size")
    d.request("size", "choose", size_id, then="payment")
    fee = sizes.get(size_id).fee_yen
    assert d.flow.view.fee_yen == fee
    coins = (500,) + (100,) * ((fee - 500) // 100)
    d.qtbot.waitUntil(lambda: d.sims.cctalk.master_inhibit_open, timeout=WAIT_MS)
    for coin in coins:
        before = d.flow.session.credit_yen
        assert d.sims.cctalk.insert_coin(coin)
        d.qtbot.waitUntil(lambda b=before: d.flow.session.credit_yen > b or d.flow.current != "payment",
                          timeout=WAIT_MS)
    d.wait_state("guide")
    d.request("guide", "ready", then="camera")
    d.shoot()


def test_a_print_session_at_30x40_prints_one_sheet_and_charges_its_fee(booth: Booth, driver: Driver,
                                                                        printer: SimPrinter) -> None:
    size = sizes.get("30x40")
    before = sorted(printer.out_dir.glob("job-*.jpg"))
    _to_review(driver, "30x40")
    s = booth.flow.session
    txn = s.txn_id
    assert s.photo.jpeg is not None
    with Image.open(io.BytesIO(bytes(s.photo.jpeg))) as im:
        assert im.size == size.pixels(300)  # the photo at the size's frame and the printer's resolution
    a = s.photo.assessment
    assert a.results["face_size"].threshold == (size.crown_chin_min_mm, size.crown_chin_max_mm)
    driver.request("review", "accept", then="printing")
    driver.wait_state("printed")
    assert s.outcome == "printed" and s.print_copies == 4
    jobs = sorted(printer.out_dir.glob("job-*.jpg"))
    assert len(jobs) == len(before) + 1
    data = jobs[-1].read_bytes()
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (1051, 1500) and im.info["dpi"] == pytest.approx((300, 300))
        rgb = np.array(im)
    assert count_photos(rgb, size.pixels(300)) == 4
    assert sheet.metadata_of(data) == []
    assert booth.ledger.charged_total(txn) == size.fee_yen
    assert booth.ledger.charged_by_service()["idphoto:30x40"][0] >= 1  # the ledger counts the service apart
    services = {name: (n, yen) for name, n, yen in booth.maintenance.backend.cash_totals().services}
    assert services["idphoto:30x40"][1] == services["idphoto:30x40"][0] * size.fee_yen  # the maintenance view
    from prometheus_client import generate_latest

    metrics = generate_latest(booth.fleet.metrics.registry).decode()
    assert 'kiosk_service_sessions_total{outcome="printed",service="idphoto"}' in metrics
    assert 'kiosk_service_sessions_total{outcome="printed",service="idphoto"} 0.0' not in metrics
    screens = list(s.screens)
    assert screens[:4] == ["menu", "size", "payment", "guide"] and screens[-2:] == ["printing", "printed"]
    driver.request("printed", "finish", then="attract")
    assert booth.cashier.fee_yen == booth.cfg.booth.fee_yen  # the next session starts at the card's fee


def test_the_menu_greys_the_print_service_while_the_printer_is_down(booth: Booth, driver: Driver,
                                                                    printer: SimPrinter) -> None:
    driver.wait_state("attract")
    driver.request("attract", "start", then="menu")
    menu = booth.window.screens["menu"]
    assert menu.id_photo.isEnabled()
    printer.set_fault("media-empty")
    driver.qtbot.waitUntil(lambda: not menu.id_photo.isEnabled(), timeout=WAIT_MS)
    assert "用紙切れ" in menu.id_photo_reason.text()
    assert not booth.flow.request("menu", "idphoto")  # refused: the service is not offered
    assert booth.flow.current == "menu"
    printer.clear_faults()
    driver.qtbot.waitUntil(lambda: menu.id_photo.isEnabled(), timeout=WAIT_MS)
    assert menu.id_photo_reason.text() == ""
    driver.request("menu", "my_number", then="notice")  # the card application was there all along


def test_a_print_failing_once_is_sent_again(booth: Booth, driver: Driver, printer: SimPrinter) -> None:
    _to_review(driver, "24x30")
    printer.abort_next()
    driver.request("review", "accept", then="printing")
    driver.wait_state("printed")
    s = booth.flow.session
    assert s.print_attempts == 2 and s.outcome == "printed" and s.print_copies == 9
    assert s.print_reason == JOB_ABORTED
    driver.request("printed", "finish", then="attract")


def test_a_print_that_cannot_be_made_after_payment_is_refunded(booth: Booth, driver: Driver,
                                                               printer: SimPrinter) -> None:
    _to_review(driver, "35x45")
    printer.hold()
    with driver.qtbot.waitSignal(printer.job_state_changed, timeout=WAIT_MS):
        assert booth.flow.request("review", "accept")
    printer.set_fault("marker-supply-empty")  # the ribbon runs out mid-job: the printer is down, no retry
    driver.wait_state("cancel")
    s = booth.flow.session
    assert s.outcome == "print_failed" and s.print_reason == "marker-supply-empty" and s.print_attempts == 1
    driver.qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
    assert s.refunded_yen == sizes.get("35x45").fee_yen and not s.unpaid_receipt
    driver.finish_cancel()


def test_a_booth_failing_mid_print_refunds_and_cancels_the_sheet(booth: Booth, driver: Driver,
                                                                 printer: SimPrinter) -> None:
    before = set(printer.out_dir.glob("job-*.jpg"))
    driver.to_print("printing")
    credit = booth.flow.session.credit_yen
    with driver.qtbot.waitSignal(printer.job_finished, timeout=WAIT_MS) as blocker:
        booth.flow.fail("injected")
    assert blocker.args[0].reason == "job-canceled"
    driver.wait_state("out_of_service")
    driver.qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)
    printer.release()
    assert set(printer.out_dir.glob("job-*.jpg")) == before  # nothing comes out for a refunded citizen
    assert credit == sizes.get("35x45").fee_yen


def test_a_receipt_on_request_after_the_print_and_only_one(booth: Booth, driver: Driver,
                                                           printer: SimPrinter) -> None:
    from kiosk.devices.receipt import SimReceiptPrinter

    receipts = booth.devices.receipt
    assert isinstance(receipts, SimReceiptPrinter)
    driver.to_print("printed", "30x40")
    screen = booth.window.screens["printed"]
    assert screen.receipt.isVisible() and screen.receipt.isEnabled()
    with driver.qtbot.waitSignal(receipts.receipt_printed, timeout=WAIT_MS) as blocker:
        assert booth.flow.request("printed", "receipt")
    number, ok, _ = blocker.args
    assert ok and number == booth.flow.session.receipt_number
    assert (receipts.out_dir / f"receipt-{number}.bin").read_bytes().count(b"\x1dv0") >= 1
    assert not booth.flow.request("printed", "receipt")  # one receipt per session
    assert not screen.receipt.isEnabled()
    driver.request("printed", "finish", then="attract")
