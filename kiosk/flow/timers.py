"""Named single-shot timers that the flow starts by name and tests fire at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal


class NamedTimers(QObject):
    """Single-shot timers by name. scale multiplies every duration (2.0 for 'more time', 0.01 in a soak)."""

    fired = Signal(str)  # timer name

    def __init__(self, scale: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self._timers: dict[str, QTimer] = {}
        self._handlers: dict[str, Callable[[], None]] = {}

    def start(self, name: str, seconds: float, handler: Callable[[], None]) -> None:
        """(Re)start the timer `name`; handler runs once when it expires, unless stopped first."""
        timer = self._timers.get(name)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda n=name: self._expire(n))
            self._timers[name] = timer
        self._handlers[name] = handler
        timer.start(max(0, round(seconds * self.scale * 1000)))

    def stop(self, name: str) -> None:
        timer = self._timers.get(name)
        if timer is not None:
            timer.stop()
        self._handlers.pop(name, None)

    def stop_all(self) -> None:
        for name in list(self._timers):
            self.stop(name)

    def is_active(self, name: str) -> bool:
        timer = self._timers.get(name)
        return timer is not None and timer.isActive()

    def remaining_ms(self, name: str) -> int:
        timer = self._timers.get(name)
        return timer.remainingTime() if timer is not None and timer.isActive() else -1

    def interval_ms(self, name: str) -> int:
        """The length the timer was last started with, scale included (-1: never started)."""
        timer = self._timers.get(name)
        return timer.interval() if timer is not None else -1

    def active(self) -> list[str]:
        return sorted(n for n, t in self._timers.items() if t.isActive())

    def fire(self, name: str) -> bool:
        """Expire the timer now (tests, accelerated runs). False when it was not running."""
        if not self.is_active(name):
            return False
        self._timers[name].stop()
        self._expire(name)
        return True

    def _expire(self, name: str) -> None:
        handler = self._handlers.pop(name, None)
        if handler is not None:
            self.fired.emit(name)
            handler()
