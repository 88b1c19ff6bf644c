"""The simulator panel is placed within the screen's available geometry (it ran off the right of 1920x1080)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize

from kiosk.ui.panel import GAP, panel_geometry

SCREEN = QRect(0, 0, 1920, 1040)  # 1920x1080 less a 40 px task bar


@pytest.mark.parametrize(("window", "hint"), [
    (QRect(0, 0, 1280, 800), QSize(760, 900)),  # room beside on the right, narrower than the hint
    (QRect(0, 0, 1920, 1040), QSize(760, 900)),  # a full-screen booth: over its right edge
    (QRect(600, 100, 1280, 800), QSize(500, 1200)),  # room on the left only; taller than the screen
    (QRect(200, 0, 1280, 1024), QSize(300, 600)),  # a narrow panel fits on the right
])
def test_the_panel_stays_within_the_available_geometry(window: QRect, hint: QSize) -> None:
    placed = panel_geometry(window, hint, SCREEN)
    assert SCREEN.contains(placed), placed
    assert placed.width() >= min(hint.width(), 360) and placed.height() == min(hint.height(), SCREEN.height())
    beside = placed.left() > window.right() or placed.right() < window.left()
    assert beside or placed.right() == SCREEN.right()


def test_the_panel_goes_right_of_the_booth_when_it_fits() -> None:
    placed = panel_geometry(QRect(0, 0, 1280, 800), QSize(500, 700), SCREEN)
    assert placed == QRect(1280 + GAP, 0, 500, 700)


def test_the_real_panel_fits_a_1920x1080_screen(qapp, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import Booth, Options
    from scripts.gallery import TODAY, make_config

    booth = Booth(make_config(tmp_path), qapp, Options(size=(1280, 800), show_panel=True, today=lambda: TODAY,
                                                       speech=lambda: None))
    try:
        assert booth.panel is not None
        booth.window.resize(1280, 800)
        booth.panel.setGeometry(panel_geometry(booth.window.frameGeometry(), booth.panel.sizeHint(), SCREEN))
        assert SCREEN.contains(booth.panel.geometry())
        hint = booth.panel.sizeHint()
        assert hint.width() > 300 and hint.height() > 300
    finally:
        booth.shutdown()
