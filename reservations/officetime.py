"""Office time: which days the centre works, and how many office minutes lie between two moments.

``CalendarWindow`` loads the opening hours, holidays and closures of a date range
once, so a list page or a month view asks the database a fixed number of times
however many rows or days it shows (``calendar.closed_reason`` asks per day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import calendar
from .models import Closure, Holiday, HolidayKind, OpeningHours


@dataclass(frozen=True)
class DayOff:
    code: str  # closed_weekday | holiday | closure
    name: str = ""


class CalendarWindow:
    """The service calendar of ``first``..``last`` (inclusive), read in three queries.

    With ``service`` the closures of that service count too; without it only the
    closures of the whole centre do (office time, which staff work in).
    """

    def __init__(self, first: dt.date, last: dt.date, service: str | None = None):
        if last < first:
            first, last = last, first
        self.first, self.last = first, last
        self.hours = {
            row.weekday: (row.opens, row.closes)
            for row in OpeningHours.objects.filter(is_open=True)
        }
        for year in range(first.year, last.year + 1):
            calendar.ensure_holidays(year)
        kinds = [HolidayKind.NATIONAL]
        if settings.PONTIVE["CUTI_BERSAMA_CLOSES"]:
            kinds.append(HolidayKind.CUTI_BERSAMA)
        self.holidays: dict[dt.date, str] = {}
        for day, name in (
            Holiday.objects.filter(date__range=(first, last), kind__in=kinds, active=True)
            .order_by("-kind")
            .values_list("date", "name")
        ):
            self.holidays[day] = name  # national (sorted last) wins over cuti bersama
        closures = Closure.objects.filter(start_date__lte=last, end_date__gte=first)
        closures = closures.filter(Q(service="") | Q(service=service or ""))
        self.closures = list(closures.values_list("start_date", "end_date", "reason"))

    def day_off(self, day: dt.date) -> DayOff | None:
        if day.weekday() not in self.hours:
            return DayOff("closed_weekday")
        if day in self.holidays:
            return DayOff("holiday", self.holidays[day])
        for start, end, reason in self.closures:
            if start <= day <= end:
                return DayOff("closure", reason)
        return None

    def opening(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """The day's opening and closing moments, or None on a day off."""
        if self.day_off(day) is not None:
            return None
        opens, closes = self.hours[day.weekday()]
        return (
            timezone.make_aware(dt.datetime.combine(day, opens)),
            timezone.make_aware(dt.datetime.combine(day, closes)),
        )

    def office_minutes(self, start: dt.datetime, end: dt.datetime) -> int:
        """Whole minutes of office time between two moments (nights, weekends, holidays skipped)."""
        if end <= start:
            return 0
        start, end = timezone.localtime(start), timezone.localtime(end)
        seconds = 0.0
        day = max(start.date(), self.first)
        while day <= min(end.date(), self.last):
            window = self.opening(day)
            if window is not None:
                low, high = max(start, window[0]), min(end, window[1])
                if high > low:
                    seconds += (high - low).total_seconds()
            day += dt.timedelta(days=1)
        return int(seconds // 60)


def office_minutes(start: dt.datetime, end: dt.datetime) -> int:
    if end <= start:
        return 0
    window = CalendarWindow(timezone.localdate(start), timezone.localdate(end))
    return window.office_minutes(start, end)
