"""A whole booth in simulator mode (real drivers on pty simulators, reference server on loopback) for e2e tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.app import Booth, Options
from tests.helpers.driver import TEST_BIRTH, TEST_ID, TODAY, WAIT_MS, Driver, make_config

__all__ = ["TEST_BIRTH", "TEST_ID", "TODAY", "WAIT_MS", "Driver", "make_config"]  # for tests not yet moved


@pytest.fixture(scope="module")
def booth_factory(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> Iterator[object]:
    """Builds booths in a temporary storage folder and shuts every one down at the end."""
    made: list[Booth] = []

    def build(storage: Path | None = None, **options: object) -> Booth:
        storage = storage or tmp_path_factory.mktemp("booth")
        settings: dict[str, object] = {"size": (1280, 800), "show_panel": False, "today": lambda: TODAY, **options}
        booth = Booth(make_config(storage), qapp, Options(**settings))  # type: ignore[arg-type]
        made.append(booth)
        booth.start()
        return booth

    yield build
    for booth in made:
        booth.shutdown()


@pytest.fixture(scope="module")
def booth(booth_factory) -> Booth:  # type: ignore[no-untyped-def]
    return booth_factory()


@pytest.fixture
def driver(booth: Booth, qtbot) -> Iterator[Driver]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: booth.flow.current in ("attract", "out_of_service") and booth.flow.current != "",
                    timeout=WAIT_MS)
    booth.devices.sims.cctalk.hopper_coins = 200  # a technician keeps the hopper filled
    _assert_balanced_and_idle(booth, qtbot)  # nothing of the test before spills into this one
    d = Driver(booth, qtbot)
    yield d
    # leave the booth at attract for the next test
    flow = booth.flow
    if booth.reception is not None:
        booth.reception.faults.clear()
        booth.reception.go_up()
    if flow.current in ("menu", "size", "notice", "payment", "scan", "details", "guide", "camera", "review",
                        "confirm"):
        flow.request(flow.current, "cancel")
    printer = booth.devices.sims.printer
    if printer is not None:
        printer.clear_faults()
        printer.release()
    if flow.current == "printed":
        flow.request("printed", "finish")
    if flow.current == "timeout":
        flow.request("timeout", "end")
    if flow.current == "sending":
        flow.timers.fire("send_wait")
    if flow.current == "done":
        flow.request("done", "finish")
    if flow.current == "cancel":
        d.finish_cancel()
    if flow.current == "out_of_service":
        qtbot.waitUntil(lambda: not booth.cashier.busy, timeout=WAIT_MS)  # its refund is out first
        flow.set_out_of_service(False)
    qtbot.waitUntil(lambda: flow.current == "attract", timeout=WAIT_MS)
    _assert_balanced_and_idle(booth, qtbot)  # this test's own refund ended within this test


def _assert_balanced_and_idle(booth: Booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At attract, no payout running, no session open in the ledger, every yen accounted for, intake shut."""
    qtbot.waitUntil(lambda: booth.flow.current == "attract" and not booth.cashier.busy, timeout=WAIT_MS)
    assert booth.cashier.txn is None and not booth.flow.session.txn_id
    assert booth.ledger.interrupted() == []
    check = booth.ledger.balance_check()
    assert check.ok and check.open_yen == 0, check
    qtbot.waitUntil(lambda: not booth.devices.sims.cctalk.master_inhibit_open, timeout=WAIT_MS)


@pytest.fixture
def log_lines(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="kiosk")
    logging.getLogger("kiosk").propagate = True
    return caplog
