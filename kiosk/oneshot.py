"""One-shot connections: a handler connected to a signal for exactly one emission, or until a timeout.

A handler connected for one request (a self-test waiting for a coin, a frame, a code) and never disconnected
keeps acting on every later emission: the next citizen's coins, frames and payouts. OneShot disconnects before
the handler runs, on the timeout, on cancel() and when its parent goes, so nothing is left connected whatever
happens first. GUI thread only: the booth's device signals are emitted there (kiosk.workers).

Qt's own Qt.SingleShotConnection drops a connection after one emission, but not on a timeout nor on a cancel,
which every waiting self-test needs; this adds both (tests/qt/test_oneshot.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QTimer, SignalInstance


class OneShot(QObject):
    """Runs handler(*args) on the signal's next emission, or on_timeout() after timeout_ms; then never again.

    Exactly one of handler, on_timeout (or neither, after cancel()) runs, once. The connection is gone before
    either runs, so a handler that emits the same signal again is not re-entered. Without a parent, the
    OneShot keeps itself alive until it is done (callers need not hold it); with one, the parent owns it.
    """

    _waiting: ClassVar[set[OneShot]] = set()  # parentless one-shots still connected

    def __init__(self, signal: SignalInstance, handler: Callable[..., None], *, timeout_ms: int | None = None,
                 on_timeout: Callable[[], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signal: SignalInstance | None = signal
        self._handler = handler
        self._on_timeout = on_timeout
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._expired)
        signal.connect(self._emitted)
        if parent is None:
            OneShot._waiting.add(self)
        if timeout_ms is not None:
            self.timer.start(max(0, timeout_ms))

    @property
    def active(self) -> bool:
        """Still connected: neither the emission nor the timeout has come, and not cancelled."""
        return self._signal is not None

    def cancel(self) -> None:
        """Disconnect without running anything (safe to call any number of times)."""
        self._close()

    def _close(self) -> bool:
        signal, self._signal = self._signal, None
        self.timer.stop()
        OneShot._waiting.discard(self)
        if signal is None:
            return False
        with contextlib.suppress(RuntimeError, TypeError):  # the sender is already gone: so is the connection
            signal.disconnect(self._emitted)
        return True

    def _emitted(self, *args: Any) -> None:
        if self._close():
            self._handler(*args)

    def _expired(self) -> None:
        if self._close() and self._on_timeout is not None:
            self._on_timeout()
