"""The service calendar: when the Pontive Center serves, and whether a slot can be booked.

``check_slot`` is the one function every service asks; it answers with a code
(for code and tests) and a sentence a citizen understands (for the page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays as holidays_lib
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import (
    Closure,
    Holiday,
    HolidayImport,
    HolidayKind,
    OpeningHours,
    Service,
    ServicePolicy,
)


@dataclass(frozen=True)
class SlotVerdict:
    ok: bool
    code: str = "ok"
    reason: str = ""

    def __bool__(self):
        return self.ok


OK = SlotVerdict(True)


def local_date_str(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def hm(t: dt.time) -> str:
    return time_format(t, "TIME_FORMAT")


# ---------------------------------------------------------------- holidays


def import_holidays(year: int) -> int:
    """Copy one year's national holidays and cuti bersama into the editable table.

    Rows staff already have for a date and kind are left as they are, so a
    correction survives the next import. Returns the number of rows added.
    """
    added = 0
    for kind, category in (
        (HolidayKind.NATIONAL, "public"),
        (HolidayKind.CUTI_BERSAMA, "government"),
    ):
        days = holidays_lib.country_holidays(
            "ID", years=[year], categories=(category,), language="id"
        )
        for day, name in sorted(days.items()):
            _row, created = Holiday.objects.get_or_create(
                date=day, kind=kind, defaults={"name": name[:200], "imported": True}
            )
            added += created
    try:
        with transaction.atomic():
            HolidayImport.objects.get_or_create(year=year)
    except IntegrityError:  # two workers imported the same year at once
        pass
    return added


def ensure_holidays(year: int) -> None:
    if not HolidayImport.objects.filter(year=year).exists():
        import_holidays(year)


def holiday_on(day: dt.date) -> Holiday | None:
    ensure_holidays(day.year)
    kinds = [HolidayKind.NATIONAL]
    if settings.PONTIVE["CUTI_BERSAMA_CLOSES"]:
        kinds.append(HolidayKind.CUTI_BERSAMA)
    return Holiday.objects.filter(date=day, kind__in=kinds, active=True).order_by("kind").first()


# ---------------------------------------------------------------- hours


def opening_hours(day: dt.date) -> tuple[dt.time, dt.time] | None:
    """Opening and closing time on a weekday, or None when the centre is closed that weekday."""
    row = OpeningHours.objects.filter(weekday=day.weekday(), is_open=True).first()
    return (row.opens, row.closes) if row else None


def closed_reason(day: dt.date, service: str | None = None) -> tuple[str, str] | None:
    """Why the centre does not serve on a day, as (code, sentence), or None when it does."""
    if opening_hours(day) is None:
        return "closed_weekday", _("The Pontive Center is closed on %(weekday)s.") % {
            "weekday": date_format(day, "l")
        }
    holiday = holiday_on(day)
    if holiday is not None:
        return "holiday", _("%(date)s is a public holiday (%(name)s); the centre is closed.") % {
            "date": local_date_str(day),
            "name": holiday.name,
        }
    closure = Closure.objects.on(day, service).first()
    if closure is not None:
        return "closure", _("The centre is closed on %(date)s: %(reason)s.") % {
            "date": local_date_str(day),
            "reason": closure.reason,
        }
    return None


def is_service_day(day: dt.date, service: str | None = None) -> bool:
    return closed_reason(day, service) is None


def closing_time(day: dt.date) -> dt.datetime | None:
    hours = opening_hours(day)
    if hours is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, hours[1]))


# ---------------------------------------------------------------- policy

# The SOPs' defaults, created once; afterwards staff edit them in the admin.
DEFAULT_HOURS = {weekday: (dt.time(7, 0), dt.time(15, 45)) for weekday in range(5)}
DEFAULT_MAX_MINUTES = {Service.COWORKING: 420}  # SOP 000 step 6: at most 7 hours


def ensure_default_rules(**kwargs) -> None:
    """Monday–Friday 07.00–15.45 and H-1 for every service, unless staff set their own."""
    if not OpeningHours.objects.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(weekday=day, opens=opens, closes=closes)
            for day, (opens, closes) in DEFAULT_HOURS.items()
        )
    for service in Service.values:
        ServicePolicy.objects.get_or_create(
            service=service,
            defaults={
                "lead_days": settings.PONTIVE["DEFAULT_LEAD_DAYS"],
                "max_minutes": DEFAULT_MAX_MINUTES.get(service),
            },
        )


def policy(service: str) -> ServicePolicy:
    row = ServicePolicy.objects.filter(service=service).first()
    if row is None:
        row = ServicePolicy(service=service, lead_days=settings.PONTIVE["DEFAULT_LEAD_DAYS"])
    return row


def earliest_bookable_date(service: str, now: dt.datetime | None = None) -> dt.date:
    today = timezone.localdate(now or timezone.now())
    return today + dt.timedelta(days=policy(service).lead_days)


def next_service_day(service: str, start: dt.date, *, within_days: int = 60) -> dt.date | None:
    for offset in range(within_days):
        day = start + dt.timedelta(days=offset)
        if is_service_day(day, service):
            return day
    return None


# ---------------------------------------------------------------- the question


def check_slot(
    service: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    now: dt.datetime | None = None,
    override_lead_time: bool = False,
) -> SlotVerdict:
    """Whether a slot from ``start`` to ``end`` can be booked for ``service``.

    ``override_lead_time`` lets staff book a walk-in for today; every other rule
    (hours, holidays, closures) still holds.
    """
    if service not in Service.values:
        raise ValueError(f"unknown service {service!r}")
    now = now or timezone.now()
    start = timezone.localtime(start)
    end = timezone.localtime(end)
    day = start.date()

    if end <= start:
        return SlotVerdict(False, "invalid_range", _("The end time must be after the start time."))
    if end.date() != day:
        return SlotVerdict(False, "multi_day", _("A booking must start and end on the same day."))
    if end <= now:
        return SlotVerdict(False, "past", _("That time has already passed."))

    horizon = timezone.localdate(now) + dt.timedelta(days=settings.PONTIVE["BOOKING_HORIZON_DAYS"])
    if day > horizon:
        # Also keeps a stranger from making the calendar import holidays of year 9999.
        return SlotVerdict(
            False,
            "too_far",
            _("Bookings open at most until %(date)s.") % {"date": local_date_str(horizon)},
        )

    closed = closed_reason(day, service)
    if closed is not None:
        return SlotVerdict(False, *closed)

    opens, closes = opening_hours(day)
    if start.time() < opens or end.time() > closes:
        return SlotVerdict(
            False,
            "outside_hours",
            _("On %(date)s the centre serves from %(opens)s to %(closes)s WIB.")
            % {"date": local_date_str(day), "opens": hm(opens), "closes": hm(closes)},
        )

    rule = policy(service)
    if rule.max_minutes and (end - start) > dt.timedelta(minutes=rule.max_minutes):
        hours, minutes = divmod(rule.max_minutes, 60)
        return SlotVerdict(
            False,
            "too_long",
            _("A booking may last at most %(duration)s.") % {"duration": _duration(hours, minutes)},
        )

    if not override_lead_time:
        earliest = earliest_bookable_date(service, now)
        if day < earliest:
            return SlotVerdict(
                False,
                "lead_time",
                ngettext(
                    "Bookings must be made at least %(days)d day ahead (H-%(days)d); "
                    "the earliest date you can book is %(date)s.",
                    "Bookings must be made at least %(days)d days ahead (H-%(days)d); "
                    "the earliest date you can book is %(date)s.",
                    rule.lead_days,
                )
                % {"days": rule.lead_days, "date": local_date_str(earliest)},
            )
        if start < now:
            return SlotVerdict(False, "past", _("That time has already passed."))
    return OK


def _duration(hours: int, minutes: int) -> str:
    if minutes:
        return _("%(hours)d hours %(minutes)d minutes") % {"hours": hours, "minutes": minutes}
    return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
