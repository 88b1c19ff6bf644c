"""The encrypted outbox: applications waiting to be sent, erased unrecoverably once the server answers.

Each row holds one application (its JSON and its photo) sealed with AES-GCM under the booth's key, with the
envelope id as associated data; the database never holds the application ID, the birth date or the photo in
plain text. When the server confirms (or finally refuses) an application the row is deleted with
secure_delete on and the WAL is checkpointed and truncated, so no ciphertext lingers in either file; an
erasure record (envelope id, time, outcome, reception number or refusal reason: nothing personal) remains.

Threads: an Outbox (its SQLite connection) is used from the thread that created it only. The GUI thread keeps
one to put() rows; the sender's worker opens its own Outbox on the same file. Two connections on one file
are safe with WAL; each write is one short transaction.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import struct
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.crypto import open_sealed, seal
from kiosk.store.db import open_db
from kiosk.store.ids import new_id

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    envelope_id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    receipt_code TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    txn TEXT
);
CREATE INDEX IF NOT EXISTS outbox_next_at ON outbox (next_at);
-- the sealed content apart, so that recording an attempt never rewrites (and copies) the large blob
CREATE TABLE IF NOT EXISTS contents (
    envelope_id TEXT PRIMARY KEY REFERENCES outbox (envelope_id) ON DELETE CASCADE,
    sealed BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS erasures (
    envelope_id TEXT PRIMARY KEY,
    receipt_code TEXT NOT NULL,
    erased_at REAL NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'rejected')),
    reception_number TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    txn TEXT
);
"""
# Columns added after the first release: an older outbox gains them (NULL: there the envelope id was the txn).
_ADDED_COLUMNS = (("outbox", "txn TEXT"), ("erasures", "txn TEXT"))

_ERASURE_COLUMNS = "envelope_id, receipt_code, erased_at, outcome, reception_number, status, reason, attempts, txn"
_LONG_DIGITS = re.compile(r"\d{8,}")
_MAX_TEXT = 200
_CHECKPOINT_WAIT_MS = 250


def _clean(text: str) -> str:
    """Free text stored beside the rows (errors, reasons): no long digit runs, bounded length."""
    return _LONG_DIGITS.sub("<digits>", text)[:_MAX_TEXT]


class OutboxError(Exception):
    """An outbox operation failed (unknown envelope, duplicate envelope); never carries personal data."""


class IdInUse(OutboxError):
    """The envelope id or idempotency key of a put() was used before."""


@dataclass(frozen=True)
class Pending:
    """A row waiting to be sent, without its (sealed) content."""

    envelope_id: str
    idempotency_key: str
    receipt_code: str
    created_at: float  # unix time, seconds
    attempts: int
    next_at: float  # unix time of the next attempt
    last_error: str


@dataclass(frozen=True)
class Payload:
    """The decrypted content of a row. Personal data: keep it in memory only, as briefly as possible."""

    application_json: bytes
    photo_jpeg: bytes

    def __repr__(self) -> str:
        return f"Payload(<{len(self.application_json)} + {len(self.photo_jpeg)} bytes hidden>)"


@dataclass(frozen=True)
class Erasure:
    envelope_id: str
    receipt_code: str
    erased_at: float
    outcome: str  # "delivered" or "rejected"
    reception_number: str
    status: int
    reason: str
    attempts: int
    txn: str | None = None  # the session whose application it was (None in rows from before it was kept)


def _pack(application_json: bytes, photo_jpeg: bytes) -> bytes:
    return struct.pack(">I", len(application_json)) + application_json + photo_jpeg


def _unpack(blob: bytes) -> Payload:
    (n,) = struct.unpack(">I", blob[:4])
    return Payload(application_json=blob[4 : 4 + n], photo_jpeg=blob[4 + n :])


def new_envelope_ids() -> tuple[str, str]:
    """A fresh (envelope id, idempotency key) pair for put(): random, nothing personal in either."""
    return new_id(), str(uuid.uuid4())


