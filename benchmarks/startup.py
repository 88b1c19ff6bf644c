"""Start-up: process start to the first painted attract screen, against a bare PySide6 window in the same run.

Run: ``.venv/bin/python -m benchmarks.startup [--runs 5] [--json FILE]``. Each run starts a fresh Python process
(simulator mode, offscreen, an empty storage folder) and stops the clock when the attract screen's first paint
event is delivered; the baseline process shows a plain QWidget and stops at its first paint. Runs alternate
so both see the same machine load. Prints the medians and their ratio (goal: at most 1.5x).
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

        marks: dict[str, float] = {}

        def report(what: str) -> None:
            marks.setdefault(what, time.time())
            if len(marks) == 2:  # the attract screen is on screen and the booth takes a tap
                print(
                    f"painted {max(marks.values()):.6f} first_paint {marks['paint']:.6f} ready {marks['ready']:.6f}",
                    flush=True,
                )
                os._exit(0)

        def is_attract(obj: QObject) -> bool:
            if "paint" in marks or not isinstance(obj, QWidget):
                return False
            screen = booth.window.screens["attract"]
            if booth.window.stack.currentWidget() is screen and (obj is screen or screen.isAncestorOf(obj)):
                report("paint")
            return False

        booth.ready.connect(lambda: report("ready"))
        watcher = FirstPaint(is_attract)
        app.installEventFilter(watcher)
        booth.start()
    app.exec()
    return 1


def measure(kind: str) -> tuple[float, float]:
    """Seconds from just before the process is spawned to (the screen painted and ready, its first paint)."""
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
                first = float(words[3]) if len(words) > 3 else float(words[1])
                return float(words[1]) - t0, first - t0
        raise RuntimeError(f"{kind} never painted: {proc.stderr[-1500:]}")


def run(runs: int) -> dict[str, float]:
    booth: list[float] = []
    first_paint: list[float] = []
    bare: list[float] = []
    measure("bare")  # warm the file cache for both
    measure("booth")
    for _ in range(runs):
        bare.append(measure("bare")[0])
        ready, first = measure("booth")
        booth.append(ready)
        first_paint.append(first)
    b, w = statistics.median(booth), statistics.median(bare)
    return {
        "booth_s": round(b, 3),
        "booth_first_paint_s": round(statistics.median(first_paint), 3),
        "bare_s": round(w, 3),
        "ratio": round(b / w, 2),
        "booth_max_s": round(max(booth), 3),
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
        f"start-up to the attract screen painted and ready, median of {args.runs}: booth {out['booth_s']:.2f} s "
        f"(first paint {out['booth_first_paint_s']:.2f} s), "
        f"bare PySide6 window {out['bare_s']:.2f} s, ratio {out['ratio']:.1f}x (goal <= 1.5x)"
    )
    if args.json:
        args.json.write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
