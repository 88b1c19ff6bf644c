"""The layout check (scripts/layout_check.py) on a representative subset: every screen and variant, each screen
shape, each language and each mode at least once. No overlapping controls, no text outside its widget, no
control under 15 mm at the configured screen size. No screen more than half empty
(filled_share). The full matrix (4 x 7 x 5, about 2 minutes) is `scripts/layout_check.py`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from scripts.gallery import Stage, build_translations
from scripts.layout_check import MIN_FILLED, check, emptiness, filled_share, mm_per_px, problems

SUBSET = [
    ((1024, 768), "en", ("low_reach",)),
    ((1920, 1080), "ja", ("low_reach",)),
    ((1080, 1920), "ja", ()),
    ((1080, 1920), "pt", ("large_text",)),
    ((1280, 1024), "zh_TW", ("high_contrast",)),
    ((1024, 768), "es", ("large_text",)),
    ((1920, 1080), "ko", ("more_time",)),
    ((1280, 1024), "zh_CN", ()),
]


# Screens allowed to be more than half empty in a combination of SUBSET: none any more (scripts/layout_check.py
# checks every combination). The check fails on any screen that is, and on a screen of this list that no longer is
# anywhere in SUBSET: the list only shrinks.
STILL_HALF_EMPTY: frozenset[str] = frozenset()
EMPTY = "more than half empty"
_half_empty_seen: dict[str, set[str]] = {}  # combination -> the screens found more than half empty


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("layout"))
    yield s
    s.set_modes(())
    s.set_language("ja")
    s.resize(1920, 1080)
    s.close()


@pytest.mark.parametrize(("size", "lang", "modes"), SUBSET,
                         ids=[f"{s[0]}x{s[1]}-{lang}-{'+'.join(m) or 'default'}" for s, lang, m in SUBSET])
def test_every_screen_lays_out(stage: Stage, size: tuple[int, int], lang: str, modes: tuple[str, ...]) -> None:
    found = check(stage, size, lang, modes, stage.booth.cfg.booth.screen_diagonal_in)
    faults = [p for p in found if EMPTY not in p]
    assert not faults, "\n".join(faults[:40])
    empty = [p for p in found if EMPTY in p]
    screens = {p.split(": ")[0].split(" ")[-1] for p in empty}  # "WxH lang modes state/variant: ..."
    _half_empty_seen[f"{size}-{lang}-{modes}"] = screens
    assert screens <= STILL_HALF_EMPTY, "\n".join(p for p in empty
                                                  if p.split(": ")[0].split(" ")[-1] not in STILL_HALF_EMPTY)


def test_the_list_of_half_empty_screens_only_shrinks() -> None:
    """Runs after the combinations (file order): a listed screen that is no longer half empty anywhere must
    leave the list."""
    if len(_half_empty_seen) < len(SUBSET):
        pytest.skip("needs every combination of SUBSET run before it (run the whole file)")
    seen = set().union(*_half_empty_seen.values())
    assert not STILL_HALF_EMPTY - seen, f"no longer half empty, take off STILL_HALF_EMPTY: {STILL_HALF_EMPTY - seen}"


def test_the_check_finds_overlaps_clipped_text_and_small_controls(stage: Stage) -> None:
    stage.resize(1920, 1080)
    stage.set_modes(())
    stage.set_language("en")
    screen = stage.show("menu")
    mm = mm_per_px((1920, 1080), 21.5)
    assert problems(screen, stage.window, mm) == []
    back, my_number = screen.back, screen.my_number  # type: ignore[attr-defined]
    try:
        back.setText("A very long label " * 12)
        found = problems(screen, stage.window, mm)
        assert any("menu_back" in p and "text needs" in p for p in found)
        back.setText("Back")
        stage.settle()
        my_number.setFixedSize(40, 40)  # 10 mm on a 21.5" 1080p screen
        stage.settle()
        assert any("menu_my_number" in p and "under 15 mm" in p for p in problems(screen, stage.window, mm))
        my_number.setMinimumSize(0, 0)
        my_number.setMaximumSize(16777215, 16777215)
        stage.settle()
        id_photo = screen.id_photo  # type: ignore[attr-defined]
        id_photo.setGeometry(my_number.geometry().translated(0, 10))  # no layout pass before the check
        assert any("overlaps" in p for p in problems(screen, stage.window, mm))
    finally:
        stage.set_language("ja")
        stage.show("attract")


def test_the_check_finds_a_half_empty_screen(stage: Stage) -> None:
    """The measure sees what is drawn, grown by half a spacing step: text alone is not a full screen, an
    emptied body is empty, and the ordinary menu is more than half full."""
    stage.resize(1920, 1080)
    stage.set_modes(())
    stage.set_language("en")
    screen = stage.show("menu")
    theme = stage.window._theme
    full = filled_share(screen, stage.window, theme)
    assert full >= MIN_FILLED and emptiness(screen, stage.window, theme) == []
    shown = [w for w in screen.body_widget.findChildren(QWidget) if w.isVisibleTo(screen)]  # type: ignore[attr-defined]
    try:
        for widget in shown:
            widget.hide()
        stage.settle()
        assert filled_share(screen, stage.window, theme) < 0.02
        [found] = emptiness(screen, stage.window, theme)
        assert "more than half empty" in found
        shown[0].show()  # one thing back: some of the body is filled, not all of it
        stage.settle()
        assert 0.0 < filled_share(screen, stage.window, theme) < full
    finally:
        for widget in shown:
            widget.show()
        stage.settle()
        stage.set_language("ja")
        stage.show("attract")
