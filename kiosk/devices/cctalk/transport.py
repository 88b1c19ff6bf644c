"""The ccTalk bus over pyserial: one port, one lock, request/reply with time-outs, echo and reconnection.

Several devices share one bus (one serial port): create one CctalkBus and pass it to every driver on that
port, e.g. ``acceptor = CctalkCoinAcceptor(path)`` then ``CctalkHopper(path, bus=acceptor.bus)``. Every
exchange holds the bus lock, so the drivers' worker threads take turns on the wire.
"""

from __future__ import annotations

import contextlib
import termios
import threading
import time
from dataclasses import dataclass

import serial

from kiosk import log
from kiosk.devices.cctalk.protocol import HOST_ADDRESS, Frame, FrameReader, Header, encode

_log = log.get("cctalk")


class BusError(Exception):
    """Base of the bus's failures (never carries personal data)."""


class BusDown(BusError):
    """The port is gone (unplugged) or cannot be opened; the bus reopens it with back-off."""


class NoReply(BusError):
    """No valid reply within the time-out (after the allowed tries)."""


class Nak(BusError):
    """The device answered NAK (refused) or BUSY."""


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
            raise BusDown(f"cannot open port: {type(exc).__name__}") from None
        self._serial = port
        self._backoff_s = 0.0
        self.reopen_count += 1
        _log.info("ccTalk port opened (%s)", self.port)
        return port

    def _fail(self, exc: BaseException) -> BusDown:
        _log.warning("ccTalk port lost: %s", type(exc).__name__)
        self._drop_port()
        self._backoff_s = 0.1
        self._next_open_s = time.monotonic() + self._backoff_s
        return BusDown(f"port lost: {type(exc).__name__}")

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
        never be sent twice blindly), Nak on NAK/BUSY, BusDown when the port is gone.
        """
        tries = self.tries if retry else 1
        timeout_s = self.reply_timeout_s if timeout_ms is None else timeout_ms / 1000
        request = encode(address, header, data, HOST_ADDRESS, self.checksum)
        with self.lock:
            for _ in range(tries):
                port = self._ensure_open()
                try:
                    port.reset_input_buffer()
                    port.write(request)
                    reply = self._read_reply(port, request, timeout_s)
                except (OSError, serial.SerialException, termios.error) as exc:  # termios: a pty or USB gone
                    raise self._fail(exc) from None
                if reply is None:
                    continue
                if reply.header in (Header.NAK, Header.BUSY):
                    raise Nak(f"header {header}: {'NAK' if reply.header == Header.NAK else 'BUSY'}")
                return reply
            raise NoReply(f"no reply to header {header} from address {address}")

    def _read_reply(self, port: serial.SerialBase, request: bytes, timeout_s: float) -> Frame | None:
        reader = FrameReader(self.checksum)
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            port.timeout = min(remaining, 0.05)
            chunk = port.read(max(1, port.in_waiting))
            for frame in reader.feed(chunk, time.monotonic()):
                if frame.destination != HOST_ADDRESS:  # our own request read back (local echo)
                    if self.echo is None:
                        self.echo = True
                        _log.info("ccTalk local echo detected")
                    continue
                if self.echo is None:
                    self.echo = False
                    _log.info("ccTalk bus without local echo")
                return frame


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


def read_identity(bus: CctalkBus, address: int) -> DeviceIdentity:
    """Headers 254, 245, 246, 244, 242, 192 and 4 (BusError if the device does not answer)."""
    bus.transact(address, Header.SIMPLE_POLL)
    category = _text(bus.transact(address, Header.REQUEST_EQUIPMENT_CATEGORY).data)
    manufacturer = _text(bus.transact(address, Header.REQUEST_MANUFACTURER).data)
    product = _text(bus.transact(address, Header.REQUEST_PRODUCT_CODE).data)
    serial_number = int.from_bytes(bus.transact(address, Header.REQUEST_SERIAL_NUMBER).data[:3], "little")
    build = _text(bus.transact(address, Header.REQUEST_BUILD_CODE).data)
    comms = ".".join(str(b) for b in bus.transact(address, Header.COMMS_REVISION).data)
    return DeviceIdentity(address, category, manufacturer, product, serial_number, build, comms)
