"""Photo analysis speed: per-frame analysis at 640x480, LiveAnalyzer throughput at 1280x720, make_official."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.devices.base import Frame  # noqa: E402
from kiosk.photo import scenes  # noqa: E402
from kiosk.photo.checks import assess  # noqa: E402
from kiosk.photo.faces import FaceAnalyzer  # noqa: E402
from kiosk.photo.official import make_official  # noqa: E402


def _pcts(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"p50": round(statistics.median(ms), 2), "p95": round(ms[int(len(ms) * 0.95) - 1], 2)}


def _vga(img: np.ndarray) -> np.ndarray:
    """A 4:3 640x480 frame from the middle of a 16:9 scene."""
    h, w = img.shape[:2]
    x0 = (w - h * 4 // 3) // 2
    return cv2.resize(img[:, x0 : x0 + h * 4 // 3], (640, 480), interpolation=cv2.INTER_AREA)


def bench_analysis(analyzer: FaceAnalyzer, n: int) -> dict[str, dict[str, float]]:
    img = _vga(scenes.scene("good"))
    analyzer.analyse(img)
    faces_ms, checks_ms = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        result = analyzer.analyse(img)
        t1 = time.perf_counter()
        assess(img, result)
        t2 = time.perf_counter()
        faces_ms.append((t1 - t0) * 1000)
        checks_ms.append((t2 - t1) * 1000)
    return {"faces_640x480_ms": _pcts(faces_ms), "checks_640x480_ms": _pcts(checks_ms)}


def bench_live(analyzer: FaceAnalyzer, seconds: float) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.photo.live import LiveAnalyzer

    app = QCoreApplication.instance() or QCoreApplication([])
    frames = [scenes.scene("good"), scenes.scene("hat")]
    live = LiveAnalyzer(analyzer)
    done: list[float] = []
    live.analysed.connect(lambda r: done.append(r.elapsed_ms))
    counter = {"i": 0}

    def feed() -> None:
        counter["i"] += 1
        live.feed(Frame(frames[counter["i"] % 2], counter["i"]))

    timer = QTimer()
    timer.timeout.connect(feed)
    live.start()
    timer.start(33)  # a 30 fps camera
    t0 = time.perf_counter()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    timer.stop()
    live.stop()
    elapsed = time.perf_counter() - t0
    return {
        "fed_per_s": round(counter["i"] / elapsed, 1),
        "analysed_per_s": round(len(done) / elapsed, 1),
        "analysis_1280x720_ms_p50": round(statistics.median(done), 1) if done else 0.0,
    }


def bench_official(analyzer: FaceAnalyzer, n: int) -> dict[str, dict[str, float]]:
    img = scenes.scene("good")
    a = assess(img, analyzer.analyse(img))
    ms, size = [], 0
    for _ in range(n):
        t0 = time.perf_counter()
        size = len(make_official(img, a))
        ms.append((time.perf_counter() - t0) * 1000)
    return {"make_official_ms": _pcts(ms), "official_bytes": {"p50": size, "p95": size}}


def bench_lbp_cascade(n: int) -> dict[str, object]:
    """The alternative that installs here: scikit-image's LBP frontal-face cascade (boxes only)."""
    from skimage import data
    from skimage.feature import Cascade

    cascade = Cascade(data.lbp_frontal_face_cascade_filename())
    found = {}
    ms = []
    for name in ("good", "two_people", "nobody", "turned"):
        gray = cv2.cvtColor(_vga(scenes.scene(name)), cv2.COLOR_BGR2GRAY)
        t0 = time.perf_counter()
        boxes = cascade.detect_multi_scale(
            gray, scale_factor=1.2, step_ratio=1, min_size=(60, 60), max_size=(400, 400)
        )
        ms.append((time.perf_counter() - t0) * 1000)
        found[name] = len(boxes)
    for _ in range(max(0, n - 4)):
        gray = cv2.cvtColor(_vga(scenes.scene("good")), cv2.COLOR_BGR2GRAY)
        t0 = time.perf_counter()
        cascade.detect_multi_scale(
            gray, scale_factor=1.2, step_ratio=1, min_size=(60, 60), max_size=(400, 400)
        )
        ms.append((time.perf_counter() - t0) * 1000)
    return {"lbp_640x480_ms": _pcts(ms), "lbp_faces_found": found}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=100, help="repetitions per measure")
    ap.add_argument("--live-s", type=float, default=3.0, help="seconds of live throughput")
    ap.add_argument("--compare", action="store_true", help="also time scikit-image's LBP cascade")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    analyzer = FaceAnalyzer()
    out: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}",
        "model_load_ms": round((time.perf_counter() - t0) * 1000, 1),
    }
    out.update(bench_analysis(analyzer, args.n))
    out.update(bench_official(analyzer, max(5, args.n // 10)))
    out["live"] = bench_live(analyzer, args.live_s)
    if args.compare:
        out.update(bench_lbp_cascade(max(10, args.n // 5)))
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
