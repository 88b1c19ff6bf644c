"""Start-up: process start to the attract screen painted and taking taps, against a bare PySide6 window in the
same run; then until the money is settled and intake can open; and the booth's memory once started.

Run: ``.venv/bin/python -m benchmarks.startup [--runs 5] [--baseline REF] [--selftest N] [--json FILE]``. Each
run starts a fresh Python process (simulator mode, offscreen, compiled bytecode) twice per tree: with an empty
storage folder (a new ledger), and in the folder an earlier run left (an existing ledger, the simulated devices'
memory beside it: a booth restarting, the usual case; its figures under "restart" in the JSON). The booth's clocks
stop at: the attract screen's first paint; "taps", the first moment it is painted and the flow is on attract (a tap is taken); "money", the flow's
ready signal with every required device up (recovery over, the coin acceptor identified: intake can open); the
resident memory (VmRSS) is read one second after that. The baseline process shows a plain QWidget and stops at
its first paint. Runs alternate so both see the same machine load. Prints the medians, the ratio of "taps" to
the bare window (goal: at most 3x) and "money" after "taps" (goal: at most 0.5 s), RSS (goal: under 200 MB).

``--baseline REF`` measures a git export of REF (e.g. main) too, with its own copy of this benchmark's child,
its runs alternating with this tree's and the bare window's in the same loop. ``--selftest N`` times N
``kiosk selftest --simulate --fast`` runs of this tree (and N plain ``kiosk selftest --simulate`` runs of the
baseline, which may have no --fast), wall time from spawn to exit.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
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


def _env(tree: Path, tmp: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.*=false",
               XDG_STATE_HOME=tmp)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_tree(tree: Path) -> None:
    """Bytecode for every module of the tree, written before the first timed run (as an installed booth has)."""
    for part in ("kiosk", "benchmarks"):
        compileall.compile_dir(str(tree / part), quiet=1)
    probe = subprocess.run([sys.executable, "-c", "import kiosk; print(kiosk.__file__)"], cwd=tree,
                           env=_env(tree, tempfile.gettempdir()), capture_output=True, text=True, check=True)
    if not Path(probe.stdout.strip()).resolve().is_relative_to(tree.resolve()):
        raise RuntimeError(f"{tree}: kiosk is imported from {probe.stdout.strip()}, not from the tree")


@contextlib.contextmanager
def exported(ref: str) -> Iterator[Path]:
    """A git export of ref (its committed files only) in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="kiosk-baseline-") as tmp:
        archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp)


