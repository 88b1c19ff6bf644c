"""The money ledger: append-only, balances, interrupted payouts, totals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.store.ledger import Ledger


def test_session_balance_and_check(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    led.opened("t1")
    for c, v in enumerate((500, 500), start=1):
        led.credited("t1", v, c)
    assert led.balance("t1") == 1000
    led.charged("t1", 800)
    pid = led.payout_started("t1", 2, 100, "change", 7)
    assert led.pending_payout("t1") is not None
    led.payout_finished("t1", pid, "change", 1, 100, 8)
    led.unpaid("t1", 100, "ABCDEFGH")
    led.closed("t1")
    assert led.balance("t1") == 0 and led.pending_payout("t1") is None
    check = led.balance_check()
    assert check.ok and (check.inserted_yen, check.charged_yen, check.change_yen, check.unpaid_yen) == (
        1000,
        800,
        100,
        100,
    )
    assert led.last_acceptor_counter() == 2 and led.last_hopper_lifetime() == 8
    assert led.interrupted() == []
    totals = led.totals()
    assert totals.cash_box_yen == {500: 1000} and totals.unpaid == [("ABCDEFGH", 100)]


def test_rows_cannot_be_changed_or_deleted(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    led.credited("t1", 100, 1)
    with pytest.raises(sqlite3.DatabaseError):
        led._db.execute("UPDATE money_events SET amount_yen = 0")
    with pytest.raises(sqlite3.DatabaseError):
        led._db.execute("DELETE FROM money_events")


def test_interrupted_session_survives_reopening(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    led.opened("t2")
    led.credited("t2", 100, 3)
    led.payout_started("t2", 1, 100, "refund", 40)
    led.close()
    again = Ledger(tmp_path / "ledger.db")
    [session] = again.interrupted()
    assert session.txn == "t2" and session.balance_yen == 100
    assert session.pending is not None and session.pending.lifetime_before == 40
    check = again.balance_check()
    assert check.ok and check.open_yen == 100


def test_refill_and_collection_totals(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    led.refill(50, 100)
    led.credited("t", 100, 1)
    led.collection(100)
    led.credited("t", 10, 2)
    t = led.totals()
    assert t.cash_box_yen == {10: 10} and t.hopper_coins_estimate == 50


def test_a_ledger_of_an_older_version_is_migrated_row_for_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from kiosk.store.ledger import _SCHEMA

    path = tmp_path / "ledger.db"
    old = sqlite3.connect(path)
    old.executescript(_SCHEMA.replace("'counter', ", ""))  # the version before 'counter' existed
    old.execute("INSERT INTO money_events (ts_s, txn, kind, amount_yen, coin_yen) VALUES (1.0, 't1', 'opened', 0, NULL)")
    old.execute("INSERT INTO money_events (ts_s, txn, kind, amount_yen, coin_yen) VALUES (2.0, 't1', 'credited', 500, 500)")
    old.commit()
    old.close()
    ledger = Ledger(path)
    assert ledger.credit("t1") == 500
    ledger.counter_noted(7)
    assert ledger.last_acceptor_counter() == 7
    with pytest.raises(sqlite3.DatabaseError):
        ledger._db.execute("DELETE FROM money_events")  # still append-only
    ledger.close()
