"""A serial 2D barcode scanner simulated on a pseudo-terminal, with unplug and replug."""

from __future__ import annotations

import contextlib
import os
import queue
import tempfile
import threading
import time
import tty
from pathlib import Path

SUFFIXES = {"CR": b"\r", "CRLF": b"\r\n", "LF": b"\n"}
FAULTS = ("cut", "junk", "unplug", "replug")


class SimScanner:
    """Writes scanned payloads plus the suffix to a pty, like a scanner in presentation mode.

    ``port_path`` is a stable symlink to the current pty slave (like /dev/serial/by-id/...): unplug() closes the
    pty and removes the link, replug() makes a new pty behind the same path, so the real driver's reconnect is
    what tests exercise. Writes go through a writer thread with realistic timing: a decode delay before the
    first byte, then chunks of up to ``chunk_bytes`` (a USB CDC packet) at the byte time of ``baud``. Calls
    never block the caller (the simulator panel calls them on the GUI thread).
    """

    def __init__(
        self,
        *,
        suffix: str = "CR",
        baud: int = 9600,
        decode_delay_s: float = 0.03,
        chunk_bytes: int = 16,
        link_dir: Path | str | None = None,
        link_path: Path | str | None = None,
    ) -> None:
        self.suffix = SUFFIXES[suffix]
        self.byte_s = 10 / baud
        self.decode_delay_s = decode_delay_s
        self.chunk_bytes = chunk_bytes
        self._own_dir = link_dir is None and link_path is None
        if link_path is not None:  # kiosk sim scanner --link PATH: the symlink exactly there
            directory = Path(link_path).parent
            self.port_path = str(link_path)
        else:
            directory = Path(link_dir) if link_dir is not None else Path(tempfile.mkdtemp(prefix="sim-scanner-"))
            self.port_path = str(directory / "usb-Sim_2D_Scanner_SIM0001-if00")
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self._jobs: queue.Queue[tuple[str, bytes, float, threading.Event | None] | None] = queue.Queue()
        self._closed = False
        self._plug()
        self._writer = threading.Thread(target=self._run, name="sim-scanner", daemon=True)
        self._writer.start()

    # -- public ------------------------------------------------------------------------------------------------

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def present(self, payload: str) -> None:
        """Hold a code under the reader once: the payload (UTF-8) and the suffix."""
        self.present_bytes(payload.encode("utf-8"))

    def present_bytes(self, data: bytes, *, suffix: bool = True, chunk_bytes: int | None = None) -> None:
        """Send raw bytes (binary junk, a line cut short) with or without the suffix."""
        payload = data + (self.suffix if suffix else b"")
        size = chunk_bytes or self.chunk_bytes
        self._jobs.put(("delay", b"", self.decode_delay_s, None))
        for start in range(0, len(payload), size):
            chunk = payload[start : start + size]
            self._jobs.put(("write", chunk, len(chunk) * self.byte_s, None))

    def pause(self, seconds: float) -> None:
        """Queue a silence between writes (to make a gap in a line)."""
        self._jobs.put(("delay", b"", seconds, None))

    def wait_idle(self, timeout_s: float = 5.0) -> bool:
        """True once every queued write went out (for tests that need the bytes written)."""
        done = threading.Event()
        self._jobs.put(("mark", b"", 0.0, done))
        return done.wait(timeout_s)

    def fault(self, name: str) -> None:
        """A fault by name (FAULTS): a code cut short (no suffix), binary junk, an unplug or a replug."""
        if name == "cut":
            self.present_bytes(b"https://kiosk.example/cut-sho", suffix=False)
        elif name == "junk":
            self.present_bytes(bytes(range(0x80, 0xA0)))
        elif name == "unplug":
            self.unplug()
        elif name == "replug":
            self.replug()
        else:
            raise ValueError(f"unknown fault {name!r}; faults: {', '.join(FAULTS)}")

    def command(self, line: str) -> str:
        """One line of the simulator's command language (``kiosk sim scanner`` reads these from stdin):
        ``scan TEXT`` (the rest of the line, as it is), ``scan-hex HEX``, ``fault NAME``, ``unplug``, ``replug``,
        ``status``, ``help``. Answers one line starting with OK or ERR."""
        verb, _, rest = line.strip().partition(" ")
        verb = verb.lower()
        try:
            if verb == "scan" and rest:
                self.present(rest)
                return f"OK scan {len(rest.encode('utf-8'))} bytes"
            if verb == "scan-hex" and rest:
                data = bytes.fromhex(rest)
                self.present_bytes(data)
                return f"OK scan {len(data)} bytes"
            if verb == "fault" and rest:
                self.fault(rest.strip().lower())
                return f"OK fault {rest.strip().lower()}"
            if verb in ("unplug", "replug") and not rest:
                self.fault(verb)
                return f"OK {verb}"
            if verb == "status" and not rest:
                return f"OK status {'plugged' if self.plugged else 'unplugged'} suffix {self.suffix.hex()}"
            if verb == "help":
                return "OK commands: scan TEXT | scan-hex HEX | fault NAME | unplug | replug | status | quit; " \
                    "faults: " + " ".join(FAULTS)
        except ValueError as exc:
            return f"ERR {exc}"
        return f"ERR unknown command {verb!r} (try help)"

    def unplug(self) -> None:
        """Pull the cable: the pty closes (the driver sees the same error as a USB unplug), the link goes."""
        with self._lock:
            self._close_pty()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.port_path)

    def replug(self) -> None:
        """Plug it back: a new pty appears behind the same port_path."""
        with self._lock:
            if self._master is None:
                self._plug()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._jobs.put(None)
        self._writer.join(timeout=5)
        self.unplug()
        if self._own_dir:
            with contextlib.suppress(OSError):
                os.rmdir(os.path.dirname(self.port_path))

    # -- internals ---------------------------------------------------------------------------------------------

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        self._master, self._slave = master, slave
        tmp = self.port_path + ".new"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.port_path)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            kind, data, duration_s, done = job
            if done is not None:
                done.set()
                continue
            if kind == "write":
                with self._lock:
                    if self._master is not None:
                        with contextlib.suppress(OSError):
                            os.write(self._master, data)
            if duration_s > 0:
                time.sleep(duration_s)
