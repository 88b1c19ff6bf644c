"""Bill latency (note into the simulated ID-003 validator -> note_stacked) and the CPU of the driver's polling.

Run: ``.venv/bin/python benchmarks/bill_latency.py [--notes 20] [--poll-ms 100] [--idle-s 20] [--sessions 20]``.
The simulator keeps the validator's own pace (1.5 s to escrow, 2.0 s from STACK-1 to VEND VALID, docs/devices.md)
and the wire time of 9600 baud 8E1, so the figures are that floor plus what the driver adds.

Part 1, the driver alone: each note is stacked as soon as it is escrowed and each credit confirmed at once.
Part 2, the whole booth (simulator mode, offscreen, the real screens, cashier, ledger and flow; --sessions, 0 to
skip): a 1000-yen note for the 800-yen fee on the payment screen. Clocks start when the note goes into the
simulated validator and stop at the paint of the payment screen showing the credit (the note held in escrow), at
the ledger's credit of the stacked note, and at the paint of the scan screen (change paid). Each session is then
cancelled from the scan screen (refunded in coins).
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

from kiosk.devices.base import HealthState
from kiosk.devices.cctalk.acceptor import CctalkCoinAcceptor
from kiosk.devices.id003.validator import Id003BillValidator
from kiosk.devices.sim.cctalk_device import SimCctalkBus
from kiosk.devices.sim.id003_device import SimBillValidator, SimTiming


def _thread_cpu_s(native_id: int | None) -> float:
    """CPU seconds of one thread of this process (Linux /proc)."""
    if native_id is None:
        return 0.0
    try:
        fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pump(app: QCoreApplication, until: float, done: object = None) -> None:
    while time.monotonic() < until and not (callable(done) and done()):
        app.processEvents()
        time.sleep(0.0005)


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--notes", type=int, default=20)
    ap.add_argument("--poll-ms", type=int, default=100)
    ap.add_argument("--idle-s", type=float, default=20.0)  # CPU is counted in 10 ms ticks
    ap.add_argument("--sessions", type=int, default=20)
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])  # part 2 needs widgets
    timing = SimTiming()
    sim = SimBillValidator(timing=timing, link_dir=Path(tempfile.mkdtemp(prefix="bill-bench-")))
    bv = Id003BillValidator(sim.port_path, notes=(1000,), poll_interval_ms=args.poll_ms)
    escrowed: list[tuple[float, str]] = []
    stacked: list[tuple[float, str]] = []

    def on_escrowed(_value: int, note_id: str) -> None:
        escrowed.append((time.perf_counter(), note_id))
        bv.stack(note_id)  # the booth keeps it at once

    def on_stacked(_value: int, note_id: str) -> None:
        stacked.append((time.perf_counter(), note_id))
        bv.confirm_stacked(note_id)  # the ledger would write the credit here

    bv.note_escrowed.connect(on_escrowed)
    bv.note_stacked.connect(on_stacked)
    bv.start()
    _pump(app, time.monotonic() + 15, lambda: bv.health.state is HealthState.OK and sim.phase == "disabled")
    bv.set_accepted(frozenset({1000}))
    _pump(app, time.monotonic() + 5, lambda: sim.phase == "idling")

    to_escrow_ms: list[float] = []
    to_stacked_ms: list[float] = []
    rnd = random.Random(1)
    for _ in range(args.notes):
        _pump(app, time.monotonic() + rnd.uniform(0.0, 0.5))  # a citizen arrives at any moment of the poll cycle
        n = len(stacked)
        t0 = time.perf_counter()
        if not sim.insert_note(1000):
            print("the validator did not take the note", file=sys.stderr)
            break
        _pump(app, time.monotonic() + 15, lambda n=n: len(stacked) > n)
        if len(stacked) > n:
            to_escrow_ms.append((escrowed[-1][0] - t0) * 1000)
            to_stacked_ms.append((stacked[-1][0] - t0) * 1000)
        _pump(app, time.monotonic() + 5, lambda: sim.phase == "idling")

    # same-run baseline: the ccTalk coin acceptor's polling thread (200 ms, 8N1 wire timing) in the same idle window
    coins = SimCctalkBus()
    acceptor = CctalkCoinAcceptor(coins.port_path, poll_interval_ms=200)
    acceptor.start()
    _pump(app, time.monotonic() + 10, lambda: acceptor.health.state is HealthState.OK)
    ids = [t.native_id if t else None for t in (bv._worker.thread, acceptor._worker.thread)]
    cpu0, wall0, polls0 = time.process_time(), time.monotonic(), bv.polls
    thr0 = [_thread_cpu_s(i) for i in ids]
    _pump(app, time.monotonic() + args.idle_s)
    wall = time.monotonic() - wall0
    proc_pct = (time.process_time() - cpu0) / wall * 100
    thr_pct, coin_pct = ((_thread_cpu_s(i) - t0) / wall * 100 for i, t0 in zip(ids, thr0, strict=True))
    polls_per_s = (bv.polls - polls0) / wall
    acceptor.stop()
    coins.close()

    floor_ms = (timing.accept_s + timing.stack_s) * 1000
    print(f"note -> note_stacked over {len(to_stacked_ms)} notes, poll {args.poll_ms} ms, simulated ID-003 timing "
          f"(accept {timing.accept_s:.1f} s + stack {timing.stack_s:.1f} s = floor {floor_ms:.0f} ms)")
    print(f"  p50 {statistics.median(to_stacked_ms):7.1f} ms   p95 {_pct(to_stacked_ms, 0.95):7.1f} ms   "
          f"max {max(to_stacked_ms):7.1f} ms   (p95 above the floor {_pct(to_stacked_ms, 0.95) - floor_ms:.1f} ms)")
    print(f"note -> note_escrowed p50 {statistics.median(to_escrow_ms):7.1f} ms   p95 {_pct(to_escrow_ms, 0.95):7.1f} ms"
          f"   (floor {timing.accept_s * 1000:.0f} ms)")
    print(f"idle polling over {wall:.1f} s: {polls_per_s:.1f} status polls/s; driver thread CPU {thr_pct:.2f} %; "
          f"process CPU {proc_pct:.1f} % (includes both simulators' threads and this benchmark's event pumping)")
    print(f"baseline, same window: ccTalk coin acceptor thread CPU {coin_pct:.2f} % (polled every 200 ms)")
    print(f"validator: stacked {sim.stacked_yen} yen in {sim.stacker_count} notes, returned {sim.returned_yen} yen")
    bv.stop()
    sim.close()
    if args.sessions > 0:
        booth_sessions(args.sessions)


def booth_sessions(sessions: int) -> None:
    from PySide6.QtWidgets import QApplication

    from benchmarks.soak import TODAY
    from benchmarks.ui_latency import PaintClock
    from kiosk import config, log
    from kiosk.app import Booth, Options

    log.setup("ERROR")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    work = Path(tempfile.mkdtemp(prefix="bill-bench-booth-"))
    cfg = config.from_dict({"booth": {"simulate": True, "fee_yen": 800}, "storage": {"dir": str(work)}}).simulated()
    booth = Booth(cfg, app, Options(today=lambda: TODAY, size=(1280, 800), show_panel=False))
    clock = PaintClock(booth)
    app.installEventFilter(clock)
    flow, sim = booth.flow, booth.devices.sims.bills
    bv = booth.devices.bill_validator
    credited: list[float] = []
    booth.cashier.note_credited.connect(lambda _v: credited.append(time.perf_counter()))
    booth.start()
    _pump(app, time.monotonic() + 30, lambda: flow.current == "attract" and bv.health.ok)
    booth.devices.sims.cctalk.hopper_coins = 1900
    booth.hopper_stock.record_refill(1900 - (booth.hopper_stock.estimate or 0))
    to_credit_ms: list[float] = []
    shown = booth.window.screens["payment"].credit_value
    rnd = random.Random(2)
    for _ in range(sessions):
        for state, action in (("attract", "start"), ("menu", "my_number"), ("notice", "agree")):
            _pump(app, time.monotonic() + 10, lambda s=state: flow.current == s)
            flow.request(state, action)
        _pump(app, time.monotonic() + 10, lambda: flow.current == "payment" and sim.phase == "idling"
              and not bv._settings_dirty)
        _pump(app, time.monotonic() + rnd.uniform(0.0, 0.3))
        n = len(credited)
        clock.start("held", lambda: flow.current == "payment" and "1,000" in shown.text())
        clock.start("scan", lambda: flow.current == "scan")
        t0 = time.perf_counter()
        if not sim.insert_note(1000):
            print("the validator did not take the note", file=sys.stderr)
            break
        _pump(app, time.monotonic() + 15, lambda: flow.current == "scan" and len(clock.samples.get("scan", [])) > 0
              and not clock.pending)
        if len(credited) > n:
            to_credit_ms.append((credited[-1] - t0) * 1000)
        flow.request("scan", "cancel")
        _pump(app, time.monotonic() + 20, lambda: flow.current == "cancel" and not booth.cashier.busy)
        flow.request("cancel", "finish")
        _pump(app, time.monotonic() + 10, lambda: flow.current == "attract")
        clock.pending.clear()
    held, scan = clock.samples.get("held", []), clock.samples.get("scan", [])
    print(f"whole booth, {len(held)} sessions paying a 1000-yen note for the 800-yen fee:")
    for name, values in (("note -> credit painted (held in escrow)", held),
                         ("note -> credit in the ledger (stacked)", to_credit_ms),
                         ("note -> scan painted (change paid)", scan)):
        if values:
            print(f"  {name:<42} p50 {statistics.median(values):7.1f} ms   p95 {_pct(values, 0.95):7.1f} ms   "
                  f"max {max(values):7.1f} ms")
    check = booth.ledger.balance_check()
    print(f"  ledger balanced: {check.ok} {check.as_dict()}")
    booth.shutdown()


if __name__ == "__main__":
    main()
