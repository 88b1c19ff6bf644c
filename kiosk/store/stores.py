"""The booth's stores as a whole: the ledger, the outbox and its key, opened together, never silently renewed.

The first start creates all three and writes a manifest (``stores.json``: an id per database and the key's
fingerprint). From then on the booth knows its stores existed: a ledger or outbox that is missing, zeroed, corrupt
or replaced, or a key that is missing, short or not the outbox's, is a problem to show (the booth starts out of
service with the file named) and never a reason to start afresh, which would lose the cash history and leave
queued applications undecryptable. Nothing here deletes or rewrites what it cannot open.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from kiosk.store.crypto import KEY_BYTES, CryptoError, ensure_key, open_sealed
from kiosk.store.health import LOW_SPACE_BYTES, free_bytes
from kiosk.store.ids import new_id
from kiosk.store.ledger import Ledger
from kiosk.store.outbox import Outbox

MANIFEST = "stores.json"
LEDGER, OUTBOX, KEY = "ledger.db", "outbox.db", "outbox.key"


@dataclass(frozen=True)
class StoreProblem:
    """One store the booth cannot use as it is; technician-readable, never personal data."""

    file: str
    what: str
    transient: bool = False  # the storage itself (full, read-only, failing), not damage: opening again may work

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


@dataclass
class Stores:
    """What open_stores() opened. A store that could not be opened is an in-memory stand-in (nothing lasts)."""

    folder: Path
    ledger: Ledger
    outbox: Outbox
    key: bytes
    problems: list[StoreProblem] = field(default_factory=list)
    created: bool = False  # this start made the stores (a new booth)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def reopenable(self) -> bool:
        """Every problem is the storage's own (full, read-only): opening again once it takes writes may work."""
        return bool(self.problems) and all(p.transient for p in self.problems)

    @property
    def outbox_usable(self) -> bool:
        """The outbox file and its key are the booth's own: the sender may work on them."""
        return not any(p.file in (OUTBOX, KEY, MANIFEST) for p in self.problems)

    def close(self) -> None:
        self.outbox.close()
        self.ledger.close()


def key_fingerprint(key: bytes) -> str:
    return hashlib.sha256(b"kiosk outbox key\0" + key).hexdigest()[:16]


def _file_problem(path: Path) -> str | None:
    """Why a database file the booth had cannot be used as it is, or None."""
    if not path.exists():
        return "missing (the booth had one; restore it from a backup, see docs/technician.md)"
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    if size == 0 or not head.strip(b"\0"):
        return "empty or zeroed (the booth had data in it)"
    if not head.startswith(b"SQLite format 3\0"):
        return "not a database (overwritten?)"
    return None


def _read_manifest(folder: Path) -> dict[str, str] | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return {str(k): str(v) for k, v in data.items()}


def _write_manifest(folder: Path, manifest: dict[str, str]) -> None:
    """Atomically: a temporary file, fsynced, renamed over the old one, the folder fsynced."""
    path = folder / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _store_id(db: sqlite3.Connection, create: bool) -> str | None:
    db.execute("CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    row = db.execute("SELECT value FROM store_meta WHERE name = 'store_id'").fetchone()
    if row is None and create:
        value = new_id()
        db.execute("INSERT INTO store_meta (name, value) VALUES ('store_id', ?)", (value,))
        return value
    return None if row is None else str(row[0])


def _read_key(path: Path) -> tuple[bytes | None, str | None]:
    if not path.exists():
        return None, "missing (queued applications cannot be decrypted without it; restore it, never replace it)"
    try:
        key = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or type(exc).__name__})"
    if len(key) != KEY_BYTES:
        return None, f"holds {len(key)} bytes, not {KEY_BYTES} (damaged)"
    return key, None


