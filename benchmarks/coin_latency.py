"""Coin latency (coin into the simulator -> credit_changed) and CPU of the ccTalk polling, idle and paying.

Run: ``.venv/bin/python benchmarks/coin_latency.py [--coins 50] [--poll-ms 200]``. The simulator keeps 9600 baud
timing, so the figures include the wire time of each exchange.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.cctalk.hopper import CctalkHopper
from kiosk.devices.sim.cctalk_device import SimCctalkBus
from kiosk.flow.cashier import Cashier
from kiosk.store.ledger import Ledger


def _thread_cpu_s(native_id: int | None) -> float:
    """CPU seconds of one thread of this process (Linux /proc)."""
    if native_id is None:
        return 0.0
    try:
        fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pump(app: QCoreApplication, until: float) -> None:
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--coins", type=int, default=50)
    ap.add_argument("--poll-ms", type=int, default=200)
    ap.add_argument("--idle-s", type=float, default=5.0)
    ap.add_argument("--payout-coins", type=int, default=30)
    args = ap.parse_args()
    app = QCoreApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="coin-bench-"))
    sim = SimCctalkBus(coin_interval_s=0.1)  # about 10 coins a second, like a real hopper
    ledger = Ledger(tmp / "ledger.db")
    acceptor = CctalkCoinAcceptor(sim.port_path, poll_interval_ms=args.poll_ms)
    hopper = CctalkHopper(sim.port_path, bus=acceptor.bus)
    cashier = Cashier(acceptor, hopper, ledger, fee_yen=100_000)
    acceptor.start()
    hopper.start()
    _pump(app, time.monotonic() + 2.0)
    cashier.begin()
    cashier.open_intake()
    _pump(app, time.monotonic() + 0.5)

    latencies_ms: list[float] = []
    credited: list[float] = []
    cashier.credit_changed.connect(lambda _c: credited.append(time.perf_counter()))
    rnd = random.Random(1)
    for _ in range(args.coins):
        n = len(credited)
        t0 = time.perf_counter()
        sim.insert_coin(100)
        deadline = time.monotonic() + 2
        while len(credited) == n and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.0005)
        if len(credited) > n:
            latencies_ms.append((credited[-1] - t0) * 1000)
        _pump(app, time.monotonic() + rnd.uniform(0.05, 0.3))

    threads = [acceptor._thread, hopper._thread]
    ids = [t.native_id if t else None for t in threads]

    def measure(seconds: float | None, action: str) -> tuple[float, float, float]:
        cpu0, wall0 = time.process_time(), time.monotonic()
        thr0 = sum(_thread_cpu_s(i) for i in ids)
        if action == "pay":
            done: list[object] = []
            hopper.payout_finished.connect(done.append)
            hopper.pay_out(args.payout_coins)
            while not done:
                _pump(app, time.monotonic() + 0.05)
        else:
            _pump(app, time.monotonic() + (seconds or 0))
        wall = time.monotonic() - wall0
        return (
            wall,
            (time.process_time() - cpu0) / wall * 100,
            (sum(_thread_cpu_s(i) for i in ids) - thr0) / wall * 100,
        )

    idle = measure(args.idle_s, "idle")
    paying = measure(None, "pay")
    lat = sorted(latencies_ms)
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    print(f"coin -> credit_changed over {len(lat)} coins, poll {args.poll_ms} ms, 9600 baud simulated timing")
    print(f"  p50 {statistics.median(lat):6.1f} ms   p95 {p95:6.1f} ms   max {lat[-1]:6.1f} ms")
    print(f"{'phase':<10}{'wall s':>8}{'process CPU %':>16}{'driver threads CPU %':>22}")
    for name, (wall, proc_pct, thr_pct) in (("idle", idle), ("paying", paying)):
        print(f"{name:<10}{wall:8.1f}{proc_pct:16.1f}{thr_pct:22.1f}")
    print("(process CPU includes the simulator thread and this benchmark's event pumping)")
    cashier.close_intake()
    acceptor.stop()
    hopper.stop()
    sim.close()
    ledger.close()


if __name__ == "__main__":
    main()
