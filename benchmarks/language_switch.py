"""Time to switch language: from the tap on lang_<code> to the screen repainted, p50/p95/max over many switches.

    .venv/bin/python benchmarks/language_switch.py [--switches 210] [--size 1920x1080]

Offscreen, simulator mode: the booth is put on a screen by scripts/gallery.Stage, the language overlay is opened
with the screen's own button, and the tap on a language is a QTest mouse click. The clock stops when the window has
repainted synchronously (QWidget.repaint) after the switch, i.e. every screen has retranslated itself and the
visible one is drawn.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.ui.i18n import LANGUAGES
from scripts.gallery import Stage, build_translations

SCREENS = ("attract", "scan", "details", "review", "confirm", "done")


def click(button: object) -> None:
    assert isinstance(button, QPushButton), button
    QTest.mouseClick(
        button,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(button.width() // 2, button.height() // 2),
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--switches", type=int, default=210)
    p.add_argument("--size", default="1920x1080")
    args = p.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    build_translations()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    codes = list(LANGUAGES)
    times_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        stage = Stage(app, Path(tmp), (width, height))
        try:
            for i in range(args.switches):
                state = SCREENS[(i // len(codes)) % len(SCREENS)]
                if stage.flow.current != state:
                    stage.show(state)
                click(stage.window.find_control(f"{state}_language"))
                stage.settle()
                code = codes[(i + 1) % len(codes)]
                started = time.perf_counter()
                click(stage.window.find_control(f"lang_{code}"))
                stage.window.repaint()
                times_ms.append((time.perf_counter() - started) * 1000)
                assert stage.window.translations.current == code
        finally:
            stage.close()
    times_ms.sort()
    result = {
        "switches": len(times_ms),
        "size": args.size,
        "p50_ms": round(statistics.median(times_ms), 1),
        "p95_ms": round(times_ms[int(0.95 * (len(times_ms) - 1))], 1),
        "max_ms": round(times_ms[-1], 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
