"""The outbox key file and AES-256-GCM sealing with the row id as associated data.

The cryptography package is imported at the first seal or open, not with the module: a booth's first paint and
its money recovery need the key file only (kiosk.later).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

KEY_BYTES = 32
NONCE_BYTES = 12


class CryptoError(Exception):
    """A key file is unusable or a sealed blob does not open (wrong key, wrong row, tampered)."""


def ensure_key(path: Path) -> bytes:
    """Return the key stored at path, creating it first (32 random bytes, mode 0600) if it is absent.

    Creation is atomic: the key is written and synced to a private temporary file that is then hard-linked
    into place, so a reader never sees a partial key and two concurrent callers end up with the same key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, os.urandom(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # fails if another process created the key meanwhile: theirs wins
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise CryptoError(f"key file {path} holds {len(key)} bytes, expected {KEY_BYTES}")
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    return key


def seal(key: bytes, row_id: str, plaintext: bytes) -> bytes:
    """Encrypt and authenticate plaintext for one row: nonce (12 bytes) + ciphertext + tag (16 bytes)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # at first use (kiosk.workers: a worker's
    # first use comes after the sender's start() imported it in the GUI thread)

    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, row_id.encode("utf-8"))


def open_sealed(key: bytes, row_id: str, blob: bytes) -> bytes:
    """Decrypt a blob made by seal() for the same row id; CryptoError if the key, row or blob differ."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(blob) < NONCE_BYTES + 16:
        raise CryptoError("sealed blob is too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], row_id.encode("utf-8"))
    except InvalidTag:
        raise CryptoError("sealed blob does not open with this key for this row") from None
