#!/usr/bin/env python3
"""Mutation testing on a seeded random sample of mutants, area by area ([tool.mutmut] in pyproject.toml).

    QT_QPA_PLATFORM=offscreen nice -n 10 .venv/bin/python scripts/mutmut_sample.py list  [--per-area N] [--seed S]
    QT_QPA_PLATFORM=offscreen nice -n 10 .venv/bin/python scripts/mutmut_sample.py run   [--per-area N] [--seed S]
        [--area NAME] [--max-children 1]
    .venv/bin/python scripts/mutmut_sample.py report [--per-area N] [--seed S]

`list` generates every mutant (mutmut's own generation, into mutants/) and prints the sample; `run` hands the
sample (or one area of it) to `mutmut run`; `report` counts mutmut's results for the sample, by area. A full
run of one area is `mutmut run "kiosk.store.*"`. The sample: for each area, random.Random(seed).sample of the
area's mutant names sorted by name, N of them (all of them when the area has fewer).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AREAS = {
    "flow": "kiosk/flow/",
    "store": "kiosk/store/",
    "cctalk": "kiosk/devices/cctalk/",
    "submitter": "kiosk/devices/submitter.py",
    "official": "kiosk/photo/official.py",
}
KILLED = ("killed", "segfault", "caught by type check")  # mutmut's names (mutmut.stats.status_by_exit_code)


def _generate() -> None:
    os.chdir(ROOT)
    from mutmut import __main__ as mm  # mutmut reads its configuration from the cwd

    Path("mutants").mkdir(exist_ok=True)
    mm.copy_src_dir()
    mm.copy_also_copy_files()
    mm.setup_source_paths()
    mm.store_lines_covered_by_tests()
    mm.create_mutants(1)


def _metas() -> dict[str, dict[str, int | None]]:
    """Every mutant name with its exit code so far, by source file (from mutmut's .meta files)."""
    out: dict[str, dict[str, int | None]] = {}
    for meta in sorted((ROOT / "mutants" / "kiosk").rglob("*.py.meta")):
        rel = meta.relative_to(ROOT / "mutants").as_posix()[: -len(".meta")]
        out[rel] = json.loads(meta.read_text())["exit_code_by_key"]
    return out


def sample(per_area: int, seed: int) -> dict[str, list[str]]:
    metas = _metas()
    chosen: dict[str, list[str]] = {}
    for area, prefix in AREAS.items():
        names = sorted(n for f, codes in metas.items() if f.startswith(prefix) for n in codes)
        rnd = random.Random(f"{seed}:{area}")
        chosen[area] = sorted(rnd.sample(names, min(per_area, len(names)))) if names else []
        chosen[area + ":total"] = [str(len(names))]
    return chosen


def report(per_area: int, seed: int) -> None:
    from mutmut.stats import status_by_exit_code

    metas = _metas()
    codes = {n: c for f in metas.values() for n, c in f.items()}
    chosen = sample(per_area, seed)
    for area in AREAS:
        status = {n: status_by_exit_code[codes[n]] for n in chosen[area]}
        counts = Counter(status.values())
        print(f"{area}: sample {len(chosen[area])} of {chosen[area + ':total'][0]}: {dict(sorted(counts.items()))}")
        for n in chosen[area]:
            if status[n] not in KILLED:
                print(f"    {status[n]}: {n}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["list", "run", "report"])
    ap.add_argument("--per-area", type=int, default=30)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--area", choices=sorted(AREAS))
    ap.add_argument("--max-children", type=int, default=1)
    args = ap.parse_args()
    if args.command == "report":
        report(args.per_area, args.seed)
        return 0
    if not (ROOT / "mutants").exists() or args.command == "list":
        _generate()
    chosen = sample(args.per_area, args.seed)
    areas = [args.area] if args.area else list(AREAS)
    names = [n for a in areas for n in chosen[a]]
    if args.command == "list":
        for a in areas:
            print(f"# {a}: {len(chosen[a])} of {chosen[a + ':total'][0]}")
            print("\n".join(chosen[a]))
        return 0
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    return subprocess.call([mutmut, "run", "--max-children", str(args.max_children), *names], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
