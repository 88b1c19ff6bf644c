"""The audit trail: append-only on a real SQLite file, durable across reopening, nothing personal stored."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.store.audit import DETAIL_CHARS, KINDS, AuditLog, clean_detail


class Clock:
    def __init__(self) -> None:
        self.now_s = 1_800_000_000.0

    def __call__(self) -> float:
        self.now_s += 1
        return self.now_s


def test_records_come_back_oldest_first_and_survive_reopening(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "audit.db"
    log = AuditLog(path, clock=Clock())
    log.record("unlocked")
    log.record("cash_collected", amount_yen=1300)
    log.record("hopper_refilled", amount_yen=5000, count=50)
    log.record("out_of_service", "maintenance, camera down")
    log.close()
    log = AuditLog(path)
    events = log.recent(10)
    assert [e.kind for e in events] == ["unlocked", "cash_collected", "hopper_refilled", "out_of_service"]
    assert events[1].amount_yen == 1300 and events[2].count == 50
    assert events[3].detail == "maintenance, camera down"
    assert [e.kind for e in log.recent(2)] == ["hopper_refilled", "out_of_service"]
    assert "hopper_refilled x50 5000 yen" in events[2].line()
    assert events[3].line().endswith("out_of_service (maintenance, camera down)")
    log.close()


def test_rows_can_be_neither_changed_nor_deleted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "audit.db"
    log = AuditLog(path)
    log.record("pin_wrong", count=1)
    log.close()
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_events SET kind = 'unlocked'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_events")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO audit_events (ts_s, kind) VALUES (0, 'made_up')")
    assert db.execute("SELECT kind, count FROM audit_events").fetchall() == [("pin_wrong", 1)]
    db.close()


def test_unknown_kinds_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = AuditLog(tmp_path / "audit.db")
    with pytest.raises(ValueError, match="unknown audit kind"):
        log.record("pin_entered")
    assert log.recent(5) == []
    log.close()


@pytest.mark.parametrize(("text", "stored"), [
    ("31415926535897932384626", "#"),  # an application ID
    ("born 1985-04-12", "born #-04-12"),  # a birth date: the year goes, the rest says nothing
    ("pin 0000 then 135790", "pin # then #"),
    ("coin acceptor fault 254", "coin acceptor fault 254"),  # short codes stay
    ("申請書ID\nline", "???ID?line"),
])
def test_details_never_hold_long_digit_runs_nor_control_characters(text: str, stored: str) -> None:
    assert clean_detail(text) == stored


def test_details_are_cut_short(tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = AuditLog(tmp_path / "audit.db")
    event = log.record("out_of_service", "x" * 1000)
    assert len(event.detail) == DETAIL_CHARS and log.recent(1)[0].detail == event.detail
    log.close()


def test_every_kind_can_be_recorded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = AuditLog(tmp_path / "audit.db")
    for kind in KINDS:
        log.record(kind)
    assert [e.kind for e in log.recent(len(KINDS))] == list(KINDS)
    log.close()


def test_a_trail_of_an_older_version_gains_the_new_kinds_and_keeps_its_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "audit.db"
    old_kinds = [k for k in KINDS if k != "money_settled"]
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE audit_events (id INTEGER PRIMARY KEY AUTOINCREMENT, ts_s REAL NOT NULL, kind TEXT NOT "
               f"NULL CHECK (kind IN ({', '.join(repr(k) for k in old_kinds)})), detail TEXT NOT NULL DEFAULT '', "
               f"amount_yen INTEGER, count INTEGER)")
    db.execute("INSERT INTO audit_events (ts_s, kind, detail) VALUES (1.0, 'unlocked', '')")
    db.commit()
    db.close()
    log = AuditLog(path, clock=Clock())
    log.record("money_settled", "owed ABCDEFGH", amount_yen=800)
    assert [e.kind for e in log.recent(5)] == ["unlocked", "money_settled"]
    with pytest.raises(sqlite3.DatabaseError):
        log._db.execute("DELETE FROM audit_events")  # still append-only
