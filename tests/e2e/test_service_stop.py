"""`kiosk run` in kiosk mode as a real process: SIGTERM ends it within 5 s with its stores closed, core dumps are
off, and on a bare X server (Xvfb, no window manager) the kiosk window fills the screen."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 180  # start-up on a loaded 2-core machine (face models, simulators)
STOP_LIMIT_S = 5.0
STORES = ("ledger.db", "outbox.db", "audit.db", "pin_lockout.db")


@dataclass
class Running:
    proc: subprocess.Popen[str]
    notify: socket.socket
    storage: Path
    messages: list[str]

    def wait_for(self, message: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while message not in self.messages:
            assert self.proc.poll() is None, f"the booth exited early:\n{self.stderr_tail()}"
            self.notify.settimeout(max(0.05, min(1.0, deadline - time.monotonic())))
            try:
                self.messages.extend(self.notify.recv(4096).decode().splitlines())
            except TimeoutError:
                assert time.monotonic() < deadline, f"no {message} within {timeout_s} s:\n{self.stderr_tail()}"

    def drain(self) -> None:
        self.notify.setblocking(False)
        while True:
            try:
                self.messages.extend(self.notify.recv(4096).decode().splitlines())
            except BlockingIOError:
                return

    def stderr_tail(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        return (self.proc.stderr.read() if self.proc.stderr else "")[-3000:]


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A short folder: a unix socket's path holds at most 107 bytes."""
    path = Path(tempfile.mkdtemp(prefix="kiosk-stop-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def start_booth(folder: Path, env_extra: dict[str, str]) -> Running:
    storage = folder / "state"
    config = folder / "kiosk.toml"
    config.write_text(f"[booth]\nsimulate = true\nkiosk_mode = true\n[storage]\ndir = '{storage}'\n", encoding="utf-8")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(folder / "notify"))
    env = dict(os.environ, NOTIFY_SOCKET=str(folder / "notify"), XDG_STATE_HOME=str(folder / "xdg"), **env_extra)
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config), "--no-panel"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return Running(proc, notify, storage, [])


def stop_and_time(running: Running, signum: int = signal.SIGTERM) -> float:
    started = time.monotonic()
    running.proc.send_signal(signum)
    try:
        running.proc.wait(timeout=30)
    finally:
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.wait()
    return time.monotonic() - started


def assert_stopped_cleanly(running: Running, elapsed_s: float, signame: str) -> str:
    stderr = running.proc.stderr.read() if running.proc.stderr else ""
    assert running.proc.returncode == 0, stderr[-3000:]
    assert elapsed_s < STOP_LIMIT_S, f"{signame} took {elapsed_s:.2f} s"
    running.drain()
    assert "STOPPING=1" in running.messages
    assert f"stopping ({signame})" in stderr and "kiosk.app: stopped" in stderr
    for name in STORES:
        assert (running.storage / name).exists(), name
        assert not (running.storage / f"{name}-wal").exists(), f"{name} was not closed (its WAL is left)"
        with sqlite3.connect(f"file:{running.storage / name}?mode=ro", uri=True) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with sqlite3.connect(f"file:{running.storage / 'audit.db'}?mode=ro", uri=True) as db:
        kinds = db.execute("SELECT kind, detail FROM audit_events ORDER BY id").fetchall()
    assert ("stopped", signame) in kinds
    return stderr


def core_limit(pid: int) -> tuple[str, str]:
    text = Path(f"/proc/{pid}/limits").read_text()
    m = re.search(r"^Max core file size\s+(\S+)\s+(\S+)", text, re.MULTILINE)
    assert m, text
    return m.group(1), m.group(2)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_the_kiosk_within_5_s_offscreen(short_tmp: Path, signum: int) -> None:
    running = start_booth(short_tmp, {"QT_QPA_PLATFORM": "offscreen"})
    try:
        running.wait_for("READY=1", READY_TIMEOUT_S)
        assert core_limit(running.proc.pid) == ("0", "0")  # read back from outside
    finally:
        elapsed = stop_and_time(running, signum)
    name = signal.Signals(signum).name
    stderr = assert_stopped_cleanly(running, elapsed, name)
    assert "core dumps off: RLIMIT_CORE 0, dumpable 0" in stderr  # read back by the booth itself
    print(f"{name}: exit {running.proc.returncode} after {elapsed:.3f} s")


