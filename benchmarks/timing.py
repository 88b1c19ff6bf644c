"""Timing campaign: the soak's citizens with random device timing on a loaded machine; no charge without the fee.

Run: ``benchmarks/timing [--sessions 300] [--seed S] [--burners 1]``. One booth process, the soak's random
citizens (benchmarks/soak.py), but every session draws its own timing: the gaps between coins (150 ms, a coin
mechanism's pace, to 1.5 s), the scanner's decode delay, how long the camera takes to see a sitter, the hopper's pace per coin,
the server's latency, and a random delay before each tap. CPU burners (busy processes, one per spare core by
default) load the machine for the whole run. The soak's device faults are left out (server faults stay), so
nothing may take the booth out of service. Afterwards, beside every soak invariant:

* every charged session was paid the full fee (its credit in the ledger >= the fee, charged once, = the fee);
* the ledger balances to the yen and agrees with the hardware (the soak's checks);
* the booth never went out of service (issue 12 item 2: "paid, then out of service" with
  "money: charge without the full fee"); every time it did, the reasons are listed.

Seeded and reproducible in its plans (the machine's own timing varies from run to run, which is the point);
bounded by count, with the soak's per-session limit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.soak import SESSION_LIMIT_S, SoakCitizen, SoakResult, run_soak  # noqa: E402

SERVER_FAULTS = {"server_503", "server_down", "drop_before", "drop_after"}
COIN_GAPS_MS = ((150, 200), (200, 300), (120, 300), (300, 1500))  # a coin takes about 150 ms to validate


@dataclass
class Timing:
    """One session's device timing."""

    coin_gap_ms: tuple[int, int] = (120, 300)
    scanner_delay_s: float = 0.03
    camera_ready_ms: int = 0
    hopper_coin_s: float = 0.06
    server_delay_s: float = 0.0
    tap_jitter_ms: int = 0

    @staticmethod
    def draw(rng: random.Random) -> Timing:
        return Timing(
            coin_gap_ms=rng.choice(COIN_GAPS_MS),
            scanner_delay_s=rng.choice([0.0, 0.03, rng.uniform(0.05, 0.5), rng.uniform(0.5, 1.5)]),
            camera_ready_ms=rng.choice([0, 0, rng.randint(50, 600), rng.randint(600, 2000)]),
            hopper_coin_s=rng.choice([0.01, 0.06, rng.uniform(0.1, 0.4), rng.uniform(0.4, 1.0)]),
            server_delay_s=rng.choice([0.0, 0.0, rng.uniform(0.05, 0.5), rng.uniform(0.5, 3.0)]),
            tap_jitter_ms=rng.choice([0, 20, 150, 600]),
        )


