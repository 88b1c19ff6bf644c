"""The gallery (scripts/gallery.py): real-window screenshots under Xvfb match the offscreen grabs, and
docs/screens.md puts each real window beside its offscreen grab."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from scripts.gallery import (
    ROOT,
    SCREEN_IDS,
    THUMB_LONG_SIDE,
    Stage,
    _save,
    build_translations,
    write_markdown,
)


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("gallery"))
    yield s
    s.set_language("ja")
    s.resize(1920, 1080)
    s.close()


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_real_window_screenshots_under_xvfb_show_what_the_offscreen_grab_shows(stage: Stage, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1024x768x24", sys.executable, str(ROOT / "scripts" / "gallery.py"),
                    "--real-child", "1024x768", "--real-langs", "en", "--out", str(tmp_path)],
                   check=True, env=env, timeout=300, capture_output=True)
    shots = {p.stem: p for p in (tmp_path / "real" / "1024x768" / "en").glob("*.jpg")}
    assert set(shots) == set(SCREEN_IDS)
    for path in shots.values():
        image = cv2.imread(str(path))
        assert image.shape[:2] == (THUMB_LONG_SIDE * 3 // 4, THUMB_LONG_SIDE)  # downscaled, the shape kept
        assert image.std() > 10, f"{path.name} is blank"
    stage.resize(1024, 768)
    stage.set_language("en")
    stage.show("menu")  # nothing moves on it
    _save(stage.grab(), tmp_path / "offscreen.jpg", False)
    offscreen = cv2.imread(str(tmp_path / "offscreen.jpg")).astype(np.int16)
    real = cv2.imread(str(shots["menu"])).astype(np.int16)
    assert np.abs(offscreen - real).mean() < 6, "the real window does not show what the offscreen grab shows"
    assert np.abs(offscreen - cv2.imread(str(shots["attract"])).astype(np.int16)).mean() > 6  # the test can tell


def test_the_gallery_page_puts_each_real_window_beside_its_offscreen_grab(tmp_path: Path) -> None:
    docs, out = tmp_path / "screens.md", tmp_path / "screens"
    rows = [("en", "default", "menu", "en/default/menu.png")]
    sized = [("en", "1080x1920", "menu", "en/1080x1920/menu.jpg")]
    real = [("en", "1920x1080", "menu", "real/1920x1080/en/menu.jpg"),
            ("en", "1080x1920", "menu", "real/1080x1920/en/menu.jpg")]
    write_markdown(docs, out, rows, sized, real)
    text = docs.read_text(encoding="utf-8")
    assert "## Real windows under Xvfb" in text
    assert ("| **menu** | ![en 1920x1080 menu offscreen](screens/en/default/menu.png) | "
            "![en 1920x1080 menu real window](screens/real/1920x1080/en/menu.jpg) |") in text
    assert ("| **menu** | ![en 1080x1920 menu offscreen](screens/en/1080x1920/menu.jpg) | "
            "![en 1080x1920 menu real window](screens/real/1080x1920/en/menu.jpg) |") in text
