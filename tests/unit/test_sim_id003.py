"""Raw-byte conformance of the simulated ID-003 validator: what a host sees on the wire, state by state and fault
by fault. Time-driven steps run on an injected clock, so nothing here waits for the simulated transport."""

from __future__ import annotations

import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from kiosk.devices.id003 import protocol as p
from kiosk.devices.sim.id003_device import SimBillValidator, SimTiming

S = p.Status
C = p.Command
T = SimTiming.fast(escrow_timeout_s=10.0, host_silence_s=3.0)


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class Host:
    """A minimal host on the simulator's pty: one request, one reply, raw bytes."""

    def __init__(self, path: str) -> None:
        # 8N1: a pseudo-terminal carries no parity (some kernels refuse PARENB on a pty)
        self.port = serial.serial_for_url(path, baudrate=9600, parity="N", timeout=0.02)
        self.reader = p.FrameReader()

    def send(self, raw: bytes, *, flush: bool = True) -> None:
        if flush:
            self.port.reset_input_buffer()
        self.port.write(raw)

    def first_reply_after(self, raw: bytes) -> p.Frame | None:
        """Send raw, then a status request without flushing, and return the first valid reply: the status's when
        raw got none (the validator serves requests in order). A barrier, not a wait."""
        self.send(raw)
        self.send(p.encode(C.STATUS_REQUEST), flush=False)
        return self.reply()

    def reply(self, timeout_s: float = 2.0) -> p.Frame | None:
        self.reader.clear()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            frames = self.reader.feed(self.port.read(64))
            if frames:
                return frames[0]
        return None

    def ask(self, cmd: int, data: bytes = b"") -> p.Frame | None:
        self.send(p.encode(cmd, data))
        return self.reply()

    def status(self) -> tuple[p.Status, bytes]:
        frame = self.ask(C.STATUS_REQUEST)
        assert frame is not None, "no reply to a status request"
        reply = p.parse_status(frame)
        return reply.status, reply.data

    def close(self) -> None:
        self.port.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sim(clock: Clock, tmp_path: Path) -> Iterator[SimBillValidator]:
    s = SimBillValidator(timing=T, link_dir=tmp_path / "dev", clock=clock)
    yield s
    s.close()


@pytest.fixture
def host(sim: SimBillValidator) -> Iterator[Host]:
    h = Host(sim.port_path)
    yield h
    h.close()


def ready(host: Host, clock: Clock, enable: bytes = b"\x00\x00") -> None:
    """Power-up to idling the way a host must do it: reset, settings during INITIALIZE, inhibit off."""
    assert host.status()[0] in p.POWER_UP_STATUSES
    assert host.ask(C.RESET) == p.Frame(p.ACK_REPLY)
    assert host.status()[0] is S.INITIALIZE
    assert host.ask(C.SET_ENABLE, enable) == p.Frame(C.SET_ENABLE, enable)
    assert host.ask(C.SET_INHIBIT, b"\x00") == p.Frame(C.SET_INHIBIT, b"\x00")
    clock.advance(T.init_s)
    assert host.status()[0] is S.IDLING


def polling(host: Host, clock: Clock, seconds: float, step: float = 1.0) -> p.Status:
    """Let time pass while the host keeps polling (as a live booth does); the last status seen."""
    status = host.status()[0]
    while seconds > 0:
        clock.advance(min(step, seconds))
        seconds -= step
        status = host.status()[0]
    return status


def to_escrow(sim: SimBillValidator, host: Host, clock: Clock, value: int = 1000) -> None:
    assert sim.insert_note(value)
    assert host.status()[0] is S.ACCEPTING
    clock.advance(T.accept_s)
    assert host.status()[0] is S.ESCROW


