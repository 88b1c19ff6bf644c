"""A 2D barcode scanner on a serial port (RS-232 or USB CDC) that sends each code followed by a suffix, and the
framing, repeat filter and enabling every reader of suffixed lines shares (kiosk.devices.keyboard_reader too)."""

from __future__ import annotations

import contextlib
import hashlib
import termios
import threading
import time
from collections.abc import Callable

import serial
from PySide6.QtCore import QObject

from kiosk import log
from kiosk.devices.base import BarcodeReader, Health, HealthState
from kiosk.workers import WorkerThread

SUFFIXES = {"CR": b"\r", "CRLF": b"\r\n", "LF": b"\n"}


class RepeatFilter:
    """Passes a payload once while it is held under the reader (presentation-mode scanners repeat it).

    The same payload again within hold_s of its last sighting is dropped, and each sighting extends the hold;
    a different payload passes at once. Only a digest of the last payload is kept.
    """

    def __init__(self, hold_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.hold_s = hold_s
        self._clock = clock
        self._last_digest: bytes | None = None
        self._last_seen_s = 0.0

    def passes(self, payload: str) -> bool:
        now_s = self._clock()
        digest = hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        repeated = digest == self._last_digest and now_s - self._last_seen_s <= self.hold_s
        self._last_digest = digest
        self._last_seen_s = now_s
        return not repeated

    def reset(self) -> None:
        """Forget the last payload (a new scan screen accepts the same code again)."""
        self._last_digest = None


class LineFramer:
    """Pure framing: bytes in, complete lines out (without the suffix).

    A line must arrive without a gap longer than gap_s between bytes: older partial bytes are dropped (a code
    cut off by a glitch or a replug must not glue onto the next one). A line longer than max_line_bytes is
    dropped whole: everything up to the next suffix is skipped. Empty lines are ignored.
    """

    def __init__(self, suffix: bytes, *, max_line_bytes: int = 512, gap_s: float = 0.5) -> None:
        if not suffix:
            raise ValueError("suffix must not be empty")
        self.suffix = suffix
        self.max_line_bytes = max_line_bytes
        self.gap_s = gap_s
        self._buffer = bytearray()
        self._skipping = False
        self._last_byte_s: float | None = None
        self._line_start_s = 0.0
        self.dropped_partial = 0
        self.dropped_long = 0

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def expire(self, now_s: float) -> None:
        """Drop a partial line whose last byte is older than gap_s."""
        if self._last_byte_s is not None and now_s - self._last_byte_s > self.gap_s:
            if self._buffer and not self._skipping:
                self.dropped_partial += 1
            self._buffer.clear()
            self._skipping = False
            self._last_byte_s = None

    def feed(self, data: bytes, now_s: float) -> list[bytes]:
        return [line for line, _ in self.feed_timed(data, now_s)]

    def feed_timed(self, data: bytes, now_s: float) -> list[tuple[bytes, float]]:
        """Like feed, with the time each line's first byte arrived."""
        self.expire(now_s)
        if not data:
            return []
        self._last_byte_s = now_s
        if not self._buffer:
            self._line_start_s = now_s
        self._buffer += data
        lines: list[tuple[bytes, float]] = []
        while True:
            end = self._buffer.find(self.suffix)
            if end < 0:
                break
            line = bytes(self._buffer[:end])
            start_s = self._line_start_s
            del self._buffer[: end + len(self.suffix)]
            self._line_start_s = now_s
            if self._skipping or len(line) > self.max_line_bytes:
                if not self._skipping:
                    self.dropped_long += 1
                self._skipping = False
                continue
            if line:
                lines.append((line, start_s))
        # keep a possible first half of a two-byte suffix; anything beyond the limit starts skipping
        if len(self._buffer) > self.max_line_bytes + len(self.suffix) - 1:
            if not self._skipping:
                self.dropped_long += 1
            self._skipping = True
            self._buffer = self._buffer[-(len(self.suffix) - 1) :] if len(self.suffix) > 1 else bytearray()
        return lines

    def discard_current(self) -> None:
        """Drop the line in progress, including the rest of it still to come (up to its suffix)."""
        if self._buffer or self._skipping:
            self._buffer.clear()
            self._skipping = True

    def reset(self) -> None:
        self._buffer.clear()
        self._skipping = False
        self._last_byte_s = None


def decode_payload(line: bytes) -> str:
    """Bytes of one line to text; invalid UTF-8 becomes U+FFFD so the parser refuses it as unreadable."""
    return line.decode("utf-8", errors="replace")


def suffix_bytes(suffix: str) -> bytes:
    """The bytes of a suffix named as the config allows ("CR", "crlf", "\\r", ...); ValueError otherwise."""
    from kiosk.config import normalize_suffix

    name = normalize_suffix(suffix)
    if name is None:
        raise ValueError(f"suffix must be one of {sorted(SUFFIXES)} (or the characters)")
    return SUFFIXES[name]


class LineReader(BarcodeReader):
    """What every reader of suffixed lines shares: framing, the repeat filter, enabling, the worker thread.

    A driver implements _run() (the worker loop: open, read, reconnect every reconnect_s while the device is
    gone, health DOWN meanwhile; it stops on self._stop) and hands the bytes it reads to _handle(). The same code
    held under a presentation-mode scanner passes once (RepeatFilter, hold_s). set_enabled(False) drops codes
    and what is buffered, so a scan outside the scan screen never leaks into a later screen.
    """

    def __init__(
        self,
        *,
        suffix: str = "CR",
        max_line_bytes: int = 512,
        hold_s: float = 2.0,
        gap_ms: int = 500,
        reconnect_s: float = 0.25,
        name: str = "barcode_reader",
        worker_name: str = "reader",
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name, parent)
        self.reconnect_s = reconnect_s
        self._clock = clock
        self._framer = LineFramer(suffix_bytes(suffix), max_line_bytes=max_line_bytes, gap_s=gap_ms / 1000)
        self._repeat = RepeatFilter(hold_s, clock=clock)
        self._log = log.get("scanner")
        self._enabled = False
        self._enabled_since_s = 0.0
        self._flush = threading.Event()
        self._worker = WorkerThread(f"{name}-{worker_name}", self._run)
        self._stop = self._worker.stopping
        self.codes_read = 0  # counters for the maintenance menu (no content)
        self.codes_dropped = 0

    def start(self) -> None:
        self._relay.reopen()
        self._worker.start()

    def stop(self) -> None:
        if not self._worker.started:
            return
        self._worker.stop()
        self._relay.close()
        self._set_health(Health(HealthState.DOWN, "stopped"))

    def set_enabled(self, enabled: bool) -> None:
        """Disabling takes effect at once; enabling accepts only codes whose first byte arrives afterwards."""
        if enabled and not self._enabled:
            self._enabled_since_s = self._clock()
            self._flush.set()  # the worker forgets the last code: the same one passes on a new scan screen
        self._enabled = enabled

    def _run(self) -> None:
        raise NotImplementedError

    def _handle(self, data: bytes, now_s: float | None = None) -> None:
        """Bytes read from the device (or b"" to let a stale partial line expire) at now_s (default: now)."""
        if self._flush.is_set():
            self._flush.clear()
            self._repeat.reset()
        for line, start_s in self._framer.feed_timed(data, self._clock() if now_s is None else now_s):
            # a code begun before the reader was enabled (held while the screen changed) is not taken
            if not self._enabled or start_s < self._enabled_since_s:
                self.codes_dropped += 1
                continue
            payload = decode_payload(line)
            if not self._repeat.passes(payload):
                continue
            self.codes_read += 1
            self._log.debug("code read (%d bytes)", len(line))
            self._emit("code_read", payload)


class SerialScanner(LineReader):
    """Reads codes from a serial scanner in a worker thread and emits code_read(str) while enabled.

    The worker reconnects by itself (every reconnect_s) after an unplug, with health DOWN meanwhile.
    """

    def __init__(
        self,
        port: str,
        *,
        baud: int = 9600,
        suffix: str = "CR",
        max_line_bytes: int = 512,
        hold_s: float = 2.0,
        gap_ms: int = 500,
        reconnect_s: float = 0.25,
        name: str = "barcode_reader",
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(suffix=suffix, max_line_bytes=max_line_bytes, hold_s=hold_s, gap_ms=gap_ms,
                         reconnect_s=reconnect_s, name=name, worker_name="serial", parent=parent, clock=clock)
        self.port = port
        self.baud = baud

    # -- worker ------------------------------------------------------------------------------------------------

    def _open(self) -> serial.SerialBase | None:
        try:
            port = serial.serial_for_url(self.port, baudrate=self.baud, timeout=0.05)
            port.reset_input_buffer()
        except (serial.SerialException, OSError, ValueError, termios.error) as exc:
            self._set_health(Health(HealthState.DOWN, f"cannot open port: {type(exc).__name__}"))
            return None
        self._framer.reset()
        self._set_health(Health(HealthState.OK, "connected"))
        self._log.info("scanner connected")
        return port

    def _run(self) -> None:
        port: serial.SerialBase | None = None
        try:
            while not self._stop.is_set():
                if port is None:
                    port = self._open()
                    if port is None:
                        self._stop.wait(self.reconnect_s)
                        continue
                try:
                    data = port.read(max(1, port.in_waiting))
                except (serial.SerialException, OSError, termios.error) as exc:
                    self._log.warning("scanner disconnected (%s)", type(exc).__name__)
                    self._set_health(Health(HealthState.DOWN, "disconnected, reconnecting"))
                    self._close(port)
                    port = None
                    self._framer.reset()
                    continue
                self._handle(data)
        finally:
            if port is not None:
                self._close(port)

    @staticmethod
    def _close(port: serial.SerialBase) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            port.close()
