"""The way into the maintenance menu: the hidden gesture, the PIN gate and the menu window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import log
from kiosk.config import Config
from kiosk.flow.machine import Flow
from kiosk.service.audit_trail import AuditTrail
from kiosk.service.backend import BoothService
from kiosk.store.lockout import LockoutFile
from kiosk.ui.maintenance import HiddenGesture, MaintenanceMenu
from kiosk.ui.pin import PinGate, effective_pin_hash

_log = log.get("app")


class MaintenanceAccess(QObject):
    """The hidden gesture, the PIN gate (one for the process: its lockout survives reopening) and the menu.

    The menu opens only between citizens (attract or out of service); while it is open the booth is out of
    service, and closing it puts back the technician's own switch as it was left.
    """

    def __init__(self, cfg: Config, flow: Flow, window: QWidget, app: QApplication, state_dir: Path,
                 backend: BoothService, trail: AuditTrail, lockout: LockoutFile | None = None) -> None:
        super().__init__()
        self.cfg, self.flow, self.window, self.trail = cfg, flow, window, trail
        self.backend = backend
        # a restart does not end a lockout; the booth opens it with its other stores (the menu comes later)
        self.lockout = lockout or LockoutFile(state_dir / "pin_lockout.db")
        self.gate = PinGate(effective_pin_hash(cfg.maintenance.pin_hash, cfg.booth.simulate), state=self.lockout)
        self.menu = MaintenanceMenu(self.backend, self.gate, idle_close_s=cfg.maintenance.idle_close_s)
        self.menu.closed.connect(self._on_menu_closed)
        self.menu.pin_checked.connect(self._on_pin_checked)
        self.gesture = HiddenGesture(window)
        self.gesture.triggered.connect(self.open)
        app.installEventFilter(self.gesture)
        self._was_forced = False

    def open(self) -> None:
        flow = self.flow
        if flow.current not in ("attract", "out_of_service") or self.menu.is_open:
            return  # never in the middle of a citizen's session
        self._was_forced = flow.forced_out_of_service
        flow.set_out_of_service(True)
        self.gesture.enabled = False
        self.menu.setGeometry(self.window.geometry())
        if self.cfg.booth.kiosk_mode:
            self.menu.showFullScreen()
        else:
            self.menu.show()
        self.menu.open()
        _log.info("maintenance menu opened")

    def _on_pin_checked(self, outcome: str) -> None:
        kind = {"accepted": "unlocked", "rejected": "pin_wrong", "locked": "pin_locked"}.get(outcome)
        if kind is not None:
            self.trail.record(kind, count=self.gate.failures if kind != "unlocked" else None)

    def close(self) -> None:
        self.backend.cancel_self_test()
        self.menu.close()
        self.lockout.close()

    def _on_menu_closed(self, reason: str) -> None:
        self.backend.cancel_self_test()  # nothing a test switched on stays on for the next citizen
        self.gesture.enabled = True
        self.menu.hide()
        if not self.backend.is_out_of_service() or not self._was_forced:
            self.flow.set_out_of_service(self._forced_after_menu())
        _log.info("maintenance menu closed (%s)", reason)

    def _forced_after_menu(self) -> bool:
        return self.flow.forced_out_of_service and self._was_forced
