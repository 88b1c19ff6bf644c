"""The money ledger: append-only, balances, interrupted payouts, totals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.store.ids import LENGTH
from kiosk.store.ledger import Ledger, TxnInUse


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


def test_a_session_id_used_before_is_refused(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    led.opened("t1")
    led.closed("t1")
    with pytest.raises(TxnInUse):
        led.opened("t1")  # a closed session's rows would hide the new one from recovery
    assert led.interrupted() == []


def test_a_repeated_draw_opens_under_another_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sessions drawing the same random id: the second gets another, so recovery still sees its credit."""
    draws = iter(["same", "same", "other"])
    monkeypatch.setattr("kiosk.store.ledger.new_id", lambda: next(draws))
    led = Ledger(tmp_path / "ledger.db")
    first = led.open_session()
    led.credited(first, 500, 1)
    led.charged(first, 500)
    led.closed(first)
    second = led.open_session()
    led.credited(second, 100, 2)
    assert (first, second) == ("same", "other")
    assert [(s.txn, s.balance_yen) for s in led.interrupted()] == [("other", 100)]


def test_fresh_ids_are_long_letters(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    ids = {led.open_session() for _ in range(50)}
    assert len(ids) == 50 and all(len(i) == LENGTH and i.isalpha() and i.islower() for i in ids)
    assert led.open_session(prefix="stray-").startswith("stray-")


def test_a_fee_is_owed_once_and_only_when_charged(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    txn = led.open_session()
    led.credited(txn, 500, 1)
    led.credited(txn, 500, 2)
    assert not led.owed(txn, 800, "RC1")  # not charged yet: nothing owed
    led.charged(txn, 800)
    assert led.owed(txn, 800, "RC1")
    assert not led.owed(txn, 800, "RC1")  # a second refusal of the same session owes nothing more
    led.unpaid(txn, 200, "RC2")
    led.closed(txn)
    assert [(o.kind, o.receipt_code, o.amount_yen) for o in led.outstanding()] == [
        ("owed", "RC1", 800), ("unpaid", "RC2", 200)]
    check = led.balance_check()
    assert check.ok and check.charged_yen == 800  # owed money is still in the cash box
    first = led.outstanding()[0]
    assert led.settled(first.row_id) == first
    assert [o.kind for o in led.outstanding()] == ["unpaid"]
    assert led.totals().settled_yen == 800 and led.totals().owed == [] and led.totals().unpaid == [("RC2", 200)]


def test_an_unbalanced_ledger_is_seen(tmp_path: Path) -> None:
    """The check is shown ledgers that do not add up, both ways, and open credit counted only when positive."""
    led = Ledger(tmp_path / "ledger.db")
    led.opened("t1")
    led.credited("t1", 500, 1)
    led.closed("t1")  # closed holding 500 yen never charged nor paid back: money unaccounted for
    check = led.balance_check()
    assert not check.ok and (check.inserted_yen, check.open_yen) == (500, 0)
    led.charged("t1", 500)
    assert led.balance_check().ok
    led.opened("t2")
    led.charged("t2", 100)  # charged without any credit: more out than in, and an open session below zero
    check = led.balance_check()  # 500 in, 600 charged; the open -100 must not hide it
    assert not check.ok and check.open_yen == 0 and check.charged_yen == 600
    led.credited("t2", 100, 2)
    led.credited("t2", 50, 3)
    check = led.balance_check()
    assert check.ok and check.open_yen == 50  # 650 in: 600 charged and 50 still open


def test_each_service_is_counted_on_its_own_until_the_cash_is_collected(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    for txn, fee, service in (("a", 800, "my_number"), ("b", 800, "idphoto:30x40"), ("c", 900, "idphoto:35x45"),
                              ("d", 800, "idphoto:30x40")):
        led.credited(txn, fee, None)
        led.charged(txn, fee, service)
    led.credited("e", 800, None)
    led.charged("e", 800)  # the card application, as every charge was before services were kept
    assert led.charged_by_service() == {"idphoto:30x40": (2, 1600), "idphoto:35x45": (1, 900),
                                        "my_number": (2, 1600)}
    led.collection(5700)
    assert led.charged_by_service() == {}


def test_totals_count_the_stacked_notes_since_the_stacker_was_emptied(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "ledger.db")
    for i, txn in enumerate(("n1", "n2", "n3")):
        led.opened(txn)
        led.note_escrowed(txn, 1000, f"note-{i}")
        led.note_stacking(txn, 1000, f"note-{i}")
        led.note_credited(txn, 1000, f"note-{i}")
        if i == 0:
            led.stacker_collection(1, 1000)  # the first note was taken out with the stacker
    led.credited("n3", 100, 1)  # a coin is not a note
    t = led.totals()
    assert (t.stacker_notes, t.stacker_yen) == (2, 2000)
    assert t.cash_box_yen == {100: 100}
