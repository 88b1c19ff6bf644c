"""The ccTalk bus against devices that misbehave as real ones do: a reply from the wrong device, BUSY, an echo
setting that disagrees with the bus, an address out of range, the OS reason of a port that will not open."""

from __future__ import annotations

import os
import threading
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.devices.cctalk.protocol import FrameReader, encode
from kiosk.devices.cctalk.transport import CctalkBus, Nak, NoReply, os_reason
from kiosk.devices.sim.cctalk_device import SimCctalkBus


class RogueDevice:
    """A pty whose 'device' answers each request with the frames answer(request) returns."""

    def __init__(self, tmp_path: Path, answer: Callable[[int], list[bytes]]) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.slave = slave
        self.path = str(tmp_path / "rogue")
        os.symlink(os.ttyname(slave), self.path)
        self.answer = answer
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import select
        import time

        reader = FrameReader()
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            for _frame in reader.feed(os.read(self.master, 256), time.monotonic()):
                self.requests += 1
                for out in self.answer(self.requests):
                    os.write(self.master, out)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def rogue(tmp_path: Path) -> Iterator[Callable[[Callable[[int], list[bytes]]], RogueDevice]]:
    made: list[RogueDevice] = []

    def make(answer: Callable[[int], list[bytes]]) -> RogueDevice:
        made.append(RogueDevice(tmp_path, answer))
        return made[-1]

    yield make
    for r in made:
        r.close()


def test_a_reply_from_another_device_is_not_taken(rogue) -> None:  # type: ignore[no-untyped-def]
    # the hopper (3) answers too (an address clash, crosstalk); then the acceptor's own reply
    dev = rogue(lambda n: [encode(1, 0, b"hopper", 3), encode(1, 0, b"acceptor", 2)])
    bus = CctalkBus(dev.path, echo="off")
    try:
        assert bus.transact(2, 245).data == b"acceptor"
    finally:
        bus.close()


def test_only_the_wrong_device_answering_is_no_reply(rogue) -> None:  # type: ignore[no-untyped-def]
    dev = rogue(lambda n: [encode(1, 0, b"", 3)])
    bus = CctalkBus(dev.path, echo="off", reply_timeout_ms=60)
    try:
        with pytest.raises(NoReply):
            bus.transact(2, 254)
        assert dev.requests == 3  # tried three times
    finally:
        bus.close()


def test_busy_is_asked_again(rogue) -> None:  # type: ignore[no-untyped-def]
    dev = rogue(lambda n: [encode(1, 6, b"", 2)] if n == 1 else [encode(1, 0, b"ok", 2)])
    bus = CctalkBus(dev.path, echo="off")
    try:
        assert bus.transact(2, 229).data == b"ok"
        assert bus.busy_count == 1 and dev.requests == 2
    finally:
        bus.close()


def test_busy_without_retry_is_refused(rogue) -> None:  # type: ignore[no-untyped-def]
    dev = rogue(lambda n: [encode(1, 6, b"", 3)])
    bus = CctalkBus(dev.path, echo="off")
    try:
        with pytest.raises(Nak, match="BUSY"):
            bus.transact(3, 167, b"\x02", retry=False)  # a dispense is never sent twice
        assert dev.requests == 1
    finally:
        bus.close()


def test_busy_from_the_simulator_is_retried() -> None:
    sim = SimCctalkBus()
    bus = CctalkBus(sim.port_path, echo="off")
    try:
        sim.busy_replies(2)
        assert bus.transact(2, 228, b"\x01").header == 0
        assert sim.master_inhibit_open and bus.busy_count == 2
    finally:
        bus.close()
        sim.close()


@pytest.mark.parametrize(("setting", "sim_echo", "mismatch"), [
    ("on", False, True), ("off", True, True), ("on", True, False), ("off", False, False), ("auto", True, False)])
def test_echo_setting_is_checked_against_the_bus(setting: str, sim_echo: bool, mismatch: bool) -> None:
    sim = SimCctalkBus(echo=sim_echo)
    bus = CctalkBus(sim.port_path, echo=setting)
    try:
        assert bus.transact(2, 254).header == 0  # works either way
        assert bus.echo_seen is sim_echo and bus.echo_mismatch is mismatch
    finally:
        bus.close()
        sim.close()


@pytest.mark.parametrize("address", [0, 1, 256, -1])
def test_addresses_a_device_cannot_have(address: int) -> None:
    bus = CctalkBus("loop://", echo="off")
    with pytest.raises(ValueError):
        bus.transact(address, 254)


def test_os_reason_reads_through_pyserials_wrapping() -> None:
    try:
        try:
            raise OSError(13, "Permission denied")
        except OSError as inner:
            raise RuntimeError("could not open port") from inner
    except RuntimeError as exc:
        assert os_reason(exc) == "Permission denied (errno 13)"
    assert os_reason(ValueError("bad url")) == "bad url"


def test_a_late_reply_is_not_taken_as_the_next_requests_reply(rogue) -> None:  # type: ignore[no-untyped-def]
    import time

    def answer(n: int) -> list[bytes]:
        if n == 1:
            time.sleep(0.09)  # the first reply comes after the host's 60 ms time-out
            return [encode(1, 0, b"first", 2)]
        return [encode(1, 0, f"reply {n}".encode(), 2)]

    dev = rogue(answer)
    bus = CctalkBus(dev.path, echo="off", reply_timeout_ms=60)
    try:
        assert bus.transact(2, 242).data == b"reply 2"  # the retry's own reply; the late one was dropped
        assert bus.late_bytes == len(encode(1, 0, b"first", 2))
        assert bus.transact(2, 192).data == b"reply 3"  # and the next request gets its own
    finally:
        bus.close()
