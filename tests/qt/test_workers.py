"""The relay and the worker thread: signals reach their handlers in the GUI thread, in order, and stop is bounded."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from kiosk.workers import Relay, WorkerThread


class Source(QObject):
    numbered = Signal(int)
    latest = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.relay = Relay(self)


def test_posts_from_a_worker_are_emitted_in_the_gui_thread_in_order(qtbot: QtBot) -> None:
    source = Source()
    gui = threading.get_ident()
    seen: list[tuple[int, int]] = []
    source.numbered.connect(lambda n: seen.append((n, threading.get_ident())))
    worker = threading.Thread(target=lambda: [source.relay.post("numbered", n) for n in range(500)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(seen) == 500, timeout=5000)
    assert [n for n, _ in seen] == list(range(500))
    assert {ident for _, ident in seen} == {gui}


def test_a_post_in_the_gui_thread_is_emitted_at_once(qtbot: QtBot) -> None:
    source = Source()
    seen: list[int] = []
    source.numbered.connect(seen.append)
    source.relay.post("numbered", 7)
    assert seen == [7]


def test_connections_made_and_undone_while_a_worker_posts(qtbot: QtBot) -> None:
    """The pattern that crashed the suite: blockers connect and disconnect while a worker keeps reporting."""
    source = Source()
    stop = threading.Event()
    posted = [0]

    def hammer() -> None:  # a device reporting in bursts, as fast as it can within each
        while not stop.is_set():
            for _ in range(20):
                source.relay.post("numbered", posted[0])
                posted[0] += 1
            stop.wait(0.0005)

    worker = threading.Thread(target=hammer)
    worker.start()
    try:
        for _ in range(200):
            with qtbot.waitSignal(source.numbered, timeout=5000, check_params_cb=lambda n: n >= 0):
                pass
    finally:
        stop.set()
        worker.join()
    assert posted[0] > 200


def test_post_latest_keeps_only_the_newest_waiting_value(qtbot: QtBot) -> None:
    source = Source()
    seen: list[object] = []
    source.latest.connect(seen.append)
    source.numbered.connect(seen.append)

    def burst() -> None:
        source.relay.post("numbered", 1)
        for n in range(100):
            source.relay.post_latest("latest", n)
        source.relay.post("numbered", 2)

    worker = threading.Thread(target=burst)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: 2 in seen, timeout=5000)
    assert seen == [1, 99, 2]  # the coalesced value keeps the place of the first one posted


def test_close_drops_what_a_worker_posts_afterwards(qtbot: QtBot) -> None:
    source = Source()
    seen: list[int] = []
    source.numbered.connect(seen.append)
    source.relay.close()
    worker = threading.Thread(target=lambda: source.relay.post("numbered", 1))
    worker.start()
    worker.join()
    source.relay.reopen()
    marker = threading.Thread(target=lambda: source.relay.post("numbered", 2))
    marker.start()
    marker.join()
    qtbot.waitUntil(lambda: seen != [], timeout=5000)
    assert seen == [2]  # 1 was posted while closed; 2, posted after it, arrives alone


def test_worker_stop_wakes_and_joins() -> None:
    wake = threading.Event()
    worker: WorkerThread

    def run() -> None:
        while not worker.stopping.is_set():
            wake.wait(30)

    worker = WorkerThread("test-worker", run, join_timeout_s=5)
    assert worker.start()
    assert not worker.start()
    thread = worker.thread
    assert thread is not None and thread.is_alive()
    assert worker.stop(wake.set)
    assert not thread.is_alive() and not worker.started
    assert worker.stop()  # twice is harmless


def test_worker_that_does_not_stop_is_reported(caplog: object) -> None:
    release = threading.Event()
    worker = WorkerThread("stuck-worker", lambda: release.wait(30), join_timeout_s=0.05)
    worker.start()
    try:
        assert not worker.stop()
    finally:
        release.set()


class _Cycle(QObject):
    """A QObject with a child that only the cyclic collector can free (as a device with its relay is)."""

    def __init__(self) -> None:
        super().__init__()
        self.child = QObject(self)
        self.me = self
        self.marker = _Marker()


class _Marker:
    pass


def test_garbage_collection_never_runs_in_a_worker_thread(qtbot: QtBot) -> None:
    """Issue 12: the collector ran wherever a threshold was crossed, destroying QObject cycles in device workers
    and inside Qt's own locked sections (a deadlock after 25 of 200 repetitions of the threaded tests)."""
    import gc
    import weakref

    collected_in: list[int] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_in.append(threading.get_ident())

    markers = []
    for _ in range(50):
        markers.append(weakref.ref(_Cycle().marker))  # unreachable at once: cyclic garbage with QObjects
    gc.callbacks.append(note)
    held: list[list[object]] = []  # what the worker allocates stays alive: gc's counts stay past its thresholds
    try:
        worker = threading.Thread(target=lambda: held.extend([[]] for _ in range(20000)))
        worker.start()  # 40k tracked objects: far past every threshold of the automatic collector
        worker.join()
        assert worker.ident not in collected_in
        qtbot.waitUntil(lambda: all(m() is None for m in markers), timeout=5000)  # the GUI thread's turn
        assert set(collected_in) <= {threading.get_ident()}
    finally:
        gc.callbacks.remove(note)
        held.clear()


def test_the_gui_collector_collects_what_is_due_and_gives_the_collector_back(qtbot: QtBot) -> None:
    import gc
    import weakref

    from kiosk.workers import GarbageCollector

    outer = gc.isenabled()
    gc.enable()
    collector = GarbageCollector(interval_ms=60000)  # its timer stays out of the way: collect_due by hand
    try:
        assert not gc.isenabled()
        gc.collect()  # a clean slate: every generation empty, the counts at zero
        marker = weakref.ref(_Cycle().marker)
        keep = [[] for _ in range(gc.get_threshold()[0] + 10)]  # tracked objects past generation 0's threshold
        assert marker() is not None and keep  # nothing collected by itself
        assert collector.collect_due() > 0
        assert marker() is None
    finally:
        collector.close()
        assert gc.isenabled()
        if not outer:
            gc.disable()
