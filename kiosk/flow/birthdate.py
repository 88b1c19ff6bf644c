"""Birth dates: Japanese eras, date validation and the age rules of the application (pure)."""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.api import EARLIEST_BIRTH_DATE

EARLIEST = EARLIEST_BIRTH_DATE  # dates before it are refused (kiosk.api says why)


class Era(enum.Enum):
    """The eras a living person can be born in, with the first day of each (for dates)."""

    MEIJI = ("明治", EARLIEST_BIRTH_DATE)
    TAISHO = ("大正", date(1912, 7, 30))
    SHOWA = ("昭和", date(1926, 12, 25))
    HEISEI = ("平成", date(1989, 1, 8))
    REIWA = ("令和", date(2019, 5, 1))

    @property
    def kanji(self) -> str:
        return self.value[0]

    @property
    def start(self) -> date:
        return self.value[1]

    @property
    def last_day(self) -> date | None:
        """The last day of the era (None for the current one)."""
        order = list(Era)
        index = order.index(self)
        return order[index + 1].start - timedelta(days=1) if index + 1 < len(order) else None

    @property
    def first_western_year(self) -> int:
        return self.start.year


def to_western_year(era: Era, era_year: int) -> int:
    """Era year (元年 = 1) to the Western year: 平成1 -> 1989."""
    return era.first_western_year + era_year - 1


def to_era_year(era: Era, western_year: int) -> int:
    """Western year to the year of the given era: (平成, 2019) -> 31."""
    return western_year - era.first_western_year + 1


def era_of(day: date) -> Era:
    """The era a date falls in (dates before EARLIEST count as 明治)."""
    found = Era.MEIJI
    for era in Era:
        if day >= era.start:
            found = era
    return found


def to_era(day: date) -> tuple[Era, int]:
    """The era and era year of a date: 2019-04-30 -> (平成, 31), 2019-05-01 -> (令和, 1)."""
    era = era_of(day)
    return era, to_era_year(era, day.year)


def eras_of_year(western_year: int) -> list[Era]:
    """The eras a Western year overlaps (two in a year the era changed: 1989 -> 昭和, 平成)."""
    return [
        era
        for era in Era
        if era.start.year <= western_year and (era.last_day is None or western_year <= era.last_day.year)
    ]


class DateProblem(enum.Enum):
    """Why an entered birth date is refused; the UI maps each to a plain-language message."""

    YEAR_INVALID = "year_invalid"  # era year below 1, or a Western year outside 1..9999
    MONTH_INVALID = "month_invalid"  # not 1..12
    DAY_INVALID = "day_invalid"  # no such day in that month (31 April, 29 February of a common year)
    BEFORE_ERA = "before_era"  # the date precedes the era (平成1年1月7日 was still 昭和)
    AFTER_ERA = "after_era"  # the era had already ended (昭和64年2月1日 was 平成)
    TOO_EARLY = "too_early"  # before 1868-10-23
    IN_FUTURE = "in_future"  # after today


@dataclass(frozen=True, repr=False)
class DateCheck:
    """The validated birth date, or the problem. repr hides the date (personal data)."""

    birth: date | None = None
    problem: DateProblem | None = None

    @property
    def ok(self) -> bool:
        return self.birth is not None

    def __repr__(self) -> str:
        return f"DateCheck(ok={self.ok}, problem={self.problem})"


def validate(year: int, month: int, day: int, *, today: date, era: Era | None = None) -> DateCheck:
    """Check an entered birth date; year is an era year when era is given, else a Western year."""
    if era is not None:
        if year < 1:
            return DateCheck(problem=DateProblem.YEAR_INVALID)
        western = to_western_year(era, year)
    else:
        western = year
    if not 1 <= western <= 9999:
        return DateCheck(problem=DateProblem.YEAR_INVALID)
    if not 1 <= month <= 12:
        return DateCheck(problem=DateProblem.MONTH_INVALID)
    if not 1 <= day <= calendar.monthrange(western, month)[1]:
        return DateCheck(problem=DateProblem.DAY_INVALID)
    birth = date(western, month, day)
    if birth < EARLIEST:
        return DateCheck(problem=DateProblem.TOO_EARLY)
    if era is not None:
        if birth < era.start:
            return DateCheck(problem=DateProblem.BEFORE_ERA)
        if era.last_day is not None and birth > era.last_day:
            return DateCheck(problem=DateProblem.AFTER_ERA)
    if birth > today:
        return DateCheck(problem=DateProblem.IN_FUTURE)
    return DateCheck(birth=birth)


def age_on(birth: date, today: date) -> int:
    """Completed years on a day, counting the birthday itself (the everyday rule).

    Someone born on 29 February has their birthday on 1 March in common years: (3, 1) >= (2, 29). Before the
    birth date the result is negative.
    """
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def legal_age_on(birth: date, today: date) -> int:
    """The age under 年齢計算ニ関スル法律 and 民法 143: the age is reached on the day before the birthday.

    The year ends at the end of the day before the anniversary; with no 29 February that year it ends at the
    end of the month, so someone born on 29 February reaches the age on 28 February in common years. Both
    cases equal age_on(birth, today + 1 day).
    """
    return age_on(birth, today + timedelta(days=1))


@dataclass(frozen=True)
class AgeRules:
    """What the birth date decides for the application on the day it is made.

    The thresholds are legal ones (the photo exemption for children under 1, the signature certificate not
    issued under 15), so the age is the legal age (legal_age_on): reached the day before the birthday, as the
    municipality counts it. The difference to the everyday rule is one day a year.
    """

    age_years: int
    under_1: bool  # no photo is needed at all: the booth cannot help (tell the citizen)
    under_15: bool  # no signature certificate (署名用電子証明書): do not offer it

    @property
    def photo_booth_useful(self) -> bool:
        return not self.under_1

    @property
    def signature_certificate_offered(self) -> bool:
        return not self.under_15


def age_rules(birth: date, today: date) -> AgeRules:
    age = legal_age_on(birth, today)
    return AgeRules(age_years=age, under_1=age < 1, under_15=age < 15)
