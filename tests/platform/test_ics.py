"""One calendar-entry builder for the portal: complete (VTIMEZONE), valid, with an opaque UID."""

import datetime as dt
from pathlib import Path

from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream

from reservations import ics

ROOT = Path(__file__).resolve().parents[2]
WIB = dt.timezone(dt.timedelta(hours=7))


def test_an_entry_is_valid_and_carries_its_time_zone():
    content = ics.calendar_entry(
        subject="visits.request:7",
        summary="Kunjungan",
        start=dt.datetime(2026, 12, 1, 9, tzinfo=WIB),
        end=dt.datetime(2026, 12, 1, 11, tzinfo=WIB),
        location="Pontive Center",
        now=timezone.now(),
    ).decode()
    calendar = IcsCalendarStream.calendar_from_ics(content)  # a strict RFC 5545 parser
    [event] = calendar.events
    assert [tz.tz_id for tz in calendar.timezones] == ["Asia/Pontianak"]
    assert "DTSTART;TZID=Asia/Pontianak:20261201T090000" in content
    assert event.dtstart == dt.datetime(2026, 12, 1, 9, tzinfo=WIB)
    assert calendar.prodid == ics.PRODID


def test_the_uid_is_stable_and_says_nothing_of_its_subject():
    first = ics.opaque_uid("coworking.reservation:42")
    assert first == ics.opaque_uid("coworking.reservation:42")
    assert first != ics.opaque_uid("coworking.reservation:43")
    assert "42" not in first.split("@")[0] and "coworking" not in first


def test_no_other_module_builds_calendar_files():
    builders = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.glob("*/**/*.py")
        if ".venv" not in path.parts
        and path.parts[len(ROOT.parts)] != "tests"
        and "icalendar" in path.read_text(encoding="utf-8")
    ]
    assert builders == ["reservations/ics.py"]
