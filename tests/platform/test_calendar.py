"""The service calendar, as the SOPs describe it: Monday–Friday 07.00–15.45 WIB,
closed on holidays, cuti bersama and the office's own closures, booked at least H-1."""

import datetime as dt

import pytest
from django.utils import timezone

from reservations import calendar
from reservations.models import Closure, Holiday, OpeningHours, Service, ServicePolicy

pytestmark = pytest.mark.django_db

WIB = timezone.get_fixed_timezone(7 * 60)
# Monday 23 November 2026, 10.00 WIB: "today" in these tests.
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=WIB)


def slot(day: dt.date, start: str, end: str):
    def at(hm):
        h, m = map(int, hm.split("."))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(h, m)))

    return at(start), at(end)


def check(day, start="09.00", end="12.00", service=Service.COWORKING, **kwargs):
    return calendar.check_slot(service, *slot(day, start, end), now=NOW, **kwargs)


def test_a_weekday_slot_two_days_ahead_can_be_booked():
    verdict = check(dt.date(2026, 11, 25))
    assert verdict.ok and verdict.code == "ok"


def test_tomorrow_is_allowed_by_h_minus_1():
    assert check(dt.date(2026, 11, 24)).ok


def test_today_is_refused_with_the_earliest_date():
    verdict = check(dt.date(2026, 11, 23), "13.00", "14.00")
    assert verdict.code == "lead_time"
    assert "Selasa, 24 November 2026" in verdict.reason
    assert "H-1" in verdict.reason


def test_staff_may_override_the_lead_time_for_a_walk_in():
    assert check(dt.date(2026, 11, 23), "10.00", "14.00", override_lead_time=True).ok


def test_the_override_does_not_open_a_closed_day_or_the_past():
    assert check(dt.date(2026, 11, 28), override_lead_time=True).code == "closed_weekday"
    assert check(dt.date(2026, 11, 23), "08.00", "09.00", override_lead_time=True).code == "past"


@pytest.mark.parametrize("day", [dt.date(2026, 11, 28), dt.date(2026, 11, 29)])
def test_weekends_are_closed(day):
    verdict = check(day)
    assert verdict.code == "closed_weekday"
    assert "Sabtu" in verdict.reason or "Minggu" in verdict.reason


def test_christmas_is_a_national_holiday():
    verdict = check(dt.date(2026, 12, 25))
    assert verdict.code == "holiday"
    assert "Natal" in verdict.reason


def test_cuti_bersama_closes_the_centre_by_default(settings):
    assert check(dt.date(2026, 12, 24)).code == "holiday"
    settings.PONTIVE = {**settings.PONTIVE, "CUTI_BERSAMA_CLOSES": False}
    assert check(dt.date(2026, 12, 24)).ok


def test_staff_can_reopen_a_day_whose_decree_was_revised():
    calendar.ensure_holidays(2026)
    Holiday.objects.filter(date=dt.date(2026, 12, 24)).update(active=False)
    assert check(dt.date(2026, 12, 24)).ok


def test_importing_a_year_again_keeps_staff_corrections():
    calendar.import_holidays(2026)
    Holiday.objects.filter(date=dt.date(2026, 12, 25)).update(name="Natal (dikoreksi)")
    assert calendar.import_holidays(2026) == 0
    assert Holiday.objects.get(date=dt.date(2026, 12, 25)).name == "Natal (dikoreksi)"


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [("07.00", "15.45", True), ("06.30", "09.00", False), ("14.00", "16.00", False)],
)
def test_slots_must_fit_the_service_hours(start, end, ok):
    verdict = check(dt.date(2026, 11, 25), start, end, service=Service.VISIT)
    assert verdict.ok is ok
    if not ok:
        assert verdict.code == "outside_hours"
        assert "07.00" in verdict.reason and "15.45" in verdict.reason


def test_staff_edited_hours_apply():
    OpeningHours.objects.filter(weekday=4).update(closes=dt.time(11, 0))  # Friday short day
    assert check(dt.date(2026, 11, 27), "09.00", "12.00").code == "outside_hours"
    OpeningHours.objects.filter(weekday=2).update(is_open=False)
    assert check(dt.date(2026, 11, 25)).code == "closed_weekday"


def test_an_office_closure_closes_the_centre_with_its_reason():
    Closure.objects.create(
        start_date=dt.date(2026, 11, 26), end_date=dt.date(2026, 11, 27), reason="Perawatan gedung"
    )
    verdict = check(dt.date(2026, 11, 27))
    assert verdict.code == "closure"
    assert "Perawatan gedung" in verdict.reason


def test_a_closure_of_one_service_leaves_the_others_open():
    Closure.objects.create(
        start_date=dt.date(2026, 11, 26),
        end_date=dt.date(2026, 11, 26),
        service=Service.MEETING_ROOM,
        reason="Rapat pimpinan",
    )
    assert check(dt.date(2026, 11, 26), service=Service.MEETING_ROOM).code == "closure"
    assert check(dt.date(2026, 11, 26), service=Service.COWORKING).ok


def test_coworking_sessions_last_at_most_seven_hours():
    verdict = check(dt.date(2026, 11, 25), "07.00", "14.30")
    assert verdict.code == "too_long"
    assert "7" in verdict.reason
    assert check(dt.date(2026, 11, 25), "07.00", "14.00").ok


def test_lead_time_is_a_setting_per_service():
    ServicePolicy.objects.filter(service=Service.VISIT).update(lead_days=3)
    verdict = check(dt.date(2026, 11, 25), service=Service.VISIT)
    assert verdict.code == "lead_time"
    assert "Kamis, 26 November 2026" in verdict.reason
    assert check(dt.date(2026, 11, 25), service=Service.COWORKING).ok


def test_an_end_before_the_start_is_refused():
    assert check(dt.date(2026, 11, 25), "12.00", "09.00").code == "invalid_range"


def test_the_reason_speaks_english_when_asked():
    from django.utils import translation

    with translation.override("en"):
        verdict = check(dt.date(2026, 11, 28))
    assert verdict.reason == "The Pontive Center is closed on Saturday."


@pytest.mark.django_db(transaction=True)
def test_the_sop_hours_and_rules_exist_after_migrate_and_after_a_flush():
    from django.core.management import call_command

    assert OpeningHours.objects.count() == 5
    call_command("flush", "--noinput")
    assert list(OpeningHours.objects.values_list("weekday", "opens", "closes")) == [
        (day, dt.time(7, 0), dt.time(15, 45)) for day in range(5)
    ]
    assert ServicePolicy.objects.get(service=Service.COWORKING).max_minutes == 420


def test_a_date_beyond_the_booking_horizon_is_refused_without_importing_its_holidays():
    from reservations.models import HolidayImport

    verdict = check(dt.date(9999, 12, 1), service=Service.VISIT)
    assert verdict.code == "too_far"
    assert "23 November 2027" in verdict.reason
    assert not HolidayImport.objects.filter(year=9999).exists()
    assert check(dt.date(2027, 11, 23), service=Service.VISIT).ok