def _xvfb() -> str | None:
    return shutil.which("Xvfb")


@pytest.mark.skipif(_xvfb() is None or shutil.which("xdotool") is None,
                    reason="needs Xvfb and xdotool (Debian: apt-get install xvfb xdotool; scripts/setup.sh installs "
                           "them when run as root)")
def test_on_a_bare_x_server_the_kiosk_fills_the_screen_and_stops_on_sigterm(short_tmp: Path) -> None:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen([_xvfb() or "Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24",
                             "-nolisten", "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as numbers:  # Xvfb picks a free display and writes its number once it is up
            display = ":" + numbers.readline().strip()
        assert display != ":", "Xvfb did not start"
        env = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        running = start_booth(short_tmp, env)
        try:
            running.wait_for("READY=1", READY_TIMEOUT_S)
            xenv = dict(os.environ, DISPLAY=display)
            found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Booth$",
                                    "getwindowgeometry", "%@"], env=xenv, capture_output=True, text=True,
                                   timeout=60)
            assert "Geometry: 1366x768" in found.stdout and "Position: 0,0" in found.stdout, found.stdout
            if os.environ.get("KIOSK_XVFB_SHOT") and shutil.which("xwd"):
                with open(os.environ["KIOSK_XVFB_SHOT"], "wb") as shot:
                    subprocess.run(["xwd", "-root", "-silent"], env=xenv, stdout=shot, check=True, timeout=30)
        finally:
            elapsed = stop_and_time(running)
        assert_stopped_cleanly(running, elapsed, "SIGTERM")
        print(f"Xvfb SIGTERM: exit {running.proc.returncode} after {elapsed:.3f} s")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


# -- in the process: a session in progress when the signal comes --------------------------------------------
def _run_loop_until_stopped(booth, qapp, signum: int) -> float:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from kiosk.run import StopSignals

    stops = StopSignals()
    stops.received.connect(lambda n: booth.stop(signal.Signals(n).name))
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: qapp.exit(99))
    safety.start(30000)
    QTimer.singleShot(0, lambda: os.kill(os.getpid(), signum))
    started = time.monotonic()
    try:
        code = qapp.exec()
    finally:
        safety.stop()
        stops.close()
    assert code == 0, "the loop did not end on the signal"
    return time.monotonic() - started


