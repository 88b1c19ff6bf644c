"""The checks on the real labelled photos in ../shared (skipped when they are absent)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from kiosk.photo.checks import assess
from kiosk.photo.faces import FaceAnalyzer


@pytest.fixture(scope="session")
def analyzer() -> FaceAnalyzer:
    return FaceAnalyzer()


def test_real_ng_photos_are_rejected_for_a_labelled_reason(
    shared_photos: Path, analyzer: FaceAnalyzer
) -> None:
    ann = json.loads((shared_photos / "annotations.json").read_text(encoding="utf-8"))
    for name, a in ann.items():
        if name.startswith("_") or a.get("role") not in ("real_ng", "real_multi"):
            continue
        img = cv2.imread(str(shared_photos / name))
        result = assess(img, analyzer.analyse(img))
        assert not result.ok, name
        if name != "addhat_test.jpg":  # its blurred sky passes as plain; it fails face_size (docs/photo.md)
            assert set(result.failed) & set(a["reasons"]), name


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("hatbeard_example_2.png", "no_hat"),
        ("glassesdet_demo_3.jpg", "no_sunglasses"),
        ("deepface_couple.jpg", "single_face"),
        ("ea_nasa_hoshide_2020_tilt.jpg", "frontal"),
    ],
)
def test_real_defects(shared_photos: Path, analyzer: FaceAnalyzer, name: str, check: str) -> None:
    img = cv2.imread(str(shared_photos / name))
    assert check in assess(img, analyzer.analyse(img)).failed
