"""Today's service hours as the scan needs them: from the cache, not four queries a scan.

The calendar (``reservations.calendar``) answers from the database: opening
hours, holidays, closures and the service rule are one query each. A front desk
scanning visitor after visitor asks the same question all day, so the answer
for a date is kept in the cache for a minute; a change staff make in the admin
applies within that minute.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from reservations import calendar
from reservations.models import Service

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60


@dataclass(frozen=True)
class DayFacts:
    day: dt.date
    serves: bool
    opens: dt.time | None
    closes: dt.time | None
    max_minutes: int

    def open_at(self, moment: dt.datetime) -> bool:
        if not self.serves:
            return False
        local = timezone.localtime(moment)
        return local.date() == self.day and self.opens <= local.time() < self.closes

    def closing(self) -> dt.datetime | None:
        if not self.serves:
            return None
        return timezone.make_aware(dt.datetime.combine(self.day, self.closes))


def _compute(day: dt.date) -> DayFacts:
    hours = calendar.opening_hours(day)
    serves = hours is not None and calendar.is_service_day(day, Service.COWORKING)
    rule = calendar.policy(Service.COWORKING)
    return DayFacts(
        day=day,
        serves=serves,
        opens=hours[0] if hours else None,
        closes=hours[1] if hours else None,
        max_minutes=rule.max_minutes or 420,
    )


def day_facts(day: dt.date) -> DayFacts:
    key = f"cw:day:{day.isoformat()}"
    try:
        facts = cache.get(key)
    except Exception:  # a cache outage costs queries, never a scan
        logger.warning("cache unavailable for %s", key, exc_info=True)
        return _compute(day)
    if facts is None:
        facts = _compute(day)
        try:
            cache.set(key, facts, CACHE_SECONDS)
        except Exception:
            pass
    return facts
