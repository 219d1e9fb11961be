"""Report periods: a month, a quarter (triwulan) or a year, written as in a URL and on paper."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter" or "year"
    start: dt.date
    end: dt.date  # inclusive

    @property
    def slug(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return date_format(self.start, "F Y")
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            return _("Quarter %(roman)s %(year)s (%(first)s–%(last)s)") % {
                "roman": ROMAN[quarter],
                "year": self.start.year,
                "first": date_format(self.start, "F"),
                "last": date_format(self.end, "F"),
            }
        return _("Year %(year)s") % {"year": self.start.year}

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def months(self) -> list[Period]:
        result, first = [], self.start
        while first <= self.end:
            result.append(month(first.year, first.month))
            first = result[-1].end + dt.timedelta(days=1)
        return result

    def has_ended(self, today: dt.date) -> bool:
        return self.end < today


def month(year: int, number: int) -> Period:
    if not 1 <= number <= 12 or not 2000 <= year <= 2100:
        raise BadPeriod(f"no month {year}-{number}")
    first = dt.date(year, number, 1)
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    return Period("month", first, following - dt.timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4 or not 2000 <= year <= 2100:
        raise BadPeriod(f"no quarter {year}-Q{number}")
    first_month = 3 * (number - 1) + 1
    return Period("quarter", dt.date(year, first_month, 1), month(year, first_month + 2).end)


def year(number: int) -> Period:
    if not 2000 <= number <= 2100:
        raise BadPeriod(f"no year {number}")
    return Period("year", dt.date(number, 1, 1), dt.date(number, 12, 31))


def parse(text: str, kind: str | None = None) -> Period:
    """'2026-11' → November 2026, '2026-Q4' → the fourth quarter, '2026' → the year."""
    text = (text or "").strip()
    if m := _MONTH.match(text):
        period = month(int(m[1]), int(m[2]))
    elif m := _QUARTER.match(text):
        period = quarter(int(m[1]), int(m[2]))
    elif m := _YEAR.match(text):
        period = year(int(m[1]))
    else:
        raise BadPeriod(f"not a period: {text!r}")
    if kind and period.kind != kind:
        raise BadPeriod(f"{text!r} is not a {kind}")
    return period


def month_of(day: dt.date) -> Period:
    return month(day.year, day.month)


def month_before(day: dt.date) -> Period:
    """The month before the one ``day`` lies in: December of last year for any day of January."""
    last_of_previous = day.replace(day=1) - dt.timedelta(days=1)
    return month_of(last_of_previous)


def quarter_of(day: dt.date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def quarter_before(day: dt.date) -> Period:
    return quarter_of(quarter_of(day).start - dt.timedelta(days=1))
