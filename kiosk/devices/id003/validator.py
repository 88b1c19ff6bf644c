"""The JCM ID-003 bill validator driver: power-up and settings, the status poll, the escrow cycle, faults.

The worker thread (kiosk.workers.WorkerThread) polls the validator and keeps what it knows about the one note in the
transport (_Note). It never emits a public signal itself: it posts through the device's relay (``self._emit``), and
the GUI thread emits. A note is stacked
only on stack(note_id) and returned on return_note(note_id); while neither came, the driver sends HOLD so the
validator keeps the note in escrow (it gives back a note left there about 10 s). VEND VALID is acknowledged only
after confirm_stacked(note_id): the validator repeats it until then, so a booth killed between the two finds the
note still waiting at the next start and settles it under the id the ledger gave back (PendingNote).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk import log
from kiosk.devices.base import BillValidator, Health, HealthState, PendingNote
from kiosk.devices.id003.link import Id003Link, LinkDown, NoReply
from kiosk.devices.id003.protocol import (
    ACK_REPLY,
    ERROR_STATUSES,
    POWER_UP_STATUSES,
    Command,
    Frame,
    FrameError,
    Status,
    StatusReply,
    enable_mask,
    is_echo,
    parse_currency_assign,
    parse_status,
)
from kiosk.store.ids import new_id
from kiosk.workers import WorkerThread

_log = log.get("bills")

FAILURES_BEFORE_DOWN = 3
COMMAND_RESEND_S = 0.5  # an acknowledged STACK or RETURN is sent again if the note is still in escrow after this

FAULTS: dict[Status, tuple[str, str]] = {  # status -> (fault name, technician-readable detail)
    Status.STACKER_FULL: ("stacker_full", "cash box full"),
    Status.STACKER_OPEN: ("stacker_open", "cash box removed"),
    Status.ACCEPTOR_JAM: ("acceptor_jam", "note jammed in the acceptor"),
    Status.STACKER_JAM: ("stacker_jam", "note jammed in the stacker"),
    Status.PAUSE: ("pause", "paused: a second note was inserted"),
    Status.CHEATED: ("cheated", "cheat detected"),
    Status.FAILURE: ("failure", "failure"),
    Status.COMMUNICATION_ERROR: ("communication_error", "the validator saw a communication error"),
}
_MONEY_IF_ACCEPTING = frozenset({Status.ACCEPTOR_JAM, Status.CHEATED, Status.FAILURE})
# statuses that put the note inside at risk; after a pause or with a full cash box the validator carries on with it
_NOTE_AT_RISK = frozenset(
    {Status.ACCEPTOR_JAM, Status.STACKER_JAM, Status.STACKER_OPEN, Status.CHEATED, Status.FAILURE}
)


class Refused(Exception):
    """The validator answered a command with INVALID COMMAND or something other than its ACK or echo."""


@dataclass
class _Note:
    """The note in the transport, as far as the driver knows.

    phase: escrow (waits for a decision, or its command was not acknowledged), stacking, returning, sent (a
    PendingNote not yet credited: STACK may or may not have reached the validator before the restart), reported
    (note_stacked emitted, waiting for confirm_stacked), confirmed (VEND VALID may be acknowledged).
    """

    note_id: str
    value_yen: int  # 0: unknown
    phase: str
    since_s: float
    decision: str = ""  # "", "stack", "return" (set from the GUI thread)
    announced: bool = True  # False for a note the booth never heard of (an unknown code, returned at once)
    last_command_s: float = 0.0  # when STACK or RETURN last got its ACK
    last_hold_s: float = 0.0
    device_moved_on: bool = False  # the validator left VEND VALID (nothing to acknowledge any more)


class Id003BillValidator(BillValidator):
    """A JCM ID-003 validator on a serial port; intake starts shut."""

    def __init__(
        self,
        port: str,
        *,
        notes: Iterable[int] = (1000,),
        poll_interval_ms: int = 100,
        reply_timeout_ms: int = 200,
        stack_command: int = 1,
        hold_interval_s: float = 5.0,
        max_escrow_s: float = 600.0,
        pending: PendingNote | None = None,
    ) -> None:
        super().__init__("bill_validator")
        if stack_command not in (1, 2):
            raise ValueError("stack_command is 1 (STACK-1) or 2 (STACK-2)")
        self.link = Id003Link(port, reply_timeout_ms=reply_timeout_ms)
        self.notes = frozenset(notes)
        self.poll_interval_s = poll_interval_ms / 1000
        self.stack_cmd = Command.STACK_1 if stack_command == 1 else Command.STACK_2
        self.hold_interval_s = hold_interval_s
        self.max_escrow_s = max_escrow_s
        self._lock = threading.Lock()
        self._worker = WorkerThread("id003-validator", self._run)
        self._stop = self._worker.stopping
        self._wake = threading.Event()
        # shared with the GUI thread (under _lock)
        self._accepted: frozenset[int] = frozenset()
        self._settings_dirty = True
        self._note: _Note | None = None
        # worker only
        self._pending = pending
        self._assign: dict[int, int] = {}  # escrow code -> yen, the configured notes only
        self._values: frozenset[int] = frozenset()
        self.version = ""
        self._contact = False
        self._ever_reset = False
        self._initialised = False
        self._reconfigure = False
        self._last_status: Status | None = None
        self._fault = ""
        self._failures = 0
        self.polls = 0

    # ---- interface (GUI thread) ------------------------------------------------------------------------

    def start(self) -> None:
        self._relay.reopen()
        self._worker.start()

    def stop(self) -> None:
        self._worker.stop(self._wake.set)
        self._relay.close()
        self.link.close()

    def note_values(self) -> frozenset[int]:
        return self._values

    def set_accepted(self, values_yen: frozenset[int]) -> None:
        with self._lock:
            self._accepted = frozenset(values_yen) & self.notes
            self._settings_dirty = True
        self._wake.set()

    def stack(self, note_id: str) -> None:
        self._decide(note_id, "stack")

    def return_note(self, note_id: str) -> None:
        self._decide(note_id, "return")

    def confirm_stacked(self, note_id: str) -> None:
        with self._lock:
            note = self._note
            if note is None or note.note_id != note_id or note.phase != "reported":
                return
            if note.device_moved_on:
                self._note = None
            else:
                note.phase = "confirmed"
        self._wake.set()

    def _decide(self, note_id: str, decision: str) -> None:
        with self._lock:
            note = self._note
            if note is None or note.note_id != note_id or note.phase != "escrow" or note.decision:
                _log.info("%s of note %s ignored: it is not waiting in escrow", decision, note_id)
                return
            note.decision = decision
        self._wake.set()

    def _report_health(self, state: HealthState, detail: str) -> None:
        self._set_health(Health(state, detail))  # posted through the relay: emitted in the GUI thread

    # ---- worker ----------------------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self._step()
                self._failures = 0
            except LinkDown as exc:
                self._lose_contact(str(exc))
            except (NoReply, FrameError, Refused) as exc:
                self._failures += 1
                _log.warning("bill validator: %s", exc)
                if self._failures >= FAILURES_BEFORE_DOWN:
                    self._lose_contact("bill validator does not answer")
            except Exception:  # a driver bug must not kill the worker silently
                _log.exception("bill validator worker error")
                self._lose_contact("driver error")
            delay_s = self.poll_interval_s - (time.monotonic() - started)
            if not self._contact:
                delay_s = max(delay_s, 0.2)
            self._wake.wait(max(0.0, delay_s))
            self._wake.clear()

    def _lose_contact(self, detail: str) -> None:
        if self._contact:
            _log.warning("bill validator: contact lost (%s)", detail)
        self._contact = False
        self._initialised = False
        self._last_status = None
        self._report_health(HealthState.DOWN, detail)

    def _step(self) -> None:
        frame = self.link.exchange(Command.STATUS_REQUEST)
        if frame.cmd in (Status.COMMUNICATION_ERROR, Status.INVALID_COMMAND):
            raise NoReply(f"status request answered {Status(frame.cmd).name}")
        reply = parse_status(frame)
        self.polls += 1
        if not self._contact:
            self._contact = True
            _log.info("bill validator answers (%s)", reply.status.name)
        if not self._assign:  # before any status is read: escrow codes mean nothing without it
            try:
                self._read_identity()
            except (Refused, FrameError) as exc:  # tried again next poll; intake stays shut without the table
                _log.warning("bill validator: no currency assignment yet (%s)", exc)
        if self._pending is not None:
            self._take_pending()
        previous, self._last_status = self._last_status, reply.status
        self._handle(reply, previous)

    def _take_pending(self) -> None:
        """At the first status: the ledger's last note sent to the stacker becomes the note in the transport."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        phase = "confirmed" if pending.credited else "sent"
        now = time.monotonic()
        with self._lock:
            self._note = _Note(pending.note_id, pending.value_yen, phase, now, last_hold_s=now)
        _log.info("bill validator: settling note %s (%d yen, %s) from before the restart", pending.note_id,
                  pending.value_yen, "credited" if pending.credited else "not credited")

    def _new_note(self, value_yen: int, phase: str, *, announced: bool = True) -> _Note:
        now = time.monotonic()
        note = _Note(new_id(), value_yen, phase, now, announced=announced, last_hold_s=now)
        with self._lock:
            self._note = note
        return note

    def _finish(self) -> None:
        with self._lock:
            self._note = None

    def _handle(self, r: StatusReply, previous: Status | None) -> None:
        s = r.status
        if s in POWER_UP_STATUSES:
            self._power_up(s, previous)
            return
        if s in ERROR_STATUSES:
            self._error(r, previous)
            return
        if self._fault:
            _log.info("bill validator: %s cleared", self._fault)
            self._fault = ""
            self._reconfigure = True  # a cleared jam or cash box re-initialises it: send every setting again
            self._emit("fault_cleared")
        if s is Status.INITIALIZE:
            self._settle_left_note()
            if previous is not Status.INITIALIZE:
                if self._initialised or self._reconfigure:
                    _log.warning("bill validator initialised itself")
                    self._emit("device_reset")
                self._initialised = False
            if not self._initialised:
                self._configure()
            self._report_health(HealthState.OK, "initialising")
            return
        self._report_health(HealthState.OK, self.version or "ready")
        if s in (Status.IDLING, Status.DISABLED):
            if previous is Status.ACCEPTING and self._note is None:
                _log.info("bill validator: note given back before escrow (its rejection passed between two polls)")
                self._emit("note_rejected", "rejected")
            self._idle(s)
        elif s is Status.ACCEPTING:
            self._settle_left_note()
        elif s in (Status.ESCROW, Status.HOLDING):
            self._escrow(r)
        elif s is Status.STACKING:
            note = self._note or self._new_note(0, "stacking")
            if note.phase in ("escrow", "sent"):
                note.phase = "stacking"
        elif s is Status.VEND_VALID:
            self._vend_valid(r)
        elif s is Status.STACKED:
            done = self._note
            if done is not None and done.phase == "confirmed":
                self._finish()
            elif done is not None and done.phase == "reported":
                done.device_moved_on = True
        elif s in (Status.REJECTING, Status.RETURNING):
            self._returning(r, previous)

    # ---- states ----------------------------------------------------------------------------------------

    def _settle_left_note(self) -> None:
        """The validator is idle (or takes the next note): the note the driver knew of has gone one way."""
        note = self._note
        if note is None:
            return
        if note.phase in ("escrow", "returning", "sent"):
            self._returned(note)  # never stacked: a stacked note waits at VEND VALID for the ACK
        elif note.phase == "stacking":
            self._doubt(note, "the note left the stacking path without VEND VALID")
        elif note.phase == "confirmed":
            self._finish()
        elif note.phase == "reported":
            note.device_moved_on = True

    def _idle(self, s: Status) -> None:
        self._settle_left_note()
        if not self._ever_reset:
            self._reset()  # the first contact of this process: start from a known state
            return
        if not self._initialised or self._reconfigure:
            self._configure()
            return
        with self._lock:
            dirty = self._settings_dirty
            wants_notes = any(value in self._accepted for value in self._assign.values())
        if not dirty and (s is Status.DISABLED) == wants_notes:
            _log.warning("bill validator is %s although intake should be %s: settings sent again", s.name,
                         "open" if wants_notes else "shut")
            dirty = True
        if dirty:
            self._apply_accepted()

    def _power_up(self, s: Status, previous: Status | None) -> None:
        was_running = self._ever_reset  # the driver had initialised it: the validator lost power since
        note = self._note
        in_stacker = s is Status.POWER_UP_NOTE_IN_STACKER
        if note is None:
            if in_stacker:
                self._doubt(_Note(new_id(), 0, "stacking", time.monotonic()),
                            "a note of unknown value was in the stacker at power-up")
            elif s is Status.POWER_UP_NOTE_IN_ACCEPTOR:
                _log.warning("bill validator: a note of unknown value was in the acceptor at power-up (returned)")
        elif note.phase == "confirmed":
            self._finish()  # credited; the reset completes the stacking
        elif note.phase == "reported":
            note.device_moved_on = True
        elif note.phase in ("stacking", "sent"):
            if in_stacker and note.value_yen:
                note.phase, note.device_moved_on = "reported", True
                _log.warning("bill validator: note %s was in the stacker at power-up: stacked", note.note_id)
                self._emit("note_stacked", note.value_yen, note.note_id)
            elif s is Status.POWER_UP_NOTE_IN_ACCEPTOR or (s is Status.POWER_UP and note.phase == "sent"):
                self._returned(note)  # the validator gives a note in its acceptor back at the reset
            else:
                self._doubt(note, f"power lost while the note was stacking ({s.name.lower()})")
        elif in_stacker:
            self._doubt(note, "a note never sent to the stacker was in it at power-up")
        else:
            self._returned(note)
        if was_running:
            _log.warning("bill validator powered up (%s)", s.name)
        self._report_health(HealthState.OK, "initialising")
        self._reset()
        if was_running:
            self._emit("device_reset")

    def _reset(self) -> None:
        reply = self.link.exchange(Command.RESET)
        if reply.cmd != ACK_REPLY:
            raise Refused(f"RESET answered {_describe(reply)}")
        self._initialised = False
        self._ever_reset = True
        with self._lock:
            self._settings_dirty = True
        _log.info("bill validator reset")

    def _escrow(self, r: StatusReply) -> None:
        note = self._note
        code = r.escrow_code
        value = self._assign.get(code, 0) if code is not None else 0
        if note is not None and note.phase == "sent" and value in (0, note.value_yen):
            note.phase = "escrow"  # the pending note is still in escrow: the booth decides again
            _log.warning("bill validator: note %s still in escrow after the restart", note.note_id)
            self._emit("note_escrowed", note.value_yen, note.note_id)
        elif note is None or note.phase in ("reported", "confirmed", "sent"):
            if note is not None and note.phase == "sent":
                self._returned(note)
            if value == 0:
                note = self._new_note(0, "escrow", announced=False)
                note.decision = "return"
                reason = "unknown_note" if code is not None else "held_note_of_unknown_value"
                _log.warning("bill validator: escrowed note returned (%s)", reason)
                self._emit("note_rejected", reason)
            else:
                note = self._new_note(value, "escrow")
                _log.info("bill validator: note %s of %d yen in escrow", note.note_id, value)
                self._emit("note_escrowed", value, note.note_id)
        now = time.monotonic()
        if note.phase in ("stacking", "returning"):
            if now - note.last_command_s >= COMMAND_RESEND_S:  # acknowledged, yet still in escrow
                _log.warning("bill validator: note %s still in escrow after %s", note.note_id, note.phase)
                note.phase = "escrow"
            else:
                return
        if note.phase != "escrow":
            return
        with self._lock:
            decision = note.decision
            if not decision and now - note.since_s >= self.max_escrow_s:
                _log.warning("bill validator: note %s in escrow for %.0f s without a decision: returned",
                             note.note_id, now - note.since_s)
                note.decision = decision = "return"
        if decision == "stack":
            self._operation(self.stack_cmd)
            note.last_command_s, note.phase = time.monotonic(), "stacking"
        elif decision == "return":
            self._operation(Command.RETURN)
            note.last_command_s, note.phase = time.monotonic(), "returning"
        elif now - note.last_hold_s >= self.hold_interval_s:
            self._operation(Command.HOLD)
            note.last_hold_s = time.monotonic()

    def _operation(self, cmd: Command) -> None:
        """An operation command, answered ACK. Sent once: a lost reply shows in the next status, not by retrying."""
        reply = self.link.exchange(cmd)
        if reply.cmd != ACK_REPLY:
            raise Refused(f"{cmd.name} answered {_describe(reply)}")

    def _vend_valid(self, r: StatusReply) -> None:
        note = self._note
        code = r.escrow_code
        if note is None:
            note = self._new_note(self._assign.get(code, 0) if code is not None else 0, "stacking")
        elif note.phase in ("escrow", "returning", "sent"):
            if note.phase == "returning":
                _log.error("bill validator: note %s stacked although it was to be returned", note.note_id)
            note.phase = "stacking"
        if note.phase == "stacking":
            if note.value_yen:
                note.phase = "reported"
                _log.info("bill validator: note %s of %d yen stacked", note.note_id, note.value_yen)
                self._emit("note_stacked", note.value_yen, note.note_id)
            else:
                note.phase = "confirmed"  # nothing the booth can credit: acknowledge it so the validator goes on
                self._doubt(note, "a note of unknown value was stacked", keep=True)
        if note.phase == "confirmed":
            self.link.send(Command.ACK)

    def _returning(self, r: StatusReply, previous: Status | None) -> None:
        note = self._note
        if note is not None and note.phase in ("escrow", "returning", "stacking", "sent"):
            if note.phase == "stacking":
                _log.warning("bill validator: note %s came back from the stacker", note.note_id)
            self._returned(note, r.reject_reason)
        elif note is None and r.status is Status.REJECTING and previous is not Status.REJECTING:
            _log.info("bill validator: note rejected (%s)", r.reject_reason)
            self._emit("note_rejected", r.reject_reason or "rejected")

    def _returned(self, note: _Note, reason: str = "") -> None:
        self._finish()
        if note.announced:
            _log.info("bill validator: note %s of %d yen returned%s", note.note_id, note.value_yen,
                      f" ({reason})" if reason else "")
            self._emit("note_returned", note.value_yen, note.note_id)

    def _doubt(self, note: _Note, reason: str, *, keep: bool = False) -> None:
        if not keep:
            self._finish()
        _log.error("bill validator: note %s (%d yen) in doubt: %s", note.note_id, note.value_yen, reason)
        self._emit("note_in_doubt", note.value_yen, note.note_id, reason)

    def _error(self, r: StatusReply, previous: Status | None) -> None:
        name, detail = FAULTS[r.status]
        if r.status is Status.FAILURE and r.failure:
            detail = f"failure: {r.failure}"
        note = self._note
        money = r.status is Status.CHEATED
        if note is not None and note.phase in ("escrow", "returning", "stacking", "sent"):
            money = True
            if r.status in _NOTE_AT_RISK:
                self._doubt(note, detail)
        elif note is None and previous is Status.ACCEPTING and r.status in _MONEY_IF_ACCEPTING:
            money = True
            self._doubt(_Note(new_id(), 0, "escrow", time.monotonic()),
                        f"{detail} while a note was being accepted")
        if name != self._fault:
            self._fault = name
            _log.error("bill validator fault: %s%s", detail, " (money at stake)" if money else "")
            self._emit("fault_raised", name, money)
        state = HealthState.DEGRADED if r.status in (Status.PAUSE, Status.COMMUNICATION_ERROR) else HealthState.DOWN
        self._report_health(state, detail)

    # ---- settings --------------------------------------------------------------------------------------

    def _read_identity(self) -> None:
        reply = self.link.exchange(Command.GET_CURRENCY_ASSIGN)
        if reply.cmd != Command.GET_CURRENCY_ASSIGN:
            raise Refused(f"currency assignment answered {_describe(reply)}")
        table = parse_currency_assign(reply.data)
        self._assign = {code: d.value for code, d in table.items() if d.value in self.notes}
        self._values = frozenset(self._assign.values())
        missing = self.notes - self._values
        if missing:
            _log.warning("bill validator: configured notes %s are not in its currency assignment", sorted(missing))
        version = self.link.exchange(Command.GET_VERSION)
        if version.cmd == Command.GET_VERSION:
            self.version = version.data.decode("ascii", "replace").strip()
        _log.info("bill validator %s, notes %s", self.version or "?", sorted(self._values))

    def _setting(self, cmd: Command, data: bytes) -> None:
        reply = self.link.exchange(cmd, data)
        if not is_echo(cmd, data, reply):
            raise Refused(f"{cmd.name} answered {_describe(reply)}")

    def _configure(self) -> None:
        """Every setting, as after a reset (during INITIALIZE, or when idle after a reconnection)."""
        self._setting(Command.SET_SECURITY, b"\x00\x00")
        self._setting(Command.SET_COMMUNICATION_MODE, b"\x00")  # polling
        self._setting(Command.SET_DIRECTION, b"\x00")  # every direction
        self._setting(Command.SET_OPTIONAL_FUNCTION, b"\x00\x00")
        self._apply_accepted()
        self._initialised = True
        self._reconfigure = False

    def _apply_accepted(self) -> None:
        with self._lock:
            accepted = self._accepted
            self._settings_dirty = False
        codes = {code for code, value in self._assign.items() if value in accepted}
        try:
            self._setting(Command.SET_ENABLE, enable_mask(codes))
            self._setting(Command.SET_INHIBIT, b"\x00" if codes else b"\x01")
        except Exception:
            with self._lock:
                self._settings_dirty = True
            raise
        _log.info("bill validator intake %s", f"open for {sorted(accepted)}" if codes else "shut")


def _describe(frame: Frame) -> str:
    try:
        return Status(frame.cmd).name
    except ValueError:
        return f"{frame.cmd:02X}"
