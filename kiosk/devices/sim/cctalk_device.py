"""A ccTalk coin acceptor (address 2) and change hopper (address 3) simulated on one pseudo-terminal.

The real drivers open ``port_path`` (a stable symlink to the current pty slave, like /dev/serial/by-id) and
speak real ccTalk to it. Each device keeps to the public specification (docs/devices.md says where it leaves a
choice and what the simulator picked): a reply goes to the source address of the request; a reset (header 1)
resets only the addressed device; a bad checksum or a wrong address gets silence; a known header with data the
device cannot take gets NAK; an unknown header gets silence or NAK (``unknown_header``, real models differ);
header 232 answers a code of the fault-code table; the hopper's 163 registers carry the power-up and
payout-disabled bits; the address poll (header 253) sent to the broadcast address 0 is answered by each device
with its address byte after 4 ms per unit of address. The 229 event buffer's counter wraps 255 -> 1 and is 0
only after a reset or power-up; the acceptor inhibits itself when not polled for over 1 s; bytes take the time
of 9600 baud. Faults are switched on by method or by the line commands of ``command()`` (``kiosk sim cctalk``).
With ``state_path`` what the devices keep while powered lives in a small JSON file written atomically on every
change, so a booth process killed and restarted meets the devices as real ones would be (still powered).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import tempfile
import threading
import time
import tty
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from kiosk.devices.cctalk.protocol import (
    BROADCAST_ADDRESS,
    HOPPER_DISABLED,
    HOPPER_POWER_UP,
    HOST_ADDRESS,
    ChecksumMode,
    EventCode,
    FaultCode,
    Frame,
    FrameReader,
    Header,
    encode,
    next_counter,
)

BYTE_S = 10 / 9600  # 8N1: 10 bits a byte
ACCEPTOR_ADDRESS = 2
HOPPER_ADDRESS = 3
COIN_TABLE = ("JP010A", "JP050A", "JP100A", "JP500A", "JP500B") + ("......",) * 11
COIN_IDS = {10: "JP010A", 50: "JP050A", 100: "JP100A", 500: "JP500B"}  # 500: the 2021 bimetal coin
OLD_500_ID = "JP500A"
SELF_INHIBIT_S = 1.0
ADDRESS_POLL_SLOT_S = 0.004  # header 253: each device answers after 4 ms x its address
RESET_DEAF_S = 0.1  # a device resetting itself hears nothing for a while after its ACK
UNKNOWN_HEADER_MODES = ("silent", "nak")
LOW_LEVEL_COINS = 20  # the simulated low-level sensor plate sits at this many coins
# a blocking acceptor event (229) and the self-check fault (232) the same cause answers: code, extra byte
BLOCKING_FAULTS: dict[int, tuple[int, int | None]] = {
    EventCode.VALIDATION_SENSOR_NOT_READY: (FaultCode.INDUCTIVE_COILS, 1),
    EventCode.CREDIT_SENSOR_BLOCKED: (FaultCode.CREDIT_SENSOR, None),
    EventCode.SORTER_OPTO_BLOCKED: (FaultCode.SORTER_EXIT_SENSORS, 1),
}
# faults by name, for command("fault NAME [N]") and the simulator panel
ACCEPTOR_EVENTS = {
    "reject": EventCode.REJECT_COIN,
    "validation_sensor": EventCode.VALIDATION_SENSOR_NOT_READY,
    "credit_sensor_blocked": EventCode.CREDIT_SENSOR_BLOCKED,
    "sorter_blocked": EventCode.SORTER_OPTO_BLOCKED,
    "coin_backwards": EventCode.COIN_GOING_BACKWARDS,
    "coin_on_string": EventCode.COIN_ON_STRING,
    "return_lever": EventCode.COIN_RETURN_OPEN,
    "alarm": EventCode.UNSPECIFIED_ALARM,
}
FAULTS = (*ACCEPTOR_EVENTS, "hopper_jam", "hopper_empty", "drop_reply", "ignore_request", "corrupt_reply",
          "busy", "power_cycle", "unplug", "replug")

NO_DATA = frozenset({0})
_COMMON_HEADERS: dict[int, frozenset[int]] = {
    Header.SIMPLE_POLL: NO_DATA,
    Header.REQUEST_MANUFACTURER: NO_DATA,
    Header.REQUEST_EQUIPMENT_CATEGORY: NO_DATA,
    Header.REQUEST_PRODUCT_CODE: NO_DATA,
    Header.REQUEST_SERIAL_NUMBER: NO_DATA,
    Header.REQUEST_SOFTWARE_REVISION: NO_DATA,
    Header.REQUEST_BUILD_CODE: NO_DATA,
    Header.COMMS_REVISION: NO_DATA,
    Header.RESET: NO_DATA,
}
# every header a device knows, with the data lengths it takes (anything else: NAK)
ACCEPTOR_HEADERS: dict[int, frozenset[int]] = {
    **_COMMON_HEADERS,
    Header.REQUEST_OPTION_FLAGS: NO_DATA,
    Header.REQUEST_COIN_ID: frozenset({1}),
    Header.MODIFY_INHIBIT_STATUS: frozenset({2}),
    Header.REQUEST_INHIBIT_STATUS: NO_DATA,
    Header.MODIFY_MASTER_INHIBIT: frozenset({1}),
    Header.REQUEST_MASTER_INHIBIT: NO_DATA,
    Header.READ_BUFFERED_CREDIT: NO_DATA,
    Header.PERFORM_SELF_CHECK: NO_DATA,
}
HOPPER_HEADERS: dict[int, frozenset[int]] = {
    **_COMMON_HEADERS,
    Header.TEST_HOPPER: NO_DATA,
    Header.ENABLE_HOPPER: frozenset({1}),
    Header.REQUEST_PAYOUT_STATUS: NO_DATA,
    Header.DISPENSE_COINS: frozenset(range(1, 9)),  # security bytes (model specific) and the count
    Header.REQUEST_DISPENSE_COUNT: NO_DATA,
    Header.EMERGENCY_STOP: NO_DATA,
    Header.REQUEST_LEVEL_STATUS: NO_DATA,
}

Reply = tuple[int, bytes]
ACK: Reply = (Header.ACK, b"")
NAK: Reply = (Header.NAK, b"")
BUSY: Reply = (Header.BUSY, b"")


COIN_INTERVAL_S = 0.06  # a coin's way through the validator, and one coin of the hopper's motor


@dataclass
class _State:
    """What the devices keep while they are powered, so it survives a restart of the booth process."""

    counter: int = 0
    results: list[list[int]] = field(default_factory=lambda: [[0, 0] for _ in range(5)])  # newest first
    mask: int = 0
    master: bool = False
    credited_yen: int = 0  # everything the acceptor ever credited (ground truth for tests)
    hopper_coins: int = 200
    lifetime: int = 0
    hopper_counter: int = 0
    remaining: int = 0
    paid_last: int = 0
    unpaid_last: int = 0
    hopper_flags: int = HOPPER_POWER_UP | HOPPER_DISABLED  # a fresh hopper has just been powered up
    hopper_flags2: int = 0

    @classmethod
    def load(cls, data: Mapping[str, object], hopper_coins: int) -> _State:
        known = {f.name for f in fields(cls)}
        st = cls(hopper_coins=hopper_coins)
        for key, value in data.items():  # a state file of an older version lacks the newer keys
            if key in known:
                setattr(st, key, value)
        return st


class SimCctalkBus:
    """Both devices on one pty, served by a thread. Use ``port_path`` as the serial port."""

    def __init__(
        self,
        *,
        state_path: Path | str | None = None,
        echo: bool = False,
        checksum: str = "8bit",
        hopper_coins: int = 200,
        coin_interval_s: float = COIN_INTERVAL_S,
        timing: bool = True,
        link_dir: Path | str | None = None,
        link_path: Path | str | None = None,
        hopper: bool = True,
        unknown_header: str = "silent",
        unsupported: Mapping[int, Iterable[int]] | None = None,
        hopper_level_sensor: bool = True,
    ) -> None:
        if unknown_header not in UNKNOWN_HEADER_MODES:
            raise ValueError(f"unknown_header must be one of {UNKNOWN_HEADER_MODES}")
        self._lock = threading.RLock()
        self._state_path = Path(state_path) if state_path else None
        self._echo = echo
        self._checksum = checksum
        self._crc = ChecksumMode(checksum) is ChecksumMode.CRC16
        self._timing = timing
        self.coin_interval_s = coin_interval_s
        self.unknown_header = unknown_header
        self.hopper_level_sensor = hopper_level_sensor
        self._st = _State(hopper_coins=hopper_coins)
        if self._state_path and self._state_path.exists():
            self._st = _State.load(json.loads(self._state_path.read_text()), hopper_coins)
        self.addresses: tuple[int, ...] = (ACCEPTOR_ADDRESS, HOPPER_ADDRESS) if hopper else (ACCEPTOR_ADDRESS,)
        self._unsupported = {a: frozenset(h) for a, h in (unsupported or {}).items()}
        # volatile state (lost on power cycle and when the simulator process ends)
        self._last_poll_s = 0.0
        self._selfcheck: tuple[int, int | None] = (FaultCode.OK, None)
        self._deaf_until: dict[int, float] = {}
        self._next_coin_s = time.monotonic() + coin_interval_s
        # faults of the wire and the devices
        self._drop_replies: dict[int | None, int] = {}
        self._ignore_requests: dict[int | None, int] = {}
        self._corrupt_replies = 0
        self._busy_replies = 0
        self._hopper_fault = ""  # "", "jammed"
        self._jam_after = 0
        self.plugged = False
        self.requests = 0
        self._own_dir = link_dir is None and link_path is None
        if link_path is not None:  # kiosk sim cctalk --link PATH: the symlink exactly there
            directory = Path(link_path).parent
            self.port_path = str(link_path)
        else:
            directory = Path(link_dir) if link_dir else Path(tempfile.mkdtemp(prefix="sim-cctalk-"))
            self.port_path = str(directory / "usb-Sim_ccTalk-if00")
        directory.mkdir(parents=True, exist_ok=True)
        self._stop = threading.Event()
        self._master_fd = -1
        self._slave_fd = -1
        self._plug()
        self._thread = threading.Thread(target=self._run, name="sim-cctalk", daemon=True)
        self._thread.start()

    # ---- public: the citizen, the technician and the fault injector ---------------------------------

    def _position(self, value_yen: int, old_500: bool) -> int:
        ident = OLD_500_ID if old_500 and value_yen == 500 else COIN_IDS.get(value_yen)
        if ident is None:
            raise ValueError(f"no {value_yen} yen coin in the coin table (coins: {sorted(COIN_IDS)})")
        return COIN_TABLE.index(ident) + 1

    def _would_take(self, position: int) -> bool:
        enabled = self._st.master and bool(self._st.mask & (1 << (position - 1)))
        return enabled and time.monotonic() - self._last_poll_s <= SELF_INHIBIT_S

    def accepting(self, value_yen: int, *, old_500: bool = False) -> bool:
        """Whether a coin inserted now would be credited (enabled and polled recently); changes nothing.

        A robot waits on this before it inserts: on a loaded machine the host may not poll within the
        self-inhibit time for a moment, and a real acceptor then refuses the coin too."""
        position = self._position(value_yen, old_500)
        with self._lock:
            return self._would_take(position)

    def insert_coin(self, value_yen: int, *, old_500: bool = False) -> bool:
        """A coin goes in; True if the acceptor credited it (enabled, polled recently)."""
        position = self._position(value_yen, old_500)
        with self._lock:
            if self._would_take(position):
                self._event(position, 1)
                self._st.credited_yen += value_yen
                self._save()
                return True
            self._event(0, EventCode.INHIBITED_COIN)
            self._save()
            return False

    def insert_coins(self, values_yen: list[int]) -> int:
        """Several coins between two polls (more than 5 loses events); returns the count credited."""
        with self._lock:
            return sum(self.insert_coin(v) for v in values_yen)

    def raise_event(self, code: int) -> None:
        """An acceptor event: EventCode.COIN_RETURN_OPEN (254) for the lever, 14 for a blocked sensor...

        A blocking event (13, 14, 15) also makes the self-check (232) answer the fault of the same cause until
        clear_blocking_fault().
        """
        with self._lock:
            self._event(0, int(code))
            if int(code) in BLOCKING_FAULTS:
                self._selfcheck = BLOCKING_FAULTS[int(code)]
            self._save()

    def pull_return_lever(self) -> None:
        self.raise_event(EventCode.COIN_RETURN_OPEN)

    def clear_blocking_fault(self) -> None:
        with self._lock:
            self._selfcheck = (FaultCode.OK, None)

    @property
    def self_check_code(self) -> int:
        return self._selfcheck[0]

    def drop_replies(self, n: int = 1, header: int | None = None) -> None:
        """The device acts on the next n requests (of this header) but its reply is lost."""
        with self._lock:
            self._drop_replies[header] = self._drop_replies.get(header, 0) + n

    def ignore_requests(self, n: int = 1, header: int | None = None) -> None:
        """The next n requests (of this header) never reach the device."""
        with self._lock:
            self._ignore_requests[header] = self._ignore_requests.get(header, 0) + n

    def corrupt_replies(self, n: int = 1) -> None:
        with self._lock:
            self._corrupt_replies += n

    def busy_replies(self, n: int = 1) -> None:
        """The next n requests are answered BUSY (header 6) and not acted on (a device writing its EEPROM)."""
        with self._lock:
            self._busy_replies += n

    def power_cycle(self) -> None:
        """Both devices lose power and come back: counters 0, everything inhibited, the hopper disabled with its
        power-up bit set (what non-volatile memory holds is kept)."""
        with self._lock:
            self._reset_acceptor()
            self._reset_hopper()
            self._st.hopper_flags |= HOPPER_POWER_UP
            self._save()

    def set_hopper_fault(self, fault: str, after_coins: int = 0) -> None:
        """'jammed' (after this many coins of the next payout) or '' to clear."""
        with self._lock:
            self._hopper_fault = fault
            self._jam_after = after_coins

    def fault(self, name: str, arg: int | None = None) -> None:
        """Switch on one fault by name (FAULTS); ``arg`` is a count where the fault takes one."""
        with self._lock:
            if name in ACCEPTOR_EVENTS:
                self.raise_event(ACCEPTOR_EVENTS[name])
            elif name == "hopper_jam":
                self.set_hopper_fault("jammed", arg or 0)
            elif name == "hopper_empty":
                self.hopper_coins = 0
            elif name == "drop_reply":
                self.drop_replies(arg or 1)
            elif name == "ignore_request":
                self.ignore_requests(arg or 1)
            elif name == "corrupt_reply":
                self.corrupt_replies(arg or 1)
            elif name == "busy":
                self.busy_replies(arg or 1)
            elif name == "power_cycle":
                self.power_cycle()
            elif name == "unplug":
                self.unplug()
            elif name == "replug":
                self.replug()
            else:
                raise ValueError(f"unknown fault {name!r}; faults: {', '.join(FAULTS)}")

    def clear_faults(self) -> None:
        """The technician clears the acceptor's blocked sensor and the hopper's jam."""
        with self._lock:
            self.clear_blocking_fault()
            self.set_hopper_fault("")

    def command(self, line: str) -> str:
        """One line of the simulator's command language (``kiosk sim cctalk`` reads these from stdin):
        ``coin 100``, ``coin 500 old``, ``coins 100 100 ...``, ``fault NAME [N]``, ``clear``, ``hopper COINS``,
        ``unplug``, ``replug``, ``status``, ``help``. Answers one line starting with OK or ERR."""
        words = line.split()
        if not words:
            return "ERR empty command"
        verb, args = words[0].lower(), words[1:]
        try:
            if verb == "coin" and len(args) in (1, 2) and (len(args) == 1 or args[1].lower() == "old"):
                value = int(args[0])
                taken = self.insert_coin(value, old_500=len(args) == 2)
                return f"OK coin {value} {'credited' if taken else 'rejected (inhibited)'}"
            if verb == "coins" and args:
                values = [int(a) for a in args]
                return f"OK coins {self.insert_coins(values)} of {len(values)} credited"
            if verb == "fault" and len(args) in (1, 2):
                name = args[0].lower()
                self.fault(name, int(args[1]) if len(args) == 2 else None)
                return f"OK fault {name}"
            if verb == "clear" and not args:
                self.clear_faults()
                return "OK clear"
            if verb == "hopper" and len(args) == 1:
                self.hopper_coins = max(0, int(args[0]))
                return f"OK hopper {self.hopper_coins} coins"
            if verb in ("unplug", "replug", "power_cycle") and not args:
                self.fault(verb)
                return f"OK {verb}"
            if verb == "status" and not args:
                return self.status_line()
            if verb == "help":
                return ("OK commands: coin 10|50|100|500 [old] | coins V... | fault NAME [N] | clear | hopper COINS"
                        " | unplug | replug | status | quit; faults: " + " ".join(FAULTS))
        except ValueError as exc:
            return f"ERR {exc}"
        return f"ERR unknown command {verb!r} (try help)"

    def status_line(self) -> str:
        with self._lock:
            st = self._st
            return (f"OK status counter {st.counter} credited {st.credited_yen} yen master "
                    f"{'open' if st.master else 'shut'} mask 0x{st.mask:04x} self-check {self._selfcheck[0]}"
                    + (f" hopper {st.hopper_coins} coins lifetime {st.lifetime} paying {st.remaining}"
                       f" flags 0x{st.hopper_flags:02x}" if HOPPER_ADDRESS in self.addresses else "")
                    + ("" if self.plugged else " unplugged"))

    @property
    def hopper_coins(self) -> int:
        return self._st.hopper_coins

    @hopper_coins.setter
    def hopper_coins(self, coins: int) -> None:
        with self._lock:
            self._st.hopper_coins = coins
            self._save()

    @property
    def hopper_flags(self) -> int:
        return self._st.hopper_flags

    @property
    def lifetime(self) -> int:
        return self._st.lifetime

    @property
    def credited_yen(self) -> int:
        return self._st.credited_yen

    @property
    def counter(self) -> int:
        return self._st.counter

    @property
    def master_inhibit_open(self) -> bool:
        return self._st.master

    @property
    def inhibit_mask(self) -> int:
        return self._st.mask

    @property
    def paying(self) -> bool:
        return self._st.remaining > 0

    def unplug(self) -> None:
        """Like pulling the USB cable: the port disappears, the driver's reads fail."""
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

    # ---- internals: the port -------------------------------------------------------------------------

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        self._master_fd, self._slave_fd = master, slave
        tmp = self.port_path + ".tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.port_path)
        self._reader = FrameReader(self._checksum)
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

    def _save(self) -> None:
        """Keep the devices' memory across restarts; a failing disk never stops the simulated hardware."""
        if not self._state_path:
            return
        tmp = self._state_path.with_suffix(".tmp")
        with contextlib.suppress(OSError):
            tmp.write_text(json.dumps(asdict(self._st)))
            os.replace(tmp, self._state_path)

    def _run(self) -> None:
        while not self._stop.is_set():
            fd = self._master_fd
            if fd < 0:
                time.sleep(0.02)
                self._tick()
                continue
            try:
                ready, _, _ = select.select([fd], [], [], 0.01)
                data = os.read(fd, 512) if ready else b""
            except (OSError, ValueError):
                time.sleep(0.02)
                continue
            with self._lock:
                if fd != self._master_fd:
                    continue
                frames = self._reader.feed(data, time.monotonic()) if data else []
            for frame in frames:
                self._serve(fd, frame)
            self._tick()

    def _write(self, fd: int, data: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(fd, data)

    def _wire_wait(self, n_bytes: int, extra_s: float = 0.0) -> None:
        if self._timing:
            time.sleep(n_bytes * BYTE_S + extra_s)

    # ---- internals: requests -------------------------------------------------------------------------

    def _serve(self, fd: int, frame: Frame) -> None:
        raw_in = encode(frame.destination, frame.header, frame.data, frame.source, self._checksum)
        with self._lock:
            if self._echo:  # a single-wire bus: the host reads its own bytes back
                self._write(fd, raw_in)
            if frame.destination == BROADCAST_ADDRESS:
                poll_replies = self._broadcast(frame)
            elif frame.destination in self.addresses:
                poll_replies = None
                out = self._addressed(frame)
            else:
                return  # no device at that address: silence
        if poll_replies is not None:
            self._wire_wait(len(raw_in))
            started = time.monotonic()
            for address in poll_replies:  # each device answers in its own time slot
                if self._timing:
                    time.sleep(max(0.0, started + address * ADDRESS_POLL_SLOT_S - time.monotonic()))
                self._write(fd, bytes([address]))
            return
        if out is None:
            return
        self._wire_wait(len(raw_in) + len(out), 0.002)  # both frames on the wire, plus the turnaround
        self._write(fd, out)

    def _addressed(self, frame: Frame) -> bytes | None:
        """The reply frame (already faulted as the wire would), or None for silence."""
        address, header, data = frame.destination, frame.header, frame.data
        if time.monotonic() < self._deaf_until.get(address, 0.0):
            return None
        for key in (header, None):
            if self._ignore_requests.get(key, 0) > 0:
                self._ignore_requests[key] -= 1
                return None
        self.requests += 1
        if self._busy_replies > 0:
            self._busy_replies -= 1
            reply: Reply | None = BUSY
        else:
            reply = self._handle(address, header, data)
        if reply is None:
            return None
        # the reply goes back to whoever asked (in CRC-16 mode the source is not on the wire: the host)
        destination = HOST_ADDRESS if self._crc else frame.source
        out = encode(destination, reply[0], reply[1], address, self._checksum)
        for key in (header, None):
            if self._drop_replies.get(key, 0) > 0:
                self._drop_replies[key] -= 1
                return None
        if self._corrupt_replies > 0:
            self._corrupt_replies -= 1
            out = out[:-1] + bytes([(out[-1] + 1) & 0xFF])
        return out

    def _broadcast(self, frame: Frame) -> list[int]:
        """Address 0: every device acts and none replies, except to the address poll (their address bytes)."""
        if frame.header == Header.ADDRESS_POLL and not frame.data:
            return sorted(self.addresses)
        for address in self.addresses:
            if self._known(address, frame.header) and len(frame.data) in self._headers(address)[frame.header]:
                self._handle(address, frame.header, frame.data)
        return []

    def _headers(self, address: int) -> dict[int, frozenset[int]]:
        return ACCEPTOR_HEADERS if address == ACCEPTOR_ADDRESS else HOPPER_HEADERS

    def _known(self, address: int, header: int) -> bool:
        return header in self._headers(address) and header not in self._unsupported.get(address, ())

    def _handle(self, address: int, header: int, data: bytes) -> Reply | None:
        if not self._known(address, header):
            return NAK if self.unknown_header == "nak" else None
        if len(data) not in self._headers(address)[header]:
            return NAK
        if header == Header.RESET:
            self._reset(address)
            return ACK
        if address == ACCEPTOR_ADDRESS:
            return self._acceptor(header, data)
        return self._hopper(header, data)

    def _reset(self, address: int) -> None:
        """Header 1: this device only restarts (ACK first, then deaf for a while)."""
        if address == ACCEPTOR_ADDRESS:
            self._reset_acceptor()
        else:
            self._reset_hopper()
        if self._timing:
            self._deaf_until[address] = time.monotonic() + RESET_DEAF_S
        self._save()

    def _reset_acceptor(self) -> None:
        st = self._st
        st.counter = 0
        st.results = [[0, 0] for _ in range(5)]
        st.mask = 0
        st.master = False

    def _reset_hopper(self) -> None:
        st = self._st
        if st.remaining:  # the motor stops: what was left is unpaid
            st.unpaid_last += st.remaining
            st.remaining = 0
        st.hopper_counter = 0
        st.hopper_flags = HOPPER_DISABLED  # a reset clears the power-up bit; payouts start disabled
        st.hopper_flags2 = 0

    def _event(self, a: int, b: int) -> None:
        self._st.counter = next_counter(self._st.counter)
        self._st.results = [[a, b], *self._st.results[:4]]

    def _identity(self, header: int, category: bytes, product: bytes, serial: bytes) -> Reply | None:
        table: dict[int, bytes] = {
            Header.SIMPLE_POLL: b"",
            Header.REQUEST_MANUFACTURER: b"SIM",
            Header.REQUEST_EQUIPMENT_CATEGORY: category,
            Header.REQUEST_PRODUCT_CODE: product,
            Header.REQUEST_SERIAL_NUMBER: serial,
            Header.REQUEST_SOFTWARE_REVISION: b"1.0",
            Header.REQUEST_BUILD_CODE: b"KIOSK",
            Header.COMMS_REVISION: bytes([1, 4, 7]),
        }
        return (Header.ACK, table[header]) if header in table else None

    def _acceptor(self, h: int, d: bytes) -> Reply:
        st = self._st
        self._last_poll_s = time.monotonic()
        ident = self._identity(h, b"Coin Acceptor", b"SIMCOIN", bytes([0x39, 0x30, 0x00]))
        if ident is not None:
            return ident
        if h == Header.READ_BUFFERED_CREDIT:
            return Header.ACK, bytes([st.counter]) + bytes(x for pair in st.results for x in pair)
        if h == Header.REQUEST_COIN_ID:
            if not 1 <= d[0] <= len(COIN_TABLE):
                return NAK
            return Header.ACK, COIN_TABLE[d[0] - 1].encode()
        if h == Header.MODIFY_INHIBIT_STATUS:
            st.mask = d[0] | d[1] << 8
            self._save()
            return ACK
        if h == Header.REQUEST_INHIBIT_STATUS:
            return Header.ACK, bytes([st.mask & 0xFF, st.mask >> 8])
        if h == Header.MODIFY_MASTER_INHIBIT:
            st.master = bool(d[0] & 1)
            self._save()
            return ACK
        if h == Header.REQUEST_MASTER_INHIBIT:
            return Header.ACK, bytes([1 if st.master else 0])
        if h == Header.PERFORM_SELF_CHECK:
            code, extra = self._selfcheck
            return Header.ACK, bytes([code] if extra is None else [code, extra])
        if h == Header.REQUEST_OPTION_FLAGS:
            return Header.ACK, b"\x00"
        return NAK

    def _hopper(self, h: int, d: bytes) -> Reply:
        st = self._st
        ident = self._identity(h, b"Payout", b"SIMHOP", bytes([0x31, 0xD4, 0x00]))
        if ident is not None:
            return ident
        if h == Header.REQUEST_DISPENSE_COUNT:
            return Header.ACK, st.lifetime.to_bytes(3, "little")
        if h == Header.REQUEST_PAYOUT_STATUS:
            return Header.ACK, bytes([st.hopper_counter, min(st.remaining, 255), min(st.paid_last, 255),
                                      min(st.unpaid_last, 255)])
        if h == Header.TEST_HOPPER:
            return Header.ACK, bytes([st.hopper_flags, st.hopper_flags2])
        if h == Header.REQUEST_LEVEL_STATUS:
            if not self.hopper_level_sensor:
                return Header.ACK, b"\x00"  # no sensor plate fitted
            return Header.ACK, bytes([0x10 | (1 if st.hopper_coins <= LOW_LEVEL_COINS else 0)])
        if h == Header.ENABLE_HOPPER:
            if d[0] == 0xA5:
                st.hopper_flags &= ~HOPPER_DISABLED
            else:
                st.hopper_flags |= HOPPER_DISABLED
            self._save()
            return ACK
        if h == Header.EMERGENCY_STOP:
            unpaid = st.remaining
            st.unpaid_last += st.remaining
            st.remaining = 0
            st.hopper_flags |= HOPPER_DISABLED
            self._save()
            return Header.ACK, bytes([min(unpaid, 255)])
        if h == Header.DISPENSE_COINS:
            if st.hopper_flags & HOPPER_DISABLED or st.remaining > 0 or d[-1] == 0:
                return NAK
            st.hopper_counter = next_counter(st.hopper_counter)
            st.remaining = d[-1]
            st.paid_last = st.unpaid_last = 0
            st.hopper_flags &= ~0x23  # payout timeout, current and opto flags are cleared by a new payout
            self._next_coin_s = time.monotonic() + self.coin_interval_s
            self._save()
            return Header.ACK, bytes([d[-1]])
        return NAK

    def _tick(self) -> None:
        """The hopper motor: one coin per coin_interval_s while a payout runs."""
        now = time.monotonic()
        with self._lock:
            st = self._st
            if st.remaining <= 0 or now < self._next_coin_s:
                return
            self._next_coin_s = now + self.coin_interval_s
            jam = self._hopper_fault == "jammed" and self._jam_after <= 0
            if st.hopper_coins <= 0 or jam:
                st.unpaid_last += st.remaining
                st.remaining = 0
                st.hopper_flags |= 0x20 if jam else 0x02
                self._save()
                return
            st.hopper_coins -= 1
            st.lifetime += 1
            st.paid_last += 1
            st.remaining -= 1
            if self._hopper_fault == "jammed":
                self._jam_after -= 1
            self._save()
