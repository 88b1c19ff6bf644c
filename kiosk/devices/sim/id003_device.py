"""A JCM ID-003 bill validator simulated on a pseudo-terminal, with its note transport timing and every fault.

The real driver opens ``port_path`` (a stable symlink to the current pty slave, like /dev/serial/by-id) and speaks
ID-003 to it. The simulated firmware follows what public hosts and their notes describe (docs/devices.md): a
reply to every valid request, silence on a frame with a bad CRC, INVALID COMMAND for a command the state does not
allow; RESET returns every setting to its default and passes through INITIALIZE to DISABLED; a note waits in escrow
until STACK, RETURN or HOLD, and goes back by itself after ``escrow_timeout_s`` or when the host stops polling for
``host_silence_s``; VEND VALID repeats until the host's ACK. Faults are switched on by method or by a line command
(``command("fault stacker_jam")``), the same lines ``kiosk sim bills`` reads from stdin.

With ``state_path`` the validator's state lives in a small JSON file written atomically at every change of state,
so a booth process killed and restarted meets the validator as a real one would be (still powered, the note where
it was, the time that passed counted).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import select
import tempfile
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kiosk.devices.id003.protocol import (
    ACK_REPLY,
    SETTINGS,
    Command,
    Denomination,
    Frame,
    FrameReader,
    Status,
    enabled_codes,
    encode,
    encode_currency_assign,
    wire_seconds,
)

COUNTRY_CODE = 0x0A  # the simulator's own choice: JCM's code for Japan is not in any public source we found
ASSIGN = (
    Denomination(0x61, COUNTRY_CODE, 1000),
    Denomination(0x62, COUNTRY_CODE, 2000),
    Denomination(0x63, COUNTRY_CODE, 5000),
    Denomination(0x64, COUNTRY_CODE, 10000),
)
EMPTY_SLOTS = 4  # trailing slots with value 0, as firmwares with fewer notes than slots send
VERSION = b"SIM(JPN)-100-SS ID003-05V100-01 01JAN26"
BOOT_VERSION = b"SIM BOOT V1.00"
STACKER_CAPACITY = 500
DEFAULT_SETTINGS = {
    "enable": [0x00, 0x00],  # every denomination enabled
    "security": [0x00, 0x00],
    "comm_mode": [0x00],  # polling
    "inhibit": [0x01],  # inhibited until the host says otherwise
    "direction": [0x00],  # all four directions
    "optional": [0x00, 0x00],
}
_SETTING_NAMES = {
    Command.SET_ENABLE: "enable",
    Command.SET_SECURITY: "security",
    Command.SET_COMMUNICATION_MODE: "comm_mode",
    Command.SET_INHIBIT: "inhibit",
    Command.SET_DIRECTION: "direction",
    Command.SET_OPTIONAL_FUNCTION: "optional",
}
_GET_NAMES = {get: _SETTING_NAMES[setting] for setting, (_n, get) in SETTINGS.items()}
# where a note is, by phase: in the acceptor (it comes back on reset or power loss) or on its way to the stacker
_NOTE_IN_ACCEPTOR = {"accepting", "escrow", "holding", "rejecting", "returning", "acceptor_jam", "cheated"}
_NOTE_TO_STACKER = {"stacking", "stacker_jam"}
_IDLE_PHASES = {"idling", "disabled"}
_SETTABLE_PHASES = {"initialize", "idling", "disabled"}
_LATCHED = {"acceptor_jam", "stacker_jam", "stacker_open", "stacker_full", "failure"}
FAULTS = (
    "acceptor_jam",
    "stacker_jam",
    "stacker_full",
    "stacker_removed",
    "cheat",
    "reject",
    "drop_reply",
    "corrupt_reply",
    "ignore_request",
    "comm_error",
    "power_cycle",
    "failure",
    "pause",
)
REJECT_DEFAULT = 0x77  # photo pattern: what a counterfeit or a torn note gets
FAILURE_DEFAULT = 0xA2  # stacker motor


@dataclass(frozen=True)
class SimTiming:
    """How long the validator takes. The defaults are the device's own pace (docs/devices.md says where from)."""

    accept_s: float = 1.5  # a note pulled in and validated, up to escrow
    stack_s: float = 2.0  # STACK-1 to VEND VALID
    stack2_extra_s: float = 0.3  # STACK-2 reports VEND VALID this much later (the note wholly in the stacker)
    stacked_s: float = 0.3  # STACKED after the ACK, then idle again
    return_s: float = 1.5
    reject_s: float = 1.5
    init_s: float = 2.0  # INITIALIZE after RESET or after a fault was cleared
    escrow_timeout_s: float = 10.0  # escrow, or the last HOLD, without STACK or RETURN: the note goes back
    host_silence_s: float = 3.0  # a note in the acceptor and no request for this long: the note goes back
    cheat_s: float = 1.0
    pause_s: float = 1.0
    turnaround_s: float = 0.002  # from a request's last byte to the reply's first
    wire: bool = True  # wait the wire time of request and reply at 9600 baud 8E1

    def scaled(self, divisor: float) -> SimTiming:
        """The validator's own steps `divisor` times quicker ([simulator] time_scale); its timeouts for a host
        that stays silent (escrow, host silence) keep their length."""
        if divisor == 1:
            return self
        quick = ("accept_s", "stack_s", "stack2_extra_s", "stacked_s", "return_s", "reject_s", "init_s", "cheat_s",
                 "pause_s")
        return dataclasses.replace(self, **{name: getattr(self, name) / divisor for name in quick})

    @classmethod
    def fast(cls, **overrides: Any) -> SimTiming:
        """A quick validator for tests: the same sequence, a few tens of milliseconds a step, no wire time."""
        base = cls(accept_s=0.03, stack_s=0.05, stack2_extra_s=0.02, stacked_s=0.02, return_s=0.03,
                   reject_s=0.03, init_s=0.03, escrow_timeout_s=30.0, host_silence_s=30.0, cheat_s=0.05,
                   pause_s=0.05, turnaround_s=0.0, wire=False)
        return dataclasses.replace(base, **overrides)


