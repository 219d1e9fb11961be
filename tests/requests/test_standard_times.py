"""Mutu Baku: each step's time in office hours against its SOP standard, and how often it is met."""

import datetime as dt

import pytest

from reservations import actions
from reservations.models import Closure, Holiday, HolidayKind, Service
from reservations.officetime import office_minutes
from reservations.standards import step_compliance

from .conftest import NOW, at, submit

pytestmark = pytest.mark.django_db

MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)
FRI, NEXT_MON = dt.date(2026, 11, 27), dt.date(2026, 11, 30)


def test_only_office_hours_count():
    assert office_minutes(at(TUE, 8, 0), at(TUE, 8, 12)) == 12
    assert office_minutes(at(TUE, 6, 0), at(TUE, 7, 10)) == 10  # before opening
    assert office_minutes(at(TUE, 15, 40), at(WED, 7, 5)) == 10  # overnight: 5 + 5
    assert office_minutes(at(FRI, 15, 30), at(NEXT_MON, 7, 15)) == 30  # over the weekend


def test_holidays_and_closures_of_the_whole_centre_do_not_count():
    Holiday.objects.create(date=WED, name="Hari uji", kind=HolidayKind.NATIONAL)
    assert office_minutes(at(TUE, 15, 40), at(dt.date(2026, 11, 26), 7, 5)) == 10
    Closure.objects.create(start_date=FRI, end_date=FRI, reason="Perbaikan listrik")
    assert office_minutes(at(dt.date(2026, 11, 26), 15, 45), at(NEXT_MON, 7, 30)) == 30
    # A closure of co-working only does not stop the office's clock.
    Closure.objects.create(start_date=NEXT_MON, end_date=NEXT_MON, service="coworking", reason="x")
    assert office_minutes(at(NEXT_MON, 8, 0), at(NEXT_MON, 9, 0)) == 60


def test_each_step_records_its_office_time_and_compliance_counts_it(
    clock, admin_user, sekretariat_user, kadis_user
):
    req = submit()  # Tuesday 08.00
    clock.move_to(NOW + dt.timedelta(minutes=8))
    actions.receive_request(service_request=req, actor=admin_user)  # 8 min ≤ 10: met
    clock.move_to(NOW + dt.timedelta(minutes=30))
    actions.register_letter(
        service_request=req, actor=sekretariat_user, letter_number="1", letter_date=TUE
    )  # 22 min > 10: missed
    clock.move_to(at(WED, 7, 5))  # the next morning: overnight does not count
    actions.dispose_to_kabid(service_request=req, actor=kadis_user, instructions=["proses"])

    times = [(h.action, h.office_minutes, h.standard_minutes) for h in req.history.all()[1:]]
    assert times == [
        ("receive_request", 8, 10),
        ("register_letter", 22, 10),
        ("dispose_to_kabid", 7 * 60 + 15 + 5, 10),  # 07.30→15.45 on Tuesday, then 5 min
    ]
    rows = {row.step: row for row in step_compliance(TUE, WED)}
    assert (rows["receive"].met, rows["receive"].total) == (1, 1)
    assert (rows["register"].met, rows["register"].total) == (0, 1)
    assert (rows["dispose_kabid"].met, rows["dispose_kabid"].total) == (0, 1)
    assert (rows["confirm"].met, rows["confirm"].total) == (0, 0)
    assert rows["receive"].rate == 100 and rows["confirm"].rate is None
    assert [row.step for row in step_compliance(TUE, WED)] == [
        "receive", "register", "dispose_kabid", "dispose_kasi", "confirm", "schedule",
    ]  # fmt: skip
    # Filtered by service and by period.
    assert step_compliance(TUE, WED, Service.MEETING_ROOM)[0].total == 0
    assert step_compliance(MON, MON)[0].total == 0
    assert step_compliance(TUE, WED, Service.VISIT)[-1].standard_minutes == 15
    assert step_compliance(TUE, WED)[-1].standard_minutes is None  # 15 for visits, 30 for loans


def test_the_request_page_and_the_standards_page_show_the_times(clock, walk, client_as, kasi_user):
    req = walk(submit(), until="dispose_to_kasi")
    clock.move_to(NOW + dt.timedelta(minutes=40))
    client = client_as(kasi_user)
    page = client.get(f"/admin/reservations/servicerequest/{req.pk}/change/").content.decode()
    assert page.count("std-ok") >= 4 and "std-late" in page  # the Kasi has waited 40 > 15 minutes
    report = client.get(
        "/admin/reservations/servicerequest/standards/?dari=2026-11-01&sampai=2026-11-30"
    )
    assert report.status_code == 200
    assert report.context["rows"][0].total == 1