class Outbox:
    """The outbox on one SQLite file; one instance per thread (see the module docstring)."""

    def __init__(self, path: Path | None, key: bytes, *, clock: Callable[[], float] = time.time) -> None:
        """The outbox in the file at path; None: an in-memory stand-in (a booth whose outbox cannot be used)."""
        self.path = path
        self._key = key
        self._clock = clock
        self._db = open_db(path)
        self._db.executescript(_SCHEMA)
        self._add_columns()
        for suffix in ("-wal", "-shm") if path is not None else ():  # ciphertext only, but as private as the db
            with contextlib.suppress(OSError):
                os.chmod(f"{path}{suffix}", 0o600)
        self._checkpoint_pending = False

    def _add_columns(self) -> None:
        for table, column in _ADDED_COLUMNS:
            names = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            if column.split()[0] not in names:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")

    def close(self) -> None:
        self._db.close()

    def put_new(self, txn: str, application_json: bytes, photo_jpeg: bytes, receipt_code: str) -> str:
        """Store the application of session txn under fresh identifiers; returns its envelope id.

        An envelope id or idempotency key that was ever used before (queued or erased) is never reused: a repeat
        of the random draw is drawn again.
        """
        for _ in range(8):
            envelope_id, idempotency_key = new_envelope_ids()
            try:
                self.put(envelope_id, idempotency_key, application_json, photo_jpeg, receipt_code, txn=txn)
            except IdInUse:
                continue
            return envelope_id
        raise OutboxError("no unused envelope id after 8 draws")

    def put(
        self,
        envelope_id: str,
        idempotency_key: str,
        application_json: bytes,
        photo_jpeg: bytes,
        receipt_code: str,
        *,
        txn: str | None = None,
    ) -> None:
        """Store one application, sealed, durable before this returns; due at once.

        IdInUse when the envelope id or the idempotency key is queued or was erased before.
        """
        try:
            idempotency_key = str(uuid.UUID(idempotency_key))  # the canonical form the API expects
        except ValueError:
            raise OutboxError("the idempotency key must be a UUID") from None
        now = self._clock()
        sealed = seal(self._key, envelope_id, _pack(application_json, photo_jpeg))
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT 1 FROM erasures WHERE envelope_id = ?", (envelope_id,)).fetchone():
                raise sqlite3.IntegrityError("envelope id erased before")
            db.execute(
                "INSERT INTO outbox (envelope_id, idempotency_key, receipt_code, created_at, next_at, txn) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (envelope_id, idempotency_key, receipt_code, now, now, txn),
            )
            db.execute("INSERT INTO contents (envelope_id, sealed) VALUES (?, ?)", (envelope_id, sealed))
            db.execute("COMMIT")
        except sqlite3.IntegrityError:
            db.execute("ROLLBACK")
            raise IdInUse(f"envelope {envelope_id} or its idempotency key was used before") from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def pending(self) -> list[Pending]:
        """Every queued row: never-tried rows first (a citizen may be waiting), then oldest first."""
        rows = self._db.execute(
            "SELECT envelope_id, idempotency_key, receipt_code, created_at, attempts, next_at, last_error "
            "FROM outbox ORDER BY attempts > 0, created_at"
        ).fetchall()
        return [Pending(*row) for row in rows]

    def due(self, now: float | None = None) -> list[Pending]:
        """The rows whose next attempt time has come, in sending order."""
        t = self._clock() if now is None else now
        return [p for p in self.pending() if p.next_at <= t]

    def next_due_at(self) -> float | None:
        """The earliest next attempt time, or None when the outbox is empty."""
        (value,) = self._db.execute("SELECT MIN(next_at) FROM outbox").fetchone()
        return None if value is None else float(value)

    def payload(self, envelope_id: str) -> Payload:
        """Decrypt one row's content."""
        row = self._db.execute("SELECT sealed FROM contents WHERE envelope_id = ?", (envelope_id,)).fetchone()
        if row is None:
            raise OutboxError(f"envelope {envelope_id} is not queued")
        return _unpack(open_sealed(self._key, envelope_id, row[0]))

    def mark_attempt(self, envelope_id: str, error: str, next_at: float) -> int:
        """Record a failed attempt and when to try again; returns the attempt count."""
        self._db.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE envelope_id = ?",
            (_clean(error), next_at, envelope_id),
        )
        row = self._db.execute("SELECT attempts FROM outbox WHERE envelope_id = ?", (envelope_id,)).fetchone()
        if row is None:
            raise OutboxError(f"envelope {envelope_id} is not queued")
        return int(row[0])

    def confirm(self, envelope_id: str, reception_number: str) -> None:
        """The server accepted the application: erase the row and keep the erasure record."""
        self._erase(envelope_id, "delivered", reception_number=reception_number[:_MAX_TEXT])

    def reject(self, envelope_id: str, status: int, reason: str) -> None:
        """The server refused the application for good: erase its content too and keep the record."""
        self._erase(envelope_id, "rejected", status=status, reason=_clean(reason))

    def _erase(
        self, envelope_id: str, outcome: str, *, reception_number: str = "", status: int = 0, reason: str = ""
    ) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute(
                "SELECT receipt_code, attempts, txn FROM outbox WHERE envelope_id = ?", (envelope_id,)
            ).fetchone()
            if row is None:
                db.execute("ROLLBACK")
                already = db.execute(
                    "SELECT 1 FROM erasures WHERE envelope_id = ?", (envelope_id,)
                ).fetchone()
                if already:
                    return  # erased before (e.g. a second worker); nothing left to do
                raise OutboxError(f"envelope {envelope_id} is not queued")
            db.execute("DELETE FROM contents WHERE envelope_id = ?", (envelope_id,))
            db.execute("DELETE FROM outbox WHERE envelope_id = ?", (envelope_id,))
            db.execute(
                "INSERT INTO erasures (envelope_id, receipt_code, erased_at, outcome, reception_number, status, "
                "reason, attempts, txn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (envelope_id, row[0], self._clock(), outcome, reception_number, status, reason, row[1] + 1, row[2]),
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self.checkpoint()

    def checkpoint(self) -> bool:
        """Copy the WAL into the database and truncate it; False while another connection is still reading.

        After a row is erased, secure_delete has zeroed its pages in the WAL frames that the delete wrote; the
        older frames (written by put) still hold its ciphertext until the WAL is checkpointed and truncated.
        A reader elsewhere can hold the checkpoint back; the next erase or a call from the owner retries.
        """
        (saved_ms,) = self._db.execute("PRAGMA busy_timeout").fetchone()
        self._db.execute(f"PRAGMA busy_timeout={_CHECKPOINT_WAIT_MS}")  # don't hold the caller long
        try:
            busy, _, _ = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            self._db.execute(f"PRAGMA busy_timeout={int(saved_ms)}")
        self._checkpoint_pending = bool(busy)
        return not busy

    @property
    def checkpoint_pending(self) -> bool:
        """True when the last checkpoint could not complete (call checkpoint() again later)."""
        return self._checkpoint_pending

    def erasures(self, limit: int = 100) -> list[Erasure]:
        """The most recent erasure records, newest first."""
        rows = self._db.execute(
            f"SELECT {_ERASURE_COLUMNS} FROM erasures ORDER BY erased_at DESC LIMIT ?", (limit,)
        ).fetchall()
        return [Erasure(*row) for row in rows]

    def refusals(self) -> list[Erasure]:
        """Every row the server refused for good (the erasure records of outcome "rejected"), oldest first."""
        rows = self._db.execute(
            f"SELECT {_ERASURE_COLUMNS} FROM erasures WHERE outcome = 'rejected' ORDER BY erased_at"
        ).fetchall()
        return [Erasure(*row) for row in rows]

    def erasure_of(self, envelope_id: str) -> Erasure | None:
        """The erasure record of one envelope (None while it is queued or if it never was)."""
        row = self._db.execute(
            f"SELECT {_ERASURE_COLUMNS} FROM erasures WHERE envelope_id = ?", (envelope_id,)
        ).fetchone()
        return None if row is None else Erasure(*row)

    def kept(self, txn: str) -> bool:
        """Whether session txn's application is queued here or was delivered (recovery charges such a session)."""
        row = self._db.execute(
            "SELECT 1 FROM outbox WHERE txn = ? OR (txn IS NULL AND envelope_id = ?) UNION ALL "
            "SELECT 1 FROM erasures WHERE outcome = 'delivered' AND (txn = ? OR (txn IS NULL AND envelope_id = ?)) "
            "LIMIT 1",
            (txn, txn, txn, txn),
        ).fetchone()
        return row is not None

    def depth(self) -> int:
        """How many applications are waiting."""
        return int(self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

    def oldest_age_s(self, now: float | None = None) -> float:
        """Age of the oldest waiting application in seconds (0 when empty)."""
        (oldest,) = self._db.execute("SELECT MIN(created_at) FROM outbox").fetchone()
        if oldest is None:
            return 0.0
        return max(0.0, (self._clock() if now is None else now) - float(oldest))

    def stuck(self, older_than_s: float, now: float | None = None) -> int:
        """How many applications have waited longer than older_than_s."""
        limit = (self._clock() if now is None else now) - older_than_s
        return int(
            self._db.execute("SELECT COUNT(*) FROM outbox WHERE created_at < ?", (limit,)).fetchone()[0]
        )
