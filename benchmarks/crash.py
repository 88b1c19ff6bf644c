"""Crash campaign: the whole booth is SIGKILLed at random moments, restarted, and must recover every invariant.

Run: ``benchmarks/crash [--trials 200] [--seed S]``. Each trial starts the booth in a child process (simulator
mode, the real drivers, cashier, flow, outbox and sender, the screens offscreen) on one storage folder kept
across trials, so the simulated devices' state file persists like powered hardware. A random citizen (the soak's)
uses it until the trial's chosen moment comes (a coin credited, a payout started, a capture, a send, a note in
escrow, a note sent to the stacker, a note's VEND VALID being acknowledged), then SIGKILL after a random few
milliseconds. About half the sessions pay with a 1000-yen note through the simulated ID-003 validator (its real
pace) instead of coins. Sometimes the reception server (in this parent process, so it
survives the kills) is down during the trial, so applications wait in the outbox. The booth is then started
again and left to recover; after every restart:

* the ledger balances with nothing left open, and agrees with the hardware: the acceptor's credited yen plus
  the notes credited = inserted, the hopper's dispensed coins = change + refunds (no payout twice, none
  unrecorded); every note was credited once or never taken: no note credited twice, none left unsettled, and
  the validator's stacker holds the credited notes (plus at most the notes recorded in doubt, for staff);
* every application that was in the outbox before the kill reached the server exactly once (the server counts
  distinct applications; the booth's erasure records match it one for one);
* every charged session's application was delivered.

Applications delivered for a session that was refunded instead of charged (a kill between the outbox write
and the charge) are counted and reported: the citizen is not harmed, the booth forgoes the fee.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PHASES = ("coin", "payout", "capture", "send", "note_escrow", "note_stacking", "note_vend", "any")
NOTE_SHARE = 0.5  # sessions that pay with a note
SCALE = 0.05


# ---- the child: a booth that reports its moments ----------------------------------------------------


class _Unreachable:
    """The soak citizen's server hooks in a child: faults are the parent's business."""

    def __init__(self) -> None:
        from kiosk.server.reception import Faults

        self.faults = Faults()

    def go_down(self) -> None:
        pass

    def go_up(self) -> None:
        pass


def child(storage: Path, url: str, mode: str, seed: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.*=false")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.soak import TODAY, Secrets, SoakCitizen
    from kiosk import config, log
    from kiosk.app import Booth, Options

    log.setup("WARNING", stream=sys.stderr)
    app = QApplication([])
    cfg = config.from_dict(
        {
            "booth": {"simulate": True, "id": "crash-0001"},
            "storage": {"dir": str(storage)},
            "submission": {"url": url, "timeout_s": 2.0},
        }
    ).simulated()
    booth = Booth(
        cfg, app, Options(timer_scale=SCALE, today=lambda: TODAY, size=(1280, 800), show_panel=False)
    )

    def say(text: str) -> None:
        print(text, flush=True)

    if mode == "run":
        rng = random.Random(seed)
        citizen = SoakCitizen(booth, _Unreachable(), 10**6, rng, Secrets(), lambda n, o: None, app.quit)
        _pay_by_note_sometimes(citizen, booth, rng)
        bills = booth.devices.bill_validator
        if bills is not None:
            bills.note_escrowed.connect(lambda _v, _n: say("note_escrow"))
            stack, confirm = bills.stack, bills.confirm_stacked

            def stacking(note_id: str) -> None:
                stack(note_id)
                say("note_stacking")  # STACK goes out at the next poll; the note takes ~2 s to VEND VALID

            def vend(note_id: str) -> None:
                say("note_vend")  # the credit is in the ledger; the ACK goes out at the next poll
                confirm(note_id)

            bills.stack, bills.confirm_stacked = stacking, vend  # type: ignore[method-assign]
        booth.ready.connect(lambda: say("ready"))
        booth.cashier.credit_changed.connect(lambda yen: say("coin") if yen else None)
        booth.cashier.fee_reached.connect(lambda: say("payout"))
        booth.flow.state_entered.connect(
            lambda s: say({"camera": "capture", "sending": "send", "cancel": "payout"}.get(s, "state"))
        )
        booth.flow.camera_countdown.connect(lambda n: say("capture") if n == 0 else None)
        assert citizen is not None
    else:

        def settle(waited_ms: int) -> None:
            busy = booth.cashier.busy or booth.flow.current not in ("attract", "out_of_service")
            if (busy or booth.outbox.depth() > 0) and waited_ms < 60000:
                QTimer.singleShot(200, lambda: settle(waited_ms + 200))
                return
            check = booth.ledger.balance_check()
            bus = booth.devices.sims.cctalk
            bills_sim = booth.devices.sims.bills
            db = booth.ledger._db
            twice = db.execute(
                "SELECT COUNT(*) FROM (SELECT note_id FROM money_events WHERE kind = 'credited' AND note_id IS NOT "
                "NULL GROUP BY note_id HAVING COUNT(*) > 1)").fetchone()[0]
            doubt_yen = db.execute(
                "SELECT COALESCE(SUM(amount_yen), 0) FROM money_events WHERE kind = 'note_in_doubt'").fetchone()[0]
            say(
                json.dumps(
                    {
                        **check.as_dict(),
                        "notes_credited_twice": twice,
                        "notes_in_doubt_yen": doubt_yen,
                        "device_stacked_yen": bills_sim.stacked_yen if bills_sim is not None else 0,
                        "device_credited": bus.credited_yen,
                        "hopper_paid_yen": bus.lifetime * cfg.devices.hopper.coin_yen,
                        "outbox_depth": booth.outbox.depth(),
                        "state": booth.flow.current,
                        "waited_ms": waited_ms,
                    }
                )
            )
            app.quit()

        booth.ready.connect(lambda: QTimer.singleShot(300, lambda: settle(0)))
    booth.start()
    app.exec()
    booth.shutdown()
    return 0


def _pay_by_note_sometimes(citizen: Any, booth: Any, rng: random.Random) -> None:
    """The soak citizen, except that some sessions put in one 1000-yen note first (coins if it is not taken)."""
    coins = citizen._insert_one
    plan: dict[str, int] = {}  # txn -> beats left to wait for the note (-1: pay in coins)

    def insert_one() -> None:
        txn = booth.cashier.txn or ""
        sim = booth.devices.sims.bills
        if txn not in plan:
            plan.clear()
            plan[txn] = 40 if sim is not None and rng.random() < NOTE_SHARE else -1
        if plan[txn] < 0:
            coins()
            return
        plan[txn] -= 1  # the validator starts, pulls the note in (1.5 s) and the cashier decides: wait for it
        if (booth.cashier.credit_yen == 0 and plan[txn] > 20 and booth.flow.view.accepted_notes
                and sim.insert_note(1000)):
            plan[txn] = 20
        if plan[txn] == 0:
            plan[txn] = -1  # refused, or never taken: coins

    citizen._insert_one = insert_one


# ---- the parent: kills, restarts, checks -------------------------------------------------------------


def _spawn(storage: Path, url: str, mode: str, seed: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.crash",
            "--child",
            mode,
            "--dir",
            str(storage),
            "--url",
            url,
            "--seed",
            str(seed),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    out: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.put(line.strip())
        out.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _stderr_tail(proc: subprocess.Popen[str]) -> str:
    assert proc.stderr is not None
    try:
        return proc.stderr.read()[-2000:]
    except (OSError, ValueError):
        return ""


def _outbox_keys(storage: Path) -> set[str]:
    path = storage / "outbox.db"
    if not path.exists():
        return set()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        return {r[0] for r in db.execute("SELECT idempotency_key FROM outbox")}


def _delivered(storage: Path) -> set[str]:
    with sqlite3.connect(f"file:{storage / 'outbox.db'}?mode=ro", uri=True, timeout=5) as db:
        return {r[0] for r in db.execute("SELECT COALESCE(txn, envelope_id) FROM erasures WHERE outcome = 'delivered'")}


def _charged(storage: Path) -> set[str]:
    with sqlite3.connect(f"file:{storage / 'ledger.db'}?mode=ro", uri=True, timeout=5) as db:
        return {r[0] for r in db.execute("SELECT DISTINCT txn FROM money_events WHERE kind = 'charged'")}


@dataclass
class CampaignResult:
    trials: int = 0
    kills: dict[str, int] = field(default_factory=dict)  # phase -> kills at it
    missed_phase: int = 0  # the phase never came: killed at the time limit instead
    server_down_trials: int = 0
    queued_before_kill: int = 0
    recovery_s: list[float] = field(default_factory=list)
    free_applications: int = 0  # delivered, never charged (refunded after a kill between outbox and charge)
    last: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def campaign(
    trials: int, seed: int, *, workdir: Path | None = None, progress: bool = False,
    phases: tuple[str, ...] = PHASES,
) -> CampaignResult:
    from kiosk.server.reception import ReceptionServer

    rnd = random.Random(seed)
    work = workdir or Path(tempfile.mkdtemp(prefix="kiosk-crash-"))
    storage = work / "booth"
    server = ReceptionServer("127.0.0.1", 0, work / "reception")
    server.start()
    result = CampaignResult()
    t0 = time.monotonic()
    try:
        for i in range(trials):
            failure = _trial(i, rnd, storage, server, result, phases)
            result.trials += 1
            if failure:
                result.failures.append(f"trial {i}: {failure}")
                if len(result.failures) >= 3:
                    break
            if progress and (i + 1) % 10 == 0:
                print(
                    f"  {i + 1}/{trials} trials, {len(result.failures)} failed, "
                    f"{time.monotonic() - t0:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        server.go_up()
        server.stop()
    result.seconds = time.monotonic() - t0
    return result


def _trial(i: int, rnd: random.Random, storage: Path, server: Any, result: CampaignResult,
           phases: tuple[str, ...] = PHASES) -> str | None:
    phase = rnd.choice(phases)
    down = rnd.random() < 0.3
    if down:
        result.server_down_trials += 1
        server.go_down()
    proc = _spawn(storage, server.url, "run", rnd.getrandbits(32))
    lines = _lines(proc)
    deadline = time.monotonic() + 40
    started = False
    killed_at = ""
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            return f"the booth exited by itself ({proc.wait()}): {_stderr_tail(proc)}"
        if line == "ready":
            started = True
            deadline = time.monotonic() + rnd.uniform(3, 25)  # the latest moment for this trial's kill
            continue
        if started and (phase == "any" or line == phase) and rnd.random() < 0.5:
            time.sleep(rnd.uniform(0, 0.25))
            killed_at = line if phase != "any" else "any"
            break
    if not started:
        proc.kill()
        proc.wait()
        return f"the booth never became ready: {_stderr_tail(proc)}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if not killed_at:
        result.missed_phase += 1
        killed_at = "time limit"
    result.kills[killed_at] = result.kills.get(killed_at, 0) + 1
    queued = _outbox_keys(storage)
    result.queued_before_kill += len(queued)
    server.go_up()
    received_before = server.received
    t0 = time.monotonic()
    proc = _spawn(storage, server.url, "recover", 0)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return f"recovery did not finish: {err[-1500:]}"
    result.recovery_s.append(time.monotonic() - t0)
    last = [ln for ln in out.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not last:
        return f"recovery failed (exit {proc.returncode}): {err[-1500:]}"
    t = json.loads(last[-1])
    result.last = t
    problems = []
    if t["open"] != 0:
        problems.append(f"{t['open']} yen left open")
    if t["inserted"] != t["charged"] + t["change"] + t["refunded"] + t["unpaid"] + t["open"]:
        problems.append("ledger does not balance")
    if t["inserted"] - t.get("notes", 0) != t["device_credited"]:
        problems.append(f"acceptor credited {t['device_credited']} yen, ledger {t['inserted'] - t.get('notes', 0)}")
    if t.get("notes_credited_twice"):
        problems.append(f"{t['notes_credited_twice']} notes credited twice")
    if t.get("notes_unsettled"):
        problems.append(f"{t['notes_unsettled']} notes escrowed or stacking with no end in the ledger")
    extra_in_stacker = t.get("device_stacked_yen", 0) - t.get("notes", 0)
    if not 0 <= extra_in_stacker <= t.get("notes_in_doubt_yen", 0):
        problems.append(f"validator stacked {t.get('device_stacked_yen')} yen, ledger credited {t.get('notes')} "
                        f"(in doubt {t.get('notes_in_doubt_yen')})")
    if t["hopper_paid_yen"] != t["change"] + t["refunded"]:
        problems.append(f"hopper paid {t['hopper_paid_yen']} yen, ledger {t['change'] + t['refunded']}")
    if t["outbox_depth"] != 0:
        problems.append(f"{t['outbox_depth']} applications still queued after recovery")
    missing = [k for k in queued if server.store.lookup(k) is None]
    if missing:
        problems.append(f"{len(missing)} applications queued before the kill never reached the server")
    delivered, charged = _delivered(storage), _charged(storage)
    if server.received != len(delivered):
        problems.append(
            f"server holds {server.received} applications, booth recorded {len(delivered)} deliveries"
            f" (received before this recovery: {received_before})"
        )
    if charged - delivered:
        problems.append(f"{len(charged - delivered)} charged sessions without a delivered application")
    result.free_applications = len(delivered - charged)
    if problems:
        return f"killed at {killed_at}: " + "; ".join(problems) + f" {t}"
    return None


def summary(r: CampaignResult, seed: int) -> str:
    rec = sorted(r.recovery_s) or [0.0]
    lines = [
        f"crash campaign: {r.trials} trials in {r.seconds:.0f} s (seed {seed})",
        f"  SIGKILL at {r.kills} (phase never came, killed at the time limit: {r.missed_phase})",
        f"  server down during {r.server_down_trials} trials; {r.queued_before_kill} applications queued at kills",
        f"  restart to recovered and drained: p50 {rec[len(rec) // 2]:.1f} s, max {rec[-1]:.1f} s",
        f"  applications delivered for refunded sessions (fee forgone): {r.free_applications}",
        f"  final ledger {r.last}",
    ]
    lines.append(
        "OK: every invariant holds after every restart"
        if not r.failures
        else "FAILED:\n  " + "\n  ".join(r.failures)
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", choices=("run", "recover"))
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--url", default="")
    parser.add_argument("--phases", default=",".join(PHASES),
                        help=f"the moments to kill at, comma-separated (default: all of {', '.join(PHASES)})")
    args = parser.parse_args(argv)
    if args.child:
        return child(args.dir, args.url, args.child, args.seed)
    phases = tuple(p for p in args.phases.split(",") if p)
    unknown = set(phases) - set(PHASES)
    if unknown or not phases:
        parser.error(f"unknown phases {sorted(unknown)}; known: {', '.join(PHASES)}")
    result = campaign(args.trials, args.seed, progress=True, phases=phases)
    print(summary(result, args.seed), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result.__dict__, indent=1, default=str))
    return 0 if not result.failures else 1


if __name__ == "__main__":
    sys.exit(main())
