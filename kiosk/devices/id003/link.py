"""The ID-003 serial link over pyserial: 9600 baud 8E1, one request and its reply at a time, reopened with back-off.

The link tries once: whether a request may be sent again after a lost reply is the driver's decision (a status
request may; STACK is re-sent only after a status read shows the note still in escrow).
"""

from __future__ import annotations

import contextlib
import os
import termios
import time

import serial

from kiosk import log
from kiosk.devices.id003.protocol import BAUD, Frame, FrameReader, encode

_log = log.get("bills")


class LinkError(Exception):
    """Base of the link's failures (never carries personal data)."""


class LinkDown(LinkError):
    """The port is gone (unplugged) or cannot be opened; it is reopened with back-off."""


class NoReply(LinkError):
    """No valid frame within the time-out."""


class CorruptReply(NoReply):
    """The reply failed its CRC or length check (refused, never interpreted)."""


class Id003Link:
    """One serial port to one validator."""

    def __init__(self, port: str, *, reply_timeout_ms: int = 200, backoff_max_s: float = 2.0) -> None:
        self.port = port
        self.reply_timeout_s = reply_timeout_ms / 1000
        self._serial: serial.SerialBase | None = None
        self._backoff_s = 0.0
        self._backoff_max_s = backoff_max_s
        self._next_open_s = 0.0
        self._reader = FrameReader()
        self.opened_count = 0
        self._pty_noted = False
        self.refused_frames = 0  # corrupted replies seen (CRC or length wrong)

    @property
    def connected(self) -> bool:
        return self._serial is not None

    def close(self) -> None:
        if self._serial is not None:
            with contextlib.suppress(OSError, serial.SerialException):
                self._serial.close()
            self._serial = None

    def _ensure_open(self) -> serial.SerialBase:
        if self._serial is not None:
            return self._serial
        now = time.monotonic()
        if now < self._next_open_s:
            raise LinkDown("port closed, waiting to reopen")
        try:
            port = self._open_port()
        except (OSError, serial.SerialException, ValueError, termios.error) as exc:
            self._backoff_s = min(self._backoff_max_s, max(0.1, self._backoff_s * 2))
            self._next_open_s = now + self._backoff_s
            raise LinkDown(f"cannot open port: {type(exc).__name__}") from None
        self._serial = port
        self._backoff_s = 0.0
        self.opened_count += 1
        _log.info("bill validator port opened (%s)", self.port)
        return port

    def _open_port(self) -> serial.SerialBase:
        """8E1. A pseudo-terminal (the simulator) carries no parity, and some kernels refuse to set it: 8N1 there."""
        parity = "E"
        if _is_pty(self.port):
            parity = "N"
            if not self._pty_noted:
                self._pty_noted = True
                _log.info("bill validator port is a pseudo-terminal: opened without parity")
        return serial.serial_for_url(self.port, baudrate=BAUD, bytesize=8, parity=parity, stopbits=1, timeout=0.01,
                                     write_timeout=1.0)

    def _lost(self, exc: BaseException) -> LinkDown:
        _log.warning("bill validator port lost: %s", type(exc).__name__)
        self.close()
        self._backoff_s = 0.1
        self._next_open_s = time.monotonic() + self._backoff_s
        return LinkDown(f"port lost: {type(exc).__name__}")

    def send(self, cmd: int, data: bytes = b"") -> None:
        """Write one frame that gets no reply (the ACK of VEND VALID)."""
        port = self._ensure_open()
        try:
            port.reset_input_buffer()
            port.write(encode(cmd, data))
            port.flush()
        except (OSError, serial.SerialException, termios.error) as exc:  # termios: a pty or USB gone
            raise self._lost(exc) from None

    def exchange(self, cmd: int, data: bytes = b"", *, timeout_ms: int | None = None) -> Frame:
        """Write one frame and return the first valid frame that comes back; NoReply after the time-out."""
        port = self._ensure_open()
        timeout_s = self.reply_timeout_s if timeout_ms is None else timeout_ms / 1000
        reader = self._reader
        reader.clear()
        refused = reader.refused_frames
        try:
            port.reset_input_buffer()
            port.write(encode(cmd, data))
            deadline = time.monotonic() + timeout_s
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                port.timeout = min(remaining, 0.05)
                chunk = port.read(max(1, port.in_waiting))
                if not chunk:
                    continue
                frames = reader.feed(chunk)
                if frames:
                    return frames[0]
                if reader.refused_frames > refused and reader.pending == 0:
                    raise CorruptReply(f"corrupted reply to command {cmd:02X}")
        except (OSError, serial.SerialException, termios.error) as exc:
            raise self._lost(exc) from None
        finally:
            self.refused_frames += reader.refused_frames - refused
        raise NoReply(f"no reply to command {cmd:02X}")


def _is_pty(port: str) -> bool:
    """A path that resolves to a pseudo-terminal slave (/dev/pts/N), as the simulators create."""
    return "://" not in port and os.path.realpath(port).startswith("/dev/pts/")