class TimingCitizen(SoakCitizen):
    """A soak citizen whose devices take a random time; it notes every time the booth goes out of service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timing = Timing()
        self.timings: Counter[str] = Counter()
        self.out_of_service: list[dict[str, Any]] = []
        self._ended_before_oos = -1

    def _new_plan(self) -> None:
        super()._new_plan()
        for fault in self.plan.faults - SERVER_FAULTS:  # device faults would take the booth out of service
            self.faults[fault] -= 1
            if self.faults[fault] <= 0:
                del self.faults[fault]
        self.plan.faults &= SERVER_FAULTS
        t = self.timing = Timing.draw(self.rng)
        self.plan.coin_gap_ms = t.coin_gap_ms  # the robot's pace between two coins
        self.timings[f"coin_gap_{t.coin_gap_ms[0]}-{t.coin_gap_ms[1]}ms"] += 1
        self.bus.coin_interval_s = t.hopper_coin_s
        self.scanner.decode_delay_s = t.scanner_delay_s
        faults = self.server.faults
        with faults.lock:
            faults.delay_s = t.server_delay_s
            faults.delay_next = -1 if t.server_delay_s else 0

    def later(self, ms: int, action: Any) -> None:
        jitter = self.rng.randint(0, self.timing.tap_jitter_ms) if self.timing.tap_jitter_ms else 0
        super().later(ms + jitter, action)

    def _on_guide(self) -> None:
        if self.camera is not None:
            delay = self.timing.camera_ready_ms
            if delay:
                self.camera.set_scene("nobody")  # the sitter is not in front of the camera yet
                self.later(delay, lambda: self.camera.set_scene("good"))
            else:
                self.camera.set_scene("good")
        self.tap("guide_ready")

    def _on_out_of_service(self) -> None:
        flow = self.booth.flow
        self.out_of_service.append({
            "session": self.ended + 1,
            "reasons": flow.out_of_service_reasons(),
            "timing": self.timing.__dict__.copy(),
            "plan": {"pay": self.plan.pay, "stop": self.plan.stop, "stop_at": self.plan.stop_at},
        })
        super()._on_out_of_service()


@dataclass
class TimingResult:
    soak: dict[str, Any] = field(default_factory=dict)
    burners: int = 0
    timings: dict[str, int] = field(default_factory=dict)
    charged: int = 0
    charged_short: list[dict[str, Any]] = field(default_factory=list)  # charged without the full fee
    out_of_service: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def start_burners(n: int) -> list[subprocess.Popen[bytes]]:
    code = "while True: pass"
    return [subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL) for _ in range(n)]


def campaign(sessions: int, seed: int, *, burners: int = 1, scale: float = 0.05, progress: bool = False,
             session_limit_s: float = SESSION_LIMIT_S) -> TimingResult:
    import sqlite3

    out = TimingResult(burners=burners)
    holder: dict[str, TimingCitizen] = {}

    class Citizen(TimingCitizen):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            holder["citizen"] = self

    def check(booth: Any, _result: SoakResult) -> None:
        fee = booth.cashier.fee_yen
        db = booth.ledger._db
        rows = db.execute(
            "SELECT txn, SUM(CASE WHEN kind = 'credited' THEN amount_yen ELSE 0 END),"
            " SUM(CASE WHEN kind = 'charged' THEN amount_yen ELSE 0 END),"
            " SUM(CASE WHEN kind = 'charged' THEN 1 ELSE 0 END) FROM money_events GROUP BY txn"
        ).fetchall()
        for txn, credit, charged, times in rows:
            if times:
                out.charged += 1
                if credit < fee or charged != fee or times != 1:
                    out.charged_short.append({"txn": txn, "credit": credit, "charged": charged, "times": times})

    t0 = time.monotonic()
    procs = start_burners(burners)
    try:
        result = run_soak(sessions, seed, scale=scale, progress=progress, citizen_class=Citizen,
                          before_shutdown=check, session_limit_s=session_limit_s)
    except sqlite3.Error as exc:  # the ledger's columns changed: say so instead of a traceback
        out.failures.append(f"ledger query failed: {exc}")
        return out
    except Exception as exc:  # the run's own checks broke: keep what was measured, say what broke
        import traceback

        out.failures.append(f"the soak's checks raised {exc!r}: {traceback.format_exc(limit=3)}")
        result = None
    finally:
        for p in procs:
            p.kill()
            p.wait()
    out.seconds = time.monotonic() - t0
    if result is not None:
        out.soak = result.__dict__ | {"ok": result.ok}
        out.failures = list(result.failures)
    citizen = holder.get("citizen")
    if citizen is not None:
        out.timings = dict(sorted(citizen.timings.items()))
        out.out_of_service = citizen.out_of_service
    if out.charged_short:
        out.failures.append(f"{len(out.charged_short)} sessions charged without the full fee: {out.charged_short[:5]}")
    if out.out_of_service:
        reasons = Counter(r for entry in out.out_of_service for r in entry["reasons"] or ["(none given)"])
        out.failures.append(f"out of service {len(out.out_of_service)} times with no fault injected: {dict(reasons)}")
    return out


def report(r: TimingResult, seed: int, soak: SoakResult | None = None) -> str:
    s = r.soak
    lines = [
        f"timing campaign: {s.get('sessions')} sessions in {r.seconds:.0f} s (seed {seed}), {r.burners} CPU burner(s)",
        f"  outcomes   {s.get('outcomes')}",
        f"  coin gaps  {r.timings}",
        f"  server faults {s.get('faults')}",
        f"  ledger     {s.get('ledger')}; hardware {s.get('hardware')}",
        f"  charged sessions {r.charged}, charged without the full fee {len(r.charged_short)}",
        f"  out of service {len(r.out_of_service)} times",
        f"  exactly-once: {s.get('charged_sessions')} charged = {s.get('server_received')} received + "
        f"{(s.get('outbox_depth') or 0) - len(s.get('awaiting_replay') or [])} queued (and "
        f"{len(s.get('awaiting_replay') or [])} received, queued for a replay: {(s.get('awaiting_replay') or [])[:3]})",
        f"  behaviours {s.get('behaviours')}",
    ]
    for entry in r.out_of_service[:5]:
        lines.append(f"    out of service at session {entry['session']}: {entry['reasons']} {entry['timing']}")
    lines.append("OK: every invariant holds" if not r.failures else "FAILED:\n  " + "\n  ".join(r.failures))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--burners", type=int, default=max(1, (os.cpu_count() or 2) - 1),
                        help="busy processes loading the machine (default: one per core but one)")
    parser.add_argument("--scale", type=float, default=0.05, help="timer scale (state timeouts, countdowns)")
    parser.add_argument("--session-limit-s", type=float, default=SESSION_LIMIT_S)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        r = campaign(args.sessions, args.seed, burners=args.burners, scale=args.scale, progress=not args.quiet,
                     session_limit_s=args.session_limit_s)
    except KeyboardInterrupt as exc:
        print(f"timing: {exc}", file=sys.stderr)
        return 130
    print(report(r, args.seed), flush=True)
    if args.json:
        args.json.write_text(json.dumps(r.__dict__, indent=1, default=str))
    return 0 if not r.failures else 1


if __name__ == "__main__":
    sys.exit(main())
