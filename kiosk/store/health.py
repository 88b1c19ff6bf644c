"""Whether the storage folder can take the booth's records now: free space with headroom, and a real write.

check() writes and fsyncs a small probe file (and the folder), so a read-only, full or failing file system shows
up here, before intake opens, instead of in the middle of a citizen's payment. The reserve is a file of zeros
kept beside the stores: when a write fails because the disk filled up anyway, releasing it makes room for the
records that settle the money (the refund of a coin already taken).
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass
from pathlib import Path

PROBE = ".kiosk-probe"
RESERVE = "reserve.bin"
PROBE_BYTES = 64 * 1024
LOW_SPACE_BYTES = 1_000_000  # below this, an I/O error of a write is taken for a full disk


@dataclass(frozen=True)
class StorageCheck:
    ok: bool
    free_bytes: int
    problem: str = ""  # technician-readable: "storage full (12 KB free)", "storage read-only", ...


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n // 1000} KB"


def free_bytes(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def describe_os_error(exc: OSError) -> str:
    """What an OSError of a write means for the booth, in a technician's words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "storage full"
    if exc.errno == errno.EROFS:
        return "storage read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "storage folder not writable"
    if exc.errno == errno.EIO:
        return "storage failing (I/O error)"
    if exc.errno == errno.ENOENT:
        return "storage folder missing"
    return f"storage write failed ({errno.errorcode.get(exc.errno or 0, type(exc).__name__)})"


def check(folder: Path, headroom_bytes: int) -> StorageCheck:
    """A real write (fsynced) of a probe file, and at least headroom_bytes free besides."""
    try:
        free = free_bytes(folder)
    except OSError as exc:
        return StorageCheck(False, 0, describe_os_error(exc))
    probe = folder / PROBE
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            data = memoryview(b"\0" * PROBE_BYTES)
            while data:  # a full disk answers with a short write first, ENOSPC only on the next one
                data = data[os.write(fd, data):]
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(folder)
    except OSError as exc:
        return StorageCheck(False, free, f"{describe_os_error(exc)} ({_mb(free)} free)")
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    if free < headroom_bytes:
        return StorageCheck(False, free, f"storage nearly full ({_mb(free)} free, {_mb(headroom_bytes)} needed)")
    return StorageCheck(True, free)


def ensure_reserve(folder: Path, size_bytes: int) -> bool:
    """Keep a reserve file of size_bytes (zeros, fsynced); False when there is no room for it."""
    path = folder / RESERVE
    try:
        if path.exists() and path.stat().st_size >= size_bytes:
            return True
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.posix_fallocate(fd, 0, size_bytes)
            os.fsync(fd)
        finally:
            os.close(fd)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        return False


def release_reserve(folder: Path) -> bool:
    """Give the reserve's space back to the file system (a write failed for lack of space); True if freed."""
    try:
        (folder / RESERVE).unlink()
    except OSError:
        return False
    with contextlib.suppress(OSError):
        _fsync_dir(folder)
    return True


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
