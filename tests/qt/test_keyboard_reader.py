"""The keyboard-mode reader's worker: recorded event streams through the real translator, framing, repeat filter,
enabling, grab and reconnect; and a virtual keyboard through the kernel (uinput) where the machine allows it.

Without /dev/uinput the device is a pipe-backed event source replaying recorded streams (tests/keyboard_streams.py):
what is replaced is only the kernel's event node, the worker's loop and everything after it are the real ones.
"""

from __future__ import annotations

import errno
import os
import queue
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.devices.base import HealthState
from kiosk.devices.keyboard_reader import InputDeviceInfo, KeyboardScanner, ReaderSelector
from tests.helpers.keyboard_streams import URL, URL_KEYS_JIS, URL_KEYS_US, events

VENDOR, PRODUCT = 0x0C2E, 0x0B61


class PipeSource:
    """An input device node stand-in: batches of events behind a real file descriptor."""

    def __init__(self, path: str, bench: Bench) -> None:
        self.path = path
        self.bench = bench
        self._r, self._w = os.pipe()
        self._batches: queue.Queue[list[tuple[int, int, int]] | None] = queue.Queue()
        self.grabbed = False
        self.closed = False

    def push(self, batch: list[tuple[int, int, int]] | None) -> None:
        self._batches.put(batch)
        os.write(self._w, b"x")

    def fileno(self) -> int:
        return self._r

    def read_events(self) -> list[tuple[int, int, int]]:
        os.read(self._r, 1)
        batch = self._batches.get_nowait()
        if batch is None:
            raise OSError(errno.ENODEV, "No such device")
        return batch

    def grab(self) -> None:
        if self.bench.busy:
            raise OSError(errno.EBUSY, "Device or resource busy")
        self.grabbed = True

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self._r)
            os.close(self._w)


class Bench:
    """The input devices of a booth: which are attached, and the reader's open node."""

    def __init__(self) -> None:
        self.devices = [InputDeviceInfo("/dev/input/event3", "AT Translated Set 2 keyboard", 1, 1, True)]
        self.busy = False
        self.opened: list[PipeSource] = []

    def plug(self, path: str = "/dev/input/event7") -> None:
        self.devices.append(InputDeviceInfo(path, "Honeywell Imaging 1950g", VENDOR, PRODUCT, True))

    def unplug(self) -> None:
        self.devices = [d for d in self.devices if d.vendor != VENDOR]
        self.opened[-1].push(None)

    def open(self, path: str) -> PipeSource:
        source = PipeSource(path, self)
        self.opened.append(source)
        return source

    def type(self, keys: str) -> None:
        self.opened[-1].push(events(keys))


@pytest.fixture
def bench() -> Bench:
    b = Bench()
    b.plug()
    return b


def make_reader(bench: Bench, layout: str = "jis") -> KeyboardScanner:
    return KeyboardScanner(ReaderSelector(vendor_id="0c2e", product_id="0b61"), layout=layout, reconnect_s=0.05,
                           gap_ms=200, lister=lambda: list(bench.devices), opener=bench.open)


@pytest.fixture
def reader(qtbot: QtBot, bench: Bench) -> Iterator[KeyboardScanner]:
    r = make_reader(bench)
    r.start()
    qtbot.waitUntil(lambda: r.health.state is HealthState.OK, timeout=3000)
    r.set_enabled(True)
    yield r
    r.stop()


def test_a_code_typed_by_the_reader_is_read_and_its_keys_are_grabbed(
    qtbot: QtBot, bench: Bench, reader: KeyboardScanner
) -> None:
    assert bench.opened[-1].grabbed and reader.device_path == "/dev/input/event7"
    with qtbot.waitSignal(reader.code_read, timeout=3000) as blocker:
        bench.type(URL_KEYS_JIS)
    assert blocker.args == [URL]


def test_us_layout_reader(qtbot: QtBot, bench: Bench) -> None:
    r = make_reader(bench, layout="us")
    r.start()
    try:
        qtbot.waitUntil(lambda: r.health.state is HealthState.OK, timeout=3000)
        r.set_enabled(True)
        with qtbot.waitSignal(r.code_read, timeout=3000) as blocker:
            bench.type(URL_KEYS_US)
        assert blocker.args == [URL]
    finally:
        r.stop()


