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
