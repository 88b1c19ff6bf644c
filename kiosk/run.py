"""`kiosk run`: the booth's event loop, from start-up recovery to a clean shutdown (also on SIGTERM and SIGINT)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Iterable
from types import FrameType
from typing import NoReturn

from PySide6.QtCore import QObject, QSocketNotifier, Signal
from PySide6.QtWidgets import QApplication

from kiosk import log
from kiosk.app import Booth, Options
from kiosk.config import Config
from kiosk.watchdog import Watchdog, notify_ready, notify_status, notify_stopping

_log = log.get("app")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopSignals(QObject):
    """Delivers SIGTERM and SIGINT into the Qt event loop as received(signal number).

    A Python signal handler runs only when the interpreter gets control, and while Qt's C++ loop waits it does
    not: the signal was seen only at the next timer tick, or never. Here the C-level handler writes the signal's
    number to a socket (signal.set_wakeup_fd), a QSocketNotifier on the other end wakes the loop at once, and
    the slot reads the numbers and emits received() in the GUI thread. close() puts everything back.
    """

    received = Signal(int)

    def __init__(self, signals: Iterable[signal.Signals] = STOP_SIGNALS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = tuple(signals)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {s: signal.signal(s, self._python_handler) for s in self._signals}
        self.notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._drain)

    @staticmethod
    def _python_handler(_signum: int, _frame: FrameType | None) -> None:
        """Runs later, in Python's own time: the wake-up socket has already told the loop."""

    def _drain(self) -> None:
        try:
            data = self._reader.recv(256)
        except (BlockingIOError, InterruptedError):
            return
        for number in data:
            if number in self._signals:
                self.received.emit(number)

    def close(self) -> None:
        self.notifier.setEnabled(False)
        for s, previous in self._previous.items():
            signal.signal(s, previous)
        signal.set_wakeup_fd(self._previous_fd)
        with contextlib.suppress(OSError):
            self._reader.close()
            self._writer.close()


def run_booth(cfg: Config, *, lang: str = "ja", size: tuple[int, int] | None = None, show_panel: bool = True) -> int:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    booth = Booth(cfg, app, Options(lang=lang, size=size, show_panel=show_panel))
    stops = StopSignals()

    def on_stop(number: int) -> None:
        notify_stopping()
        booth.stop(signal.Signals(number).name)

    stops.received.connect(on_stop)
    watchdog = Watchdog()  # keep-alives from the GUI thread: a frozen screen gets the booth restarted
    booth.ready.connect(lambda: (notify_ready(), watchdog.start()))
    booth.flow.state_entered.connect(lambda state: notify_status(f"screen {state}"))  # `systemctl status kiosk`
    booth.start()
    code = app.exec()
    _log.info("shutting down")
    notify_stopping()
    watchdog.stop()
    booth.shutdown()
    stops.close()
    _log.info("stopped")
    return int(booth.exit_code or code)


def leave(code: int) -> NoReturn:
    """The booth has stopped (stores closed, workers joined): leave without the interpreter's own teardown, which
    took up to a second on a loaded machine (the face models, Qt, NumPy) out of systemd's 5 s stop budget: SIGTERM to
    exit p50 0.26 s against 0.98 s at load 8-9."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
