"""Accessibility modes chosen on the attract screen: each has its effect on every screen, and the next session
starts without them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.ui.theme import Theme
from scripts.gallery import MODES, SCREEN_IDS, TODAY, Stage, build_translations, make_config
from tests.helpers.taps import tap


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("access"))
    yield s
    s.set_modes(())
    s.flow.timers.stop_all()
    s.close()


def font_sizes(root: QWidget) -> dict[str, int]:
    """Pixel size of the first visible label or button of each objectName."""
    sizes: dict[str, int] = {}
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel | QPushButton) and widget.isVisibleTo(root.window()) and widget.text():
            sizes.setdefault(widget.objectName(), widget.font().pixelSize())
    return sizes


def test_large_text_makes_every_text_bigger(stage: Stage) -> None:
    for state in SCREEN_IDS:
        if state == "language":
            continue
        stage.set_modes(())
        normal = font_sizes(stage.show(state))
        stage.set_modes(("large_text",))
        large = font_sizes(stage.show(state))
        assert normal, state
        for name, size in normal.items():
            if name in large and 0 < size < 60:  # text already 60 px or more (big, huge) stays as it is
                assert large[name] >= round(size * 1.25), (state, name, size, large[name])
    stage.set_modes(())


def background(stage: Stage, state: str) -> QColor:
    screen = stage.show(state)
    image = stage.grab()
    point = screen.mapTo(stage.window, QPoint(screen.width() - 4, screen.height() // 2))
    return image.pixelColor(point)


def test_high_contrast_switches_the_colours(stage: Stage) -> None:
    stage.set_modes(())
    normal = background(stage, "notice")
    stage.set_modes(("high_contrast",))
    contrast = background(stage, "notice")
    assert normal.name() == Theme().colors["bg"]
    assert contrast.name() == Theme(high_contrast=True).colors["bg"] == "#000000"
    title = stage.window.screens["notice"].title
    assert title.palette().color(title.foregroundRole()).name() == "#ffffff"
    stage.set_modes(())


@pytest.mark.parametrize("more_time", [False, True])
def test_more_time_doubles_the_flow_timers(stage: Stage, more_time: bool) -> None:
    flow = stage.flow
    stage.show("menu")
    assert flow.request("menu", "access", {"more_time": more_time})  # restarts the state's timer
    expected_ms = flow.cfg.timeouts.menu * 1000 * (2 if more_time else 1)
    remaining = flow.timers.remaining_ms("state")
    flow.timers.stop_all()
    assert 0.94 * expected_ms < remaining <= 1.06 * expected_ms  # a coarse QTimer may be off by 5 %
    flow.request("menu", "access", {"more_time": False})
    flow.timers.stop_all()


def test_low_reach_keeps_every_control_in_the_lower_two_thirds(stage: Stage) -> None:
    stage.resize(1920, 1080)
    stage.set_modes(("low_reach",))
    high = []
    for state, variant in stage.variants():
        shown = stage.show(state, variant)
        for button in shown.findChildren(QPushButton):
            if button.isVisibleTo(stage.window):
                y = button.mapTo(stage.window, QPoint(0, 0)).y()
                if y < stage.window.height() / 3:
                    high.append(f"{state}/{variant} {button.objectName()} at y={y}")
    stage.set_modes(())
    assert not high, "\n".join(high)


def test_without_low_reach_the_top_is_used(stage: Stage) -> None:
    """The check above can fail: without the mode, some control sits in the top third."""
    stage.set_modes(())
    stage.show("attract")
    ys = [
        b.mapTo(stage.window, QPoint(0, 0)).y()
        for b in stage.window.screens["attract"].findChildren(QPushButton)
        if b.isVisibleTo(stage.window)
    ]
    stage.show("details", "year")
    ys += [
        b.mapTo(stage.window, QPoint(0, 0)).y()
        for b in stage.window.screens["details"].findChildren(QPushButton)
        if b.isVisibleTo(stage.window)
    ]
    assert min(ys) < stage.window.height() / 3




def test_modes_last_the_session_and_the_next_one_starts_without_them(
    qapp: QApplication, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import Booth, Options

    booth = Booth(
        make_config(tmp_path),
        qapp,
        Options(size=(1920, 1080), show_panel=False, today=lambda: TODAY, speech=lambda: None),
    )
    try:
        booth.start()
        flow, window = booth.flow, booth.window
        qtbot.waitUntil(lambda: flow.current == "attract" and flow.devices_ok(), timeout=15000)
        normal_title = window.screens["menu"].title.font().pixelSize()
        for mode in MODES:
            tap(window.find_control(f"attract_{mode}"))
        a = flow.session.access
        assert (a.large_text, a.high_contrast, a.more_time, a.low_reach) == (True, True, True, True)
        tap(window.find_control("attract_start"))
        qtbot.waitUntil(lambda: flow.current == "menu", timeout=5000)
        qtbot.waitUntil(lambda: window.screens["menu"].title.font().pixelSize() > normal_title, timeout=2000)
        assert flow.timers.scale == 2.0
        assert flow.timers.remaining_ms("state") > flow.cfg.timeouts.menu * 1000 * 1.5
        back = window.find_control("menu_back")
        assert back.mapTo(window, QPoint(0, 0)).y() >= window.height() / 3
        tap(window.find_control("menu_cancel"))
        qtbot.waitUntil(lambda: flow.current == "cancel", timeout=5000)
        qtbot.waitUntil(lambda: window.find_control("cancel_finish").isEnabled(), timeout=15000)
        tap(window.find_control("cancel_finish"))
        qtbot.waitUntil(lambda: flow.current == "attract", timeout=15000)
        a = flow.session.access
        assert (a.large_text, a.high_contrast, a.more_time, a.low_reach) == (False, False, False, False)
        assert flow.timers.scale == 1.0
        assert not any(window.screens["attract"].mode_buttons[m].isChecked() for m in MODES)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: window.screens["menu"].title.font().pixelSize() == normal_title, timeout=2000)
        assert window.screens["attract"]._reach_spacer.minimumHeight() == 0  # the top third is free again
    finally:
        booth.shutdown()
