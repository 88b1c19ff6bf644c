"""Property tests for kiosk.flow.birthdate: era round trip, valid dates accepted, invalid days refused."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kiosk.flow.birthdate import (
    EARLIEST,
    DateProblem,
    Era,
    age_on,
    legal_age_on,
    to_era,
    to_western_year,
    validate,
)

TODAY = date(2026, 11, 29)
births = st.dates(min_value=EARLIEST, max_value=TODAY)


@given(births)
def test_era_round_trip(birth: date) -> None:
    era, era_year = to_era(birth)
    assert era_year >= 1
    assert to_western_year(era, era_year) == birth.year
    check = validate(era_year, birth.month, birth.day, today=TODAY, era=era)
    assert check.birth == birth


@given(births)
def test_every_valid_date_is_accepted(birth: date) -> None:
    assert validate(birth.year, birth.month, birth.day, today=TODAY).birth == birth


@given(births, st.sampled_from(list(Era)))
def test_a_date_is_accepted_only_in_its_own_era(birth: date, era: Era) -> None:
    era_year = birth.year - era.start.year + 1
    check = validate(era_year, birth.month, birth.day, today=TODAY, era=era)
    assert check.ok == (to_era(birth)[0] is era)


@given(st.integers(1869, 2026), st.integers(1, 12), st.integers(29, 40))
def test_invalid_days_are_refused(year: int, month: int, day: int) -> None:
    if day <= calendar.monthrange(year, month)[1]:
        return
    assert validate(year, month, day, today=TODAY).problem is DateProblem.DAY_INVALID


@given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(9999, 12, 31)))
def test_future_dates_are_refused(birth: date) -> None:
    assert validate(birth.year, birth.month, birth.day, today=TODAY).problem is DateProblem.IN_FUTURE


@given(births, st.dates(min_value=EARLIEST, max_value=date(2200, 1, 1)))
def test_age_arithmetic(birth: date, today: date) -> None:
    age = age_on(birth, today)
    legal = legal_age_on(birth, today)
    assert legal - age in (0, 1)  # the legal age is reached one day earlier
    if today >= birth:
        assert age >= 0
        anniversary_year = birth.year + age
        feb29 = (birth.month, birth.day) == (2, 29) and not calendar.isleap(anniversary_year)
        anniversary = date(anniversary_year, 3, 1) if feb29 else birth.replace(year=anniversary_year)
        assert anniversary <= today
    assert age_on(birth, today + timedelta(days=366)) >= age + 1 or today + timedelta(days=366) > date(
        9999, 1, 1
    )
