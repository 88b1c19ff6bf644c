"""The details screen in few taps: the birth date on one screen whose fields move on by themselves, the
certificates preselected as recommended, and the braille answer sending the details on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.flow.session import Details
from kiosk.ui.taps import TapCounter
from scripts.gallery import Stage, build_translations
from tests.helpers.taps import tap


@pytest.fixture(scope="module")
def stage(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    build_translations()
    s = Stage(qapp, tmp_path_factory.mktemp("details"))
    yield s
    s.flow.timers.stop_all()
    s.close()


def fresh(stage: Stage):  # type: ignore[no-untyped-def]
    stage.set_language("ja")
    screen = stage.show("details")
    screen.reset()
    stage.flow.session.details = Details()
    screen.on_enter()
    return screen


def press(stage: Stage, *names: str) -> None:
    for name in names:
        tap(stage.window.find_control(name))


def test_a_western_birth_date_and_braille_send_the_details_in_seven_taps(stage: Stage, qapp: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = fresh(stage)
    counter = TapCounter(stage.window)
    qapp.installEventFilter(counter)
    try:
        press(stage, "details_key_1", "details_key_9", "details_key_9")
        assert screen._page() == "year"  # three digits are not a year yet
        press(stage, "details_key_0")
        assert screen._page() == "month"
        assert stage.window.find_control("details_field_year").text() == "1990年"  # shown while choosing on
        press(stage, "details_month_2")
        assert screen._page() == "day"
        assert not stage.window.find_control("details_day_30").isEnabled()  # no 30 February
        press(stage, "details_day_28")
        assert screen._page() == "choices"
        assert screen.signature_yes.isChecked() and screen.user_yes.isChecked()  # recommended, preselected
        with qtbot.waitSignal(screen.intent, timeout=2000) as blocker:
            press(stage, "details_braille_no")
        assert counter.count == 7
    finally:
        qapp.removeEventFilter(counter)
    state, action, details = blocker.args
    assert (state, action) == ("details", "next")
    assert details == Details(date(1990, 2, 28), True, True, False)


def test_one_tap_changes_a_recommended_certificate(stage: Stage, qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = fresh(stage)
    press(stage, *(f"details_key_{d}" for d in "1985"), "details_month_4", "details_day_12", "details_user_no")
    with qtbot.waitSignal(screen.intent, timeout=2000) as blocker:
        press(stage, "details_braille_yes")
    assert blocker.args[2] == Details(date(1985, 4, 12), True, False, True)


@pytest.mark.parametrize(("era", "digits", "moves_on"), [
    ("heisei", "5", True),  # 平成50 does not exist: 5 is complete
    ("showa", "6", False),  # 昭和60..64 exist: wait for the second digit
    ("showa", "60", True),
    ("reiwa", "8", True),
])
def test_an_era_year_moves_on_once_no_digit_could_extend_it(stage: Stage, era: str, digits: str,
                                                            moves_on: bool) -> None:
    screen = fresh(stage)
    press(stage, f"details_era_{era}", *(f"details_key_{d}" for d in digits))
    assert (screen._page() == "month") is moves_on


def test_an_impossible_year_stays_with_a_message(stage: Stage) -> None:
    screen = fresh(stage)
    press(stage, *(f"details_key_{d}" for d in "2999"))
    assert screen._page() == "year" and screen.message.text()


def test_a_field_of_the_strip_goes_back_to_its_picker_and_keeps_the_rest(stage: Stage) -> None:
    screen = fresh(stage)
    press(stage, *(f"details_key_{d}" for d in "1985"), "details_month_4")
    press(stage, "details_field_month")
    assert screen._page() == "month"
    press(stage, "details_month_5")
    assert screen._page() == "day" and screen.month == 5 and screen._western_year() == 1985


def test_under_15_the_signature_certificate_is_not_offered(stage: Stage) -> None:
    screen = fresh(stage)
    press(stage, *(f"details_key_{d}" for d in "2015"), "details_month_1", "details_day_1")
    assert screen._page() == "choices"
    assert not screen.signature_yes.isEnabled() and screen.signature_no.isChecked()
