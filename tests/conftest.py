"""Shared test set-up: Qt offscreen before Qt is imported, and the paths tests use."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PHOTOS = SHARED / "data" / "photos" / "source"


@pytest.fixture
def shared_photos() -> Path:
    """The labelled real photos beside the checkout; tests using them skip where they are absent."""
    if not (PHOTOS / "annotations.json").exists():
        pytest.skip("../shared/data/photos is not present")
    return PHOTOS
