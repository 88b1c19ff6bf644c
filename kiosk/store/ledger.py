"""The money ledger: an append-only SQLite journal of every coin in and out, written before a coin shows."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kiosk.store.db import open_db, widen_kinds
from kiosk.store.health import LOW_SPACE_BYTES, free_bytes, release_reserve
from kiosk.store.ids import new_id

KINDS = (
    "counter",
    "opened",
    "closed",
    "credited",
    "charged",
    "payout_started",
    "change_paid",
    "refunded",
    "unpaid",
    "collection",
    "refill",
    "owed",
    "settled",
    "note_escrowed",
    "note_stacking",
    "note_returned",
    "note_in_doubt",
    "stacker_collection",
)
OUT_KINDS = ("charged", "change_paid", "refunded", "unpaid")
# 'owed' moves a charged fee into what the booth owes a citizen (their application was refused after it was
# charged): the money stays in the cash box, so it is part of 'charged' for the balance. 'settled' records that
# staff paid an unpaid or owed amount by hand (payout_ref: the row settled), out of the cash box.
# Notes (note_id names one note from escrow to its end): 'note_escrowed' a note waits in the validator's escrow
# (not money yet), 'note_stacking' the booth sent it to the stacker, 'credited' with a note_id the stacked note
# counts (like a coin), 'note_returned' it went back to the citizen, 'note_in_doubt' its fate is unknown (a jam,
# a power cut while stacking: a receipt code for staff, who check the stacker). None of these but 'credited'
# is money of the balance; 'stacker_collection' the cash box of notes was emptied.
NOTE_ENDS = ("credited", "note_returned", "note_in_doubt")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS money_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts_s REAL NOT NULL,
    txn TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ({", ".join(repr(k) for k in KINDS)})),
    amount_yen INTEGER NOT NULL DEFAULT 0,
    coin_yen INTEGER,
    coins INTEGER,
    counter INTEGER,
    lifetime INTEGER,
    payout_ref INTEGER REFERENCES money_events(id),
    purpose TEXT,
    receipt TEXT,
    note_id TEXT
);
CREATE INDEX IF NOT EXISTS money_events_txn ON money_events(txn);
CREATE INDEX IF NOT EXISTS money_events_note ON money_events(note_id);
CREATE TRIGGER IF NOT EXISTS money_events_no_update BEFORE UPDATE ON money_events
    BEGIN SELECT RAISE(ABORT, 'the money ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS money_events_no_delete BEFORE DELETE ON money_events
    BEGIN SELECT RAISE(ABORT, 'the money ledger is append-only'); END;
"""


class TxnInUse(Exception):
    """A session id that the ledger already holds rows of (a repeated random draw)."""


class LedgerWriteError(Exception):
    """A money record could not be written (storage full, read-only or failing); nothing of it was kept."""


_W = TypeVar("_W", bound=Callable[..., Any])


def _write(method: _W) -> _W:
    """A write that either lands durably or raises LedgerWriteError (never a half-written transaction).

    When the disk is full, the reserve beside the stores is released once and the write tried again: the records
    that settle money already taken (a refund) must still fit.
    """

    @functools.wraps(method)
    def wrapper(self: Ledger, *args: Any, **kwargs: Any) -> Any:
        reserve_used = False
        for attempt in (1, 2):
            try:
                result = method(self, *args, **kwargs)
            except sqlite3.OperationalError as exc:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                full = _looks_full(exc, self.path)
                if attempt == 1 and full and self.path is not None and release_reserve(self.path.parent):
                    reserve_used = True
                    continue
                problem = "storage full" if full else _write_problem(exc)
                for listener in self.write_failed:
                    listener(problem)
                raise LedgerWriteError(f"ledger write failed: {problem}") from None
            if reserve_used:  # this write fit in the reserve; the next ones may not. Told only now that it has
                # landed: a listener (the booth going out of service and settling the session) must see it
                for listener in self.write_failed:
                    listener("storage full (the reserve was used)")
            return result
        raise AssertionError("unreachable")

    return wrapper  # type: ignore[return-value]