def test_a_session_paying_when_sigterm_comes_is_refunded_before_the_loop_ends(booth_factory, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.driver import Driver, insert_coin

    booth = booth_factory()
    driver = Driver(booth, qtbot)
    booth.devices.sims.cctalk.hopper_coins = 200
    qtbot.waitUntil(lambda: booth.cashier.change_available, timeout=15000)  # the hopper can pay back
    driver.to("payment")
    insert_coin(qtbot, booth.devices.sims.cctalk, 500)
    qtbot.waitUntil(lambda: booth.flow.session.credit_yen == 500, timeout=15000)
    txn = booth.cashier.txn
    elapsed = _run_loop_until_stopped(booth, qapp, signal.SIGTERM)
    print(f"in-process SIGTERM while paying: loop ended after {elapsed:.3f} s")
    rows = booth.ledger._db.execute("SELECT kind, amount_yen FROM money_events WHERE txn = ?", (txn,)).fetchall()
    seen = (booth.flow.current, booth.cashier.busy, rows, [(e.kind, e.detail) for e in booth.audit.recent(5)])
    assert elapsed < STOP_LIMIT_S
    assert booth.flow.current == "out_of_service" and not booth.cashier.busy, seen
    check = booth.ledger.balance_check()
    assert check.ok and check.open_yen == 0, (check, seen)
    assert booth.ledger._db.execute("SELECT SUM(amount_yen) FROM money_events WHERE txn = ? AND kind = 'refunded'",
                                    (txn,)).fetchone()[0] == 500, seen
    recent = [(e.kind, e.detail) for e in booth.audit.recent(2)]
    assert recent == [("stopped", "SIGTERM"), ("out_of_service", "booth stopping (SIGTERM)")], seen
    storage = booth.state_dir
    booth.shutdown()
    for name in STORES:
        assert not (storage / f"{name}-wal").exists(), f"{name} was not closed"


def test_a_session_sending_when_sigint_comes_is_charged_by_the_flow_rules(booth_factory, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.driver import Driver

    booth = booth_factory()
    driver = Driver(booth, qtbot)
    booth.devices.sims.cctalk.hopper_coins = 200
    qtbot.waitUntil(lambda: booth.cashier.change_available, timeout=15000)  # the hopper can pay back
    booth.reception.go_down()  # the application stays queued: the session is still on the sending screen
    driver.to("sending")
    qtbot.waitUntil(lambda: booth.flow.session.application_stored, timeout=15000)
    txn = booth.cashier.txn
    elapsed = _run_loop_until_stopped(booth, qapp, signal.SIGINT)
    assert elapsed < STOP_LIMIT_S
    assert booth.ledger.charged_total(txn) == 800  # the application is kept: the fee is the booth's
    assert booth.ledger.balance_check().ok and booth.outbox.depth() == 1
    booth.reception.go_up()


# -- the units' ExecStop line, run for real against a parent standing in for cage or xinit -------------------
def _exec_stop_line() -> list[str]:
    import shlex

    lines = [line for line in (ROOT / "deploy" / "kiosk.service").read_text().splitlines()
             if line.startswith("ExecStop=")]
    assert len(lines) == 1
    return shlex.split(lines[0].removeprefix("ExecStop=").replace("$$", "$"))  # systemd's own unescaping


@pytest.mark.skipif(shutil.which("pkill") is None, reason="needs pkill (Debian: procps)")
def test_the_units_exec_stop_ends_the_kiosk_then_its_parent(short_tmp: Path) -> None:
    kiosk = Path(sys.executable).with_name("kiosk")
    if not kiosk.exists():
        pytest.skip("the kiosk entry point is not installed next to this Python")
    storage = short_tmp / "state"
    config = short_tmp / "kiosk.toml"
    config.write_text(f"[booth]\nsimulate = true\nkiosk_mode = true\n[storage]\ndir = '{storage}'\n", encoding="utf-8")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(short_tmp / "notify"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTIFY_SOCKET=str(short_tmp / "notify"))
    # the parent runs the kiosk as its child (as cage and xinit do) and ends when the kiosk has
    parent = subprocess.Popen(["/bin/sh", "-c", f'"{kiosk}" run --config "{config}" --no-panel 2>"{short_tmp}/err"; '
                               f'echo $? > "{short_tmp}/rc"'], cwd=ROOT, env=env)
    running = Running(parent, notify, storage, [])
    try:
        running.wait_for("READY=1", READY_TIMEOUT_S)
        started = time.monotonic()
        subprocess.run(_exec_stop_line(), env=dict(os.environ, MAINPID=str(parent.pid)), check=True, timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if parent.poll() is None:
            subprocess.run(["pkill", "-KILL", "-P", str(parent.pid)], check=False)
            parent.kill()
        parent.wait(timeout=30)
    assert elapsed < STOP_LIMIT_S, f"ExecStop took {elapsed:.2f} s"
    assert (short_tmp / "rc").read_text().strip() == "0", (short_tmp / "err").read_text()[-3000:]
    assert "stopping (SIGTERM)" in (short_tmp / "err").read_text()
    for name in STORES:
        assert not (storage / f"{name}-wal").exists(), f"{name} was not closed"
    print(f"ExecStop: kiosk exit 0, parent gone after {elapsed:.3f} s")
