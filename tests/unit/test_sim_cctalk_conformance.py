"""The ccTalk simulator to the public specification, byte for byte on its pty (no driver in between).

Expected frames are written out by hand (checksums worked out here), not built with the code under test. A
silence is checked with a marker: the request is followed by a simple poll to another device, and the bytes
read up to the marker's reply are all the first request got (the simulator serves frames in order).
"""

from __future__ import annotations

import os
import select
import time
import tty
from collections.abc import Iterator

import pytest

from kiosk.devices.sim.cctalk_device import RESET_DEAF_S, SimCctalkBus

POLL_ACCEPTOR = bytes.fromhex("0200 01 FE FF")  # the specification's worked example
ACK_FROM_ACCEPTOR = bytes.fromhex("0100 02 00 FD")
POLL_HOPPER = bytes.fromhex("0300 01 FE FE")
ACK_FROM_HOPPER = bytes.fromhex("0100 03 00 FC")
NAK_FROM_ACCEPTOR = bytes.fromhex("0100 02 05 F8")
NAK_FROM_HOPPER = bytes.fromhex("0100 03 05 F7")


def frame(*values: int) -> bytes:
    """Bytes with the simple checksum appended (for requests whose checksum is not the point)."""
    body = bytes(values)
    return body + bytes([(256 - sum(body) % 256) % 256])


class Wire:
    """The host's end of the pty: raw bytes out, raw bytes in."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)

    def close(self) -> None:
        os.close(self.fd)

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def read_until(self, end: bytes, timeout_s: float = 3.0) -> bytes:
        got = b""
        deadline = time.monotonic() + timeout_s
        while not got.endswith(end):
            left = deadline - time.monotonic()
            assert left > 0, f"no {end.hex(' ')} within {timeout_s} s; got {got.hex(' ')}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                # a byte at a time: what follows `end` (the next device's answer, already there when the reader
                # was scheduled late) stays unread for the next call
                got += os.read(self.fd, 1)
        return got

    def ask(self, request: bytes, *, marker: bytes = POLL_HOPPER, marker_reply: bytes = ACK_FROM_HOPPER) -> bytes:
        """What the request got (maybe nothing), delimited by the marker's reply."""
        self.send(request + marker)
        return self.read_until(marker_reply)[: -len(marker_reply)]

    def ask_acceptor(self, request: bytes) -> bytes:
        return self.ask(request)

    def ask_hopper(self, request: bytes) -> bytes:
        return self.ask(request, marker=POLL_ACCEPTOR, marker_reply=ACK_FROM_ACCEPTOR)


@pytest.fixture
def sim() -> Iterator[SimCctalkBus]:
    bus = SimCctalkBus(timing=False)
    yield bus
    bus.close()


@pytest.fixture
def wire(sim: SimCctalkBus) -> Iterator[Wire]:
    w = Wire(sim.port_path)
    yield w
    w.close()


def make(**kwargs: object) -> Iterator[tuple[SimCctalkBus, Wire]]:
    bus = SimCctalkBus(timing=False, **kwargs)  # type: ignore[arg-type]
    w = Wire(bus.port_path)
    try:
        yield bus, w
    finally:
        w.close()
        bus.close()


# ---- replies go to the requester -------------------------------------------------------------------


def test_worked_example_simple_poll(wire: Wire) -> None:
    assert wire.ask_acceptor(POLL_ACCEPTOR) == ACK_FROM_ACCEPTOR


@pytest.mark.parametrize(
    ("request_bytes", "reply"),
    [
        (bytes.fromhex("0200 05 FE FB"), bytes.fromhex("0500 02 00 F9")),  # acceptor asked by address 5
        (bytes.fromhex("0300 07 FE F8"), bytes.fromhex("0700 03 00 F6")),  # hopper asked by address 7
        (bytes.fromhex("0200 01 FE FF"), bytes.fromhex("0100 02 00 FD")),
    ],
)
def test_reply_goes_to_the_source_address_of_the_request(wire: Wire, request_bytes: bytes, reply: bytes) -> None:
    marker, marker_reply = (POLL_HOPPER, ACK_FROM_HOPPER) if request_bytes[0] == 2 else (
        POLL_ACCEPTOR, ACK_FROM_ACCEPTOR)
    assert wire.ask(request_bytes, marker=marker, marker_reply=marker_reply) == reply


