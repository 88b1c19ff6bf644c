"""Crash campaign for the money path: a booth (cashier + drivers + simulator) is SIGKILLed and restarted.

Run a campaign by hand: ``.venv/bin/python -m tests.e2e.money_crash --trials 50``. Each trial starts a child
booth that takes coins and pays change or refunds in random sessions, kills it at a random moment, then
starts it again in recovery mode and checks: every coin the device credited is in the ledger; inserted =
charged + change + refunded + unpaid with no session left open; and the coins that really left the hopper
equal the change and refunds in the ledger (nothing paid twice, nothing paid unrecorded).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FEE_YEN = 800


def child(workdir: Path, mode: str, seed: int) -> None:
    """The booth: 'run' does random sessions until killed, 'recover' settles and prints the totals."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
    from kiosk.devices.cctalk.hopper import CctalkHopper
    from kiosk.devices.sim.cctalk_device import COIN_TABLE, SimCctalkBus
    from kiosk.flow.cashier import Cashier
    from kiosk.store.ledger import Ledger

    app = QCoreApplication([])
    rnd = random.Random(seed)
    sim = SimCctalkBus(state_path=workdir / "devices.json", coin_interval_s=0.02, link_dir=workdir / "dev")
    ledger = Ledger(workdir / "ledger.db")
    acceptor = CctalkCoinAcceptor(
        sim.port_path, poll_interval_ms=50, resume_counter=ledger.last_acceptor_counter()
    )
    hopper = CctalkHopper(sim.port_path, bus=acceptor.bus)
    cashier = Cashier(acceptor, hopper, ledger, FEE_YEN)
    state = {"cancel_after": 0, "coins": 0, "paying": False}

    def next_session() -> None:
        cashier.begin()
        cashier.open_intake()
        state.update(cancel_after=rnd.choice([0, 0, 1, 2, 3]), coins=0, paying=False)

    def insert() -> None:
        if state["paying"] or not sim.master_inhibit_open or cashier.txn is None:
            return
        if state["cancel_after"] and state["coins"] >= state["cancel_after"]:
            state["paying"] = True
            cashier.refund()
            return
        enabled = [COIN_TABLE[p][2:5] for p in range(5) if sim.inhibit_mask >> p & 1]
        if enabled:
            sim.insert_coin(int(rnd.choice(enabled)))

    def on_credit(_credit: int) -> None:
        state["coins"] += 1

    def on_fee() -> None:
        state["paying"] = True
        cashier.charge()
        cashier.pay_change()

    def on_paid(_paid: int, _unpaid: int, _code: str) -> None:
        if state["paying"] and cashier.txn is not None:
            cashier.end()
            QTimer.singleShot(rnd.randint(0, 100), next_session)

    def on_recovered() -> None:
        if mode == "run":
            next_session()
            timer.start(60)
        else:
            QTimer.singleShot(300, report)

    def report() -> None:
        if cashier.busy or hopper.busy or sim.paying or acceptor.polls < 2:
            QTimer.singleShot(100, report)
            return
        check = ledger.balance_check()
        print(
            json.dumps(
                {
                    **check.as_dict(),
                    "device_credited": sim.credited_yen,
                    "hopper_paid_yen": sim.lifetime * hopper.coin_yen,
                }
            ),
            flush=True,
        )
        app.quit()

    timer = QTimer()
    timer.timeout.connect(insert)
    cashier.credit_changed.connect(on_credit)
    cashier.fee_reached.connect(on_fee)
    cashier.payout_finished.connect(on_paid)
    cashier.recovered.connect(on_recovered)
    acceptor.start()
    hopper.start()
    QTimer.singleShot(0, cashier.recover)
    print("started", flush=True)
    app.exec()
    acceptor.stop()
    hopper.stop()
    sim.close()


def _spawn(workdir: Path, mode: str, seed: int, stderr: int | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.money_crash",
            "--child",
            mode,
            "--dir",
            str(workdir),
            "--seed",
            str(seed),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def trial(seed: int, kills: int = 1) -> dict[str, int]:
    """One trial: run, SIGKILL at a random moment (kills times), recover, check. Raises AssertionError."""
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="money-crash-") as tmp:
        workdir = Path(tmp)
        for k in range(kills):
            proc = _spawn(workdir, "run", seed * 100 + k, subprocess.DEVNULL)
            assert proc.stdout is not None
            proc.stdout.readline()  # "started": Qt and the drivers are up
            time.sleep(rnd.uniform(0.8, 3.0))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        proc = _spawn(workdir, "recover", seed, subprocess.PIPE)
        out, err = proc.communicate(timeout=60)
        lines = out.strip().splitlines()
        assert proc.returncode == 0 and lines and lines[-1].startswith("{"), err[-3000:]
        totals = json.loads(lines[-1])
    assert totals["open"] == 0, totals
    assert totals["inserted"] == totals["device_credited"], totals  # no coin lost, none credited twice
    assert (
        totals["inserted"] == totals["charged"] + totals["change"] + totals["refunded"] + totals["unpaid"]
    ), totals
    assert totals["hopper_paid_yen"] == totals["change"] + totals["refunded"], totals  # nothing paid twice
    return totals


def campaign(trials: int, kills: int = 1, seed: int = 1, workers: int = 2) -> list[dict[str, int]]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda i: trial(seed * 1000 + i, kills), range(trials)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--kills", type=int, default=1, help="SIGKILLs per trial before the final recovery")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--child", choices=("run", "recover"))
    ap.add_argument("--dir", type=Path)
    args = ap.parse_args()
    if args.child:
        child(args.dir, args.child, args.seed)
        return
    results = campaign(args.trials, args.kills, args.seed)
    inserted = sum(r["inserted"] for r in results)
    print(f"{len(results)} trials passed (seed {args.seed}); {inserted} yen inserted in all")


if __name__ == "__main__":
    main()