def test_a_code_held_under_the_reader_passes_once(qtbot: QtBot, bench: Bench, reader: KeyboardScanner) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    for _ in range(3):
        bench.type(URL_KEYS_JIS)
    bench.type("A B C ENTER")
    qtbot.waitUntil(lambda: len(received) == 2, timeout=3000)
    assert received == [URL, "abc"]


def test_a_disabled_reader_drops_codes(qtbot: QtBot, bench: Bench, reader: KeyboardScanner) -> None:
    received: list[str] = []
    reader.code_read.connect(received.append)
    reader.set_enabled(False)
    bench.type("X Y ENTER")
    qtbot.waitUntil(lambda: reader.codes_dropped == 1, timeout=3000)
    reader.set_enabled(True)
    bench.type("Z ENTER")
    qtbot.waitUntil(lambda: received == ["z"], timeout=3000)


def test_a_partial_code_after_a_gap_is_dropped(bench: Bench) -> None:
    r = make_reader(bench)  # not started: the recorded stream goes straight into the worker's handler
    received: list[str] = []
    r.code_read.connect(received.append)
    r.set_enabled(True)
    now = r._clock()
    r.feed_events(events("A B"), now_s=now)
    r.feed_events(events("C ENTER"), now_s=now + 0.5)  # 500 ms later: over the 200 ms gap, "ab" is dropped
    r.feed_events(events("D ENTER"), now_s=now + 0.6)
    assert received == ["c", "d"] and r._framer.dropped_partial == 1


def test_unplug_and_replug_on_another_event_node(qtbot: QtBot, bench: Bench, reader: KeyboardScanner) -> None:
    first = bench.opened[-1]
    bench.unplug()
    qtbot.waitUntil(lambda: reader.health.state is HealthState.DOWN, timeout=3000)
    qtbot.waitUntil(lambda: "reader not found" in reader.health.detail, timeout=3000)
    assert first.closed
    bench.plug("/dev/input/event9")
    qtbot.waitUntil(lambda: reader.health.state is HealthState.OK, timeout=3000)
    assert reader.device_path == "/dev/input/event9"
    with qtbot.waitSignal(reader.code_read, timeout=3000) as blocker:
        bench.type(URL_KEYS_JIS)
    assert blocker.args == [URL]


def test_a_reader_held_by_another_process_is_reported(qtbot: QtBot, bench: Bench) -> None:
    bench.busy = True
    r = make_reader(bench)
    r.start()
    try:
        qtbot.waitUntil(lambda: "cannot grab" in r.health.detail, timeout=3000)
        assert r.health.state is HealthState.DOWN and all(s.closed for s in bench.opened)
        bench.busy = False
        qtbot.waitUntil(lambda: r.health.state is HealthState.OK, timeout=3000)
    finally:
        r.stop()


def test_no_reader_attached(qtbot: QtBot) -> None:
    empty = Bench()
    r = make_reader(empty)
    r.start()
    try:
        qtbot.waitUntil(lambda: r.health.detail == "reader not found (usb 0c2e:0b61)", timeout=3000)
    finally:
        r.stop()


# ---- through the kernel -------------------------------------------------------------------------------------


def _uinput_or_skip():  # type: ignore[no-untyped-def]
    evdev = pytest.importorskip("evdev")
    if not os.path.exists("/dev/uinput"):
        pytest.skip("no /dev/uinput on this machine (no uinput module or no access in this container)")
    try:
        return evdev.UInput({evdev.ecodes.EV_KEY: list(range(1, 128))}, name="kiosk-test-reader",
                            vendor=VENDOR, product=PRODUCT)
    except (OSError, evdev.UInputError) as exc:
        pytest.skip(f"/dev/uinput cannot be opened here: {exc}")


def test_a_virtual_reader_through_uinput(qtbot: QtBot) -> None:
    ui = _uinput_or_skip()
    r = KeyboardScanner(ReaderSelector(name="kiosk-test-reader"), layout="jis", reconnect_s=0.1)
    try:
        r.start()
        qtbot.waitUntil(lambda: r.health.state is HealthState.OK, timeout=5000)
        r.set_enabled(True)
        with qtbot.waitSignal(r.code_read, timeout=5000) as blocker:
            for kind, code, value in events(URL_KEYS_JIS):
                ui.write(kind, code, value)
            ui.syn()
        assert blocker.args == [URL]
    finally:
        r.stop()
        ui.close()
