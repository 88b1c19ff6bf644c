"""Unit tests for kiosk.store.crypto: the key file and sealing."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from kiosk.store.crypto import KEY_BYTES, CryptoError, ensure_key, open_sealed, seal


def test_key_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "outbox.key"
    key = ensure_key(path)
    assert len(key) == KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["outbox.key"]  # no temporary file left


def test_concurrent_creation_agrees(tmp_path: Path) -> None:
    path = tmp_path / "outbox.key"
    keys: list[bytes] = []
    threads = [threading.Thread(target=lambda: keys.append(ensure_key(path))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and len(keys) == 8


def test_short_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "outbox.key"
    path.write_bytes(b"short")
    with pytest.raises(CryptoError):
        ensure_key(path)


def test_seal_round_trip_and_binding() -> None:
    key, other = os.urandom(32), os.urandom(32)
    blob = seal(key, "row-1", b"secret")
    assert b"secret" not in blob
    assert seal(key, "row-1", b"secret") != blob  # a fresh nonce each time
    assert open_sealed(key, "row-1", blob) == b"secret"
    with pytest.raises(CryptoError):
        open_sealed(key, "row-2", blob)  # another row's id
    with pytest.raises(CryptoError):
        open_sealed(other, "row-1", blob)
    tampered = bytearray(blob)
    tampered[-1] ^= 1
    with pytest.raises(CryptoError):
        open_sealed(key, "row-1", bytes(tampered))
    with pytest.raises(CryptoError):
        open_sealed(key, "row-1", b"x")
