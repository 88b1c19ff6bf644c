"""Regressions for what the soak and crash campaigns found, replayed deterministically on a simulator booth."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.app import Booth, Options
from kiosk.config import load

WAIT_MS = 15000


@pytest.fixture
def booth(tmp_path: Path, qapp: QApplication) -> Iterator[Booth]:
    cfg = load(None, simulate=True)
    cfg = dataclasses.replace(cfg, storage=dataclasses.replace(cfg.storage, dir=str(tmp_path)))
    b = Booth(cfg, qapp, Options(size=(1280, 800), show_panel=False, today=lambda: date(2026, 11, 29)))
    b.start()
    yield b
    b.shutdown()


def test_a_payout_of_an_earlier_session_does_not_pay_for_this_one(booth: Booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Soak finding: a coin credited after the fee was reached is paid back when its session ends; that payout
    finishing while the next citizen stands on the payment screen let them through without paying."""
    flow = booth.flow
    qtbot.waitUntil(lambda: flow.current == "attract" and flow.devices_ok(), timeout=WAIT_MS)
    assert (
        flow.request("attract", "start")
        and flow.request("menu", "my_number")
        and flow.request("notice", "agree")
    )
    qtbot.waitUntil(lambda: flow.current == "payment", timeout=WAIT_MS)
    booth.cashier.payout_finished.emit(500, 0, "")  # the earlier session's refund of its late coin
    for _ in range(3):  # the state machine takes its transitions from posted events
        QApplication.processEvents()
    assert flow.current == "payment" and flow.session.change_yen == 0
    # the citizen's own payment still goes through
    bus = booth.devices.sims.cctalk
    qtbot.waitUntil(lambda: bus.master_inhibit_open, timeout=WAIT_MS)
    for coin in (500, 100, 100, 100):
        before = flow.session.credit_yen
        qtbot.waitUntil(lambda c=coin: bus.accepting(c), timeout=15000)  # polled lately
        assert bus.insert_coin(coin)
        qtbot.waitUntil(lambda b=before: flow.session.credit_yen > b, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: flow.current == "scan", timeout=WAIT_MS)
    assert booth.ledger.credit(flow.session.txn_id) == 800