def _looks_full(exc: sqlite3.Error, path: Path | None) -> bool:
    """SQLite says "database or disk is full", or only "disk I/O error" when the WAL's shared memory cannot grow:
    an I/O error on a folder with almost no free space is the disk being full."""
    text = str(exc).lower()
    if "full" in text:
        return True
    if "disk i/o" in text and path is not None:
        with contextlib.suppress(OSError):
            return free_bytes(path.parent) < LOW_SPACE_BYTES
    return False


def _write_problem(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return "storage read-only"
    if "disk i/o" in text:
        return "storage failing (I/O error)"
    return f"storage write failed ({type(exc).__name__})"


@dataclass(frozen=True)
class PendingPayout:
    """A payout that was started and never recorded as finished (the booth stopped during it)."""

    payout_id: int
    coins: int
    coin_yen: int
    purpose: str  # "change" or "refund"
    lifetime_before: int | None


@dataclass(frozen=True)
class InterruptedSession:
    txn: str
    balance_yen: int  # credit not yet charged nor paid back (before accounting for the pending payout)
    pending: PendingPayout | None


@dataclass(frozen=True)
class BalanceCheck:
    inserted_yen: int
    charged_yen: int
    change_yen: int
    refunded_yen: int
    unpaid_yen: int
    open_yen: int  # credit of sessions still open
    notes_yen: int = 0  # part of inserted_yen that came as notes (stacked and credited)
    notes_unsettled: int = 0  # notes sent to the stacker or escrowed whose end the ledger does not know

    @property
    def ok(self) -> bool:
        total = self.charged_yen + self.change_yen + self.refunded_yen + self.unpaid_yen + self.open_yen
        return self.inserted_yen == total and self.notes_unsettled == 0

    def as_dict(self) -> dict[str, int]:
        """The figures by short name, for reports (inserted = charged + change + refunded + unpaid + open)."""
        return {"inserted": self.inserted_yen, "charged": self.charged_yen, "change": self.change_yen,
                "refunded": self.refunded_yen, "unpaid": self.unpaid_yen, "open": self.open_yen,
                "notes": self.notes_yen, "notes_unsettled": self.notes_unsettled}


@dataclass(frozen=True)
class Outstanding:
    """Money the booth owes a citizen, until staff settle it: change or a refund the hopper could not pay
    ("unpaid"), or the fee of an application refused after it was charged ("owed")."""

    row_id: int
    kind: str  # "unpaid", "owed" or "note_in_doubt"
    receipt_code: str
    amount_yen: int
    ts_s: float


@dataclass(frozen=True)
class LedgerRow:
    """The columns of one row that running totals need."""

    row_id: int
    kind: str
    coin_yen: int
    amount_yen: int
    receipt: str
    payout_ref: int | None
    note: bool = False  # a note's row (it carries a note_id)
    coins: int = 0


@dataclass(frozen=True)
class CashTotals:
    cash_box_yen: dict[int, int] = field(default_factory=dict)  # coin value -> yen since the last collection
    hopper_coins_estimate: int | None = None
    unpaid: list[tuple[str, int]] = field(default_factory=list)  # (receipt code, yen), not yet settled
    owed: list[tuple[str, int]] = field(default_factory=list)  # (receipt code, yen), not yet settled
    settled_yen: int = 0  # paid out of the cash box by staff since the last collection
    stacker_notes: int = 0  # notes in the note stacker since its last collection
    stacker_yen: int = 0
    notes_in_doubt: list[tuple[str, int]] = field(default_factory=list)  # (receipt code, yen), not yet settled


class Ledger:
    """One connection, used from one thread (the GUI thread); each write is one short transaction."""

    def __init__(self, path: Path | None) -> None:
        """The ledger in the file at path; None: an in-memory stand-in (a booth whose ledger cannot be used)."""
        self.path = path
        self.write_failed: list[Callable[[str], None]] = []  # told (problem) when a write fails for good
        self._db = open_db(path)
        self._migrate()
        self._db.executescript(_SCHEMA)

    def _migrate(self) -> None:
        """A ledger written by an older version (a narrower CHECK on the kinds) is rebuilt row for row."""
        widen_kinds(self._db, "money_events", _SCHEMA, KINDS)

    def close(self) -> None:
        self._db.close()

    def _add(self, txn: str, kind: str, amount_yen: int = 0, **cols: object) -> int:
        names = ["ts_s", "txn", "kind", "amount_yen", *cols]
        values = [time.time(), txn, kind, amount_yen, *cols.values()]
        cur = self._db.execute(
            f"INSERT INTO money_events ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values
        )  # autocommit: durable (WAL, synchronous FULL) when execute returns
        return int(cur.lastrowid or 0)

    # ---- writes --------------------------------------------------------------------------------------

    @_write
    def opened(self, txn: str) -> None:
        """Open a session under txn; TxnInUse when the ledger holds rows of that txn already."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT 1 FROM money_events WHERE txn = ? LIMIT 1", (txn,)).fetchone():
                raise TxnInUse(f"session id {txn} was used before")
            self._add(txn, "opened")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def open_session(self, prefix: str = "") -> str:
        """Open a session under a fresh random id (a repeat of the draw is drawn again); returns the id."""
        for _ in range(8):
            txn = prefix + new_id()
            try:
                self.opened(txn)
            except TxnInUse:
                continue
            return txn
        raise TxnInUse("no unused session id after 8 draws")

    @_write
    def closed(self, txn: str) -> None:
        self._add(txn, "closed")

    @_write
    def credited(self, txn: str, value_yen: int, counter: int | None) -> None:
        self._add(txn, "credited", value_yen, coin_yen=value_yen, coins=1, counter=counter)

    # ---- notes ----

    @_write
    def note_escrowed(self, txn: str, value_yen: int, note_id: str) -> None:
        """A note waits in escrow for this session (not money yet: it goes back unless the booth stacks it)."""
        self._add(txn, "note_escrowed", value_yen, coin_yen=value_yen, note_id=note_id)

    @_write
    def note_stacking(self, txn: str, value_yen: int, note_id: str) -> None:
        """The booth is about to send the note to the stacker (written before STACK goes out)."""
        self._add(txn, "note_stacking", value_yen, coin_yen=value_yen, note_id=note_id)

    @_write
    def note_credited(self, txn: str, value_yen: int, note_id: str) -> bool:
        """The note is in the stacker: it counts, once. False (nothing written) when it was credited or ended
        before (a VEND VALID seen again after a restart)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._note_end(note_id) is not None:
                db.execute("ROLLBACK")
                return False
            self._add(txn, "credited", value_yen, coin_yen=value_yen, coins=1, purpose="note", note_id=note_id)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return True

    @_write
    def note_returned(self, txn: str, value_yen: int, note_id: str, why: str = "") -> None:
        self._add(txn, "note_returned", value_yen, coin_yen=value_yen, note_id=note_id, purpose=why or None)

    @_write
    def note_in_doubt(self, txn: str, value_yen: int, note_id: str, receipt: str, why: str = "") -> None:
        """A note whose fate is unknown (stuck, or taken without VEND VALID): staff check the stacker."""
        self._add(txn, "note_in_doubt", value_yen, coin_yen=value_yen, note_id=note_id, receipt=receipt,
                  purpose=why[:200] or None)

    @_write
    def stacker_collection(self, notes: int, amount_yen: int) -> None:
        """The note stacker (cash box of notes) was emptied: its content as counted."""
        self._add("-", "stacker_collection", amount_yen, coins=notes)

    def _note_end(self, note_id: str) -> str | None:
        row = self._db.execute(
            f"SELECT kind FROM money_events WHERE note_id = ? AND kind IN {NOTE_ENDS} ORDER BY id LIMIT 1",
            (note_id,)).fetchone()
        return None if row is None else str(row[0])

    def note_txn(self, note_id: str) -> str | None:
        """The session a note was escrowed for."""
        row = self._db.execute("SELECT txn FROM money_events WHERE note_id = ? ORDER BY id LIMIT 1",
                               (note_id,)).fetchone()
        return None if row is None else str(row[0])

    def note_credited_before(self, note_id: str) -> bool:
        return self._note_end(note_id) == "credited"

    def pending_note(self) -> tuple[str, str, int, bool] | None:
        """The last note sent to the stacker whose end the ledger does not know, or that was credited last (its
        VEND VALID may still wait for the ACK): (txn, note_id, value_yen, credited)."""
        row = self._db.execute(
            "SELECT txn, note_id, amount_yen FROM money_events WHERE kind = 'note_stacking' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        txn, note_id, value = str(row[0]), str(row[1]), int(row[2])
        end = self._note_end(note_id)
        if end is None:
            return (txn, note_id, value, False)
        if end == "credited":
            return (txn, note_id, value, True)
        return None

    def unstacked_escrow(self) -> list[tuple[str, str, int]]:
        """Notes escrowed and never sent to the stacker nor ended: (txn, note_id, value_yen). After a restart the
        validator has given them back (a note is only stacked on the booth's command)."""
        rows = self._db.execute(
            "SELECT txn, note_id, amount_yen FROM money_events e WHERE kind = 'note_escrowed' AND NOT EXISTS "
            "(SELECT 1 FROM money_events f WHERE f.note_id = e.note_id AND f.kind IN "
            "('note_stacking', 'credited', 'note_returned', 'note_in_doubt')) ORDER BY id").fetchall()
        return [(str(t), str(n), int(a)) for t, n, a in rows]

    def stacker(self) -> tuple[int, int]:
        """Notes and yen in the stacker since its last collection (credited notes)."""
        last = self._db.execute(
            "SELECT COALESCE(MAX(id), 0) FROM money_events WHERE kind = 'stacker_collection'").fetchone()[0]
        row = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount_yen), 0) FROM money_events WHERE kind = 'credited' "
            "AND note_id IS NOT NULL AND id > ?", (last,)).fetchone()
        return int(row[0]), int(row[1])

    def notes_by_value(self) -> dict[int, int]:
        """Notes credited over the ledger's life, by denomination (for the metrics)."""
        return {int(v): int(n) for v, n in self._db.execute(
            "SELECT coin_yen, COUNT(*) FROM money_events WHERE kind = 'credited' AND note_id IS NOT NULL "
            "GROUP BY coin_yen")}

    def notes_in_doubt(self) -> list[tuple[str, int]]:
        """(receipt code, yen) of every note in doubt not yet settled by staff."""
        return [(o.receipt_code, o.amount_yen) for o in self.outstanding() if o.kind == "note_in_doubt"]

    @_write
    def charged(self, txn: str, amount_yen: int, service: str = "my_number") -> None:
        """The fee became the booth's; service names what it paid for ("my_number", "idphoto:30x40"), kept in
        the row's purpose column (no personal data: a code-defined word)."""
        self._add(txn, "charged", amount_yen, purpose=service)

    def charged_by_service(self) -> dict[str, tuple[int, int]]:
        """Since the last collection: service -> (sessions charged, yen). Rows from before services were kept
        count as the card application's."""
        last = self._db.execute(
            "SELECT COALESCE(MAX(id), 0) FROM money_events WHERE kind = 'collection'").fetchone()[0]
        return {str(service): (int(n), int(yen)) for service, n, yen in self._db.execute(
            "SELECT COALESCE(purpose, 'my_number'), COUNT(*), SUM(amount_yen) FROM money_events "
            "WHERE kind = 'charged' AND id > ? GROUP BY COALESCE(purpose, 'my_number') ORDER BY 1", (last,))}

    @_write
    def payout_started(
        self, txn: str, coins: int, coin_yen: int, purpose: str, lifetime_before: int | None
    ) -> int:
        return self._add(
            txn,
            "payout_started",
            coins * coin_yen,
            coin_yen=coin_yen,
            coins=coins,
            purpose=purpose,
            lifetime=lifetime_before,
        )

    @_write
    def payout_finished(
        self,
        txn: str,
        payout_id: int,
        purpose: str,
        paid_coins: int,
        coin_yen: int,
        lifetime_after: int | None,
    ) -> None:
        kind = "change_paid" if purpose == "change" else "refunded"
        self._add(
            txn,
            kind,
            paid_coins * coin_yen,
            coin_yen=coin_yen,
            coins=paid_coins,
            lifetime=lifetime_after,
            payout_ref=payout_id,
            purpose=purpose,
        )

    @_write
    def unpaid(self, txn: str, amount_yen: int, receipt: str) -> None:
        self._add(txn, "unpaid", amount_yen, receipt=receipt)

    @_write
    def owed(self, txn: str, amount_yen: int, receipt: str) -> bool:
        """Session txn's charged fee is owed back (its application was refused after it was charged).

        Once per session: False (and nothing written) when it was recorded before or nothing was charged.
        """
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            owed_before = db.execute("SELECT 1 FROM money_events WHERE txn = ? AND kind = 'owed'", (txn,)).fetchone()
            if owed_before or self.charged_total(txn) < amount_yen or amount_yen <= 0:
                db.execute("ROLLBACK")
                return False
            self._add(txn, "owed", amount_yen, receipt=receipt)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return True

    @_write
    def settled(self, row_id: int) -> Outstanding | None:
        """Staff paid an outstanding amount (by its row) by hand; None if that row is not outstanding."""
        row = next((o for o in self.outstanding() if o.row_id == row_id), None)
        if row is not None:
            self._add("-", "settled", row.amount_yen, payout_ref=row.row_id, receipt=row.receipt_code)
        return row

    def outstanding(self) -> list[Outstanding]:
        """Unpaid and owed amounts not yet settled, oldest first."""
        rows = self._db.execute(
            "SELECT id, kind, receipt, amount_yen, ts_s FROM money_events o WHERE kind IN ('unpaid', 'owed', 'note_in_doubt') "
            "AND NOT EXISTS (SELECT 1 FROM money_events s WHERE s.kind = 'settled' AND s.payout_ref = o.id) "
            "ORDER BY id"
        ).fetchall()
        return [Outstanding(int(i), str(k), str(r or ""), int(a), float(t)) for i, k, r, a, t in rows]

    @_write
    def counter_noted(self, counter: int) -> None:
        """The coin acceptor's event counter when nothing is credited yet (the first start of a ledger)."""
        self._add("-", "counter", counter=counter)

    @_write
    def collection(self, amount_yen: int) -> None:
        """The cash box was emptied (its content as counted)."""
        self._add("-", "collection", amount_yen)

    @_write
    def refill(self, coins: int, coin_yen: int) -> None:
        self._add("-", "refill", coins * coin_yen, coins=coins, coin_yen=coin_yen)

    # ---- queries -------------------------------------------------------------------------------------

    def _sum(self, where: str, *args: object) -> int:
        row = self._db.execute(
            f"SELECT COALESCE(SUM(amount_yen), 0) FROM money_events WHERE {where}", args
        ).fetchone()
        return int(row[0])

    def credit(self, txn: str) -> int:
        return self._sum("txn = ? AND kind = 'credited'", txn)

    def charged_total(self, txn: str) -> int:
        return self._sum("txn = ? AND kind = 'charged'", txn)

    def balance(self, txn: str) -> int:
        """Credit not yet charged, paid back or recorded unpaid."""
        return self.credit(txn) - self._sum(f"txn = ? AND kind IN {OUT_KINDS}", txn)

    def last_acceptor_counter(self) -> int | None:
        row = self._db.execute(
            "SELECT counter FROM money_events WHERE kind IN ('credited', 'counter') AND counter IS NOT NULL "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else int(row[0])

    def last_hopper_lifetime(self) -> int | None:
        row = self._db.execute(
            "SELECT lifetime FROM money_events WHERE kind IN ('change_paid', 'refunded') AND lifetime IS NOT NULL "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else int(row[0])

    def pending_payout(self, txn: str) -> PendingPayout | None:
        row = self._db.execute(
            "SELECT id, coins, coin_yen, purpose, lifetime FROM money_events s WHERE txn = ? AND kind = 'payout_started' "
            "AND NOT EXISTS (SELECT 1 FROM money_events f WHERE f.payout_ref = s.id) ORDER BY id DESC LIMIT 1",
            (txn,),
        ).fetchone()
        return (
            None if row is None else PendingPayout(int(row[0]), int(row[1]), int(row[2]), str(row[3]), row[4])
        )

    def interrupted(self) -> list[InterruptedSession]:
        """Sessions never closed, or with credit left or a payout never finished."""
        txns = [
            r[0]
            for r in self._db.execute(
                "SELECT DISTINCT txn FROM money_events WHERE txn != '-' AND txn NOT IN "
                "(SELECT txn FROM money_events WHERE kind = 'closed') ORDER BY id"
            )
        ]
        return [InterruptedSession(t, self.balance(t), self.pending_payout(t)) for t in txns]

    def balance_check(self) -> BalanceCheck:
        inserted = self._sum("kind = 'credited'")
        open_yen = sum(max(0, s.balance_yen) for s in self.interrupted())
        return BalanceCheck(
            inserted,
            self._sum("kind = 'charged'"),
            self._sum("kind = 'change_paid'"),
            self._sum("kind = 'refunded'"),
            self._sum("kind = 'unpaid'"),
            open_yen,
            self._sum("kind = 'credited' AND note_id IS NOT NULL"),
            self._notes_unsettled(),
        )

    def _notes_unsettled(self) -> int:
        row = self._db.execute(
            "SELECT COUNT(DISTINCT note_id) FROM money_events e WHERE kind IN ('note_escrowed', 'note_stacking') "
            f"AND NOT EXISTS (SELECT 1 FROM money_events f WHERE f.note_id = e.note_id AND f.kind IN {NOTE_ENDS})"
        ).fetchone()
        return int(row[0])

    def hopper_estimate(self, coin_yen: int | None = None) -> int | None:
        """Coins in the hopper as the ledger knows them: every refill minus every coin paid out since the first
        refill (change, refunds); None before the first refill. With coin_yen, only coins of that value count
        (a hopper changed to another coin starts again from its first refill of that coin)."""
        of_coin = "" if coin_yen is None else " AND coin_yen = ?"
        args: tuple[object, ...] = () if coin_yen is None else (coin_yen,)
        first, refilled = self._db.execute(
            f"SELECT MIN(id), SUM(coins) FROM money_events WHERE kind = 'refill'{of_coin}", args
        ).fetchone()
        if first is None:
            return None
        paid = self._db.execute(
            "SELECT COALESCE(SUM(coins), 0) FROM money_events WHERE kind IN ('change_paid', 'refunded') "
            f"AND id > ?{of_coin}", (first, *args)
        ).fetchone()[0]
        return int(refilled) - int(paid)

    def has_refill(self) -> bool:
        return self._db.execute("SELECT 1 FROM money_events WHERE kind = 'refill' LIMIT 1").fetchone() is not None

    def rows_after(self, row_id: int) -> list[LedgerRow]:
        """The rows written after row_id, oldest first: a reader that keeps running totals reads only what is new
        (a range of the primary key, never the whole table)."""
        rows = self._db.execute(
            "SELECT id, kind, COALESCE(coin_yen, 0), amount_yen, COALESCE(receipt, ''), payout_ref, "
            "note_id IS NOT NULL, COALESCE(coins, 0) FROM money_events WHERE id > ? ORDER BY id", (row_id,)
        ).fetchall()
        return [LedgerRow(int(i), str(k), int(c), int(a), str(r), None if p is None else int(p), bool(n), int(m))
                for i, k, c, a, r, p, n, m in rows]

    def totals(self) -> CashTotals:
        last = self._db.execute(
            "SELECT COALESCE(MAX(id), 0) FROM money_events WHERE kind = 'collection'"
        ).fetchone()[0]
        box = {
            int(c): int(a)
            for c, a in self._db.execute(
                "SELECT coin_yen, SUM(amount_yen) FROM money_events WHERE kind = 'credited' AND note_id IS NULL "
                "AND id > ? GROUP BY coin_yen",
                (last,),
            )
        }
        estimate = self.hopper_estimate()
        outstanding = self.outstanding()
        unpaid = [(o.receipt_code, o.amount_yen) for o in outstanding if o.kind == "unpaid"]
        owed = [(o.receipt_code, o.amount_yen) for o in outstanding if o.kind == "owed"]
        settled = self._sum("kind = 'settled' AND id > ?", last)
        doubt = [(o.receipt_code, o.amount_yen) for o in outstanding if o.kind == "note_in_doubt"]
        notes, notes_yen = self.stacker()
        return CashTotals(box, estimate, unpaid, owed, settled, notes, notes_yen, doubt)
