"""The ccTalk bus over pyserial: one port, one lock, request/reply with time-outs, echo and reconnection.

Several devices share one bus (one serial port): create one CctalkBus and pass it to every driver on that
port, e.g. ``acceptor = CctalkCoinAcceptor(path)`` then ``CctalkHopper(path, bus=acceptor.bus)``. Every
exchange holds the bus lock, so the drivers' worker threads take turns on the wire.
"""

from __future__ import annotations

import contextlib
import errno
import os
import termios
import threading
import time
from dataclasses import dataclass

import serial

from kiosk import log
from kiosk.devices.cctalk.protocol import (
    BROADCAST_ADDRESS,
    HOST_ADDRESS,
    ChecksumMode,
    Frame,
    FrameReader,
    Header,
    encode,
)

_log = log.get("cctalk")


class BusError(Exception):
    """Base of the bus's failures (never carries personal data)."""


class BusDown(BusError):
    """The port is gone (unplugged) or cannot be opened; the bus reopens it with back-off."""


class NoReply(BusError):
    """No valid reply within the time-out (after the allowed tries)."""


class Nak(BusError):
    """The device answered NAK (refused) or BUSY."""


BUSY_RETRY_S = 0.05  # a device answering BUSY is asked again after this pause (a try of its own)
SETTLE_QUIET_S = 0.02  # after a time-out, bytes still arriving keep the line unsettled this much longer


def os_reason(exc: BaseException) -> str:
    """What the OS said about a port that cannot be opened or was lost: "No such file or directory (errno 2)"."""
    seen: BaseException | None = exc
    while seen is not None:  # pyserial wraps the OS error (a termios.error carries it in its args)
        code = getattr(seen, "errno", None)
        if not isinstance(code, int) and len(seen.args) >= 2 and isinstance(seen.args[0], int):
            code = seen.args[0]
        if isinstance(code, int) and code in errno.errorcode:
            return f"{os.strerror(code)} (errno {code})"
        seen = seen.__cause__ or seen.__context__
    text = str(exc).strip()
    return text or type(exc).__name__


class CctalkBus:
    """One serial port speaking ccTalk as the host (address 1)."""

    def __init__(
        self,
        port: str,
        *,
        echo: str = "auto",
        checksum: str = "8bit",
        reply_timeout_ms: int = 150,
        tries: int = 3,
        backoff_max_s: float = 2.0,
    ) -> None:
        if echo not in ("auto", "on", "off"):
            raise ValueError("echo must be auto, on or off")
        self.port = port
        self.echo_setting = echo
        self.echo: bool | None = {"on": True, "off": False}.get(echo)
        self.checksum = checksum
        self.reply_timeout_s = reply_timeout_ms / 1000
        self.tries = tries
        self.lock = threading.RLock()
        self._serial: serial.SerialBase | None = None
        self._backoff_s = 0.0
        self._backoff_max_s = backoff_max_s
        self._next_open_s = 0.0
        self.reopen_count = 0
        self.echo_seen: bool | None = None  # whether the last reply came after our own bytes read back
        self.echo_mismatch = False  # the echo setting disagrees with what the bus does
        self.busy_count = 0
        self.late_bytes = 0  # bytes of late replies discarded after a time-out
        self._unsettled = False  # a request timed out: its reply may still be on its way

    @property
    def connected(self) -> bool:
        return self._serial is not None

    def close(self) -> None:
        with self.lock:
            self._drop_port()

    def _drop_port(self) -> None:
        if self._serial is not None:
            with contextlib.suppress(OSError, serial.SerialException):
                self._serial.close()
            self._serial = None

    def _ensure_open(self) -> serial.SerialBase:
        if self._serial is not None:
            return self._serial
        now = time.monotonic()
        if now < self._next_open_s:
            raise BusDown("port closed, waiting to reopen")
        try:
            port = serial.serial_for_url(
                self.port, baudrate=9600, bytesize=8, parity="N", stopbits=1, timeout=0.01, write_timeout=1.0
            )
        except (OSError, serial.SerialException, ValueError) as exc:
            self._backoff_s = min(self._backoff_max_s, max(0.1, self._backoff_s * 2))
            self._next_open_s = now + self._backoff_s
            raise BusDown(f"cannot open port: {os_reason(exc)}") from None
        self._serial = port
        self._backoff_s = 0.0
        self.reopen_count += 1
        _log.info("ccTalk port opened (%s)", self.port)
        return port

    def _fail(self, exc: BaseException) -> BusDown:
        _log.warning("ccTalk port lost: %s", os_reason(exc))
        self._drop_port()
        self._backoff_s = 0.1
        self._next_open_s = time.monotonic() + self._backoff_s
        return BusDown(f"port lost: {os_reason(exc)}")

    def transact(
        self,
        address: int,
        header: int,
        data: bytes = b"",
        *,
        retry: bool = True,
        timeout_ms: int | None = None,
    ) -> Frame:
        """Send one request and return the ACK reply frame.

        Raises NoReply after the tries (one only when retry is False: use that for dispense, which must
        never be sent twice blindly), Nak on NAK (and on BUSY when the tries are used up or retry is False;
        a BUSY device did not act, so asking again is safe), BusDown when the port is gone. Only a frame from
        the addressed device counts as its reply (in 8-bit mode, where the source is on the wire).
        """
        if not 1 <= address <= 255 or address == HOST_ADDRESS:
            raise ValueError(f"ccTalk device address must be 2..255, not {address}")
        tries = self.tries if retry else 1
        timeout_s = self.reply_timeout_s if timeout_ms is None else timeout_ms / 1000
        request = encode(address, header, data, HOST_ADDRESS, self.checksum)
        with self.lock:
            for attempt in range(tries):
                port = self._ensure_open()
                try:
                    if self._unsettled:
                        self._settle(port, timeout_s)
                    port.reset_input_buffer()
                    port.write(request)
                    reply = self._read_reply(port, address, timeout_s)
                except (OSError, serial.SerialException, termios.error) as exc:  # termios: a pty or USB gone
                    raise self._fail(exc) from None
                if reply is None:
                    self._unsettled = True
                    continue
                if reply.header == Header.BUSY:
                    self.busy_count += 1
                    if attempt + 1 < tries:
                        time.sleep(BUSY_RETRY_S)
                        continue
                    raise Nak(f"header {header}: BUSY")
                if reply.header == Header.NAK:
                    raise Nak(f"header {header}: NAK")
                return reply
            raise NoReply(f"no reply to header {header} from address {address}")

    def _settle(self, port: serial.SerialBase, wait_s: float) -> None:
        """After a time-out: give a late reply wait_s to arrive and drop it, so it is not taken as the next
        request's reply (ccTalk has no sequence numbers); bytes still coming extend the wait by SETTLE_QUIET_S."""
        until = time.monotonic() + wait_s
        while (left := until - time.monotonic()) > 0:
            port.timeout = min(left, 0.05)
            chunk = port.read(max(1, port.in_waiting))
            if chunk:
                self.late_bytes += len(chunk)
                until = max(until, time.monotonic() + SETTLE_QUIET_S)
        self._unsettled = False

    def _read_reply(self, port: serial.SerialBase, address: int, timeout_s: float) -> Frame | None:
        reader = FrameReader(self.checksum)
        deadline = time.monotonic() + timeout_s
        echoed = False
        source_known = ChecksumMode(self.checksum) is ChecksumMode.SIMPLE
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            port.timeout = min(remaining, 0.05)
            chunk = port.read(max(1, port.in_waiting))
            for frame in reader.feed(chunk, time.monotonic()):
                if frame.destination != HOST_ADDRESS:  # our own request read back (local echo)
                    echoed = True
                    continue
                if source_known and frame.source != address:
                    _log.warning("ccTalk reply from address %d to a request for %d ignored", frame.source, address)
                    continue
                self._note_echo(echoed)
                return frame

    def _note_echo(self, echoed: bool) -> None:
        """Detect the echo (setting auto) or check the setting against what the bus does (on, off)."""
        self.echo_seen = echoed
        if self.echo is None:
            self.echo = echoed
            _log.info("ccTalk %s", "local echo detected" if echoed else "bus without local echo")
        elif echoed != self.echo and not self.echo_mismatch:
            self.echo_mismatch = True
            _log.warning("ccTalk echo is set %s but the bus %s", "on" if self.echo else "off",
                         "echoes our bytes" if echoed else "does not echo our bytes")

    def address_poll(self, window_s: float = 1.2) -> list[int]:
        """Header 253 to the broadcast address: the address byte each device sends in its time slot.

        The replies are single bytes, not frames; two devices on one address answer in the same slot and the
        byte may be garbled, so the result is what the host saw, in order.
        """
        request = encode(BROADCAST_ADDRESS, Header.ADDRESS_POLL, b"", HOST_ADDRESS, self.checksum)
        with self.lock:
            port = self._ensure_open()
            got = bytearray()
            try:
                port.reset_input_buffer()
                port.write(request)
                deadline = time.monotonic() + window_s
                while time.monotonic() < deadline:
                    port.timeout = min(0.05, max(0.0, deadline - time.monotonic()))
                    got += port.read(max(1, port.in_waiting))
            except (OSError, serial.SerialException, termios.error) as exc:
                raise self._fail(exc) from None
        if got.startswith(request):  # local echo
            del got[: len(request)]
        return list(got)


