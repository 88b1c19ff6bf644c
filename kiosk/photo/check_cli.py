"""`kiosk photo-check IMAGE... [--json]`: the booth's photo checks on still images, one line per image.

An image of 35:45 aspect is judged as the photo itself; any other is first cropped the way the booth crops a
camera frame. Each check's value is in the unit docs/photo.md names (mm for face_size, top_margin,
chin_margin and face_position).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.photo.checks import PhotoAssessment, Thresholds, assess
from kiosk.photo.faces import FaceAnalyzer


def _read(path: Path) -> np.ndarray | None:
    try:
        data = np.fromfile(str(path), np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def as_json(path: str, a: PhotoAssessment) -> dict[str, Any]:
    return {
        "path": path,
        "ok": a.ok,
        "failed": list(a.failed),
        "checks": {
            cid: {"ok": r.ok, "value": None if r.value is None else float(r.value)}
            for cid, r in a.results.items()
        },
    }


def main(argv: list[str]) -> int:
    """Exit status: 0 every image passes, 1 some image fails a check, 2 some file could not be read."""
    ap = argparse.ArgumentParser(prog="kiosk photo-check", description=__doc__)
    ap.add_argument("images", nargs="+", metavar="IMAGE")
    ap.add_argument("--json", action="store_true", help="one JSON object per line")
    args = ap.parse_args(argv)
    analyzer = FaceAnalyzer()
    thresholds = Thresholds()
    status = 0
    for name in args.images:
        image = _read(Path(name))
        if image is None:
            print(f"{name}: cannot read this file as an image", file=sys.stderr)
            status = 2
            continue
        a = assess(image, analyzer.analyse(image, thresholds), thresholds)
        if not a.ok and status == 0:
            status = 1
        if args.json:
            print(json.dumps(as_json(name, a), ensure_ascii=False))
        else:
            print(f"{name}: {'OK' if a.ok else 'NG ' + ', '.join(a.failed)}")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
