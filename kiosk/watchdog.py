"""systemd notifications (READY, STATUS, STOPPING) and a GUI-thread watchdog keep-alive, without extra packages.

The keep-alive timer runs on the GUI thread on purpose: when that thread freezes, WATCHDOG=1 stops, and
systemd (WatchdogSec= in deploy/kiosk.service) kills and restarts the booth.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import log

_log = log.get("app")


class Notifier:
    """Sends sd_notify datagrams to $NOTIFY_SOCKET; does nothing when systemd did not set it."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        path = env.get("NOTIFY_SOCKET", "")
        self._address: str | None = None
        if path.startswith("@"):
            self._address = "\0" + path[1:]  # Linux abstract namespace
        elif path.startswith("/"):
            self._address = path
        self._warned = False

    @property
    def enabled(self) -> bool:
        return self._address is not None

    def send(self, message: str) -> bool:
        """Send one notification ("READY=1", "WATCHDOG=1", ...); never blocks, never raises."""
        if self._address is None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.setblocking(False)
                sock.sendto(message.encode("utf-8"), self._address)
        except OSError as exc:
            if not self._warned:
                _log.warning("systemd notification failed: %s", exc.__class__.__name__)
                self._warned = True
            return False
        return True


def notify_ready(env: Mapping[str, str] | None = None) -> bool:
    """Tell systemd the booth is up (after recovery, when the first screen shows)."""
    return Notifier(env).send("READY=1")


def notify_status(text: str, env: Mapping[str, str] | None = None) -> bool:
    """One line for `systemctl status` (a state name, never personal data)."""
    return Notifier(env).send("STATUS=" + text.replace("\n", " "))


def notify_stopping(env: Mapping[str, str] | None = None) -> bool:
    """Tell systemd the booth is shutting down on purpose."""
    return Notifier(env).send("STOPPING=1")


def watchdog_interval_ms(env: Mapping[str, str] | None = None) -> int:
    """Half of WATCHDOG_USEC in ms, or 0 when systemd asks for no keep-alives (or for another process)."""
    env = os.environ if env is None else env
    try:
        usec = int(env.get("WATCHDOG_USEC", "0"))
    except ValueError:
        return 0
    pid = env.get("WATCHDOG_PID", "")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return 0
    return max(1, usec // 2000)


class Watchdog(QObject):
    """Sends WATCHDOG=1 every WATCHDOG_USEC/2 from a QTimer on the thread that creates it (the GUI thread)."""

    keepalive_sent = Signal()

    def __init__(self, env: Mapping[str, str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = Notifier(env)
        self.interval_ms = watchdog_interval_ms(env) if self._notifier.enabled else 0
        self.timer = QTimer(self)
        self.timer.setInterval(self.interval_ms)
        self.timer.timeout.connect(self._on_timeout)

    @property
    def active(self) -> bool:
        """True when systemd set a watchdog for this process."""
        return self.interval_ms > 0

    def start(self) -> None:
        """Send a first keep-alive and keep sending while the event loop runs; inactive without systemd."""
        if not self.active:
            _log.info("systemd watchdog not requested")
            return
        _log.info("systemd watchdog every %d ms", self.interval_ms)
        self._on_timeout()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _on_timeout(self) -> None:
        if self._notifier.send("WATCHDOG=1"):
            self.keepalive_sent.emit()
