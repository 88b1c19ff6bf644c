"""The audit trail: the booth's service events written append-only, and read back for the maintenance menu."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, SignalInstance

from kiosk import log
from kiosk.store.audit import AuditLog

_log = log.get("app")


class OutOfServiceSource(Protocol):
    """What the trail watches: the flow's out-of-service switch and its reasons."""

    @property
    def out_of_service_changed(self) -> SignalInstance: ...

    def out_of_service_reasons(self) -> list[str]: ...


class AuditTrail(QObject):
    """Writes the booth's service events to the audit store and reads them back for the maintenance menu.

    Out of service is recorded when it changes (entering with the reasons, leaving with the reasons it had
    been out for); the maintenance backend and the run loop record the rest. A write that fails (a full disk)
    is logged and never stops the booth or the technician.
    """

    def __init__(self, flow: OutOfServiceSource, audit: AuditLog) -> None:
        super().__init__()
        self.flow = flow
        self.audit = audit
        self._out = False
        self._reasons = ""
        flow.out_of_service_changed.connect(self._on_out_of_service_changed)

    def record(self, kind: str, detail: str = "", *, amount_yen: int | None = None, count: int | None = None) -> None:
        try:
            self.audit.record(kind, detail, amount_yen=amount_yen, count=count)
        except Exception as exc:
            _log.error("audit event %s not recorded (%s)", kind, type(exc).__name__)

    def recent(self, limit: int) -> list[str]:
        try:
            return [event.line() for event in self.audit.recent(limit)]
        except Exception as exc:
            return [f"(the audit trail cannot be read: {type(exc).__name__})"]

    def _on_out_of_service_changed(self, out: bool) -> None:
        if out == self._out:
            return
        self._out = out
        if out:
            self._reasons = ", ".join(self.flow.out_of_service_reasons()) or "-"
            self.record("out_of_service", self._reasons)
        else:
            self.record("in_service", f"was: {self._reasons}")
