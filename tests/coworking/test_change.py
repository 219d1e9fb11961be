"""The citizen changes the time or desk of their booking from their own page, in one step."""

import pytest
from django.core import mail

from coworking import services
from coworking.models import Reservation, Status
from reservations.roles import Role

from .conftest import MONDAY, TUESDAY, at

pytestmark = pytest.mark.django_db


def change_url(reservation):
    return f"/coworking/r/{reservation.manage_token}/change/"


def slot(desk="", date="2026-12-01", start="13:00", end="15:00"):
    return {"date": date, "start": start, "end": end, "desk": str(desk)}


def test_a_change_moves_the_booking_keeps_the_code_and_sends_the_new_ticket(
    client, desks, book, clock, django_capture_on_commit_callbacks
):
    reservation = book(desk=desks[0], start=(8, 0), end=(12, 0))
    code = reservation.code
    clock(at(MONDAY, 10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(reservation), slot(desk=desks[1].pk))
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert (reservation.desk, reservation.start, reservation.end) == (
        desks[1],
        at(TUESDAY, 13),
        at(TUESDAY, 15),
    )
    assert reservation.code == code and reservation.held_until == at(TUESDAY, 15)
    event = reservation.events.last()
    assert (event.from_status, event.to_status, event.role) == (
        Status.RESERVED,
        Status.RESERVED,
        "citizen",
    )
    assert "Meja 1" in event.note and "08.00" in event.note
    [email] = mail.outbox
    assert "diubah" in email.subject and "13.00 WIB – 15.00 WIB" in email.body
    assert {a[0].rsplit(".", 1)[1] for a in email.attachments} == {"png", "pdf", "ics"}


def test_the_own_desk_is_not_taken_by_itself_and_any_desk_keeps_it(client, desks, book, clock):
    reservation = book(desk=desks[2], start=(8, 0), end=(12, 0))
    clock(at(MONDAY, 10))
    html = client.get(change_url(reservation)).content.decode()
    assert f'class="desk desk-free r1 c3" data-desk="{desks[2].pk}"' in html
    answer = client.get(
        "/coworking/availability/",
        {"date": "2026-12-01", "start": "09:00", "end": "12:00", "r": reservation.manage_token},
    ).json()
    assert answer["desks"][str(desks[2].pk)] == "free"
    client.post(change_url(reservation), slot(start="09:00", end="12:00"))
    reservation.refresh_from_db()
    assert reservation.desk == desks[2] and reservation.start == at(TUESDAY, 9)


def test_the_same_rules_as_a_new_booking(client, desks, book, clock):
    reservation = book(desk=desks[0], start=(8, 0), end=(12, 0))
    book(desk=desks[1], start=(12, 0), end=(15, 0))
    clock(at(MONDAY, 10))
    taken = client.post(change_url(reservation), slot(desk=desks[1].pk))
    assert "Meja itu baru saja dipesan" in taken.content.decode()
    saturday = client.post(change_url(reservation), slot(date="2026-12-05"))
    assert "tutup" in saturday.content.decode().lower()
    backwards = client.post(change_url(reservation), slot(start="15:00", end="13:00"))
    assert "Jam pulang harus setelah jam datang" in backwards.content.decode()
    today = client.post(change_url(reservation), slot(date="2026-11-30"))
    assert today.status_code == 200
    reservation.refresh_from_db()
    assert (reservation.desk, reservation.start) == (desks[0], at(TUESDAY, 8))
    assert reservation.events.count() == 1


def test_a_used_booking_cannot_be_changed(client, admin_user, book, clock):
    reservation = book(start=(8, 0), end=(12, 0))
    services.check_in(code=reservation.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8))
    clock(at(TUESDAY, 9))
    response = client.post(change_url(reservation), slot(), follow=True)
    assert "tidak dapat diubah lagi" in response.content.decode()
    assert Reservation.objects.get(pk=reservation.pk).start == at(TUESDAY, 8)
    assert (
        'id="change-link"'
        not in client.get(f"/coworking/r/{reservation.manage_token}/").content.decode()
    )
