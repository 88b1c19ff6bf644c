"""systemd notifications and the GUI-thread watchdog, against a test datagram socket."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import watchdog
from kiosk.watchdog import Watchdog


class Receiver:
    """A NOTIFY_SOCKET stand-in that records each datagram with its arrival time."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.sock.settimeout(0.05)
        self.messages: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.messages.append((time.monotonic(), data.decode()))

    def received(self, text: str) -> list[float]:
        with self._lock:
            return [t for t, m in self.messages if m == text]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[tuple[Receiver, str]]:
    path = str(tmp_path / "notify.sock")
    r = Receiver(path)
    yield r, path
    r.close()


@pytest.fixture
def abstract_receiver() -> Iterator[tuple[Receiver, str]]:
    name = f"kiosk-test-{os.getpid()}-{time.monotonic_ns()}"
    r = Receiver("\0" + name)
    yield r, "@" + name
    r.close()


def test_notifications_reach_the_socket(qtbot, receiver) -> None:
    r, path = receiver
    env = {"NOTIFY_SOCKET": path}
    assert watchdog.notify_ready(env)
    assert watchdog.notify_status("attract\nscreen", env)
    assert watchdog.notify_stopping(env)
    qtbot.waitUntil(lambda: len(r.messages) == 3, timeout=2000)
    assert [m for _, m in r.messages] == ["READY=1", "STATUS=attract screen", "STOPPING=1"]


def test_abstract_namespace_socket(qtbot, abstract_receiver) -> None:
    r, address = abstract_receiver
    assert watchdog.notify_ready({"NOTIFY_SOCKET": address})
    qtbot.waitUntil(lambda: bool(r.received("READY=1")), timeout=2000)


def test_nothing_sent_without_systemd(qtbot) -> None:
    assert not watchdog.notify_ready({})
    dog = Watchdog(env={"WATCHDOG_USEC": "1000000"})
    assert not dog.active
    dog.start()
    assert not dog.timer.isActive()


def test_inactive_when_watchdog_is_for_another_process(receiver) -> None:
    _, path = receiver
    dog = Watchdog(env={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    assert not dog.active
    dog = Watchdog(env={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getpid())})
    assert dog.active and dog.interval_ms == 500


def test_keepalives_flow_with_the_event_loop_and_stop_while_the_gui_thread_is_blocked(
    qtbot, receiver
) -> None:
    r, path = receiver
    dog = Watchdog(env={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "40000"})  # every 20 ms
    assert dog.interval_ms == 20
    dog.start()
    try:
        qtbot.waitUntil(lambda: len(r.received("WATCHDOG=1")) >= 4, timeout=3000)
        # Freeze the GUI thread for a bounded moment, as a hung slot would.
        blocked_from = time.monotonic()
        time.sleep(0.3)
        blocked_until = time.monotonic()
        count_after_block = len(r.received("WATCHDOG=1"))
        qtbot.waitUntil(lambda: len(r.received("WATCHDOG=1")) >= count_after_block + 3, timeout=3000)
    finally:
        dog.stop()
    during = [t for t in r.received("WATCHDOG=1") if blocked_from + 0.01 < t < blocked_until]
    assert during == []
    assert any(t > blocked_until for t in r.received("WATCHDOG=1"))
