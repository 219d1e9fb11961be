"""A session ends at the booked end (never later than 420 minutes after check-in or closing
time); staying longer is an extension the front desk grants while the desk is free."""

import pytest

from coworking import services
from coworking.models import Reservation, ReservationEvent, Status
from reservations.roles import Role

from .conftest import TUESDAY, at

pytestmark = pytest.mark.django_db

SCAN = "/coworking/scan/"
BOARD = "/coworking/today/"
JSON = {"HTTP_ACCEPT": "application/json"}


def test_a_session_ends_at_the_booked_end_and_frees_the_desk_then(
    client_as, admin_user, desks, book, clock
):
    lunch = book(desk=desks[0], start=(12, 30), end=(13, 30))
    clock(at(TUESDAY, 12, 28))
    answer = client_as(admin_user).post(SCAN, {"code": lunch.code}, **JSON).json()
    assert answer["code"] == "checked_in"
    assert answer["session_ends_at"] == "2026-12-01T13:30:00+07:00"
    assert "13.30" in answer["message"] and "15.45" not in answer["message"]
    lunch.refresh_from_db()
    assert lunch.held_until == at(TUESDAY, 13, 30)
    # the desk is bookable again from the booked end, for walk-ins and bookings alike
    free = services.free_desks(at(TUESDAY, 13, 30), at(TUESDAY, 15, 0), now=at(TUESDAY, 12, 30))
    assert desks[0] in free
    html = client_as(admin_user).get(BOARD).content.decode()
    assert "sampai 13.30 WIB" in html


def test_a_session_never_runs_more_than_420_minutes_after_check_in(
    client_as, admin_user, book, clock
):
    whole_day = book(start=(8, 0), end=(15, 0))  # seven hours, checked in 10 minutes early
    clock(at(TUESDAY, 7, 50))
    answer = client_as(admin_user).post(SCAN, {"code": whole_day.code}, **JSON).json()
    assert answer["session_ends_at"] == "2026-12-01T14:50:00+07:00"


def test_the_front_desk_extends_as_far_as_the_desk_is_free_and_it_is_recorded(
    client_as, admin_user, desks, book, clock
):
    morning = book(desk=desks[0], start=(8, 0), end=(10, 0), name="Ani Lama")
    book(desk=desks[0], start=(13, 0), end=(15, 0), name="Budi Siang")
    services.check_in(code=morning.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8))
    clock(at(TUESDAY, 9, 30))
    desk = client_as(admin_user)
    html = desk.get(BOARD).content.decode()
    assert "Perpanjang sampai 13.00 WIB" in html
    response = desk.post(f"/coworking/today/{morning.pk}/extend/", follow=True)
    assert "Ani Lama boleh tetap di meja 1 sampai 13.00 WIB" in response.content.decode()
    morning.refresh_from_db()
    assert morning.session_ends_at == at(TUESDAY, 13) and morning.held_until == at(TUESDAY, 13)
    event = morning.events.last()
    assert (event.from_status, event.to_status) == (Status.CHECKED_IN, Status.CHECKED_IN)
    assert event.actor == admin_user and event.role == Role.ADMIN
    assert "10.00" in event.note and "13.00" in event.note
    # the ticket, the scan and the board all say the new end
    again = desk.post(SCAN, {"code": morning.code}, **JSON).json()
    assert again["code"] == "already_checked_in" and "13.00" in again["message"]
    assert "sampai 13.00 WIB" in desk.get(f"/coworking/r/{morning.manage_token}/").content.decode()
    # nothing more to give: the next booking starts at 13.00
    assert "Perpanjang sampai" not in desk.get(BOARD).content.decode()
    refused = desk.post(f"/coworking/today/{morning.pk}/extend/", follow=True)
    assert "tidak dapat melewati 13.00 WIB" in refused.content.decode()
    assert morning.events.count() == 3  # reserved, checked in, extended once


def test_an_extension_keeps_to_the_day_rule(admin_user, desks, book):
    afternoon = book(desk=desks[0], start=(10, 0), end=(12, 0))
    services.check_in(
        code=afternoon.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 10, 0)
    )
    extended = services.extend_session(
        reservation_id=afternoon.pk, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 11)
    )
    assert extended.session_ends_at == at(TUESDAY, 15, 45)  # closing time, before 17.00


def test_only_a_present_visitor_can_be_extended(client_as, admin_user, book, clock):
    expected = book(start=(10, 0), end=(12, 0))
    clock(at(TUESDAY, 9))
    with pytest.raises(services.ScanRefused) as refusal:
        services.extend_session(reservation_id=expected.pk, actor=admin_user, role=Role.ADMIN)
    assert refusal.value.code == "not_checked_in"
    assert ReservationEvent.objects.filter(reservation=expected).count() == 1
    assert Reservation.objects.get(pk=expected.pk).status == Status.RESERVED


def test_extending_is_for_the_front_desk_only(client_as, outsider_user, admin_user, book):
    visitor = book(start=(8, 0), end=(10, 0))
    services.check_in(code=visitor.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8))
    url = f"/coworking/today/{visitor.pk}/extend/"
    assert client_as(outsider_user).post(url).status_code == 403
    assert client_as(admin_user).get(url).status_code == 405
    assert Reservation.objects.get(pk=visitor.pk).session_ends_at == at(TUESDAY, 10)