@dataclass(frozen=True)
class DeviceIdentity:
    """What a ccTalk device says about itself (for the probe and the maintenance screen)."""

    address: int
    category: str
    manufacturer: str
    product: str
    serial_number: int
    build_code: str
    comms_revision: str


def _text(data: bytes) -> str:
    return data.decode("ascii", "replace").strip()


UNKNOWN_TEXT = "?"


def optional(bus: CctalkBus, address: int, header: int) -> bytes | None:
    """A header not every model implements: its data, or None when the device NAKs it or stays silent.

    Silence counts as "not implemented" only when the device answers a simple poll right after; otherwise the
    device is gone and NoReply is raised. One try only: a model that stays silent costs one time-out, not three.
    """
    try:
        return bus.transact(address, header, retry=False).data
    except Nak:
        return None
    except NoReply:
        bus.transact(address, Header.SIMPLE_POLL)
        return None


def read_identity(bus: CctalkBus, address: int) -> DeviceIdentity:
    """Headers 254, 245, 246, 244, 242, then 192 and 4 where the model has them (BusError if it does not answer).

    Build code and comms revision read "?" on a model without them (it NAKs them or stays silent).
    """
    bus.transact(address, Header.SIMPLE_POLL)
    category = _text(bus.transact(address, Header.REQUEST_EQUIPMENT_CATEGORY).data)
    manufacturer = _text(bus.transact(address, Header.REQUEST_MANUFACTURER).data)
    product = _text(bus.transact(address, Header.REQUEST_PRODUCT_CODE).data)
    serial_number = int.from_bytes(bus.transact(address, Header.REQUEST_SERIAL_NUMBER).data[:3], "little")
    build_data = optional(bus, address, Header.REQUEST_BUILD_CODE)
    comms_data = optional(bus, address, Header.COMMS_REVISION)
    build = UNKNOWN_TEXT if build_data is None else _text(build_data)
    comms = UNKNOWN_TEXT if comms_data is None else ".".join(str(b) for b in comms_data)
    return DeviceIdentity(address, category, manufacturer, product, serial_number, build, comms)
