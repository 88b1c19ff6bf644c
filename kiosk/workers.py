"""Worker threads that report to the GUI thread: a relay that emits signals in the GUI thread only, and a
named thread that is stopped and joined in bounded time.

The rule every worker keeps: it never calls ``.emit()`` on a public signal itself. PySide6 lets a Python thread
emit a signal, but the Python callables connected to it (lambdas, bound methods of plain objects, pytest-qt's
blockers) are connected and disconnected in the GUI thread while the worker's emission walks the same
connections; that race crashed the test suite with a segmentation fault (issue 12). A worker calls
``Relay.post()`` instead: its events wait in a queue, one queued, slot-decorated connection that is made once and
never undone wakes the GUI thread, and the GUI thread emits the signals in the order they were posted.

The second rule: a worker never imports a module with a native library for the first time. An import in a thread
holds the GIL through dlopen; if the GUI thread is loading a Qt plugin then (QtMultimedia's backend, an image
format) it holds the loader's lock and Qt may call back into Python (a message handler, as pytest-qt installs)
for the GIL: each waits for the other for ever (seen in the test suite: the face models' first import in a
background thread against the countdown sound's plugin). So the drivers and the photo modules import their
native libraries (LiteRT, zxing-cpp, pyzbar, evdev, scikit-image's data) where they are built, in the GUI thread,
or, for the heavy ones that the booth's first paint does without (OpenCV, NumPy, Pillow, python-escpos, ssl,
cryptography), in their start() (the simulated camera: its prepare(), at the first session), still in the GUI thread
and before their worker runs (import_now); the countdown sounds load their plugin in a deferred start-up step of
the GUI thread.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

_log = logging.getLogger("kiosk.workers")
_LATEST = object()  # marks a coalesced entry in the queue: its arguments live in Relay._latest


def import_now(*modules: str) -> None:
    """Import these modules in the calling thread (the GUI thread), before a worker that uses them starts."""
    for name in modules:
        importlib.import_module(name)


class Relay(QObject):
    """Emits its owner's signals in the thread the relay was made in (the GUI thread), whoever posts them.

    post() from the GUI thread emits at once (as a direct emit would); from any other thread it queues the event
    and the GUI thread emits it soon after, in order. post_latest() keeps only the newest arguments of a signal
    still waiting (camera frames: a slow GUI thread skips frames instead of queueing them). After close() the
    posts of other threads are dropped, so a worker that outlives its owner's stop() never reaches a deleted
    object; the GUI thread's own posts still emit.
    """

    _wake = Signal()

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self._owner = owner
        self._gui_ident = threading.get_ident()
        self._lock = threading.Lock()
        self._queue: deque[tuple[str, Any]] = deque()
        self._latest: dict[str, tuple[Any, ...]] = {}
        self._scheduled = False
        self._closed = False
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def in_gui_thread(self) -> bool:
        return threading.get_ident() == self._gui_ident

    def post(self, signal_name: str, *args: Any) -> None:
        """Emit owner.<signal_name>(*args) in the GUI thread (now, when called there)."""
        if self.in_gui_thread():
            getattr(self._owner, signal_name).emit(*args)
            return
        self._enqueue(signal_name, args, coalesce=False)

    def post_latest(self, signal_name: str, *args: Any) -> None:
        """Like post(), but a waiting, not yet emitted event of the same signal is replaced by this one."""
        if self.in_gui_thread():
            self.post(signal_name, *args)
            return
        self._enqueue(signal_name, args, coalesce=True)

    def close(self) -> None:
        """Drop every event still waiting and every later post from another thread (the owner stopped)."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            self._latest.clear()

    def reopen(self) -> None:
        """Accept posts again (the owner was started again after a stop)."""
        with self._lock:
            self._closed = False

    def _enqueue(self, signal_name: str, args: tuple[Any, ...], *, coalesce: bool) -> None:
        with self._lock:
            if self._closed:
                return
            if coalesce:
                if signal_name not in self._latest:
                    self._queue.append((signal_name, _LATEST))
                self._latest[signal_name] = args
            else:
                self._queue.append((signal_name, args))
            wake, self._scheduled = not self._scheduled, True
        if wake:
            with contextlib.suppress(RuntimeError):  # the relay's C++ object is gone: nobody listens any more
                self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        with self._lock:
            items = list(self._queue)
            latest = self._latest
            self._queue.clear()
            self._latest = {}
            self._scheduled = False
        for signal_name, args in items:
            if self._closed:
                return
            if args is _LATEST:
                args = latest[signal_name]
            getattr(self._owner, signal_name).emit(*args)


class WorkerThread:
    """One named daemon thread running target(); stop() asks it to end and joins it within join_timeout_s.

    The target watches ``stopping`` (a threading.Event) and returns soon after it is set; ``wake`` callables given
    to stop() interrupt whatever it waits on (a queue, a condition, a socket).
    """

    def __init__(self, name: str, target: Callable[[], None], *, join_timeout_s: float = 5.0) -> None:
        self.name = name
        self._target = target
        self.join_timeout_s = join_timeout_s
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def thread(self) -> threading.Thread | None:
        """The running thread (None before start and after stop)."""
        return self._thread

    def start(self) -> bool:
        """Start the thread; False (and nothing happens) if it is already started."""
        if self._thread is not None:
            return False
        self.stopping.clear()
        self._thread = threading.Thread(target=self._target, name=self.name, daemon=True)
        self._thread.start()
        return True

    def stop(self, *wake: Callable[[], None]) -> bool:
        """Ask the thread to stop, wake it, join it; True when it ended in time (also when never started)."""
        thread, self._thread = self._thread, None
        self.stopping.set()
        for poke in wake:
            poke()
        if thread is None:
            return True
        if thread is threading.current_thread():
            return False  # stop() called from the worker itself: it ends when its target returns
        thread.join(self.join_timeout_s)
        if thread.is_alive():
            _log.error("worker %s did not stop within %.0f s", self.name, self.join_timeout_s)
            return False
        return True


class GarbageCollector(QObject):
    """Python's cyclic garbage collection in the GUI thread only, from its event loop (see the module's words).

    install() turns the automatic collector off and checks gc's own allocation counts every interval_ms: when a
    generation's threshold is crossed it collects that generation, as the automatic collector would have, but
    at a point where no Qt lock is held and in the thread that owns the QObjects. close() gives the collector
    back to Python. Objects freed by their reference count (most) are not concerned.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self.collections = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()

    @Slot()
    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is crossed (none: nothing); returns what was freed."""
        counts, generation = gc.get_count(), -1
        for gen in range(3):
            if counts[gen] > self._threshold[gen]:
                generation = gen
        if generation < 0:
            return 0
        self.collections += 1
        return gc.collect(generation)

    def close(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


_collector: GarbageCollector | None = None


def collect_garbage_in_gui_thread(parent: QObject) -> GarbageCollector:
    """Install the GUI thread's garbage collector once per process (parent: the QApplication); any later call
    returns the one installed. Call it from the GUI thread."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(parent)
    return _collector
