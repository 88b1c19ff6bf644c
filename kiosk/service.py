"""The booth's service side: the maintenance menu's backend, fleet metrics and the hidden way in.

Everything here observes or commands the booth through the same objects the flow uses (devices, cashier, ledger,
outbox, flow); nothing here holds personal data: counts, codes and health only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, SignalInstance

from kiosk import __version__, log
from kiosk.config import as_dict
from kiosk.devices.base import HealthState
from kiosk.flow import application_id
from kiosk.metrics import BoothMetrics
from kiosk.oneshot import OneShot
from kiosk.store.audit import AuditLog
from kiosk.store.lockout import LockoutFile
from kiosk.ui.maintenance import (
    CashTotals,
    CollectionRecord,
    DeviceRow,
    HiddenGesture,
    MaintenanceMenu,
    SelfTestResult,
    UnpaidRow,
)
from kiosk.ui.pin import PinGate, effective_pin_hash

if TYPE_CHECKING:
    from kiosk.app import Booth

_log = log.get("app")
SELF_TEST_WAIT_MS = 20000

DEVICE_ACTIONS = {
    "coin_acceptor": ("probe", "accept_test_coin"),
    "hopper": ("pay_one_coin",),
    "camera": ("camera_test_image",),
    "barcode_reader": ("read_test_code",),
    "submitter": (),
}


class BoothService(QObject):
    """Implements kiosk.ui.maintenance.MaintenanceBackend over one booth."""

    def __init__(self, booth: Booth) -> None:
        super().__init__()
        self.booth = booth
        self.restart_requested = False
        self.wait_ms = SELF_TEST_WAIT_MS
        self._running: tuple[OneShot, Callable[[], None]] | None = None  # the self-test still waiting

    # -- devices and self-tests --------------------------------------------------------------------------
    def devices(self) -> list[DeviceRow]:
        return [DeviceRow(name, state, detail, DEVICE_ACTIONS.get(name, ())) for name, state, detail in
                self.booth.device_rows()]

    def self_test(self, device_name: str, action: str, done: Callable[[SelfTestResult], None]) -> None:
        """Run one self-test; whatever it connects or switches on is undone when it ends, however it ends.

        Every waiting test is a OneShot: one emission or the timeout, then disconnected, and the device is put
        back as it is between sessions (intake shut, reader off, camera paused). Starting another test or closing
        the menu cancels a test still waiting (cancel_self_test).
        """
        b = self.booth
        flow = b.flow
        if flow.current not in ("attract", "out_of_service"):
            done(SelfTestResult(device_name, action, False, "a citizen is using the booth"))
            return
        self.cancel_self_test()
        finish_once = _Once(lambda ok, detail: done(SelfTestResult(device_name, action, ok, detail)))
        wait_s = f"{self.wait_ms / 1000:g}"
        if action == "probe":
            acceptor = b.devices.acceptor
            identity = getattr(acceptor, "identity", None)
            finish_once(acceptor.health.state is not HealthState.DOWN,
                        f"{acceptor.health.state.value}: {identity}" if identity else acceptor.health.detail)
        elif action == "accept_test_coin":
            acceptor = b.devices.acceptor
            self._wait(acceptor.coin_credited, finish_once, lambda: acceptor.set_accepted(frozenset()),
                       lambda value_yen, _counter: (True, f"{value_yen} yen credited (paid back)"),
                       f"no coin within {wait_s} s")
            acceptor.set_accepted(acceptor.coin_values())  # the cashier pays back a coin outside a session
        elif action == "pay_one_coin":
            hopper = b.devices.hopper
            if hopper is None:
                finish_once(False, "no hopper configured")
                return
            if b.cashier.busy or getattr(hopper, "busy", False):
                finish_once(False, "the hopper is paying out")  # its result would be taken for the test's
                return

            def paid(result: object) -> tuple[bool, str]:
                paid_coins = getattr(result, "paid", 0)
                _take_from_hopper(b, paid_coins)  # the coin left the hopper on the technician's test
                return paid_coins == 1, f"paid {paid_coins} coin(s)"

            self._wait(hopper.payout_finished, finish_once, lambda: None, paid, f"no payout result within {wait_s} s")
            hopper.pay_out(1)
        elif action == "camera_test_image":
            camera = b.devices.camera

            def frame(f: object) -> tuple[bool, str]:
                image = getattr(f, "image", None)
                return image is not None, f"frame {image.shape[1]}x{image.shape[0]}" if image is not None else ""

            self._wait(camera.frame_captured, finish_once, lambda: camera.set_running(False), frame,
                       f"no frame within {wait_s} s")
            camera.set_running(True)
        elif action == "read_test_code":
            reader = b.devices.reader

            def code(payload: str) -> tuple[bool, str]:
                ok = application_id.parse(payload).ok
                return True, "an application QR code was read" if ok else "a code was read (not an application)"

            self._wait(reader.code_read, finish_once, lambda: reader.set_enabled(False), code,
                       f"no code within {wait_s} s")
            reader.set_enabled(True)
        else:
            finish_once(False, f"unknown self-test {action}")

    def _wait(self, signal: SignalInstance, finish: _Once, restore: Callable[[], None],
              verdict: Callable[..., tuple[bool, str]], timeout_detail: str) -> None:
        """Wait for one emission of signal (or the timeout): restore the device, then report the verdict."""

        def emitted(*args: object) -> None:
            self._running = None
            restore()
            finish(*verdict(*args))

        def expired() -> None:
            self._running = None
            restore()
            finish(False, timeout_detail)

        def cancelled() -> None:
            restore()
            finish(False, "cancelled")

        shot = OneShot(signal, emitted, timeout_ms=self.wait_ms, on_timeout=expired, parent=self)
        self._running = (shot, cancelled)

    def cancel_self_test(self) -> None:
        """Stop a self-test still waiting: disconnected, its device put back, reported as cancelled."""
        running, self._running = self._running, None
        if running is not None:
            shot, cancelled = running
            if shot.active:
                shot.cancel()
                cancelled()

    def self_test_running(self) -> bool:
        return self._running is not None and self._running[0].active

    # -- money -----------------------------------------------------------------------------------------------
    def cash_totals(self) -> CashTotals:
        totals = self.booth.ledger.totals()
        hopper = self.booth.devices.hopper
        coins = {value: yen // value for value, yen in totals.cash_box_yen.items() if value}
        stock = self.booth.hopper_stock
        return CashTotals(
            coins_by_denomination=coins,
            hopper_coins=stock.estimate if stock is not None else totals.hopper_coins_estimate,
            hopper_coin_yen=hopper.coin_yen if hopper is not None else 0,
            hopper_level=hopper.level.value if hopper is not None else "unknown",
            unpaid=tuple(UnpaidRow(code, yen) for code, yen in totals.unpaid),
            hopper_low=stock is not None and stock.low,
        )

    def collect_cash(self) -> CollectionRecord:
        totals = self.cash_totals()
        amount = totals.box_yen
        self.booth.ledger.collection(amount)
        self.booth.trail.record("cash_collected", amount_yen=amount)
        _log.info("cash box collected: %d yen", amount)
        return CollectionRecord(record_id=time.strftime("C%Y%m%d-%H%M%S"),
                                collected_yen=amount, coins_by_denomination=dict(totals.coins_by_denomination))

    def refill_hopper(self, coins: int) -> None:
        hopper = self.booth.devices.hopper
        if hopper is None or coins <= 0:
            return
        self.booth.hopper_stock.record_refill(coins)
        self.booth.trail.record("hopper_refilled", amount_yen=coins * hopper.coin_yen, count=coins)
        _log.info("hopper refilled with %d coins", coins)

    # -- outbox, events, config, service -------------------------------------------------------------------------
    def outbox_depth(self) -> tuple[int, float | None]:
        depth = self.booth.outbox.depth()
        return depth, (self.booth.outbox.oldest_age_s() if depth else None)

    def send_now(self) -> None:
        self.booth.submitter.wake()

    def recent_events(self, limit: int) -> list[str]:
        return self.booth.events.recent(limit)

    def audit_events(self, limit: int) -> list[str]:
        return self.booth.trail.recent(limit)

    def running_config(self) -> str:
        lines: list[str] = []

        def walk(data: dict[str, object], prefix: str) -> None:
            for key, value in data.items():
                if isinstance(value, dict) and key != "thresholds":
                    walk(value, f"{prefix}{key}.")
                elif key == "pin_hash":
                    lines.append(f"{prefix}{key} = {'(set)' if value else '(empty)'}")
                else:
                    lines.append(f"{prefix}{key} = {value!r}")

        walk(as_dict(self.booth.cfg), "")
        return "\n".join(lines)

    def set_out_of_service(self, out_of_service: bool) -> None:
        self.booth.flow.set_out_of_service(out_of_service)

    def is_out_of_service(self) -> bool:
        return self.booth.flow.is_out_of_service()

    def restart(self) -> None:
        """Leave with status 75: systemd (Restart=always) starts the booth again."""
        self.restart_requested = True
        self.booth.trail.record("restart")
        self.booth.quit(75)

    def exit_kiosk(self) -> None:
        self.booth.trail.record("exit")
        self.booth.quit(0)


def _take_from_hopper(booth: Booth, coins: int) -> None:
    """Coins paid outside the cashier (a self-test) are recorded as a negative refill, so the estimate holds."""
    if booth.hopper_stock is not None:
        booth.hopper_stock.record_refill(-coins)


class _Once:
    """Calls the callback once, on the GUI thread, whatever thread reports first."""

    def __init__(self, callback: Callable[[bool, str], None]) -> None:
        self._callback = callback
        self._lock = threading.Lock()
        self._done = False

    def __call__(self, ok: bool, detail: str) -> None:
        with self._lock:
            if self._done:
                return
            self._done = True
        self._callback(ok, detail)


class MaintenanceAccess(QObject):
    """The hidden gesture, the PIN gate (one for the process: its lockout survives reopening) and the menu."""

    def __init__(self, booth: Booth) -> None:
        super().__init__()
        self.booth = booth
        cfg = booth.cfg
        self.backend = BoothService(booth)
        self.lockout = LockoutFile(booth.state_dir / "pin_lockout.db")  # a restart does not end a lockout
        self.gate = PinGate(effective_pin_hash(cfg.maintenance.pin_hash, cfg.booth.simulate), state=self.lockout)
        self.menu = MaintenanceMenu(self.backend, self.gate, idle_close_s=cfg.maintenance.idle_close_s)
        self.menu.closed.connect(self._on_menu_closed)
        self.menu.pin_checked.connect(self._on_pin_checked)
        self.gesture = HiddenGesture(booth.window)
        self.gesture.triggered.connect(self.open)
        booth.app.installEventFilter(self.gesture)
        self._was_forced = False

    def open(self) -> None:
        flow = self.booth.flow
        if flow.current not in ("attract", "out_of_service") or self.menu.is_open:
            return  # never in the middle of a citizen's session
        self._was_forced = flow.forced_out_of_service
        flow.set_out_of_service(True)
        self.gesture.enabled = False
        self.menu.setGeometry(self.booth.window.geometry())
        if self.booth.cfg.booth.kiosk_mode:
            self.menu.showFullScreen()
        else:
            self.menu.show()
        self.menu.open()
        _log.info("maintenance menu opened")

    def _on_pin_checked(self, outcome: str) -> None:
        kind = {"accepted": "unlocked", "rejected": "pin_wrong", "locked": "pin_locked"}.get(outcome)
        if kind is not None:
            self.booth.trail.record(kind, count=self.gate.failures if kind != "unlocked" else None)

    def close(self) -> None:
        self.backend.cancel_self_test()
        self.menu.close()
        self.lockout.close()

    def _on_menu_closed(self, reason: str) -> None:
        self.backend.cancel_self_test()  # nothing a test switched on stays on for the next citizen
        self.gesture.enabled = True
        self.menu.hide()
        if not self.backend.is_out_of_service() or not self._was_forced:
            self.booth.flow.set_out_of_service(self._forced_after_menu())
        _log.info("maintenance menu closed (%s)", reason)

    def _forced_after_menu(self) -> bool:
        return self.booth.flow.forced_out_of_service and self._was_forced


class AuditTrail(QObject):
    """Writes the booth's service events to the audit store and reads them back for the maintenance menu.

    Out of service is recorded when it changes (entering with the reasons, leaving with the reasons it had
    been out for); the maintenance backend and the run loop record the rest. A write that fails (a full disk)
    is logged and never stops the booth or the technician.
    """

    def __init__(self, booth: Booth, audit: AuditLog) -> None:
        super().__init__()
        self.booth = booth
        self.audit = audit
        self._out = False
        self._reasons = ""
        booth.flow.out_of_service_changed.connect(self._on_out_of_service_changed)

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
            self._reasons = ", ".join(self.booth.flow.out_of_service_reasons()) or "-"
            self.record("out_of_service", self._reasons)
        else:
            self.record("in_service", f"was: {self._reasons}")


class FleetMetrics(QObject):
    """Feeds BoothMetrics from the booth's signals and a slow poll; serves them where configured.

    A session's outcome is counted when the flow decides it (Session.outcome_decided), so it is on the
    endpoint while the done screen shows and survives a crash before the session ends; a session that ends
    without a decision is counted when it ends. Either way once a session.
    """

    POLL_MS = 5000

    def __init__(self, booth: Booth) -> None:
        super().__init__()
        self.booth = booth
        from kiosk.photo.checks import CHECK_IDS

        self.metrics = BoothMetrics(booth.cfg.booth.id, __version__, [d.name for d in booth.devices.all()],
                                    CHECK_IDS)
        self._outcome_counted = False
        self._previous_state = ""
        flow = booth.flow
        flow.state_entered.connect(self._on_state_entered)
        flow.session.outcome_decided.connect(self._on_outcome_decided)
        flow.session_ended.connect(self._on_session_ended)
        flow.out_of_service_changed.connect(self.metrics.set_out_of_service)
        acceptor = booth.devices.acceptor
        acceptor.coin_credited.connect(lambda value, _c: self.metrics.coin_inserted(value))
        acceptor.events_lost.connect(lambda _n: self.metrics.error("events_lost"))
        acceptor.fault_raised.connect(lambda _code, _blocking: self.metrics.error("coin_fault"))
        acceptor.device_reset.connect(lambda: self.metrics.error("device_reset"))
        hopper = booth.devices.hopper
        if hopper is not None:
            hopper.payout_finished.connect(self._on_payout_finished)
        booth.submitter.rejected.connect(lambda *_: self.metrics.error("submit_rejected"))
        rejection_received = getattr(booth.submitter, "rejection_received", None)  # HttpSubmitter's
        if rejection_received is not None:
            rejection_received.connect(
                lambda _e, rejection: self.metrics.submission_refused(str(getattr(rejection, "reason", "")))
            )
        booth.submitter.attempt_failed.connect(lambda *_: self.metrics.error("submit_failed"))
        if booth.hopper_stock is not None:
            booth.hopper_stock.changed.connect(self.metrics.set_hopper)
        for device in [*booth.devices.all(), booth.submitter]:
            device.health_changed.connect(lambda h, d=device: self.metrics.set_device_health(d.name, h))
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(self.POLL_MS)
        self.poll()

    def _on_state_entered(self, state: str) -> None:
        if state == "menu":
            self.metrics.session_started()
        elif state == "review" and self._previous_state == "camera":  # a new capture (not back from timeout)
            self.metrics.photo_reviewed(self.booth.flow.session.photo.failed)
        self._previous_state = state

    def _on_outcome_decided(self, outcome: str) -> None:
        if not self._outcome_counted:
            self._outcome_counted = True
            self.metrics.session_ended(outcome)

    def _on_session_ended(self, outcome: str) -> None:
        if not self._outcome_counted:
            self.metrics.session_ended(outcome)
        self._outcome_counted = False

    def _on_payout_finished(self, result: object) -> None:
        self.metrics.coins_paid(getattr(result, "coin_yen", 0), getattr(result, "paid", 0))
        if getattr(result, "unpaid", 0) > 0:
            self.metrics.error("payout_unpaid")

    def poll(self) -> None:
        b = self.booth
        totals = b.ledger.totals()
        self.metrics.set_cash_box({v: yen // v for v, yen in totals.cash_box_yen.items() if v})
        if b.hopper_stock is not None:
            self.metrics.set_hopper(b.hopper_stock.estimate, b.hopper_stock.low)
        self.metrics.set_unpaid(sum(yen for _code, yen in totals.unpaid))
        status = b.submitter.queue_status()
        self.metrics.set_outbox(status.depth, status.oldest_age_s)
        self.metrics.set_out_of_service(b.flow.is_out_of_service())
        for device in [*b.devices.all(), b.submitter]:
            self.metrics.set_device_health(device.name, device.health)

    def serve(self, bind: str) -> tuple[str, int]:
        return self.metrics.serve(bind)

    def stop(self) -> None:
        self.timer.stop()
        self.metrics.stop()

