"""The layout check: every screen in every screen shape, language and mode, failing on overlapping controls, text
outside its widget, controls under 15 mm at the booth's configured screen size ([booth] screen_diagonal_in), or
a screen more than half empty (filled_share: under half of the area between the header and the bottom bar shows
anything).

    .venv/bin/python scripts/layout_check.py            # the full matrix (4 sizes x 7 languages x 5 modes)
    .venv/bin/python scripts/layout_check.py --sizes 1024x768 --langs en --modes low_reach

tests/qt/test_layout.py runs a representative subset with the same checks (every screen, each size, language
and mode at least once); this script runs the whole matrix (several minutes offscreen on 2 cores).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QPushButton, QWidget  # noqa: E402

from kiosk.ui.i18n import LANGUAGES  # noqa: E402
from kiosk.ui.theme import SPACING, Theme  # noqa: E402
from scripts.gallery import MODES, Stage, build_translations  # noqa: E402

SIZES = ((1920, 1080), (1280, 1024), (1024, 768), (1080, 1920))
MODE_SETS: tuple[tuple[str, ...], ...] = ((), *((m,) for m in MODES))
MIN_CONTROL_MM = 15.0
MIN_FILLED = 0.5  # no screen more than half empty
BG_TOLERANCE = 12  # a pixel this close to the background colour (any channel, 0-255) is background


def mm_per_px(size: tuple[int, int], diagonal_in: float) -> float:
    return diagonal_in * 25.4 / math.hypot(*size)


def _rect_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _visible(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def _overlays(window: QWidget) -> list[QWidget]:
    """What is open over the screen: the language picker, a screen's cancel question or help panel."""
    found = [w for w in window.findChildren(QWidget) if w.objectName() in ("overlay", "language_picker")]
    return [w for w in found if _visible(w, window)]


def _covered(widget: QWidget, overlays: list[QWidget], window: QWidget) -> bool:
    """Hidden under an open overlay that is not its own."""
    for overlay in overlays:
        if overlay is not widget and not overlay.isAncestorOf(widget) and \
                _rect_in(overlay, window).contains(_rect_in(widget, window).center()):
            return True
    return False


def problems(root: QWidget, window: QWidget, mm: float) -> list[str]:
    """Every layout fault of what is shown now under root (the screen on top, with its overlays)."""
    found: list[str] = []
    overlays = _overlays(window)
    frame = window.rect()
    widgets = [w for w in [root, *root.findChildren(QWidget)] if _visible(w, window)
               and not _covered(w, overlays, window)]
    controls = [w for w in widgets if isinstance(w, QAbstractButton)]
    for widget in widgets:
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        name = widget.objectName() or type(widget).__name__
        rect = _rect_in(widget, window)
        text = widget.text()
        if not frame.contains(rect):
            found.append(f"{name}: outside the window ({rect.getRect()})")
            continue
        parent = widget.parentWidget()
        if parent is not None and not parent.rect().contains(QRect(widget.pos(), widget.size())):
            found.append(f"{name}: outside its parent {parent.objectName() or type(parent).__name__}")
        if not text:
            continue
        if isinstance(widget, QPushButton):
            hint = widget.sizeHint()
            if hint.width() > widget.width() or hint.height() > widget.height():
                found.append(f"{name} {text[:30]!r}: text needs {hint.width()}x{hint.height()}, "
                             f"has {widget.width()}x{widget.height()}")
        elif isinstance(widget, QLabel) and widget.wordWrap():
            if widget.heightForWidth(widget.width()) > widget.height():
                found.append(f"{name} {text[:30]!r}: text needs {widget.heightForWidth(widget.width())} px "
                             f"high, has {widget.height()}")
        elif isinstance(widget, QLabel):
            need = max(widget.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
            if need > widget.contentsRect().width():
                found.append(f"{name} {text[:30]!r}: text needs {need} px wide, has {widget.contentsRect().width()}")
    for control in controls:
        w_mm, h_mm = control.width() * mm, control.height() * mm
        if min(w_mm, h_mm) < MIN_CONTROL_MM:
            found.append(f"{control.objectName()}: {w_mm:.1f}x{h_mm:.1f} mm, under {MIN_CONTROL_MM:.0f} mm")
    rects = [(c, _rect_in(c, window).adjusted(1, 1, -1, -1)) for c in controls]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if ra.intersects(rb) and not a.isAncestorOf(b) and not b.isAncestorOf(a):
                found.append(f"{a.objectName()} overlaps {b.objectName()}")
    return found


def filled_share(screen: QWidget, window: QWidget, theme: Theme) -> float:
    """The share of the screen's body (below the header with its step bar and title, above the bottom bar) that
    shows something: the pixels of the rendered window that differ from the theme's background colour, each
    grown by half the largest spacing step (SPACING["xl"], scaled), so the lines of a paragraph, the letters of
    a word and the inside of a drawn picture count as one block, as the eye sees them; margins and the empty
    bands between blocks stay empty."""
    body = getattr(screen, "body_widget", None)
    if body is None or not _visible(body, window):
        return 1.0
    rect = _rect_in(body, window)
    image = window.grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    if not w or not h:
        return 1.0
    rows = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    pixels = rows.reshape(h, image.bytesPerLine())[:, : w * 3].reshape(h, w, 3).astype(np.int16)
    bg = QColor(theme.colors["bg"])
    ink = (np.abs(pixels - np.array([bg.red(), bg.green(), bg.blue()], np.int16)).max(axis=2) > BG_TOLERANCE)
    radius = max(1, theme.px(SPACING["xl"]))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * radius + 1, 2 * radius + 1))
    return float(cv2.dilate(ink.astype(np.uint8), kernel).mean())


def emptiness(screen: QWidget, window: QWidget, theme: Theme) -> list[str]:
    share = filled_share(screen, window, theme)
    if share < MIN_FILLED:
        return [f"more than half empty: {share:.0%} of the body shows anything (at least {MIN_FILLED:.0%})"]
    return []


def check(stage: Stage, size: tuple[int, int], lang: str, modes: tuple[str, ...], diagonal_in: float) -> list[str]:
    """Every screen and variant at one size, language and mode set."""
    stage.resize(*size)
    stage.set_modes(modes)
    stage.set_language(lang)
    mm = mm_per_px(size, diagonal_in)
    out = []
    tag = f"{size[0]}x{size[1]} {lang} {'+'.join(modes) or 'default'}"
    for state, variant in stage.variants():
        shown = stage.show(state, variant)
        root = stage.window if state == "language" else shown
        found = problems(root, stage.window, mm)
        if state != "language":  # an overlay over attract, whose screen is measured as attract
            found += emptiness(shown, stage.window, stage.window._theme)
        out += [f"{tag} {state}/{variant}: {p}" for p in found]
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))
    p.add_argument("--langs", default=",".join(LANGUAGES))
    p.add_argument("--modes", default="default," + ",".join(MODES))
    args = p.parse_args(argv)
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    modes = [() if m == "default" else (m,) for m in args.modes.split(",")]
    build_translations()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    started, failures, combos = time.monotonic(), [], 0
    with tempfile.TemporaryDirectory() as tmp:
        stage = Stage(app, Path(tmp))
        diagonal = stage.booth.cfg.booth.screen_diagonal_in
        try:
            for size in sizes:
                for lang in args.langs.split(","):
                    for mode in modes:
                        failures += check(stage, size, lang, mode, diagonal)  # type: ignore[arg-type]
                        combos += 1
        finally:
            stage.set_modes(())
            stage.close()
    for line in failures:
        print(line)
    print(f"{combos} combinations, {len(failures)} problems, {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
