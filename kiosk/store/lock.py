"""One booth process per storage folder: an exclusive lock on the folder, held for the life of the booth.

Two booth processes on one folder would share the money ledger, the outbox and the simulators' links, and each
cashier believes it is the only one paying out (seen: concurrent selftests on one folder cross-wired their
simulated buses and left money unpaid). The lock is an flock on ``booth.lock``, which the kernel drops when the
process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

LOCK_NAME = "booth.lock"


class StorageInUse(Exception):
    """Another booth process holds the storage folder."""


class StorageLock:
    """Holds the folder's lock from acquire() until release() (or the process ends)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self, wait_s: float = 10.0, poll_s: float = 0.1) -> None:
        """Take the lock, waiting up to wait_s for a booth that is still shutting down; StorageInUse if not."""
        writable = True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:  # a read-only folder (the booth will show it): an flock on a read-only descriptor
            writable = False
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except OSError:
                return  # nothing can be written here by anyone: there is nothing to guard
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    os.close(fd)
                    raise StorageInUse(f"{self.path.parent} is in use by another booth process (pid {holder})") from None
                time.sleep(poll_s)
        if writable:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)  # closing the descriptor drops the flock

    @property
    def held(self) -> bool:
        return self._fd is not None
