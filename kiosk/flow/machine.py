"""The booth's flow: runs the declaration of kiosk.flow.table on a QStateMachine and holds the policy.

Read it top to bottom: the machine built from the rows, the way in (Flow.request for screens, _take for devices,
timers and the flow itself), the guards and effects the rows name, the policy of each state (the session's
start and end, the 「続けますか？」 countdown, out of service), and the device events. The effects of a move
on the money, the devices and the sending are kiosk.flow.effects'; what the screens show is kiosk.flow.view's.
Any unexpected exception in the flow reaches out_of_service.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtStateMachine import QSignalTransition, QState, QStateMachine

from kiosk import log
from kiosk.api import PHOTO_EXCEPTION_KINDS
from kiosk.config import Config
from kiosk.devices.base import UNKNOWN, BarcodeReader, Camera, Device, Storage, Submitter
from kiosk.devices.printer import Printer, PrintOutcome, fault_id
from kiosk.devices.receipt import Receipt, ReceiptPrinter
from kiosk.flow import application_id, birthdate
from kiosk.flow.cashier import Cashier
from kiosk.flow.effects import DeviceEffects, MoneyEffects, PrintEffects, SendingEffects
from kiosk.flow.session import Details, Session
from kiosk.flow.studio import Studio
from kiosk.flow.table import (
    CANCELLABLE,
    NEEDS,
    REQUIRED_DEVICES,
    RESUME,
    ROWS,
    SESSION_STATES,
    STATES,
    TIMED,
    TIMES_OUT,
    By,
    edges,
    rows_for,
)
from kiosk.flow.timers import NamedTimers
from kiosk.flow.view import SEND_STAGES, FlowView, SendProgress
from kiosk.photo import sizes as photo_sizes
from kiosk.store.outbox import Outbox

__all__ = ["CANCELLABLE", "STATES", "TIMES_OUT", "Flow", "FlowDevices"]
PRINT_ATTEMPTS = 2  # a sheet that fails is sent once more while the printer stays up, then refunded

_log = log.get("flow")
STARTUP_GRACE_MS = 15000  # how long the first screen waits for required devices that have not reported yet


class _Trigger(QObject):
    fired = Signal(str, int)  # source state id, row index


class _RowTransition(QSignalTransition):
    """The machine's transition for one row: taken only when the trigger names that row from its source."""

    def __init__(self, trigger: _Trigger, source: QState, index: int) -> None:
        super().__init__(trigger.fired, source)
        self._source_id = source.objectName()
        self._index = index

    def eventTest(self, event: Any) -> bool:
        if not super().eventTest(event):
            return False
        args = event.arguments()
        return bool(args[0] == self._source_id and args[1] == self._index)


@dataclass
class FlowDevices:
    """What the flow talks to; built by the composition root."""

    cashier: Cashier
    reader: BarcodeReader
    camera: Camera
    submitter: Submitter
    outbox: Outbox
    studio: Studio
    health: dict[str, Device]  # every device by name, for the out-of-service decision
    storage: Storage  # the stores' folder: checked with a real write before intake opens
    printer: Printer | None = None  # the photo printer (None: no print service)
    use_photo_size: Callable[[photo_sizes.PhotoSize | None], None] | None = None  # the photo lab's geometry
    receipt: ReceiptPrinter | None = None  # the 領収書 on request (None: not offered)


