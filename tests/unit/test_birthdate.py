"""Unit tests for kiosk.flow.birthdate: eras, validation reasons, age arithmetic and the age rules."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.flow.birthdate import (
    DateProblem,
    Era,
    age_on,
    age_rules,
    eras_of_year,
    legal_age_on,
    to_era,
    to_era_year,
    to_western_year,
    validate,
)

TODAY = date(2026, 11, 29)


def test_era_years() -> None:
    assert to_western_year(Era.HEISEI, 1) == 1989
    assert to_western_year(Era.SHOWA, 64) == 1989
    assert to_western_year(Era.REIWA, 1) == 2019
    assert to_western_year(Era.MEIJI, 45) == 1912
    assert to_era_year(Era.HEISEI, 2019) == 31
    assert to_era(date(2019, 4, 30)) == (Era.HEISEI, 31)
    assert to_era(date(2019, 5, 1)) == (Era.REIWA, 1)
    assert to_era(date(1989, 1, 7)) == (Era.SHOWA, 64)
    assert to_era(date(1989, 1, 8)) == (Era.HEISEI, 1)
    assert to_era(date(1926, 12, 25)) == (Era.SHOWA, 1)
    assert to_era(date(1912, 7, 29)) == (Era.MEIJI, 45)
    assert to_era(date(1912, 7, 30)) == (Era.TAISHO, 1)
    assert eras_of_year(1989) == [Era.SHOWA, Era.HEISEI]
    assert eras_of_year(2000) == [Era.HEISEI]
    assert Era.SHOWA.kanji == "昭和"
    assert Era.SHOWA.last_day == date(1989, 1, 7)
    assert Era.REIWA.last_day is None


@pytest.mark.parametrize(
    ("era", "year", "month", "day", "problem"),
    [
        (None, 1990, 13, 1, DateProblem.MONTH_INVALID),
        (None, 1990, 0, 1, DateProblem.MONTH_INVALID),
        (None, 1990, 4, 31, DateProblem.DAY_INVALID),
        (None, 1990, 2, 29, DateProblem.DAY_INVALID),
        (None, 1900, 2, 29, DateProblem.DAY_INVALID),  # 1900 was a common year
        (None, 1990, 1, 0, DateProblem.DAY_INVALID),
        (None, 0, 1, 1, DateProblem.YEAR_INVALID),
        (None, 10000, 1, 1, DateProblem.YEAR_INVALID),
        (Era.HEISEI, 0, 1, 1, DateProblem.YEAR_INVALID),
        (Era.HEISEI, 1, 1, 7, DateProblem.BEFORE_ERA),
        (Era.SHOWA, 64, 1, 8, DateProblem.AFTER_ERA),
        (Era.SHOWA, 100, 1, 1, DateProblem.AFTER_ERA),
        (Era.REIWA, 1, 4, 30, DateProblem.BEFORE_ERA),
        (Era.MEIJI, 1, 10, 22, DateProblem.TOO_EARLY),
        (None, 1868, 10, 22, DateProblem.TOO_EARLY),
        (None, 1700, 1, 1, DateProblem.TOO_EARLY),
        (None, 2026, 11, 30, DateProblem.IN_FUTURE),
        (Era.REIWA, 9, 1, 1, DateProblem.IN_FUTURE),
    ],
)
def test_refusals(era: Era | None, year: int, month: int, day: int, problem: DateProblem) -> None:
    check = validate(year, month, day, today=TODAY, era=era)
    assert not check.ok
    assert check.birth is None
    assert check.problem is problem


@pytest.mark.parametrize(
    ("era", "year", "month", "day", "expected"),
    [
        (None, 1868, 10, 23, date(1868, 10, 23)),
        (Era.MEIJI, 1, 10, 23, date(1868, 10, 23)),
        (Era.SHOWA, 64, 1, 7, date(1989, 1, 7)),
        (Era.HEISEI, 1, 1, 8, date(1989, 1, 8)),
        (Era.HEISEI, 12, 2, 29, date(2000, 2, 29)),
        (Era.REIWA, 8, 11, 29, TODAY),
        (None, 2026, 11, 29, TODAY),
    ],
)
def test_accepted(era: Era | None, year: int, month: int, day: int, expected: date) -> None:
    check = validate(year, month, day, today=TODAY, era=era)
    assert check.ok and check.problem is None
    assert check.birth == expected


def test_check_repr_hides_the_date() -> None:
    check = validate(1985, 6, 17, today=TODAY)
    assert "1985" not in repr(check) and "17" not in repr(check)


def test_age_on() -> None:
    birth = date(2000, 6, 15)
    assert age_on(birth, date(2015, 6, 14)) == 14
    assert age_on(birth, date(2015, 6, 15)) == 15
    assert age_on(birth, date(2000, 6, 15)) == 0
    assert age_on(birth, date(2000, 6, 14)) == -1


def test_age_on_29_february() -> None:
    leap = date(2008, 2, 29)
    assert age_on(leap, date(2023, 2, 28)) == 14  # everyday rule: birthday on 1 March in common years
    assert age_on(leap, date(2023, 3, 1)) == 15
    assert age_on(leap, date(2024, 2, 28)) == 15
    assert age_on(leap, date(2024, 2, 29)) == 16


def test_legal_age_is_reached_the_day_before() -> None:
    birth = date(2000, 6, 15)
    assert legal_age_on(birth, date(2015, 6, 13)) == 14
    assert legal_age_on(birth, date(2015, 6, 14)) == 15
    leap = date(2008, 2, 29)
    assert legal_age_on(leap, date(2023, 2, 27)) == 14
    assert legal_age_on(leap, date(2023, 2, 28)) == 15  # the month's last day in a common year
    assert legal_age_on(leap, date(2024, 2, 27)) == 15
    assert legal_age_on(leap, date(2024, 2, 28)) == 16
    march = date(2011, 3, 1)
    assert legal_age_on(march, date(2024, 2, 28)) == 12
    assert legal_age_on(march, date(2024, 2, 29)) == 13


def test_age_rules() -> None:
    today = date(2026, 11, 29)
    baby = age_rules(date(2026, 1, 1), today)
    assert baby.under_1 and baby.under_15 and not baby.photo_booth_useful
    one = age_rules(date(2025, 11, 30), today)  # first birthday tomorrow: legally 1 today
    assert not one.under_1 and one.photo_booth_useful
    assert age_rules(date(2025, 12, 1), today).under_1
    fourteen = age_rules(date(2011, 12, 1), today)
    assert fourteen.under_15 and not fourteen.signature_certificate_offered
    fifteen = age_rules(date(2011, 11, 30), today)  # 15th birthday tomorrow: legally 15 today
    assert not fifteen.under_15 and fifteen.signature_certificate_offered
    assert fifteen.age_years == 15
