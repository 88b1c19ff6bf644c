"""Fault campaign (issue 12, "Measured"): storage full, read-only and corrupt, key lost, queued-then-refused, id
collisions, SIGKILL and SIGTERM at random moments; after each, every yen and every application accounted for.

Run (as root: the storage folder is a small file system of its own, an ext4 image on a loop device, else a tmpfs
where the read-only and failing trials are skipped and said so): ``benchmarks/faults [--sessions 300] [--seed S]``.
One storage folder is kept across trials, as on a booth. Each trial picks a fault:

* ``sigkill``, ``sigterm``: the booth (benchmarks.crash's child: the soak's random citizen on the real screens,
  drivers and stores) is killed, or stopped as systemd stops it, at a random moment; a SIGTERMed booth must end
  within 5 s with status 0;
* ``full``: the file system is filled (12 KB left) while citizens pay; the booth must go out of service naming the
  storage, take no coin it cannot record, and come back once it is freed;
* ``readonly``, ``failing``: while citizens pay, the ext4 file system takes an error and remounts itself read-only
  (``/sys/fs/ext4/<loop>/trigger_fs_error`` with ``errors=remount-ro``: EROFS for every write, files open or
  not), or is shut down as when its disk dies (``EXT4_IOC_SHUTDOWN``: EIO for every call); a probe write checks
  that the fault took effect. The booth must go out of service naming the storage and stay so while the disk is
  broken, take no coin it cannot record (one in flight is held with a receipt code), stop within 5 s of SIGTERM;
  then the technician unmounts, runs e2fsck and mounts again, and the booth must recover;
* ``refused``: the server is down while citizens send (applications queued, fees charged), then refuses every
  one of them with the reception API's own 422: each refused fee must be recorded as owed, with a receipt code;
* ``collide``: the booth's id generator repeats earlier session and envelope ids (one draw in three);
* ``key_lost``, ``corrupt``, ``deleted`` (between runs): the outbox key removed, a page of the ledger or outbox
  overwritten, the ledger deleted; the booth must start out of service naming the file, keep the file and every
  sealed row as they were, and ``kiosk storage check`` must exit non-zero; then the stores are restored.

After every trial the booth is started again to recover, and then (as benchmarks/crash.py checks): the ledger
balances with nothing open; the acceptor's credited yen = the ledger's inserted yen (no coin taken unrecorded);
the hopper's paid coins = change + refunds; the outbox is empty; the server holds exactly the applications the
booth recorded as delivered; every charged session's application was delivered or its fee is recorded as owed.
A child that dies by itself, prints "Fatal Python error", or does not stop in time is a crash. Sessions are counted
in the ledger (every session begun, including those a fault cut short).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.crash import PHASES, SCALE, _Unreachable  # noqa: E402

KINDS = ("sigkill", "sigterm", "full", "readonly", "refused", "collide", "key_lost", "corrupt", "deleted", "failing")
WEIGHTS = (4, 4, 2, 2, 2, 2, 1, 1, 1, 2)
BROKEN_DISK = frozenset({"readonly", "failing"})  # only an ext4 file system on a loop device can do these
EXT4_IOC_SHUTDOWN = 0x8004587D  # _IOR('X', 125, __u32)
EXT4_GOING_FLAGS_NOLOGFLUSH = 2  # the disk is gone: nothing more reaches it, not even the journal
BETWEEN = frozenset({"key_lost", "corrupt", "deleted"})
STORE_FILES = ("ledger.db", "outbox.db", "outbox.key", "stores.json")


# ---- the children ---------------------------------------------------------------------------------------


def _collide_ids(seed: int) -> None:
    """Make the stores' id generator repeat an earlier id one draw in three (the stores must refuse a repeat)."""
    from kiosk.store import ids, ledger, outbox

    rng = random.Random(seed)
    drawn: list[str] = []

    def repeating() -> str:
        if drawn and rng.random() < 1 / 3:
            return rng.choice(drawn)
        value = ids.new_id()
        drawn.append(value)
        return value

    ledger.new_id = repeating  # type: ignore[attr-defined]
    outbox.new_id = repeating  # type: ignore[attr-defined]