@dataclass
class _State:
    """What the validator keeps while it has power (survives a restart of the booth process)."""

    phase: str = "power_up"
    since: float = 0.0  # clock time the phase began
    power_note: str = ""  # "", "acceptor", "stacker": where a note was at power-up
    note_yen: int = 0  # the note in the transport (0: none)
    note_code: int = 0
    reject_code: int = 0
    failure_code: int = 0
    stack_cmd: int = 1
    hold_since: float = 0.0
    last_request: float = 0.0
    saved_at: float = 0.0
    settings: dict[str, list[int]] = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_SETTINGS.items()})
    stacker: list[int] = field(default_factory=list)  # values of the notes in the cash box
    stacker_present: bool = True
    paused_from: str = ""  # the phase a pause interrupted, and how far into it
    paused_elapsed: float = 0.0
    reject_next: int = 0  # armed faults: the next note is rejected with this reason
    jam_acceptor_next: bool = False
    jam_stacker_next: bool = False
    # ground truth for tests: every yen that went each way
    inserted_yen: int = 0
    stacked_yen: int = 0
    returned_yen: int = 0
    removed_yen: int = 0  # taken out by a technician clearing a jam, or pulled back by a cheat


class SimBillValidator:
    """One ID-003 validator on a pty, served by a thread. Use ``port_path`` as the serial port."""

    def __init__(
        self,
        *,
        timing: SimTiming | None = None,
        state_path: Path | str | None = None,
        link_dir: Path | str | None = None,
        link_path: Path | str | None = None,
        vend_valid_code: bool = False,
        stacker_capacity: int = STACKER_CAPACITY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.timing = timing or SimTiming()
        self.vend_valid_code = vend_valid_code  # some firmwares add the escrow code to VEND VALID
        self.stacker_capacity = stacker_capacity
        self._clock = clock
        self._lock = threading.RLock()
        self._state_path = Path(state_path) if state_path else None
        now = clock()
        self._st = _State(since=now, last_request=now)
        if self._state_path and self._state_path.exists():
            data = json.loads(self._state_path.read_text())
            self._st = _State(**data)
            self._st.last_request = self._st.saved_at  # not polled since the booth process stopped
        # volatile: faults of the wire, counters
        self._drop: dict[int | None, int] = {}
        self._ignore: dict[int | None, int] = {}
        self._corrupt = 0
        self._comm_error = 0
        self.requests = 0
        self.commands: list[int] = []  # every command received, in order (for tests)
        self.plugged = False
        self._own_dir = link_dir is None and link_path is None
        if link_path is not None:  # kiosk sim bills --link PATH: the symlink exactly there
            directory = Path(link_path).parent
            self.port_path = str(link_path)
        else:
            directory = Path(link_dir) if link_dir else Path(tempfile.mkdtemp(prefix="sim-id003-"))
            self.port_path = str(directory / "usb-JCM_Sim_ID003-if00")
        directory.mkdir(parents=True, exist_ok=True)
        self._stop = threading.Event()
        self._master_fd = -1
        self._slave_fd = -1
        self._reader = FrameReader()
        self._saved: dict[str, object] | None = None
        self._plug()
        self._save()
        self._thread = threading.Thread(target=self._run, name="sim-id003", daemon=True)
        self._thread.start()

    # ---- public: the citizen, the technician and the fault injector ---------------------------------------

    def insert_note(self, value_yen: int) -> bool:
        """A note goes in; True if the validator pulled it in (idling), False if it stayed at the slot."""
        with self._lock:
            self._tick()
            st = self._st
            if st.phase != "idling" or not st.stacker_present:
                return False
            st.note_yen = value_yen
            st.note_code = next((d.escrow_code for d in ASSIGN if d.value == value_yen), 0)
            st.inserted_yen += value_yen
            self._enter("accepting")
            return True

    def fault(self, name: str, arg: int | None = None) -> None:
        """Switch on one fault (FAULTS); ``arg`` is a count (replies) or a code (reject reason, failure code)."""
        with self._lock:
            self._tick()
            st = self._st
            if name == "acceptor_jam":
                if st.phase in ("accepting", "escrow", "holding"):
                    self._enter("acceptor_jam")
                else:
                    st.jam_acceptor_next = True
            elif name == "stacker_jam":
                if st.phase == "stacking":
                    self._enter("stacker_jam")
                else:
                    st.jam_stacker_next = True
            elif name == "stacker_full":
                st.stacker.extend([0] * max(0, self.stacker_capacity - len(st.stacker)))
                if st.phase in _IDLE_PHASES:
                    self._enter("stacker_full")
            elif name in ("stacker_removed", "stacker_open"):
                st.stacker_present = False
                if st.phase in _NOTE_TO_STACKER:
                    st.removed_yen += st.note_yen  # the note on its way falls out with the box
                    st.note_yen = 0
                elif st.phase in _NOTE_IN_ACCEPTOR:
                    self._back_to_citizen()
                self._enter("stacker_open")
            elif name == "cheat":
                if st.note_yen and st.phase in _NOTE_IN_ACCEPTOR | _NOTE_TO_STACKER:
                    st.removed_yen += st.note_yen
                    st.note_yen = 0
                self._enter("cheated")
            elif name == "reject":
                st.reject_next = arg or REJECT_DEFAULT
            elif name == "drop_reply":
                self._drop[None] = self._drop.get(None, 0) + (arg or 1)
            elif name == "ignore_request":
                self._ignore[None] = self._ignore.get(None, 0) + (arg or 1)
            elif name == "corrupt_reply":
                self._corrupt += arg or 1
            elif name == "comm_error":
                self._comm_error += arg or 1
            elif name == "power_cycle":
                self._power_cycle()
            elif name == "failure":
                st.failure_code = arg or FAILURE_DEFAULT
                self._enter("failure")
            elif name == "pause":  # a second note pushed in: the validator pauses, then carries on
                if st.phase in _IDLE_PHASES | {"accepting", "escrow", "holding", "stacking"}:
                    st.paused_from = st.phase if st.phase not in _IDLE_PHASES else ""
                    st.paused_elapsed = self._clock() - st.since
                    self._enter("paused")
            else:
                raise ValueError(f"unknown fault {name!r}; faults: {', '.join(FAULTS)}")
            self._save()

    def drop_replies(self, n: int = 1, cmd: int | None = None) -> None:
        """The validator acts on the next n requests (of this command) but its reply is lost."""
        with self._lock:
            self._drop[cmd] = self._drop.get(cmd, 0) + n

    def ignore_requests(self, n: int = 1, cmd: int | None = None) -> None:
        """The next n requests (of this command) never reach the validator."""
        with self._lock:
            self._ignore[cmd] = self._ignore.get(cmd, 0) + n

    def clear(self) -> None:
        """The technician clears every latched fault: jams freed (the note taken out), the cash box emptied and put
        back, a failure repaired. The validator initialises again and waits inhibited."""
        with self._lock:
            self._tick()
            st = self._st
            st.jam_acceptor_next = st.jam_stacker_next = False
            st.reject_next = 0
            if not st.stacker_present or st.phase in ("stacker_open", "stacker_full"):
                st.stacker = []
                st.stacker_present = True
            if st.phase in ("acceptor_jam", "stacker_jam") and st.note_yen:
                st.removed_yen += st.note_yen
                st.note_yen = 0
            if st.phase in _LATCHED:
                self._settings_default()
                self._enter("initialize")
            self._save()

    def power_cycle(self) -> None:
        with self._lock:
            self._power_cycle()
            self._save()

    def command(self, line: str) -> str:
        """One line of the simulator's command language (``kiosk sim bills`` reads these from stdin):
        ``note 1000``, ``fault NAME [N]``, ``clear``, ``unplug``, ``replug``, ``status``, ``help``."""
        words = line.split()
        if not words:
            return "ERR empty command"
        verb, args = words[0].lower(), words[1:]
        try:
            if verb == "note" and len(args) == 1:
                value = int(args[0])
                if self.insert_note(value):
                    return f"OK note {value} taken"
                return f"ERR note {value} not taken: validator {self.status.name}"
            if verb == "fault" and len(args) in (1, 2):
                arg = int(args[1], 0) if len(args) == 2 else None
                self.fault(args[0].lower(), arg)
                return f"OK fault {args[0].lower()}"
            if verb == "clear" and not args:
                self.clear()
                return "OK clear"
            if verb == "unplug" and not args:
                self.unplug()
                return "OK unplug"
            if verb == "replug" and not args:
                self.replug()
                return "OK replug"
            if verb == "status" and not args:
                return (f"OK status {self.status.name} stacker {self.stacker_count} notes {self.stacker_yen} yen "
                        f"stacked {self.stacked_yen} returned {self.returned_yen} removed {self.removed_yen}")
            if verb == "help":
                return "OK commands: note VALUE | fault NAME [N] | clear | unplug | replug | status; faults: " + \
                    " ".join(FAULTS)
        except ValueError as exc:
            return f"ERR {exc}"
        return f"ERR unknown command {verb!r} (try help)"

    # ---- what tests look at ---------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        with self._lock:
            self._tick()
            return self._status()[0]

    @property
    def phase(self) -> str:
        with self._lock:
            self._tick()
            return self._st.phase

    @property
    def inhibited(self) -> bool:
        return bool(self._st.settings["inhibit"][0] & 1)

    @property
    def enabled_values(self) -> frozenset[int]:
        codes = enabled_codes(bytes(self._st.settings["enable"]))
        return frozenset(d.value for d in ASSIGN if d.escrow_code in codes)

    @property
    def settings(self) -> dict[str, bytes]:
        return {k: bytes(v) for k, v in self._st.settings.items()}

    @property
    def stacker_count(self) -> int:
        return len(self._st.stacker)

    @property
    def stacker_yen(self) -> int:
        return sum(self._st.stacker)

    @property
    def inserted_yen(self) -> int:
        return self._st.inserted_yen

    @property
    def stacked_yen(self) -> int:
        return self._st.stacked_yen

    @property
    def returned_yen(self) -> int:
        return self._st.returned_yen

    @property
    def removed_yen(self) -> int:
        return self._st.removed_yen

    def unplug(self) -> None:
        """Like pulling the USB cable: the port disappears, the driver's reads fail (the validator keeps power)."""
        with self._lock:
            self._unplug()

    def replug(self) -> None:
        with self._lock:
            if not self.plugged:
                self._plug()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        with self._lock:
            self._unplug()
        if self._own_dir:
            with contextlib.suppress(OSError):
                os.rmdir(os.path.dirname(self.port_path))

    # ---- the pty -------------------------------------------------------------------------------------

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        self._master_fd, self._slave_fd = master, slave
        tmp = self.port_path + ".tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.port_path)
        self._reader = FrameReader()
        self.plugged = True

    def _unplug(self) -> None:
        if not self.plugged:
            return
        self.plugged = False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.port_path)
        for fd in (self._master_fd, self._slave_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master_fd = self._slave_fd = -1

    def _run(self) -> None:
        while not self._stop.is_set():
            fd = self._master_fd
            if fd < 0:
                self._stop.wait(0.01)
                with self._lock:
                    self._tick()
                continue
            try:
                ready, _, _ = select.select([fd], [], [], 0.01)
                data = os.read(fd, 512) if ready else b""
            except (OSError, ValueError):
                self._stop.wait(0.01)
                continue
            with self._lock:
                if fd != self._master_fd:
                    continue
                frames = self._reader.feed(data) if data else []
                self._tick()
            for frame in frames:
                self._serve(fd, frame)

    def _serve(self, fd: int, frame: Frame) -> None:
        raw_in = encode(frame.cmd, frame.data)
        with self._lock:
            for key in (frame.cmd, None):
                if self._ignore.get(key, 0) > 0:
                    self._ignore[key] -= 1
                    return
            self._tick()  # what happened before this request arrived (a host silent too long)
            self.requests += 1
            self.commands.append(frame.cmd)
            self._st.last_request = self._clock()
            if self._comm_error > 0 and frame.cmd != Command.ACK:
                self._comm_error -= 1
                reply: Frame | None = Frame(Status.COMMUNICATION_ERROR)
            else:
                reply = self._handle(frame)
            self._save()
            if reply is None:
                return
            out = encode(reply.cmd, reply.data)
            for key in (frame.cmd, None):
                if self._drop.get(key, 0) > 0:
                    self._drop[key] -= 1
                    return
            if self._corrupt > 0:
                self._corrupt -= 1
                out = out[:-1] + bytes([out[-1] ^ 0x5A])
        t = self.timing
        delay = t.turnaround_s + (wire_seconds(len(raw_in) + len(out)) if t.wire else 0.0)
        if delay > 0:
            time.sleep(delay)  # the simulated validator's own pace (a thread of the simulator, not of a test)
        with contextlib.suppress(OSError):
            os.write(fd, out)

    # ---- the firmware ----------------------------------------------------------------------------------

    def _enter(self, phase: str) -> None:
        st = self._st
        st.phase = phase
        st.since = self._clock()
        if phase in ("escrow", "holding"):
            st.hold_since = st.since

    def _idle_phase(self) -> str:
        st = self._st
        if not st.stacker_present:
            return "stacker_open"
        if len(st.stacker) >= self.stacker_capacity:
            return "stacker_full"
        return "disabled" if st.settings["inhibit"][0] & 1 else "idling"

    def _settings_default(self) -> None:
        self._st.settings = {k: list(v) for k, v in DEFAULT_SETTINGS.items()}

    def _power_cycle(self) -> None:
        st = self._st
        if st.note_yen and st.phase in _NOTE_IN_ACCEPTOR:
            st.power_note = "acceptor"
        elif st.phase in _NOTE_TO_STACKER or st.phase == "vend_valid":
            st.power_note = "stacker"
        else:
            st.power_note = ""
        self._settings_default()
        self._enter("power_up")

    def _to_stacker(self) -> None:
        """The note reached the cash box."""
        st = self._st
        if st.note_yen:
            st.stacker.append(st.note_yen)
            st.stacked_yen += st.note_yen
        st.note_yen = 0

    def _back_to_citizen(self) -> None:
        st = self._st
        st.returned_yen += st.note_yen
        st.note_yen = 0

    def _tick(self) -> None:
        """Advance the firmware to the present (time-driven transitions)."""
        t, st = self.timing, self._st
        for _ in range(8):  # a few transitions can fall due at once after a long pause
            now = self._clock()
            elapsed = now - st.since
            phase = st.phase
            silent = now - st.last_request >= t.host_silence_s
            if phase == "accepting":
                if silent:
                    self._enter("returning")
                elif elapsed >= t.accept_s:
                    enabled = enabled_codes(bytes(st.settings["enable"]))
                    if st.jam_acceptor_next:
                        st.jam_acceptor_next = False
                        self._enter("acceptor_jam")
                    elif st.reject_next:
                        st.reject_code, st.reject_next = st.reject_next, 0
                        self._enter("rejecting")
                    elif not st.note_code:
                        st.reject_code = 0x76  # not a denomination of this firmware
                        self._enter("rejecting")
                    elif st.note_code not in enabled or st.settings["inhibit"][0] & 1:
                        st.reject_code = 0x79
                        self._enter("rejecting")
                    else:
                        self._enter("escrow")
            elif phase in ("escrow", "holding"):
                if silent:
                    self._enter("returning")
                elif now - st.hold_since >= t.escrow_timeout_s:
                    st.reject_code = 0x79  # a note left in escrow goes back as a rejection
                    self._enter("rejecting")
            elif phase == "stacking":
                extra = t.stack2_extra_s if st.stack_cmd == 2 else 0.0
                if elapsed >= t.stack_s + extra:
                    if st.jam_stacker_next:
                        st.jam_stacker_next = False
                        self._enter("stacker_jam")
                    else:
                        self._to_stacker()
                        self._enter("vend_valid")
            elif phase == "stacked":
                if elapsed >= t.stacked_s:
                    self._enter(self._idle_phase())
            elif phase in ("rejecting", "returning"):
                if elapsed >= (t.reject_s if phase == "rejecting" else t.return_s):
                    self._back_to_citizen()
                    self._enter(self._idle_phase())
            elif phase == "initialize":
                if elapsed >= t.init_s:
                    self._enter(self._idle_phase())
            elif phase == "cheated":
                if elapsed >= t.cheat_s:
                    self._enter(self._idle_phase())
            elif phase == "paused":
                if elapsed >= t.pause_s:
                    resume, st.paused_from = st.paused_from, ""
                    if resume:
                        hold_since = st.hold_since
                        self._enter(resume)
                        st.since = now - st.paused_elapsed
                        st.hold_since = hold_since + t.pause_s
                    else:
                        self._enter(self._idle_phase())
            elif phase in _IDLE_PHASES:
                want = self._idle_phase()
                if want != phase:
                    self._enter(want)
            if st.phase == phase:
                return

    def _status(self) -> tuple[Status, bytes]:
        st = self._st
        phase = st.phase
        simple = {
            "initialize": Status.INITIALIZE,
            "disabled": Status.DISABLED,
            "idling": Status.IDLING,
            "accepting": Status.ACCEPTING,
            "holding": Status.HOLDING,
            "stacking": Status.STACKING,
            "stacked": Status.STACKED,
            "returning": Status.RETURNING,
            "acceptor_jam": Status.ACCEPTOR_JAM,
            "stacker_jam": Status.STACKER_JAM,
            "stacker_open": Status.STACKER_OPEN,
            "stacker_full": Status.STACKER_FULL,
            "cheated": Status.CHEATED,
            "paused": Status.PAUSE,
        }
        if phase in simple:
            return simple[phase], b""
        if phase == "power_up":
            return {"": Status.POWER_UP, "acceptor": Status.POWER_UP_NOTE_IN_ACCEPTOR,
                    "stacker": Status.POWER_UP_NOTE_IN_STACKER}[st.power_note], b""
        if phase == "escrow":
            return Status.ESCROW, bytes([st.note_code])
        if phase == "vend_valid":
            return Status.VEND_VALID, bytes([st.note_code]) if self.vend_valid_code else b""
        if phase == "rejecting":
            return Status.REJECTING, bytes([st.reject_code])
        if phase == "failure":
            return Status.FAILURE, bytes([st.failure_code])
        raise AssertionError(f"no status for phase {phase}")

    def _handle(self, f: Frame) -> Frame | None:
        st = self._st
        cmd, data = f.cmd, f.data
        invalid = Frame(Status.INVALID_COMMAND)
        ack = Frame(ACK_REPLY)
        if cmd == Command.STATUS_REQUEST and not data:
            status, extra = self._status()
            return Frame(status, extra)
        if cmd == Command.ACK:
            if st.phase == "vend_valid" and not data:
                self._enter("stacked")
            return None  # the validator never answers an ACK
        if cmd == Command.RESET and not data:
            if st.phase in _LATCHED:
                return ack  # a reset does not free a jam nor fill a cash box
            if st.phase == "power_up":
                if st.power_note == "stacker":
                    self._to_stacker()
                else:
                    self._back_to_citizen()
            elif st.phase in _NOTE_TO_STACKER:
                self._to_stacker()
            else:
                self._back_to_citizen()
            st.power_note = ""
            self._settings_default()
            self._enter("initialize")
            return ack
        if cmd in (Command.STACK_1, Command.STACK_2) and not data:
            if st.phase not in ("escrow", "holding"):
                return invalid
            st.stack_cmd = 1 if cmd == Command.STACK_1 else 2
            self._enter("stacking")
            return ack
        if cmd == Command.RETURN and not data:
            if st.phase not in ("escrow", "holding"):
                return invalid
            self._enter("returning")
            return ack
        if cmd == Command.HOLD and not data:
            if st.phase not in ("escrow", "holding"):
                return invalid
            self._enter("holding")
            return ack
        if cmd == Command.WAIT and not data:
            return ack if st.phase in ("escrow", "holding") else invalid
        if cmd in _SETTING_NAMES:
            length, _get = SETTINGS[Command(cmd)]
            if len(data) != length or st.phase not in _SETTABLE_PHASES:
                return invalid
            st.settings[_SETTING_NAMES[Command(cmd)]] = list(data)
            if st.phase in _IDLE_PHASES:
                self._enter(self._idle_phase())
            return Frame(cmd, data)
        if cmd in _GET_NAMES and not data:
            return Frame(cmd, bytes(st.settings[_GET_NAMES[Command(cmd)]]))
        if cmd == Command.GET_VERSION and not data:
            return Frame(cmd, VERSION)
        if cmd == Command.GET_BOOT_VERSION and not data:
            return Frame(cmd, BOOT_VERSION)
        if cmd == Command.GET_CURRENCY_ASSIGN and not data:
            slots: list[Denomination | tuple[int, int, int, int]] = [*ASSIGN]
            slots += [(0x65 + i, 0, 0, 0) for i in range(EMPTY_SLOTS)]
            return Frame(cmd, encode_currency_assign(slots))
        return invalid

    def _save(self) -> None:
        """Write the state file when something other than the poll time changed."""
        if not self._state_path:
            return
        snapshot = asdict(self._st)
        snapshot.pop("last_request")
        snapshot.pop("saved_at")
        polled_since_save = self._st.last_request - self._st.saved_at
        if snapshot == self._saved and not (self._st.note_yen and polled_since_save > 0.5):
            return  # while a note is inside, the poll time is kept to half a second (host silence after a crash)
        self._saved = snapshot
        self._st.saved_at = self._clock()
        tmp = self._state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self._st)))
        os.replace(tmp, self._state_path)
