"""The reference server's store: one folder per reception number; idempotency keys survive restarts."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

from kiosk.server.rules import content_digest, parse_application

_NUMBER_DIR_LEN = len("R261129-000042")
DIGEST_SCHEME = "canonical-json+sha256"  # meta.json's digest_scheme; older folders are re-digested at start


class KeyReused(Exception):
    """The Idempotency-Key is already taken by other content."""


class Store:
    """One folder per reception number (application.json, photo.jpg, meta.json).

    Writes run in parallel: a number is reserved under the lock, the files are written and synced outside it,
    and the folder is renamed into place; a second request with a key still being written waits for the first.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._by_key: dict[str, tuple[str, str]] = {}  # idempotency key -> (reception number, content digest)
        self._pending: dict[str, threading.Event] = {}  # keys being written now
        self._sequence: dict[str, int] = {}
        for folder in sorted(root.iterdir()):
            if folder.name.startswith(".tmp-"):
                shutil.rmtree(folder, ignore_errors=True)
            elif folder.is_dir() and _is_number(folder.name):
                self._load(folder)

    def _load(self, folder: Path) -> None:
        meta = json.loads((folder / "meta.json").read_text())
        digest = meta["digest"]
        if meta.get("digest_scheme") != DIGEST_SCHEME:  # stored by the hand-written server (raw bytes)
            application = parse_application((folder / "application.json").read_bytes()) or {}
            digest = content_digest(application, (folder / "photo.jpg").read_bytes())
        self._by_key[meta["idempotency_key"]] = (folder.name, digest)
        day, seq = folder.name[1:7], int(folder.name[8:])
        self._sequence[day] = max(self._sequence.get(day, 0), seq)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._by_key)

    def numbers(self) -> list[str]:
        with self._lock:
            return sorted(number for number, _ in self._by_key.values())

    def lookup(self, key: str) -> tuple[str, str] | None:
        """(reception number, digest) of a key already stored (waits for one being written)."""
        while True:
            with self._lock:
                known = self._by_key.get(key)
                pending = self._pending.get(key)
            if known is not None or pending is None:
                return known
            pending.wait()

    def put(self, key: str, digest: str, application: bytes, photo: bytes, booth_id: str = "") -> tuple[str, bool]:
        """Store once per key; returns (reception number, created). Raises KeyReused on a reused key."""
        while True:
            with self._lock:
                known = self._by_key.get(key)
                if known is not None:
                    if known[1] != digest:
                        raise KeyReused(key)
                    return known[0], False
                pending = self._pending.get(key)
                if pending is None:
                    day = time.strftime("%y%m%d")
                    seq = self._sequence.get(day, 0) + 1
                    self._sequence[day] = seq
                    number = f"R{day}-{seq:06d}"
                    done = self._pending[key] = threading.Event()
                    break
            pending.wait()  # the same key is being written by another request: take its outcome
        try:
            tmp = self.root / f".tmp-{number}"
            tmp.mkdir()
            _write_synced(tmp / "application.json", application)
            _write_synced(tmp / "photo.jpg", photo)
            meta = {"idempotency_key": key, "digest": digest, "digest_scheme": DIGEST_SCHEME,
                    "booth_id": booth_id, "received_at": time.time()}
            _write_synced(tmp / "meta.json", json.dumps(meta).encode())
            os.rename(tmp, self.root / number)
            _fsync_dir(self.root)
            with self._lock:
                self._by_key[key] = (number, digest)
            return number, True
        except BaseException:
            shutil.rmtree(self.root / f".tmp-{number}", ignore_errors=True)
            raise
        finally:
            with self._lock:
                del self._pending[key]
            done.set()


def _is_number(name: str) -> bool:
    return (name.isascii() and len(name) == _NUMBER_DIR_LEN and name[0] == "R" and name[7] == "-" and name[1:7].isdigit()
            and name[8:].isdigit())


def _write_synced(path: Path, content: bytes) -> None:
    with open(path, "wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
