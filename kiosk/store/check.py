"""`kiosk storage check`: what a technician needs to know about a booth's stores, without changing them.

Every check reads only (SQLite opened read-only, the probe write goes to a temporary file that is removed):
the manifest, each database's integrity and identity, whether the key opens every queued application, free
space against the headroom, a real write, and the reserve.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.store import health
from kiosk.store.crypto import CryptoError, open_sealed
from kiosk.store.stores import KEY, LEDGER, MANIFEST, OUTBOX, _file_problem, _read_key, key_fingerprint


@dataclass(frozen=True)
class Finding:
    ok: bool
    subject: str
    text: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.subject}: {self.text}"


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)


def _store_id(db: sqlite3.Connection) -> str | None:
    with contextlib.suppress(sqlite3.Error):
        row = db.execute("SELECT value FROM store_meta WHERE name = 'store_id'").fetchone()
        return None if row is None else str(row[0])
    return None


def check_folder(folder: Path, headroom_bytes: int, reserve_bytes: int) -> list[Finding]:
    findings: list[Finding] = []
    if not folder.is_dir():
        return [Finding(False, str(folder), "no such folder")]
    manifest: dict[str, str] = {}
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        findings.append(Finding(True, MANIFEST, f"stores made {manifest.get('created', '?')}"))
    except FileNotFoundError:
        findings.append(Finding(False, MANIFEST, "missing (a booth that never started here, or stores from before "
                                                 "the manifest: the booth adopts them at its next start)"))
    except (OSError, ValueError) as exc:
        findings.append(Finding(False, MANIFEST, f"unreadable ({type(exc).__name__})"))
    for name, file in (("ledger", LEDGER), ("outbox", OUTBOX)):
        path = folder / file
        problem = _file_problem(path)
        if problem:
            findings.append(Finding(False, file, problem))
            continue
        try:
            with contextlib.closing(_readonly(path)) as db:
                result = [r[0] for r in db.execute("PRAGMA integrity_check(20)")]
                if result != ["ok"]:
                    findings.append(Finding(False, file, "corrupt: " + "; ".join(result)[:300]))
                    continue
                if manifest and _store_id(db) != manifest.get(name):
                    findings.append(Finding(False, file, "is not this booth's (the manifest names another)"))
                    continue
                if name == "ledger":
                    (rows,) = db.execute("SELECT COUNT(*) FROM money_events").fetchone()
                    findings.append(Finding(True, file, f"integrity ok, {rows} money records"))
                else:
                    (queued,) = db.execute("SELECT COUNT(*) FROM outbox").fetchone()
                    findings.append(Finding(True, file, f"integrity ok, {queued} application(s) queued"))
        except sqlite3.Error as exc:
            findings.append(Finding(False, file, f"cannot be read ({exc})"))
    findings.append(_check_key(folder, manifest))
    findings.extend(_check_space(folder, headroom_bytes, reserve_bytes))
    return findings


def _check_key(folder: Path, manifest: dict[str, str]) -> Finding:
    key, why = _read_key(folder / KEY)
    if key is None:
        return Finding(False, KEY, why or "unusable")
    if manifest.get("key") and manifest["key"] != key_fingerprint(key):
        return Finding(False, KEY, "is not the key of this booth's outbox (replaced?)")
    outbox = folder / OUTBOX
    if _file_problem(outbox):
        return Finding(True, KEY, "32 bytes (no outbox to check it against)")
    bad = total = 0
    try:
        with contextlib.closing(_readonly(outbox)) as db:
            for envelope_id, sealed in db.execute("SELECT envelope_id, sealed FROM contents"):
                total += 1
                try:
                    open_sealed(key, envelope_id, sealed)
                except CryptoError:
                    bad += 1
    except sqlite3.Error as exc:
        return Finding(False, KEY, f"cannot be checked against the outbox ({exc})")
    if bad:
        return Finding(False, KEY, f"does not open {bad} of {total} queued application(s)")
    return Finding(True, KEY, f"opens all {total} queued application(s)")


def _check_space(folder: Path, headroom_bytes: int, reserve_bytes: int) -> list[Finding]:
    result = health.check(folder, headroom_bytes)
    free = f"{result.free_bytes / 1_000_000:.1f} MB free"
    findings = [Finding(result.ok, "space", free + (f", {headroom_bytes // 1_000_000} MB needed" if result.ok
                                                      else f": {result.problem}"))]
    reserve = folder / health.RESERVE
    size = reserve.stat().st_size if reserve.exists() else 0
    if size >= reserve_bytes:
        findings.append(Finding(True, "reserve", f"{size // 1_000_000} MB kept for refunds"))
    else:  # the booth makes it at its next check when there is room; without room that is a problem
        room = result.ok and result.free_bytes >= headroom_bytes + reserve_bytes
        findings.append(Finding(room, "reserve", f"{size // 1_000_000} of {reserve_bytes // 1_000_000} MB"
                                + (" (the booth makes it at its next start)" if room else " and no room for it")))
    return findings