class Flow(QObject):
    """The state machine and the session rules between the screens and the devices."""

    state_entered = Signal(str)  # state id
    countdown_changed = Signal(int)  # seconds left on the 「続けますか？」 screen
    scan_rejected = Signal(str)  # reason id (application_id.Reason value); never the payload
    details_rejected = Signal(str)  # reason id from birthdate
    camera_countdown = Signal(int)  # 3, 2, 1, 0 = shutter
    out_of_service_changed = Signal(bool)
    held_money_changed = Signal()  # view.held_money (the receipt code and yen owed to the last citizen) changed
    session_ended = Signal(str)  # outcome: sent, queued, rejected, cancelled, timed_out, failed
    ready = Signal()  # boot() is over: the money is settled and the first screen is up

    def __init__(self, cfg: Config, devices: FlowDevices, *, today: Callable[[], date] = date.today,
                 timer_scale: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cfg = cfg
        self.dev = devices
        self.studio = devices.studio
        self.today = today
        self.session = Session(self)
        self._scale0 = timer_scale
        self.timers = NamedTimers(timer_scale, self)
        self.view = FlowView(devices.cashier, self)
        self.view.operator_contact = cfg.booth.operator_contact
        self.view.screen_diagonal_in = cfg.booth.screen_diagonal_in
        self.view.coin_slot = cfg.booth.coin_slot
        self.money_effects = MoneyEffects(devices.cashier, devices.storage, self.session, self.fail)
        self.device_effects = DeviceEffects(devices.reader, devices.camera, devices.studio)
        self.sending_effects = SendingEffects(cfg, devices.outbox, devices.submitter, self.session, self.timers,
                                      self._send_wait_over)
        self.sizes = photo_sizes.offered(cfg.idphoto.sizes, cfg.idphoto.fees)
        self.print_effects = PrintEffects(cfg, devices.printer, self.session, self.size_of)
        self.view.services = self._services
        self.view.receipt_available = self.receipt_available
        self.view.sizes = tuple((z.id, z.label_ja, z.label_en, z.fee_yen) for z in self.sizes)
        self._trigger = _Trigger(self)
        self._machine = QStateMachine(self)
        self._states: dict[str, QState] = {}
        self.current = ""
        self._entered_at = time.monotonic()
        self._resume_state = "menu"
        self._forced_oos = False
        self._oos_reasons: list[str] = []
        self._countdown_s = 0
        self._fatal_unpaid = False
        self._held_txn = ""  # whose money view.held_money is (it outlives the session's wipe)
        self._starting = False  # within the start-up grace: a required device not yet reported counts as up
        self._previous = ""
        self._build()
        self._connect_devices()

    # -- the machine, built from the rows -------------------------------------------------------------
    def _build(self) -> None:
        for sid in STATES:
            state = QState(self._machine)
            state.setObjectName(sid)
            state.entered.connect(lambda s=sid: self._enter(s))
            state.exited.connect(lambda: self.timers.stop("state"))
            self._states[sid] = state
        self._transitions: list[_RowTransition] = []  # Python keeps them alive: eventTest is Python's
        for index, row in edges():
            t = _RowTransition(self._trigger, self._states[row.source], index)
            if row.target == RESUME:
                self._continue = t  # its target is set when the countdown starts
                t.setTargetState(self._states["menu"])
            else:
                assert row.target is not None
                t.setTargetState(self._states[row.target])
            self._transitions.append(t)
        self._machine.setInitialState(self._states["attract"])

    def boot(self) -> None:
        """Settle the money of interrupted sessions (charging those whose application was kept), then start on
        the first screen once the required devices have reported, or after a grace time (a device still down
        then puts the booth out of service)."""
        self.dev.cashier.recovered.connect(self._on_recovered)
        self.dev.cashier.recover(self.application_kept)

    def application_kept(self, txn: str) -> bool:
        """Whether session txn's application is in the outbox or was delivered."""
        return self.dev.outbox.kept(txn)

    def use_outbox(self, outbox: Outbox) -> None:
        """The real outbox, opened once the storage came back (it replaces the stand-in)."""
        self.dev.outbox = outbox
        self.sending_effects.outbox = outbox

    def _on_recovered(self) -> None:
        """The money is settled: show the first screen now. A required device still starting (the coin
        acceptor identifying itself, a camera opening) does not hold the booth up: it counts as up for a grace
        time, which a citizen's first taps take anyway, and as down if it has not reported by then."""
        if self._machine.isRunning() or self.current:
            return
        self._owe_refused_fees()
        if self.waiting_for_devices():
            self._starting = True
            QTimer.singleShot(STARTUP_GRACE_MS, self._startup_over)
        self.start()
        self.ready.emit()

    def _startup_over(self) -> None:
        """The grace time is over: a required device that never reported is down."""
        self._starting = False
        late = [n for n in REQUIRED_DEVICES if n in self.dev.health and self.dev.health[n].health == UNKNOWN]
        if not late:
            return
        _log.warning("devices that never reported: %s", ", ".join(late))
        for name in late:
            self._on_health_changed(self.dev.health[name])

    def start(self) -> None:
        self._machine.start()

    def stop(self) -> None:
        self.timers.stop_all()
        self._machine.stop()

    # -- the way in ---------------------------------------------------------------------------------------
    def request(self, state_id: str, action: str, payload: Any = None) -> bool:
        """A citizen's intent on screen state_id: True when a CITIZEN row of the active state took it."""
        if state_id != self.current:
            _log.debug("ignored %s/%s: active state is %s", state_id, action, self.current)
            return False
        try:
            return self._take(state_id, action, By.CITIZEN, payload)
        except Exception:
            self.fail("exception in request")
            return False

    def _fire(self, action: str, source: str | None = None, by: By = By.FLOW) -> bool:
        """A device's, a timer's or the flow's own event."""
        return self._take(source or self.current, action, by, None)

    def _take(self, source: str, action: str, by: By, payload: Any) -> bool:
        if source != self.current:
            return False  # an event for a state the booth has left
        rows = [r for r in rows_for(source, action) if r.by is by]
        for row in rows:
            if not all(getattr(self, f"guard_{g}")() for g in row.guards):
                continue
            if row.target is None:  # a command
                return bool(getattr(self, f"effect_{row.effect}")(payload))
            if row.effect and getattr(self, f"effect_{row.effect}")(payload) is False:
                return False
            if self.current != source:
                return False  # the effect itself moved the booth (a failure): this row is void
            self._trigger.fired.emit(source, ROWS.index(row))
            return True
        if rows and rows[0].refused:
            self._fire(rows[0].refused, source)
        return False

    # -- guards (named by the rows) ---------------------------------------------------------------------------
    def guard_can_serve(self) -> bool:
        return self.devices_ok() and not self._forced_oos and not self._fatal_unpaid

    def guard_photo_taken(self) -> bool:
        return self.session.photo.jpeg is not None

    def guard_retakes_left(self) -> bool:
        return self.retakes_left() > 0  # the retake limit holds whichever screen asks

    def guard_photo_acceptable(self) -> bool:
        return not self.session.photo.failed or bool(self.session.photo.exception_kind)

    def guard_refund_out(self) -> bool:
        return not self.dev.cashier.busy

    def guard_money_owed(self) -> bool:
        return self._fatal_unpaid

    def guard_receipt_available(self) -> bool:
        return self.receipt_available()

    def receipt_available(self) -> bool:
        """A receipt can be asked for now: a receipt printer, a fee charged, none printed yet this session."""
        r = self.dev.receipt
        return (r is not None and r.health.ok and not self.session.receipt_number
                and self.session.outcome in ("sent", "queued", "printed"))

    def effect_print_receipt(self, _payload: Any) -> bool:
        from datetime import datetime

        from kiosk.flow.payment import receipt_code

        s = self.session
        assert self.dev.receipt is not None
        size = self.size_of(s.size_id) if s.service == "idphoto" else None
        purpose = (f"証明写真代（{size.width_mm:g}×{size.height_mm:g}mm）" if size is not None
                   else "写真代（マイナンバーカード申請用）")
        receipt = Receipt(self.cfg.receipt.booth_name, datetime.now().astimezone(), self.dev.cashier.fee_yen,
                          purpose, f"R{receipt_code()}")
        s.receipt_number = receipt.number
        self.dev.receipt.print_receipt(receipt)
        _log.info("receipt %s asked for (txn %s)", receipt.number, s.txn_id)
        s.changed.emit()
        self.view.changed.emit()
        return True

    def guard_idphoto(self) -> bool:
        return self.session.service == "idphoto"

    def guard_printer_ready(self) -> bool:
        return not self.printer_unavailable()

    def printer_unavailable(self) -> str:
        """Why the print service cannot be offered now ("" when it can): "no_printer", the printer's fault id
        (kiosk.devices.printer.FAULTS: "media-empty"...) or "printer_down"."""
        p = self.dev.printer
        if p is None or not self.sizes:
            return "no_printer"
        if not p.health.ok:
            return fault_id(p.health) or "printer_down"
        return ""

    def _services(self) -> dict[str, str]:
        """Each service and why it is not available now ("" when it is): the menu's read model."""
        return {"my_number": "", "idphoto": self.printer_unavailable()}

    def size_of(self, size_id: str) -> photo_sizes.PhotoSize | None:
        return next((s for s in self.sizes if s.id == size_id), None)

    # -- effects (named by the rows) ----------------------------------------------------------------------
    def effect_choose_my_number(self, _payload: Any) -> bool:
        self._use_service("my_number", None)
        return True

    def effect_choose_size(self, payload: Any) -> bool:
        size = self.size_of(str(payload or ""))
        if size is None:
            return False
        self._use_service("idphoto", size)
        _log.info("print service: size %s, fee %d yen (txn %s)", size.id, size.fee_yen, self.session.txn_id)
        self._fire("chosen", "size")
        return True

    def _use_service(self, service: str, size: photo_sizes.PhotoSize | None) -> None:
        """The session's service: its fee, and the photo lab's geometry (the size's, or the card's 35x45)."""
        s = self.session
        s.service, s.size_id = service, size.id if size else ""
        self.dev.cashier.fee_yen = size.fee_yen if size else self.cfg.booth.fee_yen
        if self.dev.use_photo_size is not None:
            self.dev.use_photo_size(size)
        s.changed.emit()
        self.view.changed.emit()

    def effect_accept_typed(self, payload: Any) -> bool:
        return self._accept_payload(str(payload or ""), typed=True)

    def effect_accept_details(self, payload: Any) -> bool:
        return self._accept_details(payload)

    def effect_start_countdown(self, _payload: Any) -> bool:
        self.studio.start_countdown(self.cfg.photo.countdown_s)
        return True

    def effect_count_retake(self, _payload: Any) -> bool:
        self.session.photo.retakes += 1
        return True

    def effect_declare_exception(self, payload: Any) -> bool:
        kind = str(payload) if payload else None
        if kind is not None and kind not in PHOTO_EXCEPTION_KINDS:
            return False
        self.session.photo.exception_kind = kind
        self.session.changed.emit()
        return True

    def effect_charge(self, _payload: Any) -> bool:
        """The application is with the server or safe in the outbox: the fee is the booth's."""
        s = self.session
        service = f"idphoto:{s.size_id}" if s.service == "idphoto" else "my_number"
        self.dev.cashier.charge(service)  # a charge refused raises money_fault: the booth fails instead of moving
        return True

    def effect_cancelled(self, _payload: Any) -> bool:
        self.session.outcome = "cancelled"
        return True

    def effect_set_language(self, payload: Any) -> bool:
        if not isinstance(payload, str):
            return False
        self.session.language = payload
        return self._preferences_changed()

    def effect_set_access(self, payload: Any) -> bool:
        if not isinstance(payload, dict):
            return False
        s = self.session
        for key, value in payload.items():
            if hasattr(s.access, key):
                setattr(s.access, key, bool(value))
        self.timers.scale = self._scale0 * (2.0 if s.access.more_time else 1.0)
        return self._preferences_changed()

    def _preferences_changed(self) -> bool:
        self.session.changed.emit()
        self._restart_state_timer()
        return True

    # -- failures and the technician's switch ---------------------------------------------------------------
    def fail(self, reason: str) -> None:
        """An unexpected exception or a required device failure: refund and go out of service."""
        _log.error("failure in state %s: %s\n%s", self.current, reason, traceback.format_exc(limit=8))
        self._out_of_service_for(reason)

    def shut_down(self, reason: str) -> None:
        """A clean stop (the service is stopped): end the session the way out of service ends it."""
        _log.info("stopping in state %s: %s", self.current, reason)
        self._out_of_service_for(reason)

    def _out_of_service_for(self, reason: str) -> None:
        if reason not in self._oos_reasons:
            self._oos_reasons.append(reason)
        if self.session.outcome is None and self.current not in ("attract", "out_of_service"):
            self.session.outcome = "failed"
        if self.current != "out_of_service":
            self._fire("failed")

    def set_out_of_service(self, on: bool) -> None:
        """The technician's switch (maintenance menu)."""
        self._forced_oos = on
        if not on:
            self._fatal_unpaid = False
            self._oos_reasons.clear()
        if on and self.current == "attract":
            self._fire("failed")
        elif not on and self.current == "out_of_service":
            self._recheck()
        self.out_of_service_changed.emit(self.is_out_of_service())

    @property
    def forced_out_of_service(self) -> bool:
        """The technician's switch is on."""
        return self._forced_oos

    @property
    def held_money(self) -> tuple[str, int] | None:
        return self.view.held_money

    def is_out_of_service(self) -> bool:
        return self._forced_oos or self._fatal_unpaid or self.current == "out_of_service"

    def out_of_service_reasons(self) -> list[str]:
        reasons = list(self._oos_reasons)
        if self._forced_oos:
            reasons.append("maintenance")
        if self._fatal_unpaid:
            reasons.append("unpaid money")
        reasons += [f"{name} down" for name in self._down_devices()]
        return reasons

    def out_of_service_details(self) -> list[str]:
        """The reasons with each device's own words (for the screen, the log and the technician)."""
        details = []
        for reason in self.out_of_service_reasons():
            name = reason.removesuffix(" down")
            detail = self.dev.health[name].health.detail if reason.endswith(" down") and name in self.dev.health else ""
            details.append(f"{reason} ({detail})" if detail else reason)
        return details

    # -- entering a state: the concerns, then the state's own policy ---------------------------------------
    def _enter(self, sid: str) -> None:
        previous, now = self.current, time.monotonic()
        if previous:
            _log.info("state %s -> %s after %.0f ms (txn %s)", previous, sid, (now - self._entered_at) * 1000,
                      self.session.txn_id or "-")
        self.current, self._previous, self._entered_at = sid, previous, now
        self.view.entered(sid)
        if previous == "out_of_service" and sid != "out_of_service":
            self._oos_reasons.clear()
            self._set_held(None, "")
            self.out_of_service_changed.emit(self.is_out_of_service())
        if previous == "timeout":
            self.timers.stop("countdown")
        if self.session.txn_id:
            self.session.screens.append(sid)
        ok = True
        for concern in (self.device_effects, self.money_effects, self.sending_effects,
                        self.print_effects):  # each on its own: one failing skips none
            try:
                concern.moved(previous, sid)
            except Exception:
                ok = False
                self.fail(f"exception entering {sid} ({type(concern).__name__})")
        try:
            handler = getattr(self, f"_on_enter_{sid}", None)
            if handler is not None:
                handler()
        except Exception:
            ok = False
            self.fail(f"exception entering {sid}")
        if not ok and sid != "out_of_service":
            return  # "failed" is on its way; out of service itself must still be shown and re-checked
        lacking = [n for n in NEEDS.get(sid, ()) if self._cannot_serve(n)]
        if lacking:  # entered without what it needs (a retake with the camera lost on review): refund, stop
            self.fail(f"{lacking[0]} down")
            return
        try:
            self._restart_state_timer()  # out of service re-checks on it, whatever its entry did
        except Exception:
            self.fail(f"exception arming the timer of {sid}")
        self.view.out_of_service_details = self.out_of_service_details() if sid == "out_of_service" else []
        self.view.retakes_left = self.retakes_left()
        self.view.changed.emit()
        self.state_entered.emit(sid)

    def _restart_state_timer(self) -> None:
        sid = self.current
        if sid not in TIMED:
            return  # attract waits for a citizen; sending and timeout run timers of their own
        seconds = getattr(self.cfg.timeouts, sid)
        self.timers.start("state", seconds, lambda: self._expired(sid))

    def _expired(self, sid: str) -> None:
        self._fire("expired", sid, By.TIMER)

    def _on_enter_attract(self) -> None:
        self._end_session()
        if not self.guard_can_serve():
            self._fire("failed")

    def _on_enter_menu(self) -> None:
        if not self.session.txn_id:
            language, access = self.session.language, self.session.access
            txn = self.money_effects.begin_session()
            self.session.begin(txn)
            self.session.language, self.session.access = language, access
            self.session.changed.emit()  # the screens see the language and modes chosen on attract
            self.session.screens.append("menu")
            _log.info("session started (txn %s)", txn)

    def _on_enter_payment(self) -> None:
        """Back from the 「続けますか？」 question with the fee already in (its last coin was credited behind the
        question, or the change was paid out there): go on as the fee's arrival would have, once entered."""
        if self.dev.cashier.credit_yen >= self.dev.cashier.fee_yen:
            QTimer.singleShot(0, self._fee_in_on_entry)

    def _fee_in_on_entry(self) -> None:
        if self.current != "payment":
            return
        if self.session.paid_yen < self.dev.cashier.fee_yen:
            self._on_fee_reached()  # the change is paid; its payout_finished moves the booth on
        elif not self.dev.cashier.busy:
            self._fire("paid", "payment")  # the change was paid out while the question showed

    def _on_enter_timeout(self) -> None:
        self._resume_state = self._previous if self._previous in SESSION_STATES else "menu"
        self._continue.setTargetState(self._states[self._resume_state])
        # "more time" doubles the count, not the length of a second
        self._countdown_s = self.cfg.timeouts.timeout * (2 if self.session.access.more_time else 1)
        self.countdown_changed.emit(self._countdown_s)
        self._start_tick()

    def _tick_countdown(self) -> None:
        self._countdown_s -= 1
        self.countdown_changed.emit(max(0, self._countdown_s))
        if self._countdown_s <= 0:
            self.session.outcome = "timed_out"
            self._fire("expired", "timeout", By.TIMER)
        else:
            self._start_tick()

    def _start_tick(self) -> None:
        if self.current == "timeout":
            self.timers.start("countdown", self._scale0 / self.timers.scale, self._tick_countdown)

    def _send_wait_over(self) -> None:
        if self.current == "sending":
            self.session.outcome = "queued"
            _log.info("application queued for later sending (txn %s)", self.session.txn_id)
            self._fire("queued", "sending", By.TIMER)

    def _on_enter_cancel(self) -> None:
        if self.session.outcome is None:
            self.session.outcome = "cancelled"

    def _cancel_done(self) -> None:
        """The refund is out: the screen says so until the citizen taps 「終わる」 or the cancel timer ends it."""
        if self.current == "cancel":
            self.dev.cashier.end()
            self.session.changed.emit()

    def _on_enter_out_of_service(self) -> None:
        if self._previous == "out_of_service":  # the re-check timer expired
            self._recheck()
            return
        if self.session.txn_id and self.dev.cashier.txn is None:
            self._end_session()  # no money open: nothing to wait for (else payout_finished ends it)
        self.out_of_service_changed.emit(True)
        _log.warning("out of service: %s", ", ".join(self.out_of_service_details()) or "-")

    # -- the session's content ----------------------------------------------------------------------------
    def _on_code_read(self, payload: str) -> None:
        if self.current == "scan":
            self._accept_payload(payload, typed=False)

    def _accept_payload(self, payload: str, *, typed: bool) -> bool:
        result = application_id.parse_typed(payload) if typed else application_id.parse(payload)
        if result.application_id is None:
            self.session.scan_failures += 1
            reason = result.rejection.value if result.rejection else "unreadable"
            _log.info("scan rejected: %s (txn %s)", reason, self.session.txn_id)
            self.scan_rejected.emit(reason)
            return False
        self.session.application_id = result.application_id
        self.session.changed.emit()
        _log.info("application id accepted (%s, txn %s)", "typed" if typed else "scanned", self.session.txn_id)
        self._fire("id_accepted", "scan")
        return True

    def _accept_details(self, payload: Any) -> bool:
        if not isinstance(payload, Details) or payload.birth_date is None:
            self.details_rejected.emit("incomplete")
            return False
        born = payload.birth_date
        check = birthdate.validate(born.year, born.month, born.day, today=self.today())
        if not check.ok:
            self.details_rejected.emit(check.problem.value if check.problem else "incomplete")
            return False
        rules = birthdate.age_rules(born, self.today())
        if rules.under_1:
            self.details_rejected.emit("under_1")
            return False
        if rules.under_15:
            payload.signature_certificate = False
        if not payload.complete():
            self.details_rejected.emit("incomplete")
            return False
        self.session.details = payload
        self.session.changed.emit()
        self._fire("accepted", "details")  # to confirm when amended there (the photo stays), else to the guide
        return True

    def age(self) -> int | None:
        b = self.session.details.birth_date
        return None if b is None else birthdate.age_rules(b, self.today()).age_years

    def retakes_left(self) -> int:
        return max(0, self.cfg.photo.max_retakes - self.session.photo.retakes)

    # -- device events ------------------------------------------------------------------------------------
    def _connect_devices(self) -> None:
        d = self.dev
        d.reader.code_read.connect(self._on_code_read)
        d.cashier.credit_changed.connect(self._on_credit_changed)
        d.cashier.fee_reached.connect(self._on_fee_reached)
        d.cashier.payout_finished.connect(self._on_payout_finished)
        d.cashier.money_fault.connect(self._on_money_fault)
        self.studio.countdown_ticked.connect(self.camera_countdown)
        self.studio.photo_ready.connect(self._on_photo_ready)
        self.studio.photo_failed.connect(self._on_photo_failed)
        if d.printer is not None:
            d.printer.job_finished.connect(self._on_print_finished)
        d.submitter.delivered.connect(self._on_delivered)
        d.submitter.rejected.connect(self._on_rejected)
        d.submitter.progress.connect(self._on_send_progress)
        d.submitter.attempt_failed.connect(self._on_send_attempt_failed)
        rejection_received = getattr(d.submitter, "rejection_received", None)
        if rejection_received is not None:
            rejection_received.connect(self._on_rejection_received)
        for device in d.health.values():
            device.health_changed.connect(lambda _h, dev=device: self._on_health_changed(dev))

    def _on_credit_changed(self, credit_yen: int) -> None:
        s = self.session
        s.credit_yen = credit_yen
        if s.paid_yen >= self.dev.cashier.fee_yen and credit_yen > s.paid_yen:
            s.paid_yen = credit_yen  # a coin in flight as intake shut at the fee: put in too (paid back as change)
        s.changed.emit()

    def _on_fee_reached(self) -> None:
        if self.current == "payment":
            self.session.paid_yen = self.session.credit_yen
            self.dev.cashier.pay_change()

    def _on_payout_finished(self, paid_yen: int, unpaid_yen: int, receipt_code: str) -> None:
        s = self.session
        if unpaid_yen > 0:
            self._fatal_unpaid = True  # whoever it was owed to, the booth takes no more money
            whose = self.dev.cashier.last_payout_txn
            if whose == s.txn_id:
                s.unpaid_yen += unpaid_yen
                s.unpaid_receipt = s.unpaid_receipt or receipt_code  # one code per citizen: the first
            if whose and whose in (s.txn_id, self._held_txn):  # the out-of-service screen keeps showing it
                held = self.view.held_money
                code, yen = held if self._held_txn == whose and held else (receipt_code, 0)
                self._set_held((code, yen + unpaid_yen), whose)
            _log.error("%d yen owed (receipt %s): not paid by the hopper, or a note in doubt", unpaid_yen, receipt_code)
        ours = self.dev.cashier.last_payout_txn == s.txn_id and s.paid_yen >= self.dev.cashier.fee_yen
        s.changed.emit()
        if self.current == "payment":
            if s.paid_yen < self.dev.cashier.fee_yen:
                return  # a payout of an earlier session (a late coin paid back)
            if self.dev.cashier.busy:  # more of ours is queued (a coin in flight as intake shut is paid back too)
                if ours and paid_yen:
                    s.change_yen += paid_yen
                    s.changed.emit()
                return
            if self.dev.cashier.credit_yen < self.dev.cashier.fee_yen:
                s.paid_yen = 0  # the note that made the fee went back instead of into the stacker: pay on
                self.dev.cashier.open_intake()
                return
            s.change_yen += paid_yen
            self._fire("paid", "payment")
        elif self.current == "cancel":
            if self.dev.cashier.busy:
                return  # an earlier session's payout finished; our refund is still queued
            s.refunded_yen += paid_yen
            self._cancel_done()
        elif self.current == "out_of_service" and not self.dev.cashier.busy:
            self._end_session()  # the re-check timer (or a device coming back) decides when to reopen
        elif ours and paid_yen:  # after payment: a coin in flight as intake shut, paid back with the change
            s.change_yen += paid_yen
            s.changed.emit()

    def _set_held(self, held: tuple[str, int] | None, txn: str) -> None:
        if held != self.view.held_money:
            self.view.held_money, self._held_txn = held, txn
            self.held_money_changed.emit()
            self.view.changed.emit()

    def _on_money_fault(self, reason: str) -> None:
        """A coin acceptor fault, lost coin events or failing storage stop the booth; an unpaid payout does not
        end a session (payout_finished records it and the booth goes out of service when the session ends)."""
        if reason.startswith(("coin acceptor fault", "charge without", "storage", "bill validator")) \
                or "events lost" in reason:
            self.fail(f"money: {reason}")

    def _on_photo_ready(self) -> None:
        if self.current != "camera":
            return
        photo = self.studio.result()
        if photo is None:
            return
        s = self.session
        s.photo.jpeg = bytearray(photo.jpeg)
        s.photo.assessment = photo.assessment
        s.photo.failed = tuple(photo.failed)
        s.photo.captured_at = photo.captured_at
        s.photo.width, s.photo.height = photo.width, photo.height
        s.photo.exception_kind = None
        s.changed.emit()
        self._fire("captured", "camera", By.DEVICE)

    def _on_photo_failed(self, reason: str) -> None:
        _log.warning("capture failed: %s (txn %s)", reason, self.session.txn_id)

    def _on_print_finished(self, outcome: PrintOutcome) -> None:
        s = self.session
        if self.current != "printing" or outcome.key != s.txn_id:
            return
        if outcome.ok:
            s.outcome = "printed"
            s.changed.emit()
            self._fire("printed", "printing", By.DEVICE)
            return
        s.print_reason = outcome.reason
        printer = self.dev.printer
        if s.print_attempts < PRINT_ATTEMPTS and printer is not None and printer.health.ok:
            _log.warning("print failed (%s): sending the sheet again (txn %s)", outcome.reason, s.txn_id)
            self.print_effects.submit()
            return
        _log.error("print failed (%s) after %d attempt(s): refund (txn %s)", outcome.reason, s.print_attempts,
                   s.txn_id)
        s.outcome = "print_failed"
        s.changed.emit()
        self._fire("print_failed", "printing", By.DEVICE)

    def _on_send_progress(self, envelope_id: str, stage: str, sent: int, total: int) -> None:
        """The citizen's own application moved on its way: the sending screen shows where it is."""
        if self.current != "sending" or envelope_id != self.session.envelope_id or stage not in SEND_STAGES:
            return
        old = self.view.sending
        self.view.sending = SendProgress(stage, sent, total, old.attempts_failed)
        self.view.changed.emit()

    def _on_send_attempt_failed(self, envelope_id: str, _reason: str) -> None:
        if self.current != "sending" or envelope_id != self.session.envelope_id:
            return
        old = self.view.sending
        self.view.sending = SendProgress("retrying", 0, old.total, old.attempts_failed + 1)
        self.view.changed.emit()

    def _on_delivered(self, envelope_id: str, reception_number: str) -> None:
        if self.current == "sending" and envelope_id == self.session.envelope_id:
            self.session.reception_number = reception_number or None  # "" when the server's was unfit to show
            self.session.outcome = "sent"
            self.session.changed.emit()
            self._fire("sent", "sending", By.DEVICE)

    def _on_rejection_received(self, envelope_id: str, rejection: Any) -> None:
        """The server's words in English too, for a citizen who does not read Japanese."""
        if envelope_id == self.session.envelope_id:
            self.session.message_en = str(getattr(rejection, "message_en", "") or "") or None

    def _on_rejected(self, envelope_id: str, status: int, reason: str) -> None:
        if self.current == "sending" and envelope_id == self.session.envelope_id:
            self.session.outcome = "rejected"
            self.session.message = reason
            self.session.changed.emit()
            self._fire("refused", "sending", By.DEVICE)
            return
        # refused after the citizen left (queued, then refused): if its fee was charged, it is owed back
        erasure = self.dev.outbox.erasure_of(envelope_id)
        if erasure is not None:  # rows from before the session id was kept beside it: the envelope id was it
            self.dev.cashier.owe_fee(erasure.txn or erasure.envelope_id, erasure.receipt_code)

    def _owe_refused_fees(self) -> None:
        """At start-up: every charged application the server refused for good has its fee recorded as owed. The
        outbox erases a refused row in the sender's thread before the flow hears of it: a booth stopped or killed
        in between kept the fee with no record (a fault campaign found one). Recording is once per session."""
        try:
            refusals = self.dev.outbox.refusals()
        except Exception:  # an outbox that cannot be read is out of service by the stores' own check
            _log.exception("the outbox's refusals could not be read")
            return
        for erasure in refusals:
            self.dev.cashier.owe_fee(erasure.txn or erasure.envelope_id, erasure.receipt_code)

    def waiting_for_devices(self) -> bool:
        """A required device has not reported yet (still starting): the first screen may wait a little for it."""
        return any(n in self.dev.health and self.dev.health[n].health == UNKNOWN for n in REQUIRED_DEVICES)

    def devices_ok(self) -> bool:
        """Every required device is up."""
        return not self._down_devices()


    def _down_devices(self) -> list[str]:
        """Required devices that cannot serve (one still starting, within the start-up grace, is not down)."""
        return [n for n in REQUIRED_DEVICES if self._cannot_serve(n)]

    def _cannot_serve(self, name: str) -> bool:
        """Device name is down; one still starting within the start-up grace is not (payment waits for an
        acceptor still identifying itself, and intake opens when it reports)."""
        device = self.dev.health.get(name)
        if device is None or device.health.ok:
            return False
        return not (self._starting and device.health == UNKNOWN)

    def _on_health_changed(self, device: Device) -> None:
        _log.info("device %s: %s %s", device.name, device.health.state.value, device.health.detail)
        if device is self.dev.printer:
            self.view.changed.emit()  # the menu greys or offers the print service
        if self.current == "attract" and not self.devices_ok():
            self._fire("failed")
        elif self.current == "out_of_service":
            self._recheck()
            self.view.out_of_service_details = self.out_of_service_details()
            self.view.changed.emit()
        elif device.name in NEEDS.get(self.current, ()) and self._cannot_serve(device.name):
            self.fail(f"{device.name} down")

    def _recheck(self) -> None:
        """Leave out_of_service once every required device is up and nothing else holds the booth."""
        if self.current != "out_of_service":
            return
        if not self.dev.storage.health.ok:
            self.dev.storage.check_now()  # the storage is checked by writing, not only by waiting for news
        if self.devices_ok() and not self._forced_oos and not self._fatal_unpaid and not self.dev.cashier.busy:
            self._fire("recovered", "out_of_service")

    def _end_session(self) -> None:
        s = self.session
        if s.txn_id:
            outcome = s.outcome or "cancelled"
            _log.info("session ended: %s (txn %s)", outcome, s.txn_id)
            self.dev.cashier.end()
            self.session_ended.emit(outcome)
        self.device_effects.all_off()
        self.timers.scale = self._scale0
        if s.service != "my_number":
            self._use_service("my_number", None)
        s.wipe()


# Every row's guards and effects exist (a typo in the table fails at import, not at a citizen's tap).
for _row in ROWS:
    for _guard in _row.guards:
        assert hasattr(Flow, f"guard_{_guard}"), _guard
    assert not _row.effect or hasattr(Flow, f"effect_{_row.effect}"), _row.effect
del _row