def open_stores(folder: Path) -> Stores:
    """Open (the first time: create) the ledger, the outbox and the key in folder; never raises for a store
    problem: each one is listed in Stores.problems and that store is replaced by an in-memory stand-in."""
    problems: list[StoreProblem] = []
    try:
        manifest = _read_manifest(folder)
    except (OSError, ValueError) as exc:
        problems.append(StoreProblem(MANIFEST, f"unreadable ({type(exc).__name__}); the stores are not opened"))
        return _stand_ins(folder, problems)
    ledger_path, outbox_path, key_path = folder / LEDGER, folder / OUTBOX, folder / KEY
    created = False
    if manifest is None:
        if any(p.exists() for p in (ledger_path, outbox_path)):
            manifest = {}  # stores from before the manifest: adopt what is there
        else:
            created = True
            manifest = {}
    # the key first: an outbox without its key must never get a new one
    key: bytes | None
    if "key" in manifest or (outbox_path.exists() and not created):
        key, why = _read_key(key_path)
        if key is None and "key" not in manifest and not _outbox_has_rows(outbox_path):
            key, why = _create_key(key_path)  # an older booth whose outbox holds nothing: a key may be made
        if why:
            problems.append(StoreProblem(KEY, why))
        elif key is not None and manifest.get("key", key_fingerprint(key)) != key_fingerprint(key):
            problems.append(StoreProblem(KEY, "is not the key of this booth's outbox (replaced?); restore the "
                                              "original, never use another"))
            key = None
    else:
        key, why = _create_key(key_path)
        if why:
            problems.append(StoreProblem(KEY, why, transient=True))
    sealing_key = key or b"\0" * KEY_BYTES
    ledger = _open_store(Ledger, ledger_path, manifest, "ledger", problems, LEDGER)
    outbox = _open_store(lambda p: Outbox(p, sealing_key), outbox_path, manifest, "outbox", problems, OUTBOX)
    if key is not None and not any(p.file == OUTBOX for p in problems):
        unreadable = _rows_the_key_cannot_open(outbox, key)
        if unreadable:
            problems.append(StoreProblem(KEY, f"does not open {unreadable} queued application(s); they are kept"))
    if not problems:
        with contextlib.suppress(OSError):
            if manifest.get("ledger") is None or manifest.get("outbox") is None or "key" not in manifest:
                manifest.update(ledger=_store_id(ledger._db, True) or "", outbox=_store_id(outbox._db, True) or "",
                                key=key_fingerprint(key or b""), created=manifest.get("created") or
                                time.strftime("%Y-%m-%dT%H:%M:%S%z"))
                _write_manifest(folder, manifest)
    return Stores(folder, ledger, outbox, key or b"\0" * KEY_BYTES, problems, created)


def _create_key(path: Path) -> tuple[bytes | None, str | None]:
    try:
        return ensure_key(path), None
    except (OSError, CryptoError) as exc:
        return None, f"cannot be created ({getattr(exc, 'strerror', None) or exc})"


def _outbox_has_rows(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            return bool(db.execute("SELECT 1 FROM outbox LIMIT 1").fetchone())
    except sqlite3.Error:
        return True  # cannot tell: treat it as holding applications


class _Store(Protocol):
    _db: sqlite3.Connection

    def close(self) -> None: ...


S = TypeVar("S", bound=_Store)


def _open_store(make: Callable[[Path | None], S], path: Path, manifest: dict[str, str], name: str,
                problems: list[StoreProblem], file: str) -> S:
    had = name in manifest
    why = _file_problem(path) if had else None
    if why is None:
        try:
            store = make(path)
            db = store._db
            # quick_check answers a damaged page with a row saying so, not with an exception: read the verdict
            (verdict,) = db.execute("PRAGMA quick_check(1)").fetchone()
            if verdict != "ok":
                store.close()
                raise sqlite3.DatabaseError(f"database disk image is malformed ({verdict})")
            existing = _store_id(db, create=False)
            if had and existing != manifest[name]:
                problems.append(StoreProblem(file, "is not this booth's (replaced by another file); kept as it is"))
                store.close()
            else:
                return store
        except sqlite3.DatabaseError as exc:
            what = _describe(exc, path)
            problems.append(StoreProblem(file, what, transient=what.startswith("cannot be written") or "I/O" in what))
        except OSError as exc:
            problems.append(StoreProblem(file, f"cannot be opened ({exc.strerror or type(exc).__name__})", True))
    else:
        problems.append(StoreProblem(file, why))
    return make(None)  # the in-memory stand-in


def _describe(exc: sqlite3.DatabaseError, path: Path) -> str:
    text = str(exc).lower()
    with contextlib.suppress(OSError):
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return "cannot be written (storage read-only)"
    if "disk i/o" in text:
        with contextlib.suppress(OSError):
            if free_bytes(path.parent) < LOW_SPACE_BYTES:
                return "cannot be written (storage full)"
        return "cannot be used (storage failing: I/O error)"
    if "readonly" in text or "read-only" in text:
        return "cannot be written (read-only folder or file)"
    if "unable to open" in text:
        return "cannot be written (folder not writable)"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "corrupt (kept as it is for a technician)"
    if "full" in text:
        return "cannot be written (storage full)"
    return f"cannot be used ({type(exc).__name__})"


def _rows_the_key_cannot_open(outbox: Outbox, key: bytes) -> int:
    """How many of the oldest and newest queued rows the key does not open (a sample: one key seals them all)."""
    bad = 0
    sample = ("SELECT envelope_id, sealed FROM contents WHERE rowid IN (SELECT MIN(rowid) FROM contents UNION "
              "SELECT MAX(rowid) FROM contents)")
    for envelope_id, sealed in outbox._db.execute(sample):
        try:
            open_sealed(key, envelope_id, sealed)
        except CryptoError:
            bad += 1
    return bad


def _stand_ins(folder: Path, problems: list[StoreProblem]) -> Stores:
    key = b"\0" * KEY_BYTES
    return Stores(folder, Ledger(None), Outbox(None, key), key, problems)
