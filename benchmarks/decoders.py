"""Benchmark: QR decoders on generated camera frames, and serial scan-to-signal latency.

Run: .venv/bin/python benchmarks/decoders.py [--frames 40] [--scans 40]
Prints markdown tables: success rate and median milliseconds per frame for zxing-cpp, pyzbar and OpenCV on
the same frames (kiosk.devices.sim.qr_payloads.qr_frame: a printed code on paper under CASES) at 640x480 and
1280x720, then SimScanner.present -> SerialScanner.code_read latency (p50/p95) over a pty.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

from kiosk.devices import qr_decoders
from kiosk.devices.sim.qr_payloads import CASES, official_url, qr_frame, random_id

RESOLUTIONS = ((640, 480), (1280, 720))


def bench_decoders(frames_per_case: int) -> None:
    names = list(qr_decoders.DECODERS)
    for width, height in RESOLUTIONS:
        print(f"\n### {width}x{height}, {frames_per_case} frames per case\n")
        print("| case | " + " | ".join(f"{n} ok | {n} ms" for n in names) + " |")
        print("|---|" + "---:|---:|" * len(names))
        totals = {n: [0, []] for n in names}  # hits, times
        for case_index, case in enumerate(CASES):
            rng = np.random.default_rng(1000 * case_index + width)
            ids = random.Random(case_index)
            frames = []
            for _ in range(frames_per_case):
                payload = official_url(random_id(ids))
                frames.append((payload, qr_frame(payload, width, height, case, rng)))
            cells = []
            for name in names:
                decode = qr_decoders.get(name)
                decode(frames[0][1])  # warm up
                hits, times_ms = 0, []
                for payload, frame in frames:
                    start = time.perf_counter()
                    texts = decode(frame)
                    times_ms.append((time.perf_counter() - start) * 1000)
                    hits += payload in texts
                totals[name][0] += hits
                totals[name][1] += times_ms
                cells.append(f"{100 * hits / len(frames):.0f}% | {statistics.median(times_ms):.1f}")
            print(f"| {case} | " + " | ".join(cells) + " |")
        n_all = frames_per_case * len(CASES)
        cells = [f"**{100 * h / n_all:.0f}%** | **{statistics.median(t):.1f}**" for h, t in totals.values()]
        print("| all | " + " | ".join(cells) + " |")


def bench_serial(scans: int) -> None:
    from PySide6.QtCore import QCoreApplication

    from kiosk.devices.base import HealthState
    from kiosk.devices.scanner import SerialScanner
    from kiosk.devices.sim.scanner_device import SimScanner

    app = QCoreApplication.instance() or QCoreApplication([])
    sim = SimScanner(suffix="CR")
    reader = SerialScanner(sim.port_path, suffix="CR", hold_s=0.0)
    arrived: list[float] = []
    reader.code_read.connect(lambda _payload: arrived.append(time.perf_counter()))
    reader.start()
    deadline = time.monotonic() + 5
    while reader.health.state is not HealthState.OK and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    reader.set_enabled(True)
    latencies_ms: list[float] = []
    payload_len = 0
    for _ in range(scans):
        payload = official_url(random_id())
        payload_len = len(payload)
        count = len(arrived)
        start = time.perf_counter()
        sim.present(payload)
        while len(arrived) == count and time.perf_counter() - start < 3:
            app.processEvents()
            time.sleep(0.0005)
        if len(arrived) > count:
            latencies_ms.append((arrived[-1] - start) * 1000)
    reader.stop()
    sim.close()
    q = statistics.quantiles(latencies_ms, n=20)
    wire_ms = (payload_len + 1) * sim.byte_s * 1000
    print(
        f"\n### Serial scan-to-signal ({len(latencies_ms)}/{scans} scans, {payload_len}-byte URL + CR, 9600 baud)\n"
    )
    print("| p50 ms | p95 ms | of which simulated decode delay + wire time ms |")
    print("|---:|---:|---:|")
    print(
        f"| {statistics.median(latencies_ms):.1f} | {q[18]:.1f} | {sim.decode_delay_s * 1000 + wire_ms:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=40, help="frames per case and resolution")
    parser.add_argument("--scans", type=int, default=40, help="serial scans to time")
    parser.add_argument("--skip-serial", action="store_true")
    args = parser.parse_args()
    bench_decoders(args.frames)
    if not args.skip_serial:
        bench_serial(args.scans)


if __name__ == "__main__":
    main()
