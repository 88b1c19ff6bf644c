"""Deferred start-up steps: named callables run on the GUI thread one per event-loop turn, after the first paint.

The booth paints its attract screen first and does the rest of its start-up afterwards (the native libraries,
the workers that need them, the other screens), one step per turn of the event loop so that a tap or a paint
in between waits for one step at most. A step that something needs before its turn is run at once by name
(``run(name)``); ``flush()`` runs every step still waiting (a shutdown, a test that needs the whole booth now).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

_log = logging.getLogger("kiosk.later")


class Later(QObject):
    """A queue of named steps; begin() runs them in order, one per turn of the event loop."""

    finished = Signal()  # every step has run (emitted once the queue is empty after begin())

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: OrderedDict[str, Callable[[], None]] = OrderedDict()
        self._begun = False
        self._scheduled = False
        self._finished_sent = False
        self._held = False
        self.ran: list[tuple[str, float]] = []  # (name, seconds it took), in the order the steps ran

    def add(self, name: str, step: Callable[[], None]) -> None:
        """Queue a step (a name already queued is an error: each step has one meaning)."""
        if name in self._steps or any(n == name for n, _ in self.ran):
            raise ValueError(f"deferred step {name!r} added twice")
        self._steps[name] = step
        if self._begun:
            self._schedule()

    def pending(self) -> list[str]:
        return list(self._steps)

    def begin(self) -> None:
        """Start running the steps (later calls only make sure the waiting ones are on their way)."""
        self._begun = True
        self._schedule()

    def run(self, name: str) -> bool:
        """Run the step `name` now if it is still waiting (its first use came before its turn)."""
        step = self._steps.pop(name, None)
        if step is None:
            return False
        self._call(name, step)
        return True

    def flush(self) -> None:
        """Run every waiting step now, in order; a step that raises does not keep the others from running
        (the first exception is raised again at the end)."""
        self._begun = True
        error: BaseException | None = None
        while self._steps:
            name, step = self._steps.popitem(last=False)
            try:
                self._call(name, step)
            except Exception as exc:
                error = error or exc
        self._done()
        if error is not None:
            raise error

    def hold(self) -> None:
        """Run no further step in turn until release() (run() and flush() still run steps)."""
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            if self._begun:
                self._schedule()

    @property
    def held(self) -> bool:
        return self._held

    def drop(self) -> None:
        """Forget the steps that have not run (a shutdown)."""
        self._steps.clear()

    def _schedule(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        self._scheduled = False
        if self._held:
            return
        if not self._steps:
            self._done()
            return
        name, step = self._steps.popitem(last=False)
        try:
            self._call(name, step)
        finally:
            if self._steps and not self._held:
                self._schedule()
            else:
                self._done()

    def _call(self, name: str, step: Callable[[], None]) -> None:
        started = time.perf_counter()
        try:
            step()
        finally:
            took = time.perf_counter() - started
            self.ran.append((name, took))
            _log.debug("start-up step %s: %.0f ms", name, took * 1000)

    def _done(self) -> None:
        if self._begun and not self._steps and not self._finished_sent:
            self._finished_sent = True
            self.finished.emit()
