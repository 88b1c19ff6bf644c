"""Opening the booth's SQLite databases the one safe way: WAL, synchronous FULL, secure_delete."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path


def open_db(path: Path | None) -> sqlite3.Connection:
    """Open (creating) a database for crash-safe use by one thread; None: an in-memory stand-in.

    WAL with synchronous=FULL makes every committed transaction durable before commit() returns;
    secure_delete overwrites deleted content so that erased personal data cannot be recovered from the file.
    """
    if path is None:
        return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=5.0, check_same_thread=True)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA foreign_keys=ON")
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return conn


def state_dir(configured: str) -> Path:
    """The folder the booth keeps its data in (the configured one, else the XDG state folder)."""
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "kiosk"


def widen_kinds(db: sqlite3.Connection, table: str, schema: str, kinds: tuple[str, ...]) -> None:
    """A table written by an older version (a narrower CHECK on its kinds) is rebuilt row for row.

    Nothing is updated or deleted: every row is copied with its id into a table of the shape in schema (its
    CREATE TABLE), in one transaction, so a power cut leaves either the old table or the new one. The table's
    append-only triggers are dropped with it; the caller's schema script creates them again.
    """
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    if row is None or all(repr(kind) in row[0] for kind in kinds):
        return
    create = schema[schema.index("CREATE TABLE"): schema.index(");") + 2]
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(create.replace(f"IF NOT EXISTS {table}", f"{table}_migrated"))
        names = ", ".join(r[1] for r in db.execute(f"PRAGMA table_info({table})"))
        db.execute(f"INSERT INTO {table}_migrated ({names}) SELECT {names} FROM {table}")
        db.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        db.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_migrated RENAME TO {table}")
        db.execute("COMMIT")
    except Exception:
        db.execute("ROLLBACK")
        raise
