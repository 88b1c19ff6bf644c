"""No text is clipped or elided: every screen in every language at 1920x1080 and 1024x768."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.ui.i18n import LANGUAGES
from scripts.gallery import Stage, build_translations

SIZES = ((1920, 1080), (1024, 768))


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("layout"))
    yield s
    s.set_language("ja")
    s.resize(1920, 1080)
    s.close()


def button_needs(button: QPushButton) -> tuple[int, int]:
    """Width and height the button's text needs: its advance plus the style sheet's padding and border (Qt's own
    size hint for the text, which never elides)."""
    hint = button.sizeHint()
    return hint.width(), hint.height()


def clipped(root: QWidget) -> list[str]:
    """Every visible label or button whose text does not fit its current size."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QPushButton) or not widget.isVisibleTo(root.window()):
            continue
        text = widget.text()
        if not text:
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QPushButton):
            need_w, need_h = button_needs(widget)
            if need_w > widget.width() or need_h > widget.height():
                problems.append(
                    f"button {name} {text!r}: needs {need_w}x{need_h}, has {widget.width()}x{widget.height()}"
                )
        elif widget.wordWrap():
            need_h = widget.heightForWidth(widget.width())
            if need_h > widget.height():
                problems.append(f"label {name} {text[:40]!r}: needs {need_h} px high, has {widget.height()}")
        else:
            rect = widget.contentsRect()
            need_w = max(widget.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
            if need_w > rect.width():
                problems.append(f"label {name} {text[:40]!r}: needs {need_w} px wide, has {rect.width()}")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_no_text_is_clipped(code: str, size: tuple[int, int], stage: Stage) -> None:
    stage.resize(*size)
    stage.set_language(code)
    problems = []
    for state, variant in stage.variants():
        shown = stage.show(state, variant)
        problems += [f"{state}/{variant}: {p}" for p in clipped(shown)]
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_clipped_button_and_label(stage: Stage) -> None:
    stage.resize(1920, 1080)
    stage.set_language("ja")
    screen = stage.show("menu")
    assert clipped(screen) == []
    stage.window.screens["menu"].back.setText("とても長い文字列" * 20)  # type: ignore[attr-defined]
    stage.window.screens["menu"].hint.setText("長い説明" * 400)  # type: ignore[attr-defined]
    stage.settle()
    found = clipped(screen)
    assert any("menu_back" in p for p in found)
    assert any("label note" in p for p in found)
    stage.set_language("en")
    stage.set_language("ja")


@pytest.mark.parametrize("code", ["ja", "en", "pt"])
def test_no_text_is_clipped_with_large_text(code: str, stage: Stage) -> None:
    stage.resize(1920, 1080)
    stage.set_language(code)
    stage.set_modes(("large_text",))
    problems = []
    try:
        for state, variant in stage.variants():
            shown = stage.show(state, variant)
            problems += [f"{state}/{variant}: {p}" for p in clipped(shown)]
    finally:
        stage.set_modes(())
    assert not problems, "\n".join(problems)
