"""Benchmark: outbox put (seal + durable write) and put-to-reception-number latency on loopback."""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.devices.submitter import HttpSubmitter
from kiosk.flow.application import Application
from kiosk.server.reception import ReceptionServer, sample_jpeg
from kiosk.store.crypto import ensure_key
from kiosk.store.outbox import Outbox


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=50, help="applications to send")
    args = parser.parse_args()
    photo = sample_jpeg(seed=1, quality=17)  # about 150 KB
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        server = ReceptionServer("127.0.0.1", 0, root / "reception")
        server.start()
        key = ensure_key(root / "outbox.key")
        outbox = Outbox(root / "outbox.db", key)
        submitter = HttpSubmitter(root / "outbox.db", key, server.url)
        arrived: dict[str, threading.Event] = {}
        submitter.delivered.connect(lambda envelope, number: arrived[envelope].set(), Qt.DirectConnection)
        submitter.start()
        put_ms: list[float] = []
        send_ms: list[float] = []
        for n in range(args.n):
            app = Application(f"{n:023d}", date(1980, 1, 1), True, True, False, "bench", datetime.now(UTC))
            envelope = uuid.uuid4().hex
            arrived[envelope] = threading.Event()
            t0 = time.perf_counter()
            outbox.put(envelope, str(uuid.uuid4()), app.to_json(), photo, envelope[:8])
            t1 = time.perf_counter()
            submitter.wake()
            if not arrived[envelope].wait(10):
                raise SystemExit("an application was not delivered")
            t2 = time.perf_counter()
            put_ms.append((t1 - t0) * 1000)
            send_ms.append((t2 - t1) * 1000)
        submitter.stop()
        big = b"\xff\xd8" + os.urandom(7 * 1024 * 1024 - 4) + b"\xff\xd9"  # the largest photo the rules allow
        big_ms: list[float] = []
        for _ in range(5):
            t0 = time.perf_counter()
            outbox.put(uuid.uuid4().hex, str(uuid.uuid4()), b"{}", big, "big")
            big_ms.append((time.perf_counter() - t0) * 1000)
        outbox.close()
        server.stop()
    print(f"outbox put of a 7 MB photo: p50 {statistics.median(big_ms):.0f} ms, max {max(big_ms):.0f} ms")
    print(f"photo {len(photo) / 1000:.0f} KB, {args.n} applications, server received {server.received}")
    for name, values in (("outbox put (seal + fsync)", put_ms), ("wake -> reception number", send_ms)):
        print(
            f"{name:28s} p50 {statistics.median(values):6.1f} ms  p95 {percentile(values, 0.95):6.1f} ms  "
            f"max {max(values):6.1f} ms"
        )


if __name__ == "__main__":
    main()
