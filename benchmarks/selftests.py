"""Selftest campaign (issue 12 item 2): `kiosk selftest --simulate` many times on a loaded machine; count outcomes.

Run: ``python -m benchmarks.selftests [--runs 100] [--pay coins,note] [--jobs 2] [--burners 2]``. Each run is the
real command (`kiosk selftest --simulate --pay P`) in its own process on fresh stores (its own XDG_STATE_HOME, so
one run's out of service cannot spill into the next), while CPU burners load every core. Per run: the outcome and
reason of its JSON line, and, read from its ledger afterwards, every session charged without the full fee (credit
below the fee, or charged other than once at the fee) and the ledger's balance. The issue's case: a run that paid
1000 yen, went through every screen and ended out of service with "money: charge without the full fee".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FEE_YEN = 800  # the simulated booth's card-application fee (kiosk selftest pays it)


def _ledger(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"missing": True}
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
        rows = db.execute(
            "SELECT txn, SUM(CASE WHEN kind = 'credited' THEN amount_yen ELSE 0 END),"
            " SUM(CASE WHEN kind = 'charged' THEN amount_yen ELSE 0 END),"
            " SUM(CASE WHEN kind = 'charged' THEN 1 ELSE 0 END) FROM money_events GROUP BY txn").fetchall()
        sums = dict(db.execute("SELECT kind, SUM(amount_yen) FROM money_events GROUP BY kind").fetchall())
    short = [{"credit": c, "charged": ch, "times": n} for _t, c, ch, n in rows if n and (c < FEE_YEN or ch != FEE_YEN
                                                                                          or n != 1)]
    out = sum(sums.get(k, 0) or 0 for k in ("charged", "change_paid", "refunded", "unpaid"))
    return {"charged": sum(1 for r in rows if r[3]), "short": short, "unbalanced_yen": (sums.get("credited") or 0) - out}


def one(i: int, pay: str, timeout_s: float, keep: Path | None) -> dict[str, Any]:
    state = Path(tempfile.mkdtemp(prefix=f"kiosk-selftest-{i}-"))
    t0 = time.monotonic()
    env = dict(os.environ, XDG_STATE_HOME=str(state), QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.*=false")
    try:
        proc = subprocess.run([str(ROOT / ".venv" / "bin" / "kiosk"), "selftest", "--simulate", "--pay", pay,
                               "--timeout", str(timeout_s)], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout_s + 60)
        code, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = -9, str(exc.stdout or ""), str(exc.stderr or "")
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1]) if lines else {"outcome": "no JSON line"}
    r = {"run": i, "pay": pay, "exit": code, "seconds": round(time.monotonic() - t0, 1),
         "outcome": result.get("outcome"), "reason": result.get("reason", ""), "paid_yen": result.get("paid_yen"),
         "last_screen": (result.get("screens") or ["?"])[-1], "crash": "Fatal Python error" in err or code < 0,
         "ledger": _ledger(state / "kiosk" / "ledger.db")}
    if keep is not None and (r["outcome"] not in ("sent", "queued") or r["ledger"].get("short") or r["crash"]):
        shutil.copytree(state, keep / f"run-{i}-{pay}", dirs_exist_ok=True)
        (keep / f"run-{i}-{pay}" / "stderr.log").write_text(err)
    shutil.rmtree(state, ignore_errors=True)
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100, help="runs per payment kind")
    ap.add_argument("--pay", default="coins,note")
    ap.add_argument("--jobs", type=int, default=2, help="selftests at once")
    ap.add_argument("--burners", type=int, default=os.cpu_count() or 2, help="busy processes (default: one a core)")
    ap.add_argument("--timeout", type=float, default=180.0)
    ap.add_argument("--keep", type=Path, help="copy the state folder of every run that did not end sent/queued here")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    pays = args.pay.split(",")
    plan = [(i, pays[i % len(pays)]) for i in range(args.runs * len(pays))]
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"], stdin=subprocess.DEVNULL)
               for _ in range(args.burners)]
    t0 = time.monotonic()
    results: list[dict[str, Any]] = []
    loads: list[float] = []
    try:
        with ThreadPoolExecutor(args.jobs) as pool:
            for r in pool.map(lambda p: one(p[0], p[1], args.timeout, args.keep), plan):
                results.append(r)
                loads.append(os.getloadavg()[0])
                if len(results) % 10 == 0:
                    print(f"  {len(results)}/{len(plan)} runs, {time.monotonic() - t0:.0f} s, load {loads[-1]:.1f}",
                          file=sys.stderr, flush=True)
    finally:
        for b in burners:
            b.kill()
            b.wait()
    wall = time.monotonic() - t0
    by = {p: Counter(f"{r['outcome']}" + (f" ({r['reason']})" if r["reason"] else "") for r in results
                     if r["pay"] == p) for p in pays}
    short = [r for r in results if r["ledger"].get("short")]
    unbalanced = [r for r in results if r["ledger"].get("unbalanced_yen")]
    crashes = [r for r in results if r["crash"]]
    print(f"selftest campaign: {len(results)} runs in {wall:.0f} s, {args.jobs} at once, {args.burners} CPU burners; "
          f"load average (1 min) while running: min {min(loads):.1f}, max {max(loads):.1f}")
    for p in pays:
        print(f"  --pay {p}: {dict(by[p])}")
    print(f"  charged sessions {sum(r['ledger'].get('charged', 0) for r in results)}; charged without the full fee "
          f"{len(short)}; ledgers not balanced (open credit or worse) {len(unbalanced)}; crashes {len(crashes)}")
    for r in [r for r in results if r["outcome"] not in ("sent", "queued")][:10]:
        print(f"    run {r['run']} --pay {r['pay']}: {r['outcome']} {r['reason']!r} exit {r['exit']} last screen "
              f"{r['last_screen']} ledger {r['ledger']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    bad = short or crashes or any(r["outcome"] not in ("sent", "queued") for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