def measure(kind: str, tree: Path = ROOT, existing: Path | None = None) -> dict[str, float]:
    """Seconds from just before the process is spawned to each mark (the bare window: its first paint).

    The booth starts with an empty storage folder (a new ledger), or in `existing`, a folder an earlier run of
    the same tree left (an existing ledger and its simulated devices' memory: a booth restarting)."""
    with contextlib.ExitStack() as stack:
        tmp = str(existing) if existing is not None else stack.enter_context(
            tempfile.TemporaryDirectory(prefix="kiosk-startup-"))
        env = _env(tree, tmp)
        t0 = time.time()
        proc = subprocess.run(
            # the stores in a folder of tmp: the booth puts its simulators' folder beside them ("store-sim"), and
            # beside tmp itself it was left behind in /tmp after every run
            [sys.executable, "-m", "benchmarks.startup", "--child", kind, "--dir", str(Path(tmp) / "store")],
            cwd=tree,
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


def selftest_s(tree: Path, fast: bool) -> float:
    """Wall time of one `kiosk selftest --simulate [--fast]` of the tree (it must end with the application sent)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-selftest-") as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(f"[storage]\ndir = '{Path(tmp) / 'store'}'\n", encoding="utf-8")
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-m", "kiosk", "selftest", "--simulate", "--config", str(config),
                               *(["--fast"] if fast else [])],
                              cwd=tree, env=_env(tree, tmp), capture_output=True, text=True, timeout=300)
        took = time.time() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"selftest of {tree} failed: {proc.stdout[-500:]} {proc.stderr[-1000:]}")
        return took


def _summary(booth: list[dict[str, float]], w: float) -> dict[str, float]:
    def med(key: str) -> float:
        return statistics.median(b[key] for b in booth)

    return {
        "booth_taps_s": round(med("painted"), 3),
        "booth_first_paint_s": round(med("first_paint"), 3),
        "booth_money_s": round(med("money"), 3),
        "money_after_taps_s": round(statistics.median(b["money"] - b["painted"] for b in booth), 3),
        "rss_mb": round(med("rss_mb"), 1),
        "ratio": round(med("painted") / w, 2),
        "booth_max_s": round(max(b["painted"] for b in booth), 3),
    }


def run(runs: int, baseline: Path | None = None, selftests: int = 0) -> dict[str, object]:
    """Every run: the bare window, then each tree with a new ledger and with an existing one (a restart)."""
    trees = [ROOT] if baseline is None else [ROOT, baseline]
    for tree in trees:
        compile_tree(tree)
    booth: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    restart: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    bare: list[float] = []
    load_start = round(os.getloadavg()[0], 2)
    with contextlib.ExitStack() as stack:
        kept = {tree: Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-restart-")))
                for tree in trees}
        measure("bare")  # warm the file cache for all
        for tree in trees:
            measure("booth", tree)
            measure("booth", tree, kept[tree])  # makes the ledger the restarts find (and warms the cache)
        for _ in range(runs):
            bare.append(measure("bare")["painted"])
            for tree in trees:
                booth[tree].append(measure("booth", tree))
                restart[tree].append(measure("booth", tree, kept[tree]))
    w = statistics.median(bare)
    out: dict[str, object] = {**_summary(booth[ROOT], w), "bare_s": round(w, 3), "runs": runs,
                              "load_avg": load_start, "restart": _summary(restart[ROOT], w)}
    if baseline is not None:
        out["baseline"] = {**_summary(booth[baseline], w), "restart": _summary(restart[baseline], w)}
    if selftests:
        fast: list[float] = []
        plain: list[float] = []
        for _ in range(selftests):
            fast.append(selftest_s(ROOT, fast=True))
            if baseline is not None:
                plain.append(selftest_s(baseline, fast=False))
        out["selftest_fast_s"] = round(statistics.median(fast), 2)
        out["selftest_fast_max_s"] = round(max(fast), 2)
        if plain:
            out["baseline_selftest_s"] = round(statistics.median(plain), 2)
        out["selftests"] = selftests
    out["load_avg_end"] = round(os.getloadavg()[0], 2)
    return out


def _line(name: str, s: dict[str, object], bare: object) -> str:
    return (f"{name}: attract painted and taking taps {s['booth_taps_s']:.2f} s (first paint "
            f"{s['booth_first_paint_s']:.2f} s), bare PySide6 window {bare:.2f} s, ratio {s['ratio']:.1f}x "
            f"(goal <= 3x); money settled and intake able to open {s['money_after_taps_s']:.2f} s after that "
            f"(goal <= 0.5 s); RSS {s['rss_mb']:.0f} MB one second later (goal < 200 MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", metavar="REF", help="also measure a git export of REF (e.g. main)")
    parser.add_argument("--selftest", type=int, default=0, metavar="N",
                        help="time N `kiosk selftest --simulate --fast` runs (and N plain ones of the baseline)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", choices=("booth", "bare"))
    parser.add_argument("--dir", default="")
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.dir)
    with contextlib.ExitStack() as stack:
        baseline = stack.enter_context(exported(args.baseline)) if args.baseline else None
        out = run(args.runs, baseline, args.selftest)
    print(f"start-up, median of {args.runs} (load average {out['load_avg']} at the start, {out['load_avg_end']} "
          f"at the end)")
    print(_line("this tree, new ledger", out, out["bare_s"]))
    print(_line("this tree, existing ledger (a restart)", out["restart"], out["bare_s"]))  # type: ignore[arg-type]
    if baseline is not None:
        base: dict[str, object] = out["baseline"]  # type: ignore[assignment]
        print(_line(f"baseline {args.baseline}, new ledger", base, out["bare_s"]))
        print(_line(f"baseline {args.baseline}, existing ledger", base["restart"], out["bare_s"]))  # type: ignore[arg-type]
    if args.selftest:
        print(f"kiosk selftest --simulate --fast, median of {args.selftest}: {out['selftest_fast_s']:.2f} s "
              f"(max {out['selftest_fast_max_s']:.2f} s; goal < 5 s)")
        if "baseline_selftest_s" in out:
            print(f"baseline {args.baseline}: kiosk selftest --simulate, median of {args.selftest}: "
                  f"{out['baseline_selftest_s']:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
