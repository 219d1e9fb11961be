"""The portal's one calendar-entry builder (.ics, RFC 5545) for every service.

Times are written in Pontianak time with the VTIMEZONE that defines it, so any
calendar shows them right; the UID is opaque (a keyed hash of what the caller
names), stable across downloads so a calendar updates the entry it already has,
and never a code or link that opens the booking.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.crypto import salted_hmac

PRODID = "-//Diskominfo Kota Pontianak//Pontive Center//ID"
DOMAIN = "pontive.pontianak.go.id"


def opaque_uid(subject: str) -> str:
    """A UID for ``subject`` (e.g. 'coworking.reservation:42') that reveals nothing of it."""
    digest = salted_hmac("reservations.ics.uid", subject, algorithm="sha256").hexdigest()
    return f"{digest[:32]}@{DOMAIN}"


def calendar_entry(
    *,
    subject: str,
    summary: str,
    start: dt.datetime,
    end: dt.datetime,
    location: str,
    description: str = "",
    url: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """One event as a complete .ics file."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", opaque_uid(subject))
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", timezone.localtime(start))
    event.add("dtend", timezone.localtime(end))
    event.add("summary", summary)
    event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    cal.add_component(event)
    cal.add_missing_timezones()  # the VTIMEZONE of Asia/Pontianak
    return cal.to_ical()