def child(storage: Path, url: str, mode: str, seed: int, collide: bool) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.*=false")
    if collide:
        _collide_ids(seed)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.soak import TODAY, Secrets, SoakCitizen
    from kiosk import config, log
    from kiosk.app import Booth, Options
    from kiosk.run import StopSignals, leave

    log.setup("WARNING", stream=sys.stderr)
    app = QApplication([])
    cfg = config.from_dict(
        {
            "booth": {"simulate": True, "id": "faults-0001"},
            "storage": {"dir": str(storage)},
            "submission": {"url": url, "timeout_s": 2.0},
        }
    ).simulated()
    booth = Booth(cfg, app, Options(timer_scale=SCALE, today=lambda: TODAY, size=(1280, 800), show_panel=False))
    stops = StopSignals()
    stops.received.connect(lambda number: booth.stop(signal.Signals(number).name))

    def say(text: str) -> None:
        print(text, flush=True)

    if mode == "run":
        citizen = SoakCitizen(booth, _Unreachable(), 10**6, random.Random(seed), Secrets(), lambda n, o: None,
                              app.quit)
        booth.ready.connect(lambda: say("ready"))
        booth.cashier.credit_changed.connect(lambda yen: say("coin") if yen else None)
        booth.cashier.fee_reached.connect(lambda: say("payout"))
        booth.flow.session_ended.connect(lambda outcome: say(f"ended {outcome}"))

        def screen() -> None:  # what the citizen sees on the out-of-service screen
            if booth.flow.current == "out_of_service":
                oos = booth.window.screens["out_of_service"]
                say("screen " + json.dumps({name: getattr(oos, name).text() for name in
                                            ("text", "safe", "money", "operator", "reasons")}, ensure_ascii=False))

        def entered(state: str) -> None:
            say({"camera": "capture", "sending": "send", "cancel": "payout"}.get(state, "state"))
            say(f"in {state}")
            if state == "out_of_service":
                say("oos " + json.dumps(booth.flow.out_of_service_reasons()))
                QTimer.singleShot(100, screen)

        booth.flow.held_money_changed.connect(lambda: QTimer.singleShot(100, screen))

        booth.flow.state_entered.connect(entered)
        assert citizen is not None
    else:  # probe: how the booth starts on these stores, then leave

        def probe(waited_ms: int) -> None:
            if booth.flow.current not in ("attract", "out_of_service") and waited_ms < 30000:
                QTimer.singleShot(200, lambda: probe(waited_ms + 200))
                return
            say(json.dumps({"state": booth.flow.current, "reasons": booth.flow.out_of_service_details(),
                            "outbox_depth": booth.outbox.depth()}))
            app.quit()

        booth.ready.connect(lambda: QTimer.singleShot(500, lambda: probe(0)))
    booth.start()
    app.exec()
    stops.close()
    booth.shutdown()
    leave(0)  # as `kiosk run` leaves


