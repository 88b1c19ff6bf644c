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


@pytest.fixture(autouse=True)
def _garbage_collected_in_the_gui_thread(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """As in the booth (kiosk.app): Python's cyclic collector runs only in the GUI thread, from its event loop,
    never in a device's worker thread nor inside Qt (kiosk.workers.GarbageCollector; issue 12). Installed with
    the first test that uses Qt; each test's teardown collects what is due (a point where no Qt lock is held)."""
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from kiosk.workers import collect_garbage_in_gui_thread

        collect_garbage_in_gui_thread(request.getfixturevalue("qapp"))
    yield
    from kiosk import workers

    if workers._collector is not None:
        workers._collector.collect_due()
