"""The step bar shows the path the citizen is on: the My Number card's five steps, or the printed ID photo's own
four (size, payment, photo, printing) on the screens the two services share (payment, guide, camera, review)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from scripts.gallery import Stage, build_translations


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("steps"))
    yield s
    s.flow.session.service = "my_number"
    s.set_language("ja")
    s.close()


def shown_steps(stage: Stage, state: str) -> list[str]:
    screen = stage.show(state)
    steps = screen.steps  # type: ignore[attr-defined]
    if not steps.isVisibleTo(screen):
        return []
    return [label.text() for label in steps.findChildren(type(steps._labels[0])) if label.isVisibleTo(screen)]


def test_the_print_path_shows_its_own_steps(stage: Stage) -> None:
    stage.set_language("en")
    stage.flow.session.service = "idphoto"
    try:
        assert shown_steps(stage, "payment") == ["✓ Size", "2 Payment", "3 Photo", "4 Printing"]
        for state in ("guide", "camera", "review"):
            assert shown_steps(stage, state) == ["✓ Size", "✓ Payment", "3 Photo", "4 Printing"], state
        assert shown_steps(stage, "printing") == ["✓ Size", "✓ Payment", "✓ Photo", "4 Printing"]
        assert shown_steps(stage, "printed") == ["✓ Size", "✓ Payment", "✓ Photo", "✓ Printing"]
    finally:
        stage.flow.session.service = "my_number"


def test_the_card_path_keeps_its_five_steps(stage: Stage) -> None:
    stage.set_language("en")
    stage.flow.session.service = "idphoto"
    shown_steps(stage, "payment")  # seen on the print path first: the next session's card path is its own
    stage.flow.session.service = "my_number"
    stage.flow.session.changed.emit()  # as the flow's choice of a service does
    assert shown_steps(stage, "payment") == ["1 Payment", "2 Scan", "3 Details", "4 Photo", "5 Check and send"]
    assert shown_steps(stage, "guide") == ["✓ Payment", "✓ Scan", "✓ Details", "4 Photo", "5 Check and send"]
    assert shown_steps(stage, "done")[-1] == "✓ Check and send"
    assert shown_steps(stage, "menu") == []  # before a path is chosen


def test_the_size_screen_is_the_first_step_of_the_print_path(stage: Stage) -> None:
    """The service is chosen with the size: the size screen is on the print path before it is."""
    stage.set_language("en")
    stage.flow.session.service = "my_number"
    assert shown_steps(stage, "size") == ["1 Size", "2 Payment", "3 Photo", "4 Printing"]
