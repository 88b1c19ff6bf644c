"""Photo analysis speed: faces plus checks of a 1280x720 camera frame, LiveAnalyzer throughput, make_official.

`--baseline REF` also times the same frames with kiosk/ as it is at another git revision, in alternating blocks
with this code's (two worker processes, one running at a time), so that both figures come from the same machine
under the same load. Goal (issue 15): faces plus checks at 1280x720, p95 under 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# the frames timed: what the camera screen mostly sees, and the scenes whose checks do the most work
FRAME_SCENES = ("good", "good", "good", "shadow", "hat", "two_people", "busy_background", "turned")


def _pcts(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"p50": round(statistics.median(ms), 2), "p95": round(ms[max(0, int(len(ms) * 0.95) - 1)], 2),
            "n": len(ms)}


class _Frames:
    """The timed frames and a face analyser, loaded once; time(n) analyses and checks the next n frames."""

    def __init__(self) -> None:
        from kiosk.photo import scenes
        from kiosk.photo.checks import assess
        from kiosk.photo.faces import FaceAnalyzer

        self._assess = assess
        self._analyzer = FaceAnalyzer()
        rng = np.random.default_rng(1)
        self._frames = []
        for name in FRAME_SCENES:
            img = scenes.scene(name)
            noise = rng.integers(-2, 3, img.shape, dtype=np.int16)
            self._frames.append(np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8))
        self._i = 0
        self.time(len(self._frames))  # warm up

    def time(self, n: int) -> list[tuple[float, float]]:
        out = []
        for _ in range(n):
            f = self._frames[self._i % len(self._frames)]
            self._i += 1
            t0 = time.perf_counter()
            result = self._analyzer.analyse(f)
            t1 = time.perf_counter()
            self._assess(f, result)
            t2 = time.perf_counter()
            out.append(((t1 - t0) * 1000, (t2 - t1) * 1000))
        return out


def _figures(samples: list[tuple[float, float]]) -> dict[str, dict[str, float]]:
    return {"faces_1280x720_ms": _pcts([a for a, _ in samples]),
            "checks_1280x720_ms": _pcts([b for _, b in samples]),
            "faces_and_checks_1280x720_ms": _pcts([a + b for a, b in samples])}


def serve() -> int:
    """Worker mode: read a count per line, answer the timings of that many frames as one JSON line."""
    frames = _Frames()
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(frames.time(int(line))), flush=True)
    return 0


def _worker(root: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, str(root / "benchmarks" / "photo_analysis.py"), "--serve"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=root, env=dict(os.environ, PYTHONPATH=str(root)))
    assert proc.stdout is not None
    while proc.stdout.readline().strip() != "ready":
        if proc.poll() is not None:
            raise RuntimeError(f"the benchmark worker in {root} did not start")
    return proc


def _ask(proc: subprocess.Popen[str], n: int) -> list[tuple[float, float]]:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{n}\n")
    proc.stdin.flush()
    return [tuple(x) for x in json.loads(proc.stdout.readline())]


def bench_frames(n: int, baseline_ref: str | None) -> dict[str, object]:
    """This code's frame timings and, with a baseline, the other revision's, taken in alternating blocks of 20
    frames by two worker processes (one at a time), so that both see the same machine load."""
    workers = {"this": _worker(ROOT)}
    tmp = None
    label = ""
    if baseline_ref:
        tmp = Path(tempfile.mkdtemp(prefix="kiosk-photo-baseline-"))
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", baseline_ref, "kiosk"], capture_output=True,
                                 check=True)
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
        (tmp / "benchmarks").mkdir()
        shutil.copy(Path(__file__), tmp / "benchmarks" / "photo_analysis.py")
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", baseline_ref],
                                capture_output=True, text=True, check=True).stdout.strip()
        label = f"{baseline_ref} ({commit})"
        workers["baseline"] = _worker(tmp)
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in workers}
    try:
        while len(samples["this"]) < n:
            for name, proc in workers.items():
                samples[name] += _ask(proc, min(20, n - len(samples[name])))
    finally:
        for proc in workers.values():
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=30)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    out: dict[str, object] = dict(_figures(samples["this"]))
    if "baseline" in samples:
        out["baseline"] = {"ref": label, **_figures(samples["baseline"])}
    return out


def bench_live(seconds: float) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.devices.base import Frame
    from kiosk.photo import scenes
    from kiosk.photo.faces import FaceAnalyzer
    from kiosk.photo.live import LiveAnalyzer

    app = QCoreApplication.instance() or QCoreApplication([])
    frames = [scenes.scene("good"), scenes.scene("hat")]
    live = LiveAnalyzer(FaceAnalyzer())
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
        "analysis_1280x720_ms_p95": _pcts(done)["p95"] if done else 0.0,
    }


def bench_official(n: int) -> dict[str, dict[str, float]]:
    from kiosk.photo import scenes
    from kiosk.photo.checks import assess
    from kiosk.photo.faces import FaceAnalyzer
    from kiosk.photo.official import make_official

    analyzer = FaceAnalyzer()
    img = scenes.scene("good")
    a = assess(img, analyzer.analyse(img))
    ms, size = [], 0
    for _ in range(n):
        t0 = time.perf_counter()
        size = len(make_official(img, a))
        ms.append((time.perf_counter() - t0) * 1000)
    return {"make_official_ms": _pcts(ms), "official_bytes": {"p50": size, "p95": size}}


def bench_lbp_cascade(n: int) -> dict[str, object]:
    """The alternative that installs here: scikit-image's LBP frontal-face cascade (boxes only), at 640x480."""
    import cv2
    from skimage import data
    from skimage.feature import Cascade

    from kiosk.photo import scenes

    def vga(img: np.ndarray) -> np.ndarray:
        h, w = img.shape[:2]
        x0 = (w - h * 4 // 3) // 2
        return cv2.resize(img[:, x0 : x0 + h * 4 // 3], (640, 480), interpolation=cv2.INTER_AREA)

    cascade = Cascade(data.lbp_frontal_face_cascade_filename())
    found, ms = {}, []
    for name in ("good", "two_people", "nobody", "turned") + ("good",) * max(0, n - 4):
        gray = cv2.cvtColor(vga(scenes.scene(name)), cv2.COLOR_BGR2GRAY)
        t0 = time.perf_counter()
        boxes = cascade.detect_multi_scale(gray, scale_factor=1.2, step_ratio=1, min_size=(60, 60),
                                           max_size=(400, 400))
        ms.append((time.perf_counter() - t0) * 1000)
        found.setdefault(name, len(boxes))
    return {"lbp_640x480_ms": _pcts(ms), "lbp_faces_found": found}


def bench_stages(n: int) -> dict[str, dict[str, float]]:
    """Faces and checks of the benchmark's frames by stage (ms per frame, p50 and p95 over the frames), each stage
    timed by a perf_counter wrapper around its function, in this process only: each detector with its crop and
    decoding (both, with the box merging, in "both detectors"), the mesh, the irises, the crown and backdrop, the
    view, and every check; the person/backdrop split is also inside the first background check (which runs it).
    A stage a frame does not run counts as 0 for that frame. cpu_p50 and cpu_p95 are the same stages' thread CPU
    time (time.thread_time): what the stage costs, without the waits for a core on a loaded machine."""
    from kiosk.photo import checks
    from kiosk.photo.faces import FaceAnalyzer

    frames = _Frames()
    analyzer: FaceAnalyzer = frames._analyzer
    per_frame: dict[str, tuple[float, float]] = {}  # stage: wall ms, CPU ms

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                wall, cpu = per_frame.get(name, (0.0, 0.0))
                per_frame[name] = (wall + (time.perf_counter() - t0) * 1000, cpu + (time.thread_time() - c0) * 1000)
        return run

    detect_one = analyzer._detect_one
    models = {id(analyzer._short): "faces: short-range detector", id(analyzer._full): "faces: full-range detector"}
    analyzer._detect_one = lambda img, model, anchors: timed(  # type: ignore[method-assign]
        models[id(model)], detect_one)(img, model, anchors)
    for attr, name in (("_detect", "faces: both detectors and box merging"), ("_mesh_for", "faces: mesh"),
                       ("_iris_for", "faces: irises (two eyes)")):
        setattr(analyzer, attr, timed(name, getattr(analyzer, attr)))
    checks._geometry = timed("checks: crown and backdrop", checks._geometry)  # type: ignore[assignment]
    checks._make_view = timed("checks: view", checks._make_view)  # type: ignore[assignment]
    checks._person_and_background = timed(  # type: ignore[assignment]
        "checks: person/backdrop split", checks._person_and_background)
    for cid, fn in list(checks.CHECKS.items()):
        checks.CHECKS[cid] = timed(f"check {cid}", fn)
    analyse, assess = analyzer.analyse, frames._assess
    analyzer.analyse = timed("faces (total)", analyse)  # type: ignore[method-assign]
    frames._assess = timed("checks (total)", assess)
    rows = []
    for _ in range(n):
        per_frame.clear()
        frames.time(1)
        (fw, fc), (cw, cc) = per_frame["faces (total)"], per_frame["checks (total)"]
        rows.append({**per_frame, "faces + checks (total)": (fw + cw, fc + cc)})
    out = {}
    for name in sorted({name for row in rows for name in row}):
        wall = _pcts([row.get(name, (0.0, 0.0))[0] for row in rows])
        cpu = _pcts([row.get(name, (0.0, 0.0))[1] for row in rows])
        out[name] = {**wall, "cpu_p50": cpu["p50"], "cpu_p95": cpu["p95"]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=400, help="frames timed (faces + checks)")
    ap.add_argument("--live-s", type=float, default=3.0, help="seconds of live throughput")
    ap.add_argument("--baseline", metavar="REF", help="also time the frames with kiosk/ at this git revision")
    ap.add_argument("--compare", action="store_true", help="also time scikit-image's LBP cascade")
    ap.add_argument("--stages", type=int, metavar="N", help="only time N frames by stage (this code, one process)")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        return serve()
    if args.stages:
        print(json.dumps(bench_stages(args.stages), indent=2))
        return 0
    out: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}",
    }
    out.update(bench_frames(args.n, args.baseline))
    out.update(bench_official(max(5, args.n // 20)))
    out["live"] = bench_live(args.live_s)
    if args.compare:
        out.update(bench_lbp_cascade(20))
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
