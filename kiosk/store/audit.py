"""The audit trail: an append-only SQLite journal of what a technician or the service did to the booth.

Unlocks, wrong PINs, lockouts, out of service (entering and leaving, with the reason), start, stop, restart,
exit, cash collection and hopper refill. Rows are never updated nor deleted (triggers refuse it, as in the money
ledger). Nothing personal goes in: callers pass a kind, a short reason and numbers; the reason is cut short and
every run of four or more digits in it is masked, so neither a PIN, an application ID nor a birth date can be
written by mistake.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.db import open_db, widen_kinds

KINDS = (
    "started",  # the booth started (detail: version)
    "stopped",  # the booth stopped on a signal (detail: SIGTERM, SIGINT)
    "unlocked",  # the maintenance PIN was accepted
    "pin_wrong",  # a wrong PIN (count: wrong tries in a row)
    "pin_locked",  # too many wrong tries: the PIN pad is locked (count: wrong tries in a row)
    "out_of_service",  # the booth went out of service (detail: the reasons)
    "in_service",  # the booth is back in service (detail: the reasons it had been out for)
    "restart",  # the technician restarted the booth
    "exit",  # the technician left kiosk mode
    "cash_collected",  # the cash box was emptied (amount_yen)
    "hopper_refilled",  # coins put into the hopper (count: coins, amount_yen)
    "money_settled",  # staff paid an outstanding amount by hand (detail: kind and receipt code, amount_yen)
)
DETAIL_CHARS = 200
_DIGIT_RUN = re.compile(r"\d{4,}")
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts_s REAL NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ({", ".join(repr(k) for k in KINDS)})),
    detail TEXT NOT NULL DEFAULT '',
    amount_yen INTEGER,
    count INTEGER
);
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""


def clean_detail(text: str) -> str:
    """The reason as stored: printable ASCII, at most DETAIL_CHARS, every run of 4+ digits masked as '#'."""
    return _DIGIT_RUN.sub("#", _UNPRINTABLE.sub("?", text))[:DETAIL_CHARS]


@dataclass(frozen=True)
class AuditEvent:
    id: int
    ts_s: float
    kind: str
    detail: str = ""
    amount_yen: int | None = None
    count: int | None = None

    def line(self) -> str:
        """One line for the maintenance menu: local time, kind, figures, reason."""
        parts = [time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.ts_s)), self.kind]
        if self.count is not None:
            parts.append(f"x{self.count}")
        if self.amount_yen is not None:
            parts.append(f"{self.amount_yen} yen")
        if self.detail:
            parts.append(f"({self.detail})")
        return " ".join(parts)


class AuditLog:
    """One connection, used from the GUI thread; each record() is one durable transaction."""

    def __init__(self, path: Path | None, clock: Callable[[], float] = time.time) -> None:
        self._db = open_db(path)
        self._migrate()
        self._db.executescript(_SCHEMA)
        self._clock = clock

    def _migrate(self) -> None:
        """A trail written by an older version (a narrower CHECK on the kinds) gains the new ones, rows kept."""
        widen_kinds(self._db, "audit_events", _SCHEMA, KINDS)

    def record(self, kind: str, detail: str = "", *, amount_yen: int | None = None,
               count: int | None = None) -> AuditEvent:
        """Append one event (durable when this returns); the detail is cleaned first (clean_detail)."""
        if kind not in KINDS:
            raise ValueError(f"unknown audit kind {kind!r}")
        ts, text = self._clock(), clean_detail(detail)
        cur = self._db.execute(
            "INSERT INTO audit_events (ts_s, kind, detail, amount_yen, count) VALUES (?, ?, ?, ?, ?)",
            (ts, kind, text, amount_yen, count),
        )
        return AuditEvent(int(cur.lastrowid or 0), ts, kind, text, amount_yen, count)

    def recent(self, limit: int) -> list[AuditEvent]:
        """The newest events, oldest first."""
        rows = self._db.execute(
            "SELECT id, ts_s, kind, detail, amount_yen, count FROM audit_events ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [AuditEvent(int(r[0]), float(r[1]), str(r[2]), str(r[3]), r[4], r[5]) for r in reversed(rows)]

    def close(self) -> None:
        self._db.close()