def _spawn(storage: Path, url: str, mode: str, seed: int, collide: bool = False) -> subprocess.Popen[str]:
    if mode == "recover":  # benchmarks.crash's recovery child: settle, drain, print the ledger's check
        cmd = ["-m", "benchmarks.crash", "--child", "recover"]
    else:
        cmd = ["-m", "benchmarks.faults", "--child", mode] + (["--collide"] if collide else [])
    return subprocess.Popen(
        [sys.executable, *cmd, "--dir", str(storage), "--url", url, "--seed", str(seed)],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    import threading

    out: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.put(line.strip())
        out.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _stderr(proc: subprocess.Popen[str]) -> str:
    assert proc.stderr is not None
    try:
        return proc.stderr.read()
    except (OSError, ValueError):
        return ""


# ---- the stores, read from outside ----------------------------------------------------------------------


def _query(storage: Path, db: str, sql: str) -> list[tuple[Any, ...]]:
    path = storage / db
    if not path.exists():
        return []
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as con:
        return list(con.execute(sql))


def _sessions(storage: Path) -> int:
    rows = _query(storage, "ledger.db", "SELECT COUNT(DISTINCT txn) FROM money_events WHERE txn NOT LIKE 'stray-%' "
                                        "AND txn != '-'")
    return int(rows[0][0]) if rows else 0


def _owed(storage: Path) -> dict[str, str]:
    return {r[0]: r[1] for r in _query(storage, "ledger.db",
                                         "SELECT txn, receipt FROM money_events WHERE kind = 'owed'")}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


# ---- the campaign -----------------------------------------------------------------------------------------


@dataclass
class FaultResult:
    trials: int = 0
    sessions: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    kill_phases: dict[str, int] = field(default_factory=dict)
    out_of_service: dict[str, int] = field(default_factory=dict)  # kind -> trials where the booth went out
    storage_faults: dict[str, int] = field(default_factory=dict)  # full/readonly applied while it ran
    already_out: dict[str, int] = field(default_factory=dict)  # ... while it was out of service already
    stop_s: list[float] = field(default_factory=list)  # SIGTERM to exit
    refused_owed: int = 0  # charged fees recorded as owed after a refusal
    free_applications: int = 0
    crashes: list[str] = field(default_factory=list)
    logged_errors: int = 0
    last: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stopped_early: str = ""
    backing: str = ""  # what the storage folder is: "ext4 on /dev/loopN" or "tmpfs"
    skipped: dict[str, int] = field(default_factory=dict)  # trials this machine cannot make (replaced by sigkill)
    took_effect: dict[str, int] = field(default_factory=dict)  # a probe write saw the fault's errno while it ran
    stayed_out: dict[str, int] = field(default_factory=dict)  # ... and the booth stayed out of service on it
    screens: dict[str, int] = field(default_factory=dict)  # the out-of-service screen's lines, as shown
    tracebacks: dict[str, int] = field(default_factory=dict)  # where each logged traceback ended, and how often
    refills: int = 0  # simulated hopper refilled between trials
    held_codes: int = 0  # out-of-service screens that showed a receipt code for money held
    unrecorded_yen: int = 0  # money the booth said it could not record (receipt code shown, error logged)


class Campaign:
    def __init__(self, seed: int, work: Path, kinds: tuple[str, ...] = KINDS) -> None:
        from kiosk.server.reception import ReceptionServer

        self.kinds = kinds
        self.kind = ""  # the fault of the trial under way
        self.keep = False
        self.children: list[subprocess.Popen[str]] = []
        self.imbalance = 0  # yen the ledger does not account for (a failure once, when it changes)
        self.rnd = random.Random(seed)
        self.work = work
        self.storage = work / "booth"
        self.backup = work / "backup"
        self.config = work / "kiosk.toml"
        self.config.write_text(f"[booth]\nsimulate = true\n[storage]\ndir = '{self.storage}'\n", encoding="utf-8")
        self.server = ReceptionServer("127.0.0.1", 0, work / "reception")
        self.result = FaultResult()
        self.mounted = False
        self.image = work / "storage.ext4"
        self.loop = ""  # the loop device of the ext4 image, when the machine has one

    def _spawn(self, *args: Any, **kwargs: Any) -> subprocess.Popen[str]:
        proc = _spawn(*args, **kwargs)
        self.children.append(proc)
        self.children = [c for c in self.children if c.poll() is None]
        return proc

    # -- set-up --------------------------------------------------------------------------------------------
    def mount(self) -> None:
        """The storage folder on a small ext4 file system of its own (a loop device), where the kernel can make it
        read-only or failing under the running booth; else (no loop device, no ext4) on a tmpfs, where it can
        only be filled."""
        self.storage.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0:
            raise SystemExit("benchmarks/faults: run as root (it mounts a small file system for the storage folder)")
        why = self._mount_ext4()
        if why:
            print(f"faults: no ext4 loop device ({why}): storage on a tmpfs; read-only and failing trials skipped",
                  file=sys.stderr, flush=True)
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160m,mode=0700", "tmpfs", str(self.storage)],
                           check=True, capture_output=True)
            self.result.backing = "tmpfs"
        self.mounted = True

    def _mount_ext4(self) -> str:
        if not all(shutil.which(tool) for tool in ("losetup", "mkfs.ext4", "e2fsck")):
            return "losetup, mkfs.ext4 or e2fsck missing"
        with self.image.open("wb") as f:
            f.truncate(160 * 1024 * 1024)
        made = subprocess.run(["mkfs.ext4", "-q", "-F", "-m", "0", str(self.image)], capture_output=True, text=True)
        if made.returncode != 0:
            return f"mkfs.ext4: {made.stderr.strip()[-200:]}"
        attached = subprocess.run(["losetup", "-f", "--show", str(self.image)], capture_output=True, text=True)
        if attached.returncode != 0:
            return f"losetup: {attached.stderr.strip()[-200:]}"
        self.loop = attached.stdout.strip()
        if not self._mount_loop():
            return "mount of the ext4 image failed"
        self.storage.chmod(0o700)
        if not self._trigger().exists():
            subprocess.run(["umount", str(self.storage)], capture_output=True)
            self._detach()
            return f"{self._trigger()} missing"
        self.result.backing = f"ext4 on {self.loop} (errors=remount-ro)"
        return ""

    def _mount_loop(self) -> bool:
        return subprocess.run(["mount", "-t", "ext4", "-o", "errors=remount-ro", self.loop, str(self.storage)],
                              capture_output=True).returncode == 0

    def _trigger(self) -> Path:
        return Path("/sys/fs/ext4") / Path(self.loop).name / "trigger_fs_error"

    def _detach(self) -> None:
        if self.loop:
            subprocess.run(["losetup", "-d", self.loop], capture_output=True)
            self.loop = ""

    def unmount(self) -> None:
        if self.mounted:
            self._read_only(False)
            subprocess.run(["umount", "-l", str(self.storage)], capture_output=True)
            self._detach()
            self.mounted = False

    def _break_disk(self, kind: str) -> None:
        """Under the running booth: ext4 takes an error and remounts itself read-only (errors=remount-ro), even with
        files open for writing; or the file system is shut down as when its disk dies (every call EIO)."""
        if kind == "readonly":
            self._trigger().write_text("1")
        else:
            import fcntl
            import struct

            fd = os.open(self.storage, os.O_RDONLY)
            try:
                fcntl.ioctl(fd, EXT4_IOC_SHUTDOWN, struct.pack("I", EXT4_GOING_FLAGS_NOLOGFLUSH))
            finally:
                os.close(fd)

    def _probe(self, kind: str) -> bool:
        """A real write while the booth runs: the fault took effect when it fails with the fault's errno."""
        import errno

        want = errno.EROFS if kind == "readonly" else errno.EIO
        try:
            fd = os.open(self.storage / ".campaign-probe", os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.write(fd, b"x")
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            return exc.errno == want
        return False

    def _fix_disk(self) -> str | None:
        """The technician's repair once the booth is stopped: unmount, e2fsck, mount again (an ext4 that remounted
        itself read-only after an error, or was shut down, does not take remount,rw)."""
        done = subprocess.run(["umount", str(self.storage)], capture_output=True, text=True)
        if done.returncode != 0:
            return f"umount: {done.stderr.strip()}"
        fsck = subprocess.run(["e2fsck", "-f", "-y", self.loop], capture_output=True, text=True)
        if fsck.returncode not in (0, 1):  # 1: errors corrected
            return f"e2fsck exit {fsck.returncode}: {fsck.stdout[-300:]}"
        if not self._mount_loop():
            return "mount after e2fsck failed"
        with contextlib.suppress(FileNotFoundError):
            (self.storage / ".campaign-probe").unlink()
        return None

    def _fill(self) -> None:
        st = os.statvfs(self.storage)
        with contextlib.suppress(OSError), (self.storage / ".filler").open("ab") as f:
            f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - 12 * 1024))

    def _free(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.storage / ".filler").unlink()

    def _read_only(self, on: bool) -> None:
        subprocess.run(["mount", "-o", f"remount,{'ro' if on else 'rw'}", str(self.storage)], capture_output=True)

    # -- one trial -----------------------------------------------------------------------------------------
    def trial(self, i: int) -> str | None:
        kind = self.rnd.choices(self.kinds, [WEIGHTS[KINDS.index(k)] for k in self.kinds])[0]
        r = self.result
        if kind in BETWEEN and not (self.storage / "ledger.db").exists():
            kind = "sigkill"  # nothing to corrupt yet
        if kind in BROKEN_DISK and not self.loop:
            r.skipped[kind] = r.skipped.get(kind, 0) + 1  # a tmpfs cannot be made read-only under open files
            kind = "sigkill"
        self._refill_hopper()
        self.kind = kind
        r.by_kind[kind] = r.by_kind.get(kind, 0) + 1
        refuse = kind == "refused"
        if kind in BETWEEN:
            problem = self._between(kind)
            if problem:
                return f"{kind}: {problem}"
        else:
            problem = self._run(kind)
            if problem:
                return f"{kind}: {problem}"
        return self._recover(kind, refuse)

    def _run(self, kind: str) -> str | None:
        r, rnd = self.result, self.rnd
        down = kind == "refused" or rnd.random() < 0.2
        if down:
            self.server.go_down()
        proc = self._spawn(self.storage, self.server.url, "run", rnd.getrandbits(32), collide=kind == "collide")
        lines = _lines(proc)
        deadline = time.monotonic() + 60
        started = False
        phase = rnd.choice(PHASES)
        fault_at = 0.0
        oos: list[str] = []
        ended = 0
        moment = ""
        state_is_oos = already_out = False
        kill_after = float("inf")
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.01, min(0.2, deadline - time.monotonic())))
            except queue.Empty:
                line = ""
            if line is None:
                return f"the booth exited by itself ({proc.wait()}): {_stderr(proc)[-1500:]}"
            if line == "ready" and not started:
                started = True
                deadline = time.monotonic() + rnd.uniform(8, 40)  # a few sessions, then the fault at the latest
                kill_after = time.monotonic() + rnd.uniform(2, 30)
                fault_at = time.monotonic() + rnd.uniform(1, 20)
                continue
            if line.startswith("screen "):
                self._screen(json.loads(line[7:]))
                continue
            if line.startswith("oos "):
                oos.append(line[4:])
                state_is_oos = True
                broken = started and kind in ("full", "readonly", "failing") and not fault_at
                if broken and "storage" in line[4:] and not moment:
                    moment = "storage"
                    deadline = time.monotonic() + rnd.uniform(1, 4)  # citizens keep trying while it is out
            elif line in ("state", "coin", "payout", "capture", "send"):
                state_is_oos = False
            if line.startswith("ended"):
                ended += 1
            if not started:
                continue
            due = time.monotonic() >= kill_after
            if kind in ("sigkill", "sigterm", "collide") and due and (phase == "any" or line == phase) \
                    and rnd.random() < 0.5:
                time.sleep(rnd.uniform(0, 0.25))
                moment = phase
                break
            if kind == "refused" and ended >= 2:
                break
            if kind in ("full", "readonly", "failing") and fault_at and time.monotonic() >= fault_at:
                fault_at = 0.0
                already_out = state_is_oos
                if kind == "full":
                    self._fill()
                else:
                    self._break_disk(kind)
                    if self._probe(kind):
                        r.took_effect[kind] = r.took_effect.get(kind, 0) + 1
                    else:
                        proc.kill()
                        proc.wait()
                        return "the fault did not take effect (a probe write succeeded or failed otherwise)"
                deadline = time.monotonic() + 15  # the next write (a session begun, a coin) must notice
        if not started:
            proc.kill()
            proc.wait()
            return f"the booth never became ready: {_stderr(proc)[-1500:]}"
        if kind in BROKEN_DISK:
            return self._broken_disk(proc, lines, kind, fault_at == 0.0, moment == "storage", already_out)
        if kind in ("full", "readonly"):
            broke = fault_at == 0.0
            self._repair(kind)
            # Out of service naming the storage at the next write; a booth already out for another reason (or
            # whose citizen wrote nothing in 15 s) is not asked. What must hold either way is checked after the
            # recovery: every coin the acceptor credited is in the ledger.
            r.storage_faults[kind] = r.storage_faults.get(kind, 0) + broke
            r.out_of_service[kind] = r.out_of_service.get(kind, 0) + (moment == "storage")
            r.already_out[kind] = r.already_out.get(kind, 0) + already_out
            if broke and not self._back_in_service(lines, 30):  # the booth's re-check must bring it back
                self._stop(proc, signal.SIGTERM)
                return f"the storage was fixed ({kind}) but the booth did not come back within 30 s"
        moment = moment or "time limit"
        if kind in ("sigkill", "collide") and rnd.random() < 0.7:
            r.kill_phases[moment] = r.kill_phases.get(moment, 0) + 1
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            self._errors(_stderr(proc))
            return None
        return self._stop(proc, signal.SIGTERM)

    def _broken_disk(self, proc: subprocess.Popen[str], lines: queue.Queue[str | None], kind: str, broke: bool,
                     noticed: bool, already_out: bool) -> str | None:
        """Read-only or failing: the booth must stay out of service while the disk is broken (its re-check keeps
        failing), stop cleanly on SIGTERM, and start again once the technician repaired the disk."""
        r = self.result
        r.storage_faults[kind] = r.storage_faults.get(kind, 0) + broke
        r.out_of_service[kind] = r.out_of_service.get(kind, 0) + noticed
        r.already_out[kind] = r.already_out.get(kind, 0) + already_out
        problem = None
        if broke and noticed:
            deadline = time.monotonic() + 12  # beyond the booth's storage re-check (10 s)
            while time.monotonic() < deadline and problem is None:
                try:
                    line = lines.get(timeout=0.2)
                except queue.Empty:
                    continue
                if line is None:
                    break
                if line.startswith("screen "):
                    self._screen(json.loads(line[7:]))
                elif line.startswith("in ") and line != "in out_of_service":
                    problem = f"back in service ({line[3:]}) on a {kind} disk"
                elif line == "coin":
                    problem = f"a coin credited while out of service on a {kind} disk"
            if problem is None:
                r.stayed_out[kind] = r.stayed_out.get(kind, 0) + 1
        stopped = self._stop(proc, signal.SIGTERM)
        fixed = self._fix_disk()
        return "; ".join(p for p in (problem, stopped, fixed and f"repair: {fixed}") if p) or None

    def _screen(self, shown: dict[str, str]) -> None:
        r = self.result
        for name, text in shown.items():
            if text and name != "operator":
                key = f"{name}: {text.splitlines()[0][:90]}"
                r.screens[key] = r.screens.get(key, 0) + 1
        r.held_codes += bool(shown.get("money"))

    @staticmethod
    def _back_in_service(lines: queue.Queue[str | None], timeout_s: float) -> bool:
        """Wait for the booth to leave out of service (any state line after the fix means it serves again)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                return False
            if line in ("state", "coin", "payout", "capture", "send") or line.startswith("ended"):
                return True
        return False

    def _repair(self, kind: str) -> None:
        if kind == "full":
            self._free()
        else:
            self._read_only(False)

    def _stop(self, proc: subprocess.Popen[str], sig: int) -> str | None:
        t0 = time.monotonic()
        proc.send_signal(sig)
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            err = _stderr(proc)
            self.result.crashes.append(f"did not stop within 5 s of SIGTERM: {err[-600:]}")
            return "the booth did not stop within 5 s of SIGTERM"
        self.result.stop_s.append(time.monotonic() - t0)
        err = _stderr(proc)
        self._errors(err)
        if code != 0 or "Fatal Python error" in err:
            self.result.crashes.append(f"exit {code} after SIGTERM: {err[-600:]}")
            return f"exit {code} after SIGTERM"
        return None

    def _errors(self, err: str) -> None:
        import re

        for yen in re.findall(r"money: (\d+) yen \([^)]*\) could not be recorded \(receipt", err):
            self.result.unrecorded_yen += int(yen)
        if "Fatal Python error" in err or "Segmentation fault" in err:
            self.result.crashes.append(err[-600:])
        self.result.logged_errors += err.count("Traceback")
        for block in err.split("Traceback (most recent call last):")[1:]:
            frames = [ln.strip() for ln in block.splitlines() if ln.startswith("  File ")]
            last = next((ln for ln in block.splitlines() if ln and not ln.startswith(" ")), "")
            key = f"{frames[-1] if frames else '?'} -> {last[:160]}"
            self.result.tracebacks[key] = self.result.tracebacks.get(key, 0) + 1

    def _refill_hopper(self) -> None:
        """A technician refills the simulated hopper between trials (the soak citizen's "hopper empty" fault
        leaves it empty for good otherwise, and every later payout would be recorded unpaid)."""
        path = self.storage.with_name(self.storage.name + "-sim") / "sim-cctalk.json"
        with contextlib.suppress(OSError, ValueError):
            state = json.loads(path.read_text())
            if int(state.get("hopper_coins", 200)) < 50:
                state["hopper_coins"] = 200
                path.write_text(json.dumps(state))
                self.result.refills += 1

    def _between(self, kind: str) -> str | None:
        """Break a store while the booth is off; it must start out of service naming the file and keep it."""
        if self.backup.exists():
            shutil.rmtree(self.backup)
        self.backup.mkdir()
        for name in STORE_FILES:
            if (self.storage / name).exists():
                shutil.copy2(self.storage / name, self.backup / name)
        rows_before = _query(self.storage, "outbox.db", "SELECT COUNT(*) FROM outbox")
        if kind == "key_lost":
            target = self.storage / "outbox.key"
            target.unlink()
        elif kind == "deleted":
            target = self.storage / "ledger.db"
            target.unlink()
        else:  # a page in use: the header and schema (page 1) or the root page of a table or an index
            target = self.storage / self.rnd.choice(["ledger.db", "outbox.db"])
            with contextlib.closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as con:
                page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
                roots = [int(r[0]) for r in con.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 0")]
            page = self.rnd.choice([1, *roots])
            with target.open("r+b") as f:
                f.seek((page - 1) * page_size)
                f.write(os.urandom(page_size))
        before = _digest(target)
        proc = self._spawn(self.storage, self.server.url, "probe", 0)
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            self.result.crashes.append(f"probe on a {kind} store hung: {err[-600:]}")
            return "the booth hung on the broken store"
        self._errors(err)
        report = [ln for ln in out.splitlines() if ln.startswith("{")]
        problems = []
        if proc.returncode != 0 or not report:
            self.result.crashes.append(f"probe on a {kind} store: exit {proc.returncode}: {err[-600:]}")
            problems.append(f"the booth did not start on a {kind} store (exit {proc.returncode}): {err[-800:]}")
        else:
            t = json.loads(report[-1])
            if t["state"] != "out_of_service" or not any(target.name in why for why in t["reasons"]):
                problems.append(f"started {t['state']} ({t['reasons']}) with {target.name} {kind}")
            self.result.out_of_service[kind] = self.result.out_of_service.get(kind, 0) + 1
        if _digest(target) != before:
            problems.append(f"{target.name} was changed or recreated by the booth ({kind})")
        if kind != "deleted" and target.name != "outbox.db":
            rows_after = _query(self.storage, "outbox.db", "SELECT COUNT(*) FROM outbox")
            if rows_after != rows_before:
                problems.append(f"queued applications {rows_before} -> {rows_after} on a {kind} store")
        check = subprocess.run([sys.executable, "-m", "kiosk", "storage", "check", "--config", str(self.config)],
                               cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
                               text=True, timeout=60)
        if check.returncode == 0:
            problems.append(f"`kiosk storage check` exit 0 with {target.name} {kind}")
        for name in STORE_FILES:  # the technician restores the stores
            with contextlib.suppress(FileNotFoundError):
                (self.storage / name).unlink()
            if (self.backup / name).exists():
                shutil.copy2(self.backup / name, self.storage / name)
        for suffix in ("-wal", "-shm", "-journal"):
            for name in ("ledger.db", "outbox.db"):
                with contextlib.suppress(FileNotFoundError):
                    (self.storage / (name + suffix)).unlink()
        # the copies on the disk before the booth runs on them: a restore left in the page cache was lost whole
        # when a later trial shut the disk down (a 0-byte ledger, key and manifest after e2fsck, seed 3 trial 20)
        os.sync()
        return "; ".join(problems) or None

    def _recover(self, kind: str, refuse: bool) -> str | None:
        server, r = self.server, self.result
        queued = {k for (k,) in _query(self.storage, "outbox.db", "SELECT idempotency_key FROM outbox")}
        server.go_up()
        if refuse:
            from kiosk.server.faults import ID_NO_LONGER_VALID

            server.faults.refusal_for = lambda _app_id: ID_NO_LONGER_VALID  # type: ignore[method-assign]
        proc = self._spawn(self.storage, server.url, "recover", 0)
        try:
            out, err = proc.communicate(timeout=150)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            r.crashes.append(f"recovery hung: {err[-600:]}")
            return f"recovery did not finish: {err[-1500:]}"
        finally:
            if refuse:
                del server.faults.refusal_for  # type: ignore[attr-defined]
        self._errors(err)
        report = [ln for ln in out.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not report:
            r.crashes.append(f"recovery exit {proc.returncode}: {err[-600:]}")
            return f"recovery failed (exit {proc.returncode}): {err[-1500:]}"
        t = r.last = json.loads(report[-1])
        problems = []
        if t["open"] != 0:
            problems.append(f"{t['open']} yen left open")
        imbalance = t["inserted"] - (t["charged"] + t["change"] + t["refunded"] + t["unpaid"] + t["open"])
        if imbalance != self.imbalance:
            problems.append(f"ledger does not balance ({imbalance:+d} yen, {imbalance - self.imbalance:+d} "
                            "yen in this trial)")
            self.imbalance = imbalance
        if t["inserted"] != t["device_credited"]:
            problems.append(f"acceptor credited {t['device_credited']} yen, ledger {t['inserted']} (a coin unrecorded)")
        if t["hopper_paid_yen"] != t["change"] + t["refunded"]:
            problems.append(f"hopper paid {t['hopper_paid_yen']} yen, ledger {t['change'] + t['refunded']}")
        if t["outbox_depth"] != 0:
            problems.append(f"{t['outbox_depth']} applications still queued after recovery")
        delivered = {row[0] for row in _query(self.storage, "outbox.db", "SELECT COALESCE(txn, envelope_id) FROM "
                                                                          "erasures WHERE outcome = 'delivered'")}
        charged = {row[0] for row in _query(self.storage, "ledger.db",
                                            "SELECT DISTINCT txn FROM money_events WHERE kind = 'charged'")}
        owed = _owed(self.storage)
        if server.received != len(delivered):
            problems.append(f"server holds {server.received} applications, booth recorded {len(delivered)}")
        lost = charged - delivered - set(owed)
        if lost:
            problems.append(f"{len(lost)} charged sessions neither delivered nor owed back")
        if any(not code for code in owed.values()):
            problems.append("a fee owed without a receipt code")
        missing = [k for k in queued if server.store.lookup(k) is None] if not refuse else []
        if missing:
            problems.append(f"{len(missing)} applications queued before the fault never reached the server")
        r.refused_owed = len(owed)
        r.free_applications = len(delivered - charged)
        return f"after {kind}: " + "; ".join(problems) + f" {t}" if problems else None

    def run(self, sessions: int, max_trials: int, progress: bool, max_seconds: float = float("inf")) -> FaultResult:
        r = self.result
        t0 = time.monotonic()
        self.server.start()
        try:
            self.mount()
            for i in range(max_trials):
                if time.monotonic() - t0 > max_seconds:
                    r.stopped_early = f"time limit ({max_seconds:.0f} s) before {sessions} sessions"
                    break
                try:
                    failure = self.trial(i)
                except Exception as exc:  # the campaign's own reading broke: keep the figures and the stores
                    import traceback

                    kept = self.work / f"trial-{i}-stores"
                    with contextlib.suppress(OSError):
                        shutil.copytree(self.storage, kept, dirs_exist_ok=True)
                    r.failures.append(f"trial {i} ({self.kind}): the campaign raised {exc!r} (stores copied to "
                                      f"{kept}): {traceback.format_exc(limit=4)[-900:]}")
                    break
                r.trials += 1
                r.sessions = _sessions(self.storage)
                if failure:
                    r.failures.append(f"trial {i}: {failure}")
                    if progress:
                        print(f"  FAILED trial {i}: {failure[:1500]}", file=sys.stderr, flush=True)
                    if len(r.failures) >= 5:
                        break
                if progress and (i + 1) % 5 == 0:
                    print(f"  {i + 1} trials, {r.sessions}/{sessions} sessions, {len(r.failures)} failed, "
                          f"{time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
                if r.sessions >= sessions:
                    break
        finally:
            for proc in self.children:  # interrupted: no booth is left running on the stores
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            self._free()
            if self.keep:
                self._read_only(False)
                shutil.copytree(self.storage, self.work / "booth-kept", dirs_exist_ok=True)
            self.unmount()
            self.server.go_up()
            self.server.stop()
        r.seconds = time.monotonic() - t0
        return r


def summary(r: FaultResult, seed: int) -> str:
    stops = sorted(r.stop_s) or [0.0]
    lines = [
        f"fault campaign: {r.sessions} sessions in {r.trials} trials, {r.seconds:.0f} s (seed {seed})",
        f"  storage folder on {r.backing}",
        f"  faults {r.by_kind}; SIGKILL at {r.kill_phases}" + (f"; skipped (not possible here, SIGKILL instead): "
                                                                f"{r.skipped}" if r.skipped else ""),
        f"  read-only and failing disks that took effect (probe write EROFS / EIO while the booth ran): "
        f"{r.took_effect}; the booth stayed out of service on them: {r.stayed_out}",
        f"  out of service naming the store: {r.out_of_service} (storage broken while running: "
        f"{r.storage_faults}, of which already out of service: {r.already_out})",
        f"  SIGTERM to exit: p50 {stops[len(stops) // 2]:.1f} s, max {stops[-1]:.1f} s over {len(r.stop_s)} stops",
        f"  hopper refilled between trials {r.refills} times; fees owed back after a refusal: {r.refused_owed}; applications delivered for refunded sessions: "
        f"{r.free_applications}",
        f"  crashes {len(r.crashes)}; tracebacks logged {r.logged_errors}",
        *[f"    traceback x{n}: {where}" for where, n in sorted(r.tracebacks.items(), key=lambda kv: -kv[1])[:8]],
        f"  money the booth could not record, receipt code shown: {r.unrecorded_yen} yen; out-of-service screens "
        f"showing a receipt code: {r.held_codes}",
        "  the out-of-service screen showed: " + "; ".join(f"{k} (x{n})" for k, n in
                                                           sorted(r.screens.items(), key=lambda kv: -kv[1])[:12]),
        f"  final ledger {r.last}",
    ]
    if r.stopped_early:
        lines.append(f"  stopped early: {r.stopped_early}")
    lines += [f"  crash: {c[:300]}" for c in r.crashes[:3]]
    lines.append("OK: 0 yen unaccounted, 0 applications lost or doubled, 0 crashes" if not r.failures and not r.crashes
                 else "FAILED:\n  " + "\n  ".join(r.failures))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=300, help="stop once the ledger holds this many sessions")
    parser.add_argument("--max-trials", type=int, default=400)
    parser.add_argument("--max-seconds", type=float, default=float("inf"),
                        help="start no trial after this long (the report says the run stopped early)")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--kinds", help=f"comma-separated subset of {','.join(KINDS)}")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (stores, server) afterwards")
    parser.add_argument("--child", choices=("run", "probe"))
    parser.add_argument("--collide", action="store_true")
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--url", default="")
    args = parser.parse_args(argv)
    if args.child:
        return child(args.dir, args.url, args.child, args.seed, args.collide)
    def interrupted(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)  # the tmpfs is unmounted and the work folder removed all the same
    work = Path(tempfile.mkdtemp(prefix="kiosk-faults-"))
    kinds = tuple(args.kinds.split(",")) if args.kinds else KINDS
    try:
        campaign = Campaign(args.seed, work, kinds)
        campaign.keep = args.keep
        result = campaign.run(args.sessions, args.max_trials, progress=True, max_seconds=args.max_seconds)
    finally:
        if args.keep:
            print(f"faults: work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(summary(result, args.seed), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result.__dict__ | {"counts": dict(Counter(result.by_kind))}, indent=1,
                                        default=str))
    return 0 if not result.failures and not result.crashes else 1


if __name__ == "__main__":
    sys.exit(main())
