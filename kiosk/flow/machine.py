"""The booth's flow, declared in one place: every state, transition and timeout, readable top to bottom.

A screen never decides anything: it calls Flow.request(state_id, action, payload) and the flow moves only
when that state is the active one and the action is declared for it, so double taps and taps during a
transition are ignored safely. Any unexpected exception in the flow reaches out_of_service.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtStateMachine import QSignalTransition, QState, QStateMachine

from kiosk import log
from kiosk.config import Config
from kiosk.devices.base import UNKNOWN, BarcodeReader, Camera, Device, Storage, Submitter
from kiosk.flow import application_id, birthdate
from kiosk.flow.application import Application, PhotoException
from kiosk.flow.cashier import Cashier
from kiosk.flow.payment import receipt_code
from kiosk.flow.session import Details, Session
from kiosk.flow.studio import Studio
from kiosk.flow.timers import NamedTimers
from kiosk.store.outbox import Outbox

_log = log.get("flow")

# The states, in the order a citizen meets them. State ids equal screen ids.
SESSION_STATES = ("menu", "notice", "payment", "scan", "details", "guide", "camera", "review", "confirm")
STATES = ("attract", *SESSION_STATES, "sending", "done", "timeout", "cancel", "out_of_service")

# (source, action, target): the whole flow. "*" stands for every state listed in its group below.
TRANSITIONS: tuple[tuple[str, str, str], ...] = (
    ("attract", "start", "menu"),
    ("menu", "my_number", "notice"),
    ("menu", "back", "attract"),
    ("notice", "agree", "payment"),
    ("payment", "paid", "scan"),  # the fee is in and the change is out
    ("scan", "id_accepted", "details"),
    ("details", "next", "guide"),
    ("details", "amended", "confirm"),  # details changed from the confirm screen: the photo stays
    ("guide", "ready", "camera"),
    ("camera", "captured", "review"),
    ("review", "retake", "camera"),
    ("review", "accept", "confirm"),
    ("confirm", "edit_details", "details"),
    ("confirm", "edit_photo", "camera"),
    ("confirm", "send", "sending"),
    ("sending", "sent", "done"),
    ("sending", "queued", "done"),
    ("sending", "refused", "cancel"),  # the server refused the application: refund
    ("done", "finish", "attract"),
    ("done", "expired", "attract"),
    ("timeout", "expired", "cancel"),
    ("timeout", "end", "cancel"),
    ("cancel", "finish", "attract"),  # the citizen taps 「終わる」 once the refund is out
    ("cancel", "expired", "attract"),
    ("cancel", "out_of_service", "out_of_service"),
    ("out_of_service", "recovered", "attract"),
    ("out_of_service", "expired", "out_of_service"),  # re-check the devices
)
# Every session state can be cancelled (with a refund) and times out into the 「続けますか？」 countdown.
CANCELLABLE = SESSION_STATES
TIMES_OUT = SESSION_STATES
# timeout -> continue goes back to the state the citizen was in (set when the countdown starts).
# Any state but out_of_service reaches out_of_service on an unexpected exception or a required device failure.

# Every fixed transition of the machine: the table above and the three rules just stated.
ALL_EDGES: tuple[tuple[str, str, str], ...] = (
    *TRANSITIONS,
    *((s, "cancel", "cancel") for s in CANCELLABLE),
    *((s, "expired", "timeout") for s in TIMES_OUT),
    *((s, "failed", "out_of_service") for s in STATES if s != "out_of_service"),
)

# What a screen may ask for; every other action comes from a device or a timer.
CITIZEN_ACTIONS = frozenset({
    ("attract", "start"), ("menu", "my_number"), ("menu", "back"), ("notice", "agree"), ("guide", "ready"),
    ("confirm", "edit_details"), ("confirm", "edit_photo"), ("confirm", "send"), ("done", "finish"),
    ("timeout", "continue"), ("timeout", "end"),
})

# The step indicator: which of the five steps a state belongs to.
STEP_OF = {"payment": 1, "scan": 2, "details": 3, "guide": 4, "camera": 4, "review": 4,
           "confirm": 5, "sending": 5, "done": 5}

REQUIRED_DEVICES = ("storage", "coin_acceptor", "barcode_reader", "camera")
# Which device a state cannot do without (a failure there ends the session with a refund). Storage that stops
# taking writes ends any session at once: its money records still fit in the reserve, its application would not.
NEEDS = {
    **{state: ("storage",) for state in (*SESSION_STATES, "sending")},
    "payment": ("storage", "coin_acceptor"),
    "guide": ("storage", "camera"),
    "camera": ("storage", "camera"),
}


class _Trigger(QObject):
    fired = Signal(str, str)  # source state id, action


class _ActionTransition(QSignalTransition):
    """A transition taken only when the trigger names its own source state and its action."""

    def __init__(self, trigger: _Trigger, source: QState, action: str) -> None:
        super().__init__(trigger.fired, source)
        self._source_id = source.objectName()
        self._action = action

    def eventTest(self, event: Any) -> bool:
        if not super().eventTest(event):
            return False
        args = event.arguments()
        return bool(args[0] == self._source_id and args[1] == self._action)


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


class Flow(QObject):
    """The state machine and the session rules between the screens and the devices."""

    state_entered = Signal(str)  # state id
    countdown_changed = Signal(int)  # seconds left on the 「続けますか？」 screen
    scan_rejected = Signal(str)  # reason id (application_id.Reason value); never the payload
    details_rejected = Signal(str)  # reason id from birthdate
    camera_countdown = Signal(int)  # 3, 2, 1, 0 = shutter
    out_of_service_changed = Signal(bool)
    held_money_changed = Signal()  # held_money (the receipt code and yen owed to the last citizen) changed
    session_ended = Signal(str)  # outcome: sent, queued, rejected, cancelled, timed_out, failed

    def __init__(self, cfg: Config, devices: FlowDevices, *, today: Callable[[], date] = date.today,
                 timer_scale: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cfg = cfg
        self.dev = devices
        self.today = today
        self.session = Session(self)
        self._scale0 = timer_scale
        self.timers = NamedTimers(timer_scale, self)
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
        self.held_money: tuple[str, int] | None = None  # (receipt code, yen) the booth owes the last citizen
        self._held_txn = ""  # whose money held_money is (it outlives the session's wipe)
        self._previous = ""
        self._build()
        self._connect_devices()

    # -- declaration ------------------------------------------------------------------------------
    def _build(self) -> None:
        for sid in STATES:
            state = QState(self._machine)
            state.setObjectName(sid)
            state.entered.connect(lambda s=sid: self._enter(s))
            state.exited.connect(lambda s=sid: self._exit(s))
            self._states[sid] = state
        self._transitions: list[_ActionTransition] = []  # Python keeps them alive: eventTest is Python's
        for source, action, target in ALL_EDGES:
            t = _ActionTransition(self._trigger, self._states[source], action)
            t.setTargetState(self._states[target])
            self._transitions.append(t)
        self._continue = _ActionTransition(self._trigger, self._states["timeout"], "continue")
        self._continue.setTargetState(self._states["menu"])
        self._machine.setInitialState(self._states["attract"])

    def start(self) -> None:
        self._machine.start()

    def stop(self) -> None:
        self.timers.stop_all()
        self._machine.stop()

    # -- requests from screens and events from devices -----------------------------------------------
    def request(self, state_id: str, action: str, payload: Any = None) -> bool:
        """A citizen's intent on screen state_id. Ignored (False) unless that state is the active one."""
        if state_id != self.current:
            _log.debug("ignored %s/%s: active state is %s", state_id, action, self.current)
            return False
        try:
            return self._handle_request(state_id, action, payload)
        except Exception:
            self.fail("exception in request")
            return False

    def _fire(self, action: str, source: str | None = None) -> None:
        self._trigger.fired.emit(source or self.current, action)

    def _handle_request(self, sid: str, action: str, payload: Any) -> bool:
        s = self.session
        if action in ("language", "access"):
            return self._set_preference(action, payload)
        if action == "cancel":
            if sid not in CANCELLABLE:
                return False
            s.outcome = "cancelled"
        elif (sid, action) == ("attract", "start"):
            if not self._devices_ok() or self._forced_oos or self._fatal_unpaid:
                self._fire("failed", sid)
                return False
        elif (sid, action) == ("scan", "typed"):
            return self._accept_payload(str(payload or ""), typed=True)
        elif (sid, action) == ("details", "next"):
            return self._accept_details(payload)
        elif (sid, action) == ("camera", "shutter"):
            self.dev.studio.start_countdown(self.cfg.photo.countdown_s)
            return True
        elif (sid, action) in (("review", "retake"), ("confirm", "edit_photo")):
            if s.photo.retakes >= self.cfg.photo.max_retakes:
                return False  # the retake limit holds whichever screen asks
            s.photo.retakes += 1
        elif (sid, action) == ("review", "declare_exception"):
            kind = str(payload) if payload else None
            if kind not in (None, "religious", "medical", "disability", "infant"):
                return False
            s.photo.exception_kind = kind
            s.changed.emit()
            return True
        elif (sid, action) == ("review", "accept"):
            if s.photo.failed and not s.photo.exception_kind:
                return False
        elif (sid, action) == ("cancel", "finish"):
            if self.dev.cashier.busy:
                return False
            if self._fatal_unpaid:
                action = "out_of_service"
        elif (sid, action) not in CITIZEN_ACTIONS:
            return False  # device events (paid, id_accepted, captured, sent ...) are never a screen's to fire
        self._fire(action, sid)
        return True

    def _set_preference(self, action: str, payload: Any) -> bool:
        s = self.session
        if action == "language" and isinstance(payload, str):
            s.language = payload
        elif action == "access" and isinstance(payload, dict):
            for key, value in payload.items():
                if hasattr(s.access, key):
                    setattr(s.access, key, bool(value))
            self.timers.scale = self._scale0 * (2.0 if s.access.more_time else 1.0)
        else:
            return False
        s.changed.emit()
        self._restart_state_timer()
        return True

    def fail(self, reason: str) -> None:
        """An unexpected exception or a required device failure: refund and go out of service."""
        _log.error("failure in state %s: %s\n%s", self.current, reason, traceback.format_exc(limit=8))
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

    def out_of_service_details(self) -> list[str]:
        """The reasons with each device's own words (for the screen, the log and the technician)."""
        details = []
        for reason in self.out_of_service_reasons():
            name = reason.removesuffix(" down")
            detail = self.dev.health[name].health.detail if reason.endswith(" down") and name in self.dev.health else ""
            details.append(f"{reason} ({detail})" if detail else reason)
        return details

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

    # -- entering and leaving states ------------------------------------------------------------------
    def _enter(self, sid: str) -> None:
        previous, now = self.current, time.monotonic()
        if previous:
            _log.info("state %s -> %s after %.0f ms (txn %s)", previous, sid, (now - self._entered_at) * 1000,
                      self.session.txn_id or "-")
        self.current, self._previous, self._entered_at = sid, previous, now
        if previous == "out_of_service" and sid != "out_of_service":
            self._oos_reasons.clear()
            self.held_money, self._held_txn = None, ""
            self.held_money_changed.emit()
            self.out_of_service_changed.emit(self.is_out_of_service())
        if self.session.txn_id:
            self.session.screens.append(sid)
        try:
            handler = getattr(self, f"_on_enter_{sid}", None)
            if handler is not None:
                handler()
        except Exception:
            self.fail(f"exception entering {sid}")
            if sid != "out_of_service":
                return  # "failed" is on its way; out of service itself must still be shown and re-checked
        try:
            self._restart_state_timer()  # out of service re-checks on it, whatever its entry did
        except Exception:
            self.fail(f"exception arming the timer of {sid}")
        self.state_entered.emit(sid)

    def _exit(self, sid: str) -> None:
        self.timers.stop("state")
        handler = getattr(self, f"_on_exit_{sid}", None)
        try:
            if handler is not None:
                handler()
        except Exception:
            self.fail(f"exception leaving {sid}")

    def _restart_state_timer(self) -> None:
        sid = self.current
        if sid in ("attract", "sending", "timeout"):
            return  # attract waits for a citizen; sending and timeout run timers of their own
        seconds = getattr(self.cfg.timeouts, sid)
        self.timers.start("state", seconds, lambda: self._fire("expired", sid))

    def _on_enter_attract(self) -> None:
        self._end_session()
        if not self._devices_ok() or self._forced_oos or self._fatal_unpaid:
            self._fire("failed")

    def _on_enter_menu(self) -> None:
        if not self.session.txn_id:
            language, access = self.session.language, self.session.access
            txn = self.dev.cashier.begin()
            self.session.begin(txn)
            self.session.language, self.session.access = language, access
            self.session.changed.emit()  # the screens see the language and modes chosen on attract
            self.session.screens.append("menu")
            _log.info("session started (txn %s)", txn)

    def _on_enter_payment(self) -> None:
        if not self.dev.storage.check_now():  # intake opens only when a coin can be recorded
            self.fail(f"storage: {self.dev.storage.health.detail}")
            return
        self.dev.cashier.open_intake()

    def _on_exit_payment(self) -> None:
        self.dev.cashier.close_intake()

    def _on_enter_scan(self) -> None:
        self.dev.reader.set_enabled(True)

    def _on_exit_scan(self) -> None:
        self.dev.reader.set_enabled(False)

    def _on_enter_camera(self) -> None:
        self.dev.camera.set_running(True)
        self.dev.studio.begin()

    def _on_exit_camera(self) -> None:
        self.dev.studio.abort()

    def _on_enter_guide(self) -> None:
        self.dev.camera.set_running(True)  # warm up while the citizen reads

    def _on_exit_review(self) -> None:
        if self.current not in ("camera", "confirm", "timeout"):
            self.dev.camera.set_running(False)

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
            self._fire("expired", "timeout")
        else:
            self._start_tick()

    def _start_tick(self) -> None:
        self.timers.start("countdown", self._scale0 / self.timers.scale, self._tick_countdown)

    def _on_exit_timeout(self) -> None:
        self.timers.stop("countdown")

    def _on_enter_sending(self) -> None:
        s = self.session
        assert s.application_id is not None and s.details.birth_date is not None and s.photo.jpeg is not None
        exception = (PhotoException(kind=s.photo.exception_kind, overridden_checks=tuple(s.photo.failed))
                     if s.photo.exception_kind else None)
        app = Application(
            application_id=s.application_id.digits,
            birth_date=s.details.birth_date,
            signature_certificate=bool(s.details.signature_certificate),
            user_certificate=bool(s.details.user_certificate),
            braille=bool(s.details.braille),
            booth_id=self.cfg.booth.id,
            captured_at=s.photo.captured_at or datetime.now().astimezone(),
            photo_exception=exception,
        )
        s.receipt_code = receipt_code()
        s.envelope_id = self.dev.outbox.put_new(s.txn_id, app.to_json(), bytes(s.photo.jpeg), s.receipt_code)
        s.application_stored = True
        _log.info("application stored in the outbox (txn %s)", s.txn_id)
        self.dev.submitter.wake()
        self.timers.start("send_wait", self.cfg.submission.send_wait_s, self._send_wait_over)
        self.timers.start("state", self.cfg.timeouts.sending, self._send_wait_over)

    def _send_wait_over(self) -> None:
        if self.current == "sending":
            self.session.outcome = "queued"
            self.dev.cashier.charge()  # the application is safe in the outbox: the fee is the booth's
            _log.info("application queued for later sending (txn %s)", self.session.txn_id)
            self._fire("queued", "sending")

    def _on_exit_sending(self) -> None:
        self.timers.stop("send_wait")

    def _on_enter_done(self) -> None:
        self.dev.cashier.end()

    def _on_enter_cancel(self) -> None:
        s = self.session
        if s.outcome is None:
            s.outcome = "cancelled"
        self.dev.reader.set_enabled(False)
        self.dev.camera.set_running(False)
        self.dev.studio.abort()
        self.dev.cashier.close_intake()
        self.dev.cashier.refund()  # payout_finished follows, with 0 when nothing is owed

    def _cancel_done(self) -> None:
        """The refund is out: the screen says so until the citizen taps 「終わる」 or the cancel timer ends it."""
        if self.current == "cancel":
            self.dev.cashier.end()
            self.session.changed.emit()

    def _on_enter_out_of_service(self) -> None:
        s = self.session
        if self._previous == "out_of_service":  # the re-check timer expired
            self._recheck()
            return
        steps: list[Callable[[], object]] = [
            self.dev.cashier.close_intake, lambda: self.dev.reader.set_enabled(False),
            lambda: self.dev.camera.set_running(False), self.dev.studio.abort]
        if s.txn_id and self.dev.cashier.txn is not None:
            if s.application_stored and s.outcome != "rejected":
                steps.append(self.dev.cashier.charge)  # the application will still be sent: the fee is the booth's
            steps.append(self.dev.cashier.refund)  # payout_finished ends the session
        elif s.txn_id:
            steps.append(self._end_session)
        for step in steps:  # one failing step (a device, the storage) must not skip the money steps after it
            try:
                step()
            except Exception:
                _log.exception("out of service: a step failed")
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
        self._fire("amended" if self.session.photo.jpeg is not None else "next", "details")
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
        d.studio.countdown_ticked.connect(self.camera_countdown)
        d.studio.photo_ready.connect(self._on_photo_ready)
        d.studio.photo_failed.connect(self._on_photo_failed)
        d.submitter.delivered.connect(self._on_delivered)
        d.submitter.rejected.connect(self._on_rejected)
        rejection_received = getattr(d.submitter, "rejection_received", None)
        if rejection_received is not None:
            rejection_received.connect(self._on_rejection_received)
        for device in d.health.values():
            device.health_changed.connect(lambda _h, dev=device: self._on_health_changed(dev))

    def _on_credit_changed(self, credit_yen: int) -> None:
        self.session.credit_yen = credit_yen
        self.session.changed.emit()

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
                code, yen = self.held_money if self._held_txn == whose and self.held_money else (receipt_code, 0)
                self.held_money, self._held_txn = (code, yen + unpaid_yen), whose
                self.held_money_changed.emit()
            _log.error("hopper could not pay %d yen (receipt %s)", unpaid_yen, receipt_code)
        s.changed.emit()
        if self.current == "payment":
            if s.paid_yen < self.dev.cashier.fee_yen or self.dev.cashier.busy:
                return  # a payout of an earlier session (a late coin paid back), or ours is still queued
            s.change_yen += paid_yen
            self._fire("paid", "payment")
        elif self.current == "cancel":
            if self.dev.cashier.busy:
                return  # an earlier session's payout finished; our refund is still queued
            s.refunded_yen += paid_yen
            self._cancel_done()
        elif self.current == "out_of_service" and not self.dev.cashier.busy:
            self._end_session()  # the re-check timer (or a device coming back) decides when to reopen

    def _on_money_fault(self, reason: str) -> None:
        """A coin acceptor fault or lost coin events stop the booth; an unpaid payout does not end a session
        (payout_finished records it and the booth goes out of service when the session ends)."""
        if reason.startswith(("coin acceptor fault", "charge without", "storage")) or "events lost" in reason:
            self.fail(f"money: {reason}")

    def _on_photo_ready(self) -> None:
        if self.current != "camera":
            return
        photo = self.dev.studio.result()
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
        self._fire("captured", "camera")

    def _on_photo_failed(self, reason: str) -> None:
        _log.warning("capture failed: %s (txn %s)", reason, self.session.txn_id)

    def _on_delivered(self, envelope_id: str, reception_number: str) -> None:
        if self.current == "sending" and envelope_id == self.session.envelope_id:
            self.session.reception_number = reception_number or None  # "" when the server's was unfit to show
            self.session.outcome = "sent"
            self.dev.cashier.charge()
            self.session.changed.emit()
            self._fire("sent", "sending")

    def _on_rejection_received(self, envelope_id: str, rejection: Any) -> None:
        """The server's words in English too, for a citizen who does not read Japanese."""
        if envelope_id == self.session.envelope_id:
            self.session.message_en = str(getattr(rejection, "message_en", "") or "") or None

    def _on_rejected(self, envelope_id: str, status: int, reason: str) -> None:
        if self.current == "sending" and envelope_id == self.session.envelope_id:
            self.session.outcome = "rejected"
            self.session.message = reason
            self.session.changed.emit()
            self._fire("refused", "sending")
            return
        # refused after the citizen left (queued, then refused): if its fee was charged, it is owed back
        erasure = self.dev.outbox.erasure_of(envelope_id)
        if erasure is not None:  # rows from before the session id was kept beside it: the envelope id was it
            self.dev.cashier.owe_fee(erasure.txn or erasure.envelope_id, erasure.receipt_code)

    def waiting_for_devices(self) -> bool:
        """A required device has not reported yet (still starting): the first screen may wait a little for it."""
        return any(n in self.dev.health and self.dev.health[n].health == UNKNOWN for n in REQUIRED_DEVICES)

    def _down_devices(self) -> list[str]:
        return [n for n in REQUIRED_DEVICES if n in self.dev.health and not self.dev.health[n].health.ok]

    def _devices_ok(self) -> bool:
        return not self._down_devices()

    def _on_health_changed(self, device: Device) -> None:
        _log.info("device %s: %s %s", device.name, device.health.state.value, device.health.detail)
        if self.current == "attract" and not self._devices_ok():
            self._fire("failed")
        elif self.current == "out_of_service":
            self._recheck()
        elif device.name in NEEDS.get(self.current, ()) and not device.health.ok:
            self.fail(f"{device.name} down")

    def _recheck(self) -> None:
        """Leave out_of_service once every required device is up and nothing else holds the booth."""
        if self.current != "out_of_service":
            return
        if not self.dev.storage.health.ok:
            self.dev.storage.check_now()  # the storage is checked by writing, not only by waiting for news
        if self._devices_ok() and not self._forced_oos and not self._fatal_unpaid and not self.dev.cashier.busy:
            self._fire("recovered", "out_of_service")

    def _end_session(self) -> None:
        s = self.session
        if s.txn_id:
            outcome = s.outcome or "cancelled"
            _log.info("session ended: %s (txn %s)", outcome, s.txn_id)
            self.dev.cashier.end()
            self.session_ended.emit(outcome)
        self.dev.reader.set_enabled(False)
        self.dev.camera.set_running(False)
        self.timers.scale = self._scale0
        s.wipe()
