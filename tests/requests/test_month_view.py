"""Before filling the form, a month view shows which days the centre or the room is free."""

import datetime as dt

import pytest

from reservations import actions
from reservations.availability import month_view
from reservations.models import Closure, Holiday, HolidayKind, Resource, Service

from .conftest import at, submit

pytestmark = pytest.mark.django_db


def cells(weeks):
    return {cell.date: cell for week in weeks for cell in week if cell.in_month}


def test_days_are_free_partly_taken_full_or_closed(
    clock, walk, kasi_user, django_assert_max_num_queries
):
    centre = Resource.objects.get(service=Service.VISIT)
    walk(submit())  # Thursday 26th, 09.00–11.00 approved
    actions.block_for_leadership(
        actor=kasi_user, start=at(dt.date(2026, 11, 27), 7, 0),
        end=at(dt.date(2026, 11, 27), 15, 45), reason="Rapat pimpinan",
    )  # fmt: skip
    Holiday.objects.create(date=dt.date(2026, 12, 1), name="Hari uji", kind=HolidayKind.NATIONAL)
    Closure.objects.create(
        start_date=dt.date(2026, 12, 2), end_date=dt.date(2026, 12, 2), reason="Perawatan"
    )
    nov = cells(month_view(Service.VISIT, centre, 2026, 11))
    assert nov[dt.date(2026, 11, 24)].status == "past"  # today: H-1 makes it too soon
    assert nov[dt.date(2026, 11, 25)].status == "free"
    assert nov[dt.date(2026, 11, 26)].status == "partly"
    assert [(s.hour, e.hour) for s, e in nov[dt.date(2026, 11, 26)].taken] == [(9, 11)]
    assert nov[dt.date(2026, 11, 27)].status == "full"
    assert nov[dt.date(2026, 11, 28)].status == "closed"  # Saturday
    dec = cells(month_view(Service.VISIT, centre, 2026, 12))
    assert (dec[dt.date(2026, 12, 1)].status, dec[dt.date(2026, 12, 1)].reason) == (
        "closed",
        "Hari uji",
    )
    assert dec[dt.date(2026, 12, 2)].reason == "Perawatan"
    assert dec[dt.date(2026, 12, 25)].status == "closed"  # Christmas, from the holidays package
    # However many bookings: hours, two holiday years (the grid reaches January), holidays,
    # closures, the lead-time rule, bookings, blockings.
    with django_assert_max_num_queries(8):
        month_view(Service.VISIT, centre, 2026, 12)


def test_the_room_and_the_centre_have_separate_calendars(clock, walk):
    walk(submit())
    room = Resource.objects.get(service=Service.MEETING_ROOM)
    nov = cells(month_view(Service.MEETING_ROOM, room, 2026, 11))
    assert nov[dt.date(2026, 11, 26)].status == "free"


def test_the_page_links_free_days_into_the_form_and_limits_the_months(clock, client):
    page = client.get("/kunjungan/?bulan=2026-11").content.decode()
    assert "?bulan=2026-11&amp;tanggal=2026-11-25#request-form" in page
    prefilled = client.get("/kunjungan/?bulan=2026-11&tanggal=2026-11-25")
    assert prefilled.context["form"]["date"].value() == dt.date(2026, 11, 25)
    for odd in ("1999-01", "2026-13", "abc", "2030-01"):
        assert client.get(f"/kunjungan/?bulan={odd}").status_code == 200
    assert client.get("/kunjungan/?bulan=2030-01").context["month"] == dt.date(2027, 5, 1)