def test_reply_with_data_carries_the_device_address_as_source(wire: Wire) -> None:
    # 245 equipment category from address 9: "Payout" back to 9, source 3
    got = wire.ask_hopper(bytes.fromhex("0300 09 F5 FF"))
    assert got[:4] == bytes([9, 6, 3, 0]) and got[4:10] == b"Payout" and sum(got) % 256 == 0


def test_bad_checksum_and_absent_address_get_silence(wire: Wire) -> None:
    assert wire.ask_acceptor(bytes.fromhex("0200 01 FE 00")) == b""  # wrong checksum
    assert wire.ask_acceptor(bytes.fromhex("0900 01 FE F8")) == b""  # nobody at address 9


# ---- reset resets the addressed device only --------------------------------------------------------


def _set_acceptor_open(wire: Wire) -> None:
    assert wire.ask_acceptor(bytes.fromhex("0202 01 E7 07 00 0D")) == ACK_FROM_ACCEPTOR  # 231 mask 0x0007
    assert wire.ask_acceptor(bytes.fromhex("0201 01 E4 01 17")) == ACK_FROM_ACCEPTOR  # 228 accept


def test_reset_of_the_hopper_leaves_the_acceptor_alone(sim: SimCctalkBus, wire: Wire) -> None:
    _set_acceptor_open(wire)
    assert sim.insert_coin(100)
    assert wire.ask_hopper(bytes.fromhex("0300 01 01 FB")) == ACK_FROM_HOPPER  # reset the hopper
    assert wire.ask_acceptor(bytes.fromhex("0200 01 E6 17")) == bytes.fromhex("0102 02 00 07 00 F4")  # 230
    assert wire.ask_acceptor(bytes.fromhex("0200 01 E3 1A")) == bytes.fromhex("0101 02 00 01 FB")  # 227
    buffered = wire.ask_acceptor(bytes.fromhex("0200 01 E5 18"))  # 229: the coin is still there
    assert buffered[4:7] == bytes([1, 3, 1])  # counter 1, coin position 3 (JP100A), sorter path 1
    assert wire.ask_hopper(bytes.fromhex("0300 01 A3 59"))[4] == 0x80  # hopper: power-up cleared, disabled


def test_reset_of_the_acceptor_leaves_the_hopper_alone(sim: SimCctalkBus, wire: Wire) -> None:
    _set_acceptor_open(wire)
    assert sim.insert_coin(100)
    assert wire.ask_hopper(bytes.fromhex("0301 01 A4 A5 B2")) == ACK_FROM_HOPPER  # 164 enable
    assert wire.ask_acceptor(bytes.fromhex("0200 01 01 FC")) == ACK_FROM_ACCEPTOR  # reset the acceptor
    assert wire.ask_acceptor(bytes.fromhex("0200 01 E6 17")) == bytes.fromhex("0102 02 00 00 00 FB")
    assert wire.ask_acceptor(bytes.fromhex("0200 01 E3 1A")) == bytes.fromhex("0101 02 00 00 FC")
    assert wire.ask_acceptor(bytes.fromhex("0200 01 E5 18"))[4] == 0  # counter 0 after a reset
    assert wire.ask_hopper(bytes.fromhex("0300 01 A3 59"))[4] == 0x40  # hopper still enabled, power-up kept


def test_a_resetting_device_is_deaf_for_a_moment_the_other_one_is_not() -> None:
    for bus, wire in make():
        bus._timing = True
        assert wire.ask_hopper(bytes.fromhex("0300 01 01 FB")) == ACK_FROM_HOPPER
        assert wire.ask_hopper(POLL_HOPPER) == b""  # deaf while it restarts
        deadline = time.monotonic() + RESET_DEAF_S + 2.0
        while wire.ask_hopper(POLL_HOPPER) != ACK_FROM_HOPPER:
            assert time.monotonic() < deadline


# ---- NAK for a known header with data it cannot take -----------------------------------------------


@pytest.mark.parametrize(
    "request_bytes",
    [
        frame(2, 1, 1, 231, 0x07),  # 231 with 1 mask byte
        frame(2, 3, 1, 231, 0x07, 0x00, 0x00),  # 231 with 3
        frame(2, 0, 1, 228),  # 228 with none
        frame(2, 1, 1, 184, 0),  # coin position 0
        frame(2, 1, 1, 184, 17),  # coin position 17
        frame(2, 1, 1, 254, 0),  # simple poll with a data byte
    ],
)
def test_known_header_with_bad_data_gets_nak(sim: SimCctalkBus, wire: Wire, request_bytes: bytes) -> None:
    assert wire.ask_acceptor(request_bytes) == NAK_FROM_ACCEPTOR
    assert sim.inhibit_mask == 0 and not sim.master_inhibit_open  # and nothing changed


