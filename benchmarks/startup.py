"""Start-up: process start to the attract screen painted and taking taps, against a bare PySide6 window in the
same run; then until the money is settled and intake can open; and the booth's memory once started.

Run: ``.venv/bin/python -m benchmarks.startup [--runs 5] [--json FILE]``. Each run starts a fresh Python process
(simulator mode, offscreen, an empty storage folder). The booth's clocks stop at: the attract screen's first
paint; "taps", the first moment it is painted and the flow is on attract (a tap is taken); "money", the flow's
ready signal with every required device up (recovery over, the coin acceptor identified: intake can open); the
resident memory (VmRSS) is read one second after that. The baseline process shows a plain QWidget and stops at
its first paint. Runs alternate so both see the same machine load. Prints the medians, the ratio of "taps" to
the bare window (goal: at most 3x) and "money" after "taps" (goal: at most 0.5 s), RSS (goal: under 200 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(kind: str, storage: str) -> int:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])

    class FirstPaint(QObject):
        def __init__(self, accept: object) -> None:
            super().__init__()
            self.accept = accept

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.accept(obj):  # type: ignore[operator]
                print(f"painted {time.time():.6f}", flush=True)
                os._exit(0)
            return False

    if kind == "bare":
        window = QWidget()
        window.resize(1280, 800)
        watcher = FirstPaint(lambda obj: obj is window)
        app.installEventFilter(watcher)
        window.show()
    else:
        from kiosk import config, log
        from kiosk.app import Booth, Options

        log.setup("ERROR")
        cfg = config.from_dict({"booth": {"simulate": True}, "storage": {"dir": storage}}).simulated()
        booth = Booth(cfg, app, Options(size=(1280, 800), show_panel=False))

        from PySide6.QtCore import QTimer

        marks: dict[str, float] = {}

        def rss_mb() -> float:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
            return 0.0

        def mark(what: str) -> None:
            marks.setdefault(what, time.time())
            check()

        def check() -> None:
            if "paint" in marks and booth.flow.current == "attract":
                marks.setdefault("taps", time.time())
            if "paint" in marks and "taps" in marks and "ready" in marks and booth.flow.devices_ok() \
                    and not booth.flow.waiting_for_devices():
                marks.setdefault("money", time.time())
            if "money" in marks and "done" not in marks:
                marks["done"] = 0.0
                QTimer.singleShot(1000, finish)

        def finish() -> None:
            print(f"painted {marks['taps']:.6f} first_paint {marks['paint']:.6f} money {marks['money']:.6f} "
                  f"rss_mb {rss_mb():.1f}", flush=True)
            os._exit(0)

        def is_attract(obj: QObject) -> bool:
            if "paint" in marks or not isinstance(obj, QWidget):
                return False
            screen = booth.window.screens["attract"]
            if booth.window.stack.currentWidget() is screen and (obj is screen or screen.isAncestorOf(obj)):
                mark("paint")
            return False

        booth.ready.connect(lambda: mark("ready"))
        booth.flow.state_entered.connect(lambda _s: check())
        for device in booth.devices.all():
            device.health_changed.connect(lambda _h: check())
        watcher = FirstPaint(is_attract)
        app.installEventFilter(watcher)
        booth.start()
    app.exec()
    return 1


def measure(kind: str) -> dict[str, float]:
    """Seconds from just before the process is spawned to each mark (the bare window: its first paint)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-startup-") as tmp:
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            QT_QPA_PLATFORM="offscreen",
            QT_LOGGING_RULES="qt.*=false",
            XDG_STATE_HOME=tmp,
        )
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.startup", "--child", kind, "--dir", tmp],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        for line in proc.stdout.splitlines():
            if line.startswith("painted "):
                words = line.split()
                values = dict(zip(words[::2], map(float, words[1::2]), strict=True))
                return {k: (v if k == "rss_mb" else v - t0) for k, v in values.items()}
        raise RuntimeError(f"{kind} never painted: {proc.stderr[-1500:]}")


def run(runs: int) -> dict[str, float]:
    booth: list[dict[str, float]] = []
    bare: list[float] = []
    measure("bare")  # warm the file cache for both
    measure("booth")
    for _ in range(runs):
        bare.append(measure("bare")["painted"])
        booth.append(measure("booth"))

    def med(key: str) -> float:
        return statistics.median(b[key] for b in booth)

    w = statistics.median(bare)
    return {
        "booth_taps_s": round(med("painted"), 3),
        "booth_first_paint_s": round(med("first_paint"), 3),
        "booth_money_s": round(med("money"), 3),
        "money_after_taps_s": round(statistics.median(b["money"] - b["painted"] for b in booth), 3),
        "rss_mb": round(med("rss_mb"), 1),
        "bare_s": round(w, 3),
        "ratio": round(med("painted") / w, 2),
        "booth_max_s": round(max(b["painted"] for b in booth), 3),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", choices=("booth", "bare"))
    parser.add_argument("--dir", default="")
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.dir)
    out = run(args.runs)
    print(
        f"start-up, median of {args.runs}: attract painted and taking taps {out['booth_taps_s']:.2f} s (first paint "
        f"{out['booth_first_paint_s']:.2f} s), bare PySide6 window {out['bare_s']:.2f} s, ratio {out['ratio']:.1f}x "
        f"(goal <= 3x); money settled and intake able to open {out['money_after_taps_s']:.2f} s after that "
        f"(goal <= 0.5 s); RSS {out['rss_mb']:.0f} MB one second later (goal < 200 MB)"
    )
    if args.json:
        args.json.write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
