"""The layout check (scripts/layout_check.py) on a representative subset: every screen and variant, each screen
shape, each language and each mode at least once. No overlapping controls, no text outside its widget, no
control under 15 mm at the configured screen size. The full matrix (4 x 7 x 5, about 2 minutes) is
`scripts/layout_check.py`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from scripts.gallery import Stage, build_translations
from scripts.layout_check import check, mm_per_px, problems

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
    assert not found, "\n".join(found[:40])


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