def test_power_up_reset_initialize_then_disabled(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    assert host.status() == (S.POWER_UP, b"")
    assert host.ask(C.RESET) == p.Frame(p.ACK_REPLY)
    assert host.status()[0] is S.INITIALIZE
    clock.advance(T.init_s)
    assert host.status()[0] is S.DISABLED  # inhibited until the host says otherwise
    assert not sim.insert_note(1000)  # an inhibited validator leaves the note at the slot
    assert host.ask(C.SET_INHIBIT, b"\x00") == p.Frame(C.SET_INHIBIT, b"\x00")
    assert host.status()[0] is S.IDLING


def test_settings_are_echoed_read_back_and_checked(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    host.ask(C.RESET)
    for cmd, data in [(C.SET_ENABLE, b"\xfe\xff"), (C.SET_SECURITY, b"\x00\x00"), (C.SET_COMMUNICATION_MODE, b"\x00"),
                      (C.SET_INHIBIT, b"\x01"), (C.SET_DIRECTION, b"\x00"), (C.SET_OPTIONAL_FUNCTION, b"\x00\x00")]:
        assert host.ask(cmd, data) == p.Frame(cmd, data)
        get = p.SETTINGS[cmd][1]
        assert host.ask(get) == p.Frame(get, data)
    assert sim.enabled_values == {1000}
    assert host.ask(C.SET_ENABLE, b"\x00") == p.Frame(S.INVALID_COMMAND)  # one byte short
    assert host.ask(C.SET_INHIBIT, b"\x00\x00") == p.Frame(S.INVALID_COMMAND)


def test_a_frame_with_a_bad_crc_gets_no_reply_and_an_unknown_command_gets_invalid_command(
    sim: SimBillValidator, host: Host
) -> None:
    bad = bytearray(p.encode(C.RESET))
    bad[-1] ^= 0x01
    assert host.first_reply_after(bytes(bad)) == p.Frame(S.POWER_UP)
    assert sim.commands == [C.STATUS_REQUEST]  # the reset was never acted on
    assert host.ask(0x99) == p.Frame(S.INVALID_COMMAND)
    assert host.ask(C.STATUS_REQUEST, b"\x00") == p.Frame(S.INVALID_COMMAND)


def test_currency_assignment_and_version(host: Host) -> None:
    frame = host.ask(C.GET_CURRENCY_ASSIGN)
    assert frame is not None and frame.cmd == C.GET_CURRENCY_ASSIGN
    assert {c: d.value for c, d in p.parse_currency_assign(frame.data).items()} == {
        0x61: 1000, 0x62: 2000, 0x63: 5000, 0x64: 10000}
    assert len(frame.data) % 4 == 0 and len(frame.data) > 16  # empty slots follow
    version = host.ask(C.GET_VERSION)
    assert version is not None and version.cmd == C.GET_VERSION and b"ID003" in version.data
    boot = host.ask(C.GET_BOOT_VERSION)
    assert boot is not None and boot.cmd == C.GET_BOOT_VERSION


def test_escrow_stack_vend_valid_until_ack_then_stacked(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    to_escrow(sim, host, clock)
    assert host.status() == (S.ESCROW, b"\x61")
    assert host.ask(C.SET_INHIBIT, b"\x01") == p.Frame(S.INVALID_COMMAND)  # no settings with a note inside
    assert host.ask(C.STACK_1) == p.Frame(p.ACK_REPLY)
    assert host.status()[0] is S.STACKING
    clock.advance(T.stack_s)
    for _ in range(3):
        assert host.status() == (S.VEND_VALID, b"")  # repeated until the host's ACK
    clock.advance(60.0)
    assert host.status()[0] is S.VEND_VALID  # no time-out: the validator waits for the ACK
    assert host.first_reply_after(p.encode(C.ACK)) == p.Frame(S.STACKED)  # the ACK itself gets no reply
    clock.advance(T.stacked_s)
    assert host.status()[0] is S.IDLING
    assert (sim.stacked_yen, sim.stacker_count, sim.stacker_yen, sim.returned_yen) == (1000, 1, 1000, 0)


def test_stack_2_reports_vend_valid_later(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    to_escrow(sim, host, clock)
    assert host.ask(C.STACK_2) == p.Frame(p.ACK_REPLY)
    clock.advance(T.stack_s)
    assert host.status()[0] is S.STACKING
    clock.advance(T.stack2_extra_s)
    assert host.status()[0] is S.VEND_VALID


def test_return_from_escrow(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    to_escrow(sim, host, clock, 2000)
    assert host.status() == (S.ESCROW, b"\x62")
    assert host.ask(C.RETURN) == p.Frame(p.ACK_REPLY)
    assert host.status()[0] is S.RETURNING
    clock.advance(T.return_s)
    assert host.status()[0] is S.IDLING
    assert (sim.returned_yen, sim.stacked_yen) == (2000, 0)


def test_operations_outside_escrow_are_invalid(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    for cmd in (C.STACK_1, C.STACK_2, C.RETURN, C.HOLD, C.WAIT):
        assert host.ask(cmd) == p.Frame(S.INVALID_COMMAND)
    assert host.first_reply_after(p.encode(C.ACK)) == p.Frame(S.IDLING)  # nothing to acknowledge: no reply


def test_a_note_left_in_escrow_goes_back_and_hold_keeps_it(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    to_escrow(sim, host, clock)
    assert polling(host, clock, T.escrow_timeout_s - 1) is S.ESCROW
    assert host.ask(C.HOLD) == p.Frame(p.ACK_REPLY)
    assert host.status()[0] is S.HOLDING
    assert polling(host, clock, T.escrow_timeout_s - 1) is S.HOLDING  # the hold restarted the escrow time
    clock.advance(1.5)
    assert host.status() == (S.REJECTING, b"\x79")  # left too long: given back as a rejection
    clock.advance(T.reject_s)
    assert host.status()[0] is S.IDLING
    assert (sim.returned_yen, sim.stacked_yen) == (1000, 0)


def test_a_silent_host_gets_the_note_returned(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    """A booth that stops polling (killed) does not keep a citizen's note: after 3 s it goes back."""
    ready(host, clock)
    to_escrow(sim, host, clock)
    clock.advance(T.host_silence_s + 0.1)
    assert host.status()[0] is S.RETURNING
    clock.advance(T.return_s)
    assert host.status()[0] is S.IDLING and sim.returned_yen == 1000


def test_a_disabled_denomination_and_an_unknown_note_are_rejected(sim: SimBillValidator, host: Host,
                                                                  clock: Clock) -> None:
    ready(host, clock, enable=p.enable_mask({0x61}))
    assert sim.insert_note(5000)
    clock.advance(T.accept_s)
    assert host.status() == (S.REJECTING, b"\x79")
    clock.advance(T.reject_s)
    assert host.status()[0] is S.IDLING
    assert sim.insert_note(3000)  # no such note: the validator pulls it in, cannot assess it
    clock.advance(T.accept_s)
    assert host.status() == (S.REJECTING, b"\x76")
    clock.advance(T.reject_s)
    sim.fault("reject")
    assert sim.insert_note(1000)
    clock.advance(T.accept_s)
    assert host.status() == (S.REJECTING, b"\x77")
    clock.advance(T.reject_s)
    assert host.status()[0] is S.IDLING
    assert (sim.returned_yen, sim.stacked_yen) == (9000, 0)


def test_jams_latch_until_cleared_and_survive_a_reset(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    to_escrow(sim, host, clock)
    sim.fault("acceptor_jam")
    assert host.status()[0] is S.ACCEPTOR_JAM
    assert host.ask(C.RESET) == p.Frame(p.ACK_REPLY)
    assert host.status()[0] is S.ACCEPTOR_JAM
    sim.clear()
    assert host.status()[0] is S.INITIALIZE
    clock.advance(T.init_s)
    assert host.status()[0] is S.DISABLED  # cleared: initialised again, settings back to their defaults
    assert sim.removed_yen == 1000  # the technician took the note out
    host.ask(C.SET_INHIBIT, b"\x00")
    sim.fault("stacker_jam")  # armed: the next note jams on its way to the cash box
    to_escrow(sim, host, clock)
    host.ask(C.STACK_1)
    clock.advance(T.stack_s)
    assert host.status()[0] is S.STACKER_JAM
    sim.clear()
    assert host.status()[0] is S.INITIALIZE and sim.stacked_yen == 0 and sim.removed_yen == 2000


def test_acceptor_jam_armed_while_idle_catches_the_next_note(sim: SimBillValidator, host: Host,
                                                             clock: Clock) -> None:
    ready(host, clock)
    sim.fault("acceptor_jam")
    assert host.status()[0] is S.IDLING
    assert sim.insert_note(1000)
    clock.advance(T.accept_s)
    assert host.status()[0] is S.ACCEPTOR_JAM


def test_cash_box_full_and_removed(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    sim.fault("stacker_full")
    assert host.status()[0] is S.STACKER_FULL
    assert not sim.insert_note(1000)
    sim.clear()  # emptied
    assert sim.stacker_count == 0
    clock.advance(T.init_s)
    host.ask(C.SET_INHIBIT, b"\x00")
    assert host.status()[0] is S.IDLING
    sim.fault("stacker_removed")
    assert host.status()[0] is S.STACKER_OPEN
    sim.clear()
    assert host.status()[0] is S.INITIALIZE


def test_cash_box_fills_up_with_its_last_note(clock: Clock, tmp_path: Path) -> None:
    sim = SimBillValidator(timing=T, link_dir=tmp_path / "dev", clock=clock, stacker_capacity=1)
    host = Host(sim.port_path)
    try:
        ready(host, clock)
        to_escrow(sim, host, clock)
        host.ask(C.STACK_1)
        clock.advance(T.stack_s)
        host.status()
        host.send(p.encode(C.ACK))
        assert host.status()[0] is S.STACKED
        clock.advance(T.stacked_s)
        assert host.status()[0] is S.STACKER_FULL
    finally:
        host.close()
        sim.close()


def test_cheat_failure_pause(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    to_escrow(sim, host, clock)
    sim.fault("cheat")
    assert host.status()[0] is S.CHEATED
    clock.advance(T.cheat_s)
    assert host.status()[0] is S.IDLING
    assert sim.removed_yen == 1000 and sim.stacked_yen == 0
    sim.fault("failure", 0xA6)
    assert host.status() == (S.FAILURE, b"\xa6")
    sim.clear()
    clock.advance(T.init_s)
    host.ask(C.SET_INHIBIT, b"\x00")
    sim.fault("pause")
    assert host.status()[0] is S.PAUSE
    clock.advance(T.pause_s)
    assert host.status()[0] is S.IDLING
    to_escrow(sim, host, clock)
    sim.fault("pause")  # a second note pushed in while one waits in escrow
    assert host.status()[0] is S.PAUSE
    clock.advance(T.pause_s)
    assert host.status() == (S.ESCROW, b"\x61")  # carries on with the first
    assert host.ask(C.STACK_1) == p.Frame(p.ACK_REPLY)


def test_wire_faults(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    sim.fault("comm_error")
    assert host.ask(C.STATUS_REQUEST) == p.Frame(S.COMMUNICATION_ERROR)
    sim.fault("corrupt_reply")
    assert host.first_reply_after(p.encode(C.SET_INHIBIT, b"\x00")) == p.Frame(S.IDLING)  # echo corrupted
    assert host.reader.refused_frames == 1
    sim.fault("drop_reply")
    assert host.first_reply_after(p.encode(C.SET_INHIBIT, b"\x01")) == p.Frame(S.DISABLED)
    assert sim.inhibited  # acted on, reply lost
    sim.fault("ignore_request")
    assert host.first_reply_after(p.encode(C.SET_INHIBIT, b"\x00")) == p.Frame(S.DISABLED)
    assert sim.inhibited  # never reached the validator
    assert host.ask(C.SET_INHIBIT, b"\x00") == p.Frame(C.SET_INHIBIT, b"\x00")


def test_power_cycle_says_where_the_note_was(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    ready(host, clock)
    sim.power_cycle()
    assert host.status()[0] is S.POWER_UP
    assert sim.inhibited and sim.settings["enable"] == b"\x00\x00"  # settings lost with the power
    ready(host, clock)
    to_escrow(sim, host, clock)
    sim.power_cycle()
    assert host.status()[0] is S.POWER_UP_NOTE_IN_ACCEPTOR
    host.ask(C.RESET)  # the validator gives it back
    assert sim.returned_yen == 1000
    clock.advance(T.init_s)
    host.ask(C.SET_INHIBIT, b"\x00")
    to_escrow(sim, host, clock)
    host.ask(C.STACK_1)
    sim.power_cycle()
    assert host.status()[0] is S.POWER_UP_NOTE_IN_STACKER
    host.ask(C.RESET)  # the stacking completes
    assert sim.stacked_yen == 1000
    clock.advance(T.init_s)
    host.ask(C.SET_INHIBIT, b"\x00")
    to_escrow(sim, host, clock)
    host.ask(C.STACK_1)
    clock.advance(T.stack_s)
    assert host.status()[0] is S.VEND_VALID
    sim.power_cycle()
    assert host.status()[0] is S.POWER_UP_NOTE_IN_STACKER
    host.ask(C.RESET)
    assert sim.stacked_yen == 2000 and sim.stacker_count == 2  # counted once


def test_vend_valid_with_the_escrow_code_on_firmwares_that_send_it(clock: Clock, tmp_path: Path) -> None:
    sim = SimBillValidator(timing=T, link_dir=tmp_path / "dev", clock=clock, vend_valid_code=True)
    host = Host(sim.port_path)
    try:
        ready(host, clock)
        to_escrow(sim, host, clock, 5000)
        host.ask(C.STACK_1)
        clock.advance(T.stack_s)
        assert host.status() == (S.VEND_VALID, b"\x63")
    finally:
        host.close()
        sim.close()


def test_state_survives_a_restart_of_the_booth_process(clock: Clock, tmp_path: Path) -> None:
    state = tmp_path / "sim-bills.json"
    sim = SimBillValidator(timing=T, link_dir=tmp_path / "dev", clock=clock, state_path=state)
    host = Host(sim.port_path)
    ready(host, clock)
    to_escrow(sim, host, clock)
    host.ask(C.STACK_1)
    clock.advance(T.stack_s)
    assert host.status()[0] is S.VEND_VALID
    host.close()
    sim.close()  # the booth process dies; the validator keeps its power and its note
    clock.advance(30.0)
    sim = SimBillValidator(timing=T, link_dir=tmp_path / "dev", clock=clock, state_path=state)
    host = Host(sim.port_path)
    try:
        assert host.status()[0] is S.VEND_VALID
        host.send(p.encode(C.ACK))
        assert host.status()[0] is S.STACKED
        clock.advance(T.stacked_s)
        assert host.status()[0] is S.IDLING
        to_escrow(sim, host, clock)
        host.close()
        sim.close()
        clock.advance(T.host_silence_s + 1)  # dead longer than the validator waits for a poll
        sim = SimBillValidator(timing=T, link_dir=tmp_path / "dev", clock=clock, state_path=state)
        host = Host(sim.port_path)
        assert host.status()[0] is S.RETURNING
        clock.advance(T.return_s)
        assert host.status()[0] is S.IDLING
        assert (sim.stacked_yen, sim.returned_yen, sim.stacker_count) == (1000, 1000, 1)
    finally:
        host.close()
        sim.close()


def test_unplug_and_replug(sim: SimBillValidator, host: Host) -> None:
    assert host.status()[0] is S.POWER_UP
    sim.unplug()
    assert not Path(sim.port_path).exists()
    with pytest.raises((serial.SerialException, termios.error, OSError)):
        for _ in range(3):
            host.ask(C.STATUS_REQUEST)
    sim.replug()
    again = Host(sim.port_path)
    try:
        assert again.status()[0] is S.POWER_UP
    finally:
        again.close()


def test_the_link_can_be_put_at_an_exact_path(tmp_path: Path) -> None:
    """What kiosk sim bills --link PATH needs: the pty's symlink at PATH, gone after close."""
    link = tmp_path / "bench" / "bills"
    sim = SimBillValidator(timing=T, link_path=link)
    try:
        assert sim.port_path == str(link) and link.is_symlink()
        host = Host(str(link))
        assert host.status()[0] is S.POWER_UP
        host.close()
    finally:
        sim.close()
    assert not link.exists() and link.parent.is_dir()


def test_line_commands(sim: SimBillValidator, host: Host, clock: Clock) -> None:
    assert sim.command("note 1000").startswith("ERR note 1000 not taken")
    ready(host, clock)
    assert sim.command("note 1000") == "OK note 1000 taken"
    assert sim.command("fault stacker_jam") == "OK fault stacker_jam"
    assert sim.command("fault failure 0xA5") == "OK fault failure"
    assert host.status() == (S.FAILURE, b"\xa5")
    assert sim.command("clear") == "OK clear"
    assert sim.command("status").startswith("OK status INITIALIZE")
    assert sim.command("fault nonsense").startswith("ERR unknown fault")
    assert sim.command("fly away").startswith("ERR unknown command")
    assert sim.command("note many").startswith("ERR")
    assert sim.command("").startswith("ERR")
    assert "stacker_removed" in sim.command("help")
    assert sim.command("unplug") == "OK unplug" and not sim.plugged
    assert sim.command("replug") == "OK replug" and sim.plugged


def test_wire_time_of_a_status_poll_at_9600_8e1(tmp_path: Path) -> None:
    """With the real timing, a status poll's reply comes after both frames' wire time (10 bytes, 11.5 ms)."""
    sim = SimBillValidator(timing=SimTiming(), link_dir=tmp_path / "dev")
    host = Host(sim.port_path)
    try:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            assert host.ask(C.STATUS_REQUEST) is not None
            times.append(time.perf_counter() - t0)
        assert min(times) >= p.wire_seconds(10) + SimTiming().turnaround_s
    finally:
        host.close()
        sim.close()
