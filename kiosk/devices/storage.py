"""The storage folder as the flow sees a device: down while the stores cannot be used or written.

Problems found when the stores were opened (a missing, zeroed, corrupt or replaced file, a lost key) hold until a
technician mends them and restarts the booth. Whether the folder takes writes (free space with headroom, a real
write and fsync, the reserve in place) is checked at start, before intake opens, after any failed write, and
every recheck_s while it is down, on the GUI thread (a 64 KB write: about a millisecond).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk import log
from kiosk.devices.base import Health, HealthState, Storage
from kiosk.store import health as store_health

_log = log.get("store")


class StorageMonitor(Storage):
    def __init__(self, folder: Path, *, headroom_bytes: int, reserve_bytes: int, problems: Sequence[str] = (),
                 waiting_for: Sequence[str] = (), recheck_s: float = 10.0, parent: QObject | None = None) -> None:
        """problems: damage a technician must mend (checks cannot clear it); waiting_for: stores not opened
        because of the storage itself, opened again by the booth once a check passes."""
        super().__init__("storage", parent)
        self.folder = folder
        self.headroom_bytes = headroom_bytes
        self.reserve_bytes = reserve_bytes
        self.problems = list(problems)
        self.waiting_for = list(waiting_for)
        self._timer = QTimer(self)
        self._timer.setInterval(int(recheck_s * 1000))
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self.check_now()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> bool:
        if self.problems:
            self._down("; ".join(self.problems))
            return False
        result = store_health.check(self.folder, self.headroom_bytes)
        if result.ok and not store_health.ensure_reserve(self.folder, self.reserve_bytes):
            result = store_health.StorageCheck(False, result.free_bytes, "storage nearly full (no room for the "
                                               "reserve)")
        if not result.ok:
            self._down(result.problem + (f" ({'; '.join(self.waiting_for)})" if self.waiting_for else ""))
            return False
        self._timer.stop()
        if not self.health.ok:
            _log.info("storage writable again (%d MB free)", result.free_bytes // 1_000_000)
        self._set_health(Health(HealthState.OK, f"{result.free_bytes // 1_000_000} MB free"))
        return True

    def stores_reopened(self) -> None:
        """The booth opened the stores it was waiting for."""
        self.waiting_for = []

    def report_failure(self, problem: str) -> None:
        """A write failed (from the ledger's write_failed listeners): down at once, re-checked on a timer."""
        self._down(problem)

    def _down(self, problem: str) -> None:
        if self.health.ok or self.health.detail != problem:
            _log.error("storage: %s", problem)
        self._set_health(Health(HealthState.DOWN, problem))
        if not self.problems and not self._timer.isActive():
            self._timer.start()
