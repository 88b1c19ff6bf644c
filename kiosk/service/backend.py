"""The maintenance menu's backend: self-tests, money, outbox, events, configuration and the service switches.

It commands the booth through the same objects the flow uses (devices, cashier, ledger, outbox, flow) and holds
no personal data: counts, codes and health only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, SignalInstance

from kiosk import log
from kiosk.config import as_dict
from kiosk.devices.base import UNKNOWN, HealthState
from kiosk.flow import application_id
from kiosk.oneshot import OneShot
from kiosk.ui.maintenance import CashSummary, CollectionRecord, DeviceRow, OutstandingRow, SelfTestResult

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.devices.factory import Devices
    from kiosk.devices.submitter import HttpSubmitter
    from kiosk.flow.cashier import Cashier
    from kiosk.flow.hopper_stock import HopperStock
    from kiosk.flow.machine import Flow
    from kiosk.log import RingHandler
    from kiosk.service.audit_trail import AuditTrail
    from kiosk.store.ledger import Ledger
    from kiosk.store.outbox import Outbox

_log = log.get("app")
SELF_TEST_WAIT_MS = 20000

SELF_TESTS = ("probe", "accept_test_coin", "pay_one_coin", "camera_test_image", "read_test_code")
DEVICE_ACTIONS = {
    "coin_acceptor": ("probe", "accept_test_coin"),
    "hopper": ("pay_one_coin",),
    "camera": ("camera_test_image",),
    "barcode_reader": ("read_test_code",),
    "submitter": (),
}


class ServicedBooth(Protocol):
    """What the backend reads and commands (the ledger and outbox are read at each call: the stores may be
    reopened while the booth runs)."""

    cfg: Config
    flow: Flow
    devices: Devices
    cashier: Cashier
    ledger: Ledger
    outbox: Outbox
    submitter: HttpSubmitter
    hopper_stock: HopperStock | None
    trail: AuditTrail
    events: RingHandler

    def device_rows(self) -> list[tuple[str, str, str]]: ...

    def quit(self, code: int = 0) -> None: ...


class BoothService(QObject):
    """Implements kiosk.ui.maintenance.MaintenanceBackend over one booth."""

    def __init__(self, booth: ServicedBooth) -> None:
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
        if self.booth.flow.current not in ("attract", "out_of_service"):
            done(SelfTestResult(device_name, action, False, "a citizen is using the booth"))
            return
        self.cancel_self_test()
        finish = _Once(lambda ok, detail: done(SelfTestResult(device_name, action, ok, detail)))
        test = getattr(self, f"_test_{action}", None) if action in SELF_TESTS else None
        if test is None:
            finish(False, f"unknown self-test {action}")
            return
        device = next((d for d in self.booth.devices.all() if d.name == device_name), None)
        if device is not None and device.health == UNKNOWN:  # just started, not identified yet: test once it is

            def reported(ok: bool, detail: str) -> None:
                if ok:
                    test(finish)
                else:  # it never reported, or the test was cancelled meanwhile
                    finish(False, detail)

            self._wait(device.health_changed, _Once(reported), lambda: None, lambda *_a: (True, ""),
                       f"{device_name} did not report within {self._waited()}")
            return
        test(finish)

    def _waited(self) -> str:
        return f"{self.wait_ms / 1000:g} s"

    def _test_probe(self, finish: _Once) -> None:
        acceptor = self.booth.devices.acceptor

        def verdict(*_args: object) -> tuple[bool, str]:
            identity = getattr(acceptor, "identity", None)
            return (acceptor.health.state is not HealthState.DOWN,
                    f"{acceptor.health.state.value}: {identity}" if identity else acceptor.health.detail)

        finish(*verdict())

    def _test_accept_test_coin(self, finish: _Once) -> None:
        acceptor = self.booth.devices.acceptor
        self._wait(acceptor.coin_credited, finish, lambda: acceptor.set_accepted(frozenset()),
                   lambda value_yen, _counter: (True, f"{value_yen} yen credited (paid back)"),
                   f"no coin within {self._waited()}")
        acceptor.set_accepted(acceptor.coin_values())  # the cashier pays back a coin outside a session

    def _test_pay_one_coin(self, finish: _Once) -> None:
        b = self.booth
        hopper = b.devices.hopper
        if hopper is None:
            finish(False, "no hopper configured")
            return
        if b.cashier.busy or getattr(hopper, "busy", False):
            finish(False, "the hopper is paying out")  # its result would be taken for the test's
            return

        def paid(result: object) -> tuple[bool, str]:
            paid_coins = getattr(result, "paid", 0)
            if b.hopper_stock is not None:  # the coin left the hopper on the technician's test: the estimate holds
                b.hopper_stock.record_refill(-paid_coins)
            return paid_coins == 1, f"paid {paid_coins} coin(s)"

        self._wait(hopper.payout_finished, finish, lambda: None, paid, f"no payout result within {self._waited()}")
        b.cashier.payout_outside()
        hopper.pay_out(1)

    def _test_camera_test_image(self, finish: _Once) -> None:
        camera = self.booth.devices.camera

        def frame(f: object) -> tuple[bool, str]:
            image = getattr(f, "image", None)
            return image is not None, f"frame {image.shape[1]}x{image.shape[0]}" if image is not None else ""

        self._wait(camera.frame_captured, finish, lambda: camera.set_running(False), frame,
                   f"no frame within {self._waited()}")
        camera.set_running(True)

    def _test_read_test_code(self, finish: _Once) -> None:
        reader = self.booth.devices.reader

        def code(payload: str) -> tuple[bool, str]:
            ok = application_id.parse(payload).ok
            return True, "an application QR code was read" if ok else "a code was read (not an application)"

        self._wait(reader.code_read, finish, lambda: reader.set_enabled(False), code,
                   f"no code within {self._waited()}")
        reader.set_enabled(True)

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
    def cash_totals(self) -> CashSummary:
        b = self.booth
        totals = b.ledger.totals()
        hopper = b.devices.hopper
        coins = {value: yen // value for value, yen in totals.cash_box_yen.items() if value}
        stock = b.hopper_stock
        outstanding = [OutstandingRow(f"ledger:{o.row_id}", o.kind, o.receipt_code, o.amount_yen)
                       for o in b.ledger.outstanding()]
        outstanding += [OutstandingRow(f"held:{u.receipt_code}", "unrecorded", u.receipt_code, u.yen)
                        for u in b.cashier.unrecorded]
        return CashSummary(
            coins_by_denomination=coins,
            hopper_coins=stock.estimate if stock is not None else totals.hopper_coins_estimate,
            hopper_coin_yen=hopper.coin_yen if hopper is not None else 0,
            hopper_level=hopper.level.value if hopper is not None else "unknown",
            outstanding=tuple(outstanding),
            hopper_low=stock is not None and stock.low,
            has_stacker=b.devices.bill_validator is not None,
            stacker_notes=totals.stacker_notes,
            stacker_yen=totals.stacker_yen,
            services=tuple((s, n, yen) for s, (n, yen) in self.booth.ledger.charged_by_service().items()),
        )

    def settle(self, key: str) -> bool:
        """Staff paid an outstanding amount by hand: a ledger row (unpaid, owed) gets its 'settled' row; money
        held in memory because the ledger could not record it leaves the list. Either way it is audited."""
        b = self.booth
        where, _, handle = key.partition(":")
        if where == "ledger" and handle.isdigit():
            row = b.ledger.settled(int(handle))
            if row is None:
                return False
            kind, code, yen = row.kind, row.receipt_code, row.amount_yen
        elif where == "held":
            held = b.cashier.settle_unrecorded(handle)
            if held is None:
                return False
            kind, code, yen = "unrecorded", held.receipt_code, held.yen
        else:
            return False
        b.trail.record("money_settled", f"{kind} {code}", amount_yen=yen)
        _log.info("money: %s %d yen (receipt %s) settled by hand", kind, yen, code)
        return True

    def collect_stacker(self) -> CollectionRecord:
        """The note stacker was emptied: recorded in the ledger and audited like the coin collection."""
        notes, amount = self.booth.ledger.stacker()
        self.booth.ledger.stacker_collection(notes, amount)
        self.booth.trail.record("cash_collected", "note stacker", amount_yen=amount, count=notes)
        _log.info("note stacker collected: %d notes, %d yen", notes, amount)
        return CollectionRecord(record_id=time.strftime("N%Y%m%d-%H%M%S"), collected_yen=amount)

    def collect_cash(self) -> CollectionRecord:
        totals = self.cash_totals()
        amount = totals.box_yen
        self.booth.ledger.collection(amount)
        self.booth.trail.record("cash_collected", amount_yen=amount)
        _log.info("cash box collected: %d yen", amount)
        return CollectionRecord(record_id=time.strftime("C%Y%m%d-%H%M%S"),
                                collected_yen=amount, coins_by_denomination=dict(totals.coins_by_denomination))

    def refill_hopper(self, coins: int) -> None:
        hopper, stock = self.booth.devices.hopper, self.booth.hopper_stock
        if hopper is None or stock is None or coins <= 0:
            return
        stock.record_refill(coins)
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
                if isinstance(value, dict) and key not in ("thresholds", "fees"):  # settings that are tables
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