def test_coin_positions_1_to_16_answer(wire: Wire) -> None:
    assert wire.ask_acceptor(frame(2, 1, 1, 184, 3))[4:10] == b"JP100A"
    assert wire.ask_acceptor(frame(2, 1, 1, 184, 16))[4:10] == b"......"


def test_hopper_bad_data_gets_nak(wire: Wire) -> None:
    assert wire.ask_hopper(frame(3, 0, 1, 164)) == NAK_FROM_HOPPER  # enable without its byte
    assert wire.ask_hopper(frame(3, 0, 1, 167)) == NAK_FROM_HOPPER  # dispense without a count


# ---- unknown headers: silent or NAK, as a setting --------------------------------------------------


def test_unknown_header_is_silent_by_default(wire: Wire) -> None:
    assert wire.ask_acceptor(frame(2, 0, 1, 100)) == b""
    assert wire.ask_hopper(frame(3, 0, 1, 229)) == b""  # 229 is an acceptor's header, not a hopper's


def test_unknown_header_nak_mode() -> None:
    for _bus, wire in make(unknown_header="nak"):
        assert wire.ask_acceptor(frame(2, 0, 1, 100)) == NAK_FROM_ACCEPTOR
        assert wire.ask_hopper(frame(3, 0, 1, 229)) == NAK_FROM_HOPPER


@pytest.mark.parametrize(("mode", "reply"), [("silent", b""), ("nak", NAK_FROM_HOPPER)])
def test_a_model_without_a_header_treats_it_as_unknown(mode: str, reply: bytes) -> None:
    for _bus, wire in make(unknown_header=mode, unsupported={3: {217}}):
        assert wire.ask_hopper(bytes.fromhex("0300 01 D9 23")) == reply  # 217 level status


def test_unknown_header_mode_is_checked() -> None:
    with pytest.raises(ValueError):
        SimCctalkBus(unknown_header="sometimes")


# ---- 232: a code of the fault-code table ------------------------------------------------------------

SELF_CHECK = bytes.fromhex("0200 01 E8 15")


def test_self_check_answers_fault_codes_not_event_codes(sim: SimCctalkBus, wire: Wire) -> None:
    assert wire.ask_acceptor(SELF_CHECK) == bytes.fromhex("0101 02 00 00 FC")  # 0 = no fault
    sim.raise_event(14)  # credit sensor blocked
    assert wire.ask_acceptor(SELF_CHECK) == bytes.fromhex("0101 02 00 03 F9")  # 3 = fault on credit sensor
    assert wire.ask_acceptor(bytes.fromhex("0200 01 E5 18"))[5:7] == bytes([0, 14])  # 229 shows the event 14
    sim.raise_event(15)  # sorter opto blocked: fault on sorter exit sensors, sensor 1
    assert wire.ask_acceptor(SELF_CHECK) == bytes.fromhex("0102 02 00 08 01 F2")
    sim.raise_event(13)  # validation sensor not ready: fault on inductive coils, coil 1
    assert wire.ask_acceptor(SELF_CHECK) == bytes.fromhex("0102 02 00 02 01 F8")
    sim.clear_blocking_fault()
    assert wire.ask_acceptor(SELF_CHECK) == bytes.fromhex("0101 02 00 00 FC")


def test_a_non_blocking_event_leaves_the_self_check_ok(sim: SimCctalkBus, wire: Wire) -> None:
    sim.pull_return_lever()
    assert wire.ask_acceptor(SELF_CHECK) == bytes.fromhex("0101 02 00 00 FC")


# ---- 163: power-up and payout-disabled bits --------------------------------------------------------

TEST_HOPPER = bytes.fromhex("0300 01 A3 59")


def _flags(wire: Wire) -> int:
    got = wire.ask_hopper(TEST_HOPPER)
    assert got[:4] == bytes([1, 2, 3, 0]) and sum(got) % 256 == 0  # two registers
    return got[4]


def test_hopper_register_after_power_up_enable_reset(sim: SimCctalkBus, wire: Wire) -> None:
    assert _flags(wire) == 0xC0  # power-up detected, payouts disabled
    assert wire.ask_hopper(bytes.fromhex("0301 01 A4 A5 B2")) == ACK_FROM_HOPPER  # 164 with 0xA5
    assert _flags(wire) == 0x40  # enabled; power-up stays until a reset
    assert wire.ask_hopper(bytes.fromhex("0300 01 01 FB")) == ACK_FROM_HOPPER
    assert _flags(wire) == 0x80  # reset: power-up cleared, disabled again
    assert wire.ask_hopper(frame(3, 1, 1, 164, 0xA5)) == ACK_FROM_HOPPER
    assert wire.ask_hopper(frame(3, 1, 1, 164, 0x00)) == ACK_FROM_HOPPER  # anything else disables
    assert _flags(wire) == 0x80
    sim.power_cycle()
    assert _flags(wire) == 0xC0


