"""The PIN lockout's state on disk, so that restarting the booth does not reset it.

One row: the wrong tries in a row and when the lock ends (wall-clock seconds, or NULL). SQLite with synchronous
FULL (kiosk.store.db), so a save is durable when it returns and a power cut leaves the old row or the new one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.store.db import open_db

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pin_lockout (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    failures INTEGER NOT NULL CHECK (failures >= 0),
    locked_until_s REAL
);
"""


class LockoutFile:
    """kiosk.ui.pin.LockoutState over one SQLite file in the booth's state folder.

    The file is opened on the first load() or save(), so a damaged one raises there (the gate then locks) and
    never while the booth is being built.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = open_db(self.path)
            try:
                conn.executescript(_SCHEMA)
            except sqlite3.DatabaseError:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def load(self) -> tuple[int, float | None]:
        """(wrong tries in a row, end of the lock or None); (0, None) when nothing was ever saved."""
        row = self._db.execute("SELECT failures, locked_until_s FROM pin_lockout WHERE id = 1").fetchone()
        if row is None:
            return 0, None
        return int(row[0]), (None if row[1] is None else float(row[1]))

    def save(self, failures: int, locked_until_s: float | None) -> None:
        self._db.execute(
            "INSERT INTO pin_lockout (id, failures, locked_until_s) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locked_until_s = excluded.locked_until_s",
            (failures, locked_until_s),
        )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
