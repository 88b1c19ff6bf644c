"""`kiosk sim cctalk|scanner|bills --link PATH` as real processes: the READY line, stdin commands seen by a real driver on
the link, EOF on stdin ignored, SIGTERM ending cleanly within a bound."""

from __future__ import annotations

import os
import select
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.devices.base import HealthState
from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.cctalk.transport import CctalkBus
from kiosk.devices.scanner import SerialScanner

START_S = 30.0  # a loaded 2-core machine can be slow to import and start Python
STOP_S = 5.0  # SIGTERM to exit


class SimProcess:
    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "sim", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.stdout, self.stdin = self.proc.stdout, self.proc.stdin

    def line(self, timeout_s: float = START_S) -> str:
        ready, _, _ = select.select([self.stdout], [], [], timeout_s)
        assert ready, f"no line from the simulator within {timeout_s} s"
        return self.stdout.readline().rstrip("\n")

    def say(self, command: str) -> str:
        self.stdin.write(command + "\n")
        self.stdin.flush()
        return self.line(10.0)

    def terminate(self) -> tuple[int, float]:
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=STOP_S)
        return code, time.monotonic() - t0

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def cctalk(tmp_path: Path) -> Iterator[tuple[SimProcess, Path]]:
    link = tmp_path / "bench" / "cctalk"
    p = SimProcess("cctalk", "--link", str(link))
    try:
        assert p.line() == f"READY {link}"
        yield p, link
    finally:
        p.kill()


def test_ready_means_the_link_is_a_pty(cctalk: tuple[SimProcess, Path]) -> None:
    _p, link = cctalk
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)
    assert os.readlink(link).startswith("/dev/pts/")


def test_stdin_commands_reach_a_real_driver_on_the_link(qtbot: QtBot, cctalk: tuple[SimProcess, Path]) -> None:
    p, link = cctalk
    acceptor = CctalkCoinAcceptor(str(link), poll_interval_ms=50)
    try:
        acceptor.start()
        qtbot.waitUntil(lambda: acceptor.health.state is HealthState.OK, timeout=10000)
        assert acceptor.coin_values() == frozenset({10, 50, 100, 500})
        acceptor.set_accepted(frozenset({100, 500}))
        qtbot.waitUntil(lambda: "master open" in p.say("status"), timeout=5000)
        with qtbot.waitSignal(acceptor.coin_credited, timeout=5000) as blocker:
            assert p.say("coin 500") == "OK coin 500 credited"
        assert blocker.args[0] == 500
        assert p.say("coin 10") == "OK coin 10 rejected (inhibited)"
        with qtbot.waitSignal(acceptor.fault_raised, timeout=5000) as fault:
            assert p.say("fault credit_sensor_blocked") == "OK fault credit_sensor_blocked"
        assert fault.args == [14, True]
        assert p.say("coin 7").startswith("ERR no 7 yen coin")
        assert p.say("dance").startswith("ERR unknown command")
    finally:
        acceptor.stop()


def test_acceptor_at_2_and_hopper_at_3_on_one_bus(cctalk: tuple[SimProcess, Path]) -> None:
    _p, link = cctalk
    bus = CctalkBus(str(link), echo="off")
    try:
        assert bus.address_poll() == [2, 3]
        assert bus.transact(3, 245).data == b"Payout"
    finally:
        bus.close()


def test_no_hopper(tmp_path: Path) -> None:
    link = tmp_path / "cc"
    p = SimProcess("cctalk", "--link", str(link), "--no-hopper")
    try:
        assert p.line() == f"READY {link}"
        bus = CctalkBus(str(link), echo="off")
        try:
            assert bus.address_poll() == [2]
        finally:
            bus.close()
    finally:
        p.kill()


def test_eof_on_stdin_is_ignored_and_sigterm_ends_it_cleanly(cctalk: tuple[SimProcess, Path]) -> None:
    p, link = cctalk
    p.stdin.close()  # EOF: the simulator keeps serving
    bus = CctalkBus(str(link), echo="off")
    try:
        assert bus.transact(2, 254).header == 0
        assert p.proc.poll() is None
    finally:
        bus.close()
    code, took_s = p.terminate()
    assert code == 0 and took_s < STOP_S
    assert not link.exists() and not link.is_symlink()


def test_quit_ends_it(cctalk: tuple[SimProcess, Path]) -> None:
    p, link = cctalk
    assert p.say("quit") == "OK quit"
    assert p.proc.wait(timeout=STOP_S) == 0
    assert not link.is_symlink()


def test_a_stale_link_is_replaced_a_file_is_not(tmp_path: Path) -> None:
    stale = tmp_path / "stale"
    stale.symlink_to("/dev/pts/does-not-exist")
    p = SimProcess("cctalk", "--link", str(stale))
    try:
        assert p.line() == f"READY {stale}"
    finally:
        p.kill()
    plain = tmp_path / "plain"
    plain.write_text("keep me")
    q = SimProcess("cctalk", "--link", str(plain))
    try:
        assert q.proc.wait(timeout=START_S) != 0
        assert plain.read_text() == "keep me"
    finally:
        q.kill()


def test_scanner_process_codes_reach_the_serial_driver(qtbot: QtBot, tmp_path: Path) -> None:
    link = tmp_path / "scanner"
    p = SimProcess("scanner", "--link", str(link), "--suffix", "\\r\\n")
    reader = SerialScanner(str(link), suffix="CRLF", hold_s=0.0)
    try:
        assert p.line() == f"READY {link}"
        reader.start()
        qtbot.waitUntil(lambda: reader.health.state is HealthState.OK, timeout=10000)
        reader.set_enabled(True)
        with qtbot.waitSignal(reader.code_read, timeout=5000) as blocker:
            assert p.say("scan https://kiosk.example/a b?c=1") == "OK scan 29 bytes"
        assert blocker.args == ["https://kiosk.example/a b?c=1"]
        assert p.say("fault unplug") == "OK fault unplug"
        qtbot.waitUntil(lambda: reader.health.state is HealthState.DOWN, timeout=5000)
        assert p.say("replug") == "OK replug"
        qtbot.waitUntil(lambda: reader.health.state is HealthState.OK, timeout=5000)
        code, took_s = p.terminate()
        assert code == 0 and took_s < STOP_S and not link.is_symlink()
    finally:
        reader.stop()
        p.kill()


def test_help_lists_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    assert main(["sim"]) == 2
    assert "cctalk" in capsys.readouterr().err


def test_bills_process_notes_reach_the_id003_driver(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.devices.id003.validator import Id003BillValidator

    link = tmp_path / "bills"
    p = SimProcess("bills", "--link", str(link))
    validator = Id003BillValidator(str(link), notes=(1000,))
    try:
        assert p.line() == f"READY {link}"
        validator.start()
        qtbot.waitUntil(lambda: validator.health.state is HealthState.OK, timeout=15000)
        validator.set_accepted(frozenset({1000}))
        with qtbot.waitSignal(validator.note_escrowed, timeout=15000) as escrowed:
            qtbot.waitUntil(lambda: p.say("note 1000").startswith("OK"), timeout=10000)
        value, note_id = escrowed.args
        assert value == 1000
        with qtbot.waitSignal(validator.note_stacked, timeout=15000) as stacked:
            validator.stack(note_id)
        assert stacked.args == [1000, note_id]
        validator.confirm_stacked(note_id)
        code, took_s = p.terminate()
        assert code == 0 and took_s < STOP_S and not link.is_symlink()
    finally:
        validator.stop()
        p.kill()