def test_dispense_is_refused_while_payouts_are_disabled(sim: SimCctalkBus, wire: Wire) -> None:
    assert wire.ask_hopper(frame(3, 1, 1, 167, 2)) == NAK_FROM_HOPPER
    assert wire.ask_hopper(frame(3, 1, 1, 164, 0xA5)) == ACK_FROM_HOPPER
    assert wire.ask_hopper(frame(3, 1, 1, 167, 2)) == bytes.fromhex("0101 03 00 02 F9")
    assert sim.paying


# ---- broadcast address 0 ---------------------------------------------------------------------------

ADDRESS_POLL = bytes.fromhex("0000 01 FD 02")  # as a hopper maker's manual shows it


def test_address_poll_on_the_broadcast_address_gets_one_byte_per_device(wire: Wire) -> None:
    wire.send(ADDRESS_POLL)
    assert wire.read_until(bytes([3])) == bytes([2, 3])  # lowest address first: its time slot is earliest


def test_address_poll_without_a_hopper() -> None:
    for _bus, wire in make(hopper=False):
        wire.send(ADDRESS_POLL + POLL_ACCEPTOR)
        assert wire.read_until(ACK_FROM_ACCEPTOR) == bytes([2]) + ACK_FROM_ACCEPTOR


def test_the_wire_stops_at_the_end_even_when_more_bytes_came_with_it() -> None:
    """Both devices' answers to an address poll in one read (the reader scheduled late on a loaded machine): the
    first read_until(02) must still end at 02 (it waited out its 3 s once in CI, holding 02 03)."""
    host, device = os.openpty()
    wire = Wire(os.ttyname(device))
    try:
        tty.setraw(host)
        os.write(host, bytes([2, 3]))
        assert wire.read_until(bytes([2]), timeout_s=1.0) == bytes([2])
        assert wire.read_until(bytes([3]), timeout_s=1.0) == bytes([3])
    finally:
        wire.close()
        os.close(host)
        os.close(device)


def test_address_poll_time_slots() -> None:
    for bus, wire in make():
        bus._timing = True
        wire.send(ADDRESS_POLL)
        t0 = time.monotonic()
        wire.read_until(bytes([2]))
        t2 = time.monotonic()
        wire.read_until(bytes([3]))
        t3 = time.monotonic()
        assert t3 - t0 >= 0.012 - 0.002 and t3 >= t2  # 4 ms x address 3 after the request


def test_other_broadcasts_are_acted_on_without_a_reply(sim: SimCctalkBus, wire: Wire) -> None:
    _set_acceptor_open(wire)
    assert wire.ask_acceptor(bytes.fromhex("0000 01 01 FE")) == b""  # broadcast reset: nobody answers
    assert wire.ask_acceptor(bytes.fromhex("0200 01 E3 1A")) == bytes.fromhex("0101 02 00 00 FC")
    assert _flags(wire) == 0x80  # the hopper reset too


# ---- the wire ----------------------------------------------------------------------------------------


def test_local_echo_returns_the_request_before_the_reply() -> None:
    for _bus, wire in make(echo=True):
        assert wire.ask_acceptor(POLL_ACCEPTOR) == POLL_ACCEPTOR + ACK_FROM_ACCEPTOR + POLL_HOPPER


def test_crc16_mode_replies_to_the_host() -> None:
    for _bus, wire in make(checksum="crc16"):
        # simple poll to 2 in CRC-16/XMODEM mode: CRC over 02 00 FE is 0x60B1, low byte in place of the source
        wire.send(bytes.fromhex("0200 B1 FE 60"))
        got = wire.read_until(bytes([0x37]))  # the reply to the host: CRC over 01 00 00 is 0x3730
        assert got == bytes.fromhex("0100 30 00 37")


def test_busy_fault_answers_busy_and_does_not_act(sim: SimCctalkBus, wire: Wire) -> None:
    sim.busy_replies(1)
    assert wire.ask_acceptor(bytes.fromhex("0201 01 E4 01 17")) == bytes.fromhex("0100 02 06 F7")
    assert not sim.master_inhibit_open
