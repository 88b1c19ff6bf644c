"""A ccTalk coin acceptor (address 2) and change hopper (address 3) simulated on one pseudo-terminal.

The real drivers open ``port_path`` (a stable symlink to the current pty slave, like /dev/serial/by-id) and
speak real ccTalk to it. The simulator follows the device rules: silence on a bad checksum, a wrong address
or an unknown header; a 229 event buffer whose counter wraps 255 -> 1 and is 0 only after reset; the acceptor
inhibits itself when not polled for over 1 s; byte timing of 9600 baud. Faults are switched on by method.
With ``state_path`` the devices' non-volatile state lives in a small JSON file written atomically on every
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kiosk.devices.cctalk.protocol import (
    HOST_ADDRESS,
    EventCode,
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
SELF_INHIBIT_S = 1.0


@dataclass
class _State:
    """What survives a restart of the booth process (the devices keep power)."""

    counter: int = 0
    results: list[list[int]] = field(default_factory=lambda: [[0, 0] for _ in range(5)])  # newest first
    credited_yen: int = 0  # everything the acceptor ever credited (ground truth for tests)
    hopper_coins: int = 200
    lifetime: int = 0
    hopper_counter: int = 0
    remaining: int = 0
    paid_last: int = 0
    unpaid_last: int = 0


class SimCctalkBus:
    """Both devices on one pty, served by a thread. Use ``port_path`` as the serial port."""

    def __init__(
        self,
        *,
        state_path: Path | str | None = None,
        echo: bool = False,
        checksum: str = "8bit",
        hopper_coins: int = 200,
        coin_interval_s: float = 0.06,
        timing: bool = True,
        link_dir: Path | str | None = None,
    ) -> None:
        self._lock = threading.RLock()
        self._state_path = Path(state_path) if state_path else None
        self._echo = echo
        self._checksum = checksum
        self._timing = timing
        self.coin_interval_s = coin_interval_s
        self._st = _State(hopper_coins=hopper_coins)
        if self._state_path and self._state_path.exists():
            data = json.loads(self._state_path.read_text())
            self._st = _State(**data)
        # volatile state (lost on power cycle)
        self._mask = 0
        self._master = False
        self._last_poll_s = 0.0
        self._hopper_enabled = False
        self._flags = 0
        self._selfcheck_code = 0
        self._next_coin_s = time.monotonic() + coin_interval_s
        # faults
        self._drop_replies: dict[int | None, int] = {}
        self._ignore_requests: dict[int | None, int] = {}
        self._corrupt_replies = 0
        self._hopper_fault = ""  # "", "jammed"
        self._jam_after = 0
        self.plugged = False
        self.requests = 0
        self._link_dir = Path(link_dir) if link_dir else Path(tempfile.mkdtemp(prefix="sim-cctalk-"))
        self._link_dir.mkdir(parents=True, exist_ok=True)
        self.port_path = str(self._link_dir / "usb-Sim_ccTalk-if00")
        self._stop = threading.Event()
        self._master_fd = -1
        self._slave_fd = -1
        self._plug()
        self._thread = threading.Thread(target=self._run, name="sim-cctalk", daemon=True)
        self._thread.start()

    # ---- public: the citizen, the technician and the fault injector ---------------------------------

    def insert_coin(self, value_yen: int, *, old_500: bool = False) -> bool:
        """A coin goes in; True if the acceptor credited it (enabled, polled recently)."""
        ident = {10: "JP010A", 50: "JP050A", 100: "JP100A", 500: "JP500A" if old_500 else "JP500B"}[value_yen]
        position = COIN_TABLE.index(ident) + 1
        with self._lock:
            enabled = self._master and bool(self._mask & (1 << (position - 1)))
            polled = time.monotonic() - self._last_poll_s <= SELF_INHIBIT_S
            if enabled and polled:
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
        """An acceptor event: EventCode.COIN_RETURN_OPEN (254) for the lever, 14 for a blocked sensor..."""
        with self._lock:
            self._event(0, int(code))
            if code in (13, 14, 15):
                self._selfcheck_code = int(code)
            self._save()

    def pull_return_lever(self) -> None:
        self.raise_event(EventCode.COIN_RETURN_OPEN)

    def clear_blocking_fault(self) -> None:
        with self._lock:
            self._selfcheck_code = 0

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

    def power_cycle(self) -> None:
        """Both devices reset: counters 0, everything inhibited, hopper disabled (non-volatile data kept)."""
        with self._lock:
            self._st.counter = 0
            self._st.results = [[0, 0] for _ in range(5)]
            self._st.hopper_counter = 0
            self._st.remaining = 0
            self._mask = 0
            self._master = False
            self._hopper_enabled = False
            self._flags = 0x40  # power-up detected
            self._save()

    def set_hopper_fault(self, fault: str, after_coins: int = 0) -> None:
        """'jammed' (after this many coins of the next payout) or '' to clear."""
        with self._lock:
            self._hopper_fault = fault
            self._jam_after = after_coins

    @property
    def hopper_coins(self) -> int:
        return self._st.hopper_coins

    @hopper_coins.setter
    def hopper_coins(self, coins: int) -> None:
        with self._lock:
            self._st.hopper_coins = coins
            self._save()

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
        return self._master

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
        with contextlib.suppress(OSError):
            os.rmdir(self._link_dir)

    # ---- internals ---------------------------------------------------------------------------------

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

    def _event(self, a: int, b: int) -> None:
        self._st.counter = next_counter(self._st.counter)
        self._st.results = [[a, b], *self._st.results[:4]]

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

    def _tick(self) -> None:
        """The hopper motor: one coin per coin_interval_s while a payout runs."""
        now = time.monotonic()
        with self._lock:
            if self._st.remaining <= 0 or now < self._next_coin_s:
                return
            self._next_coin_s = now + self.coin_interval_s
            jam = self._hopper_fault == "jammed" and self._jam_after <= 0
            if self._st.hopper_coins <= 0 or jam:
                self._st.unpaid_last += self._st.remaining
                self._st.remaining = 0
                self._flags |= 0x20 if jam else 0x02
                self._save()
                return
            self._st.hopper_coins -= 1
            self._st.lifetime += 1
            self._st.paid_last += 1
            self._st.remaining -= 1
            if self._hopper_fault == "jammed":
                self._jam_after -= 1
            self._save()

    def _serve(self, fd: int, frame: Frame) -> None:
        raw_in = encode(frame.destination, frame.header, frame.data, frame.source, self._checksum)
        with self._lock:
            if self._echo:
                self._write(fd, raw_in)
            if frame.destination not in (ACCEPTOR_ADDRESS, HOPPER_ADDRESS):
                return
            for key in (frame.header, None):
                if self._ignore_requests.get(key, 0) > 0:
                    self._ignore_requests[key] -= 1
                    return
            self.requests += 1
            reply = self._handle(frame)
            if reply is None:
                return
            header, data = reply
            out = encode(HOST_ADDRESS, header, data, frame.destination, self._checksum)
            for key in (frame.header, None):
                if self._drop_replies.get(key, 0) > 0:
                    self._drop_replies[key] -= 1
                    return
            if self._corrupt_replies > 0:
                self._corrupt_replies -= 1
                out = out[:-1] + bytes([(out[-1] + 1) & 0xFF])
        if self._timing:  # request and reply on the wire at 9600 baud, plus the device's turnaround
            time.sleep((len(raw_in) + len(out)) * BYTE_S + 0.002)
        self._write(fd, out)

    def _write(self, fd: int, data: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(fd, data)

    def _handle(self, f: Frame) -> tuple[int, bytes] | None:
        h, d = f.header, f.data
        ack = (Header.ACK, b"")
        common: dict[int, bytes] = {
            Header.SIMPLE_POLL: b"",
            Header.REQUEST_MANUFACTURER: b"SIM",
            Header.REQUEST_BUILD_CODE: b"KIOSK",
            Header.COMMS_REVISION: bytes([1, 4, 7]),
            Header.REQUEST_SOFTWARE_REVISION: b"1.0",
        }
        if h in common:
            return Header.ACK, common[h]
        if h == Header.RESET:
            self.power_cycle()
            return ack
        if f.destination == ACCEPTOR_ADDRESS:
            self._last_poll_s = time.monotonic()
            table: dict[int, bytes] = {
                Header.REQUEST_EQUIPMENT_CATEGORY: b"Coin Acceptor",
                Header.REQUEST_PRODUCT_CODE: b"SIMCOIN",
                Header.REQUEST_SERIAL_NUMBER: bytes([0x39, 0x30, 0x00]),
                Header.REQUEST_INHIBIT_STATUS: bytes([self._mask & 0xFF, self._mask >> 8]),
                Header.REQUEST_MASTER_INHIBIT: bytes([1 if self._master else 0]),
                Header.PERFORM_SELF_CHECK: bytes([self._selfcheck_code]),
            }
            if h in table:
                return Header.ACK, table[h]
            if h == Header.READ_BUFFERED_CREDIT:
                flat = bytes(x for pair in self._st.results for x in pair)
                return Header.ACK, bytes([self._st.counter]) + flat
            if h == Header.REQUEST_COIN_ID and len(d) == 1 and 1 <= d[0] <= 16:
                return Header.ACK, COIN_TABLE[d[0] - 1].encode()
            if h == Header.MODIFY_INHIBIT_STATUS and len(d) == 2:
                self._mask = d[0] | d[1] << 8
                return ack
            if h == Header.MODIFY_MASTER_INHIBIT and len(d) == 1:
                self._master = bool(d[0] & 1)
                return ack
            return None
        # hopper
        st = self._st
        table = {
            Header.REQUEST_EQUIPMENT_CATEGORY: b"Payout",
            Header.REQUEST_PRODUCT_CODE: b"SIMHOP",
            Header.REQUEST_SERIAL_NUMBER: bytes([0x31, 0xD4, 0x00]),
            Header.REQUEST_DISPENSE_COUNT: st.lifetime.to_bytes(3, "little"),
            Header.REQUEST_PAYOUT_STATUS: bytes(
                [st.hopper_counter, min(st.remaining, 255), min(st.paid_last, 255), min(st.unpaid_last, 255)]
            ),
            Header.TEST_HOPPER: bytes([self._flags]),
            Header.REQUEST_LEVEL_STATUS: bytes([0x10 | (1 if st.hopper_coins <= 20 else 0)]),
        }
        if h in table:
            return Header.ACK, table[h]
        if h == Header.ENABLE_HOPPER and len(d) == 1:
            self._hopper_enabled = d[0] == 0xA5
            return ack
        if h == Header.EMERGENCY_STOP:
            unpaid = st.remaining
            st.unpaid_last += st.remaining
            st.remaining = 0
            self._hopper_enabled = False
            self._save()
            return Header.ACK, bytes([min(unpaid, 255)])
        if h == Header.DISPENSE_COINS and len(d) >= 1:
            if not self._hopper_enabled or st.remaining > 0 or d[-1] == 0:
                return Header.NAK, b""
            st.hopper_counter = next_counter(st.hopper_counter)
            st.remaining = d[-1]
            st.paid_last = st.unpaid_last = 0
            self._flags &= ~0x62
            self._next_coin_s = time.monotonic() + self.coin_interval_s
            self._save()
            return Header.ACK, bytes([d[-1]])
        return None
