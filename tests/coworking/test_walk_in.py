"""SOP 000 step 5: when a scan fails, the admin re-reserves on the spot (a walk-in)."""

import pytest
from django.core import mail

from coworking.models import CheckInMethod, Reservation, Status
from reservations.roles import Role

from .conftest import MONDAY, SATURDAY, TUESDAY, at

pytestmark = pytest.mark.django_db

URL = "/coworking/walk-in/"


def form(**overrides):
    data = {
        "name": "Rudi Langsung",
        "phone": "0856-1234-5678",
        "email": "",
        "institution": "",
        "end": "14:00",
        "desk": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_a_walk_in_is_booked_for_today_and_checked_in_at_once(client_as, admin_user, desks, clock):
    clock(at(TUESDAY, 10, 17))
    response = client_as(admin_user).post(URL, form(), follow=True)
    assert "Walk-in tercatat" in response.content.decode()
    reservation = Reservation.objects.get()
    assert reservation.walk_in is True
    assert reservation.booked_by == admin_user
    assert reservation.start == at(TUESDAY, 10, 17) and reservation.end == at(TUESDAY, 14)
    assert reservation.status == Status.CHECKED_IN
    assert reservation.check_in_method == CheckInMethod.MANUAL
    assert reservation.phone == "+6285612345678"
    events = list(reservation.events.all())
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", Status.RESERVED),
        (Status.RESERVED, Status.CHECKED_IN),
    ]
    assert all(e.actor == admin_user and e.role == Role.ADMIN for e in events)
    assert events[0].note == "walk-in di meja depan"


def test_a_walk_in_with_an_email_gets_the_ticket_too(
    client_as, admin_user, desks, clock, django_capture_on_commit_callbacks
):
    clock(at(TUESDAY, 10))
    with django_capture_on_commit_callbacks(execute=True):
        client_as(admin_user).post(URL, form(email="rudi@example.com"))
    [email] = mail.outbox
    assert Reservation.objects.get().code in email.body


def test_a_walk_in_cannot_take_a_desk_someone_holds(client_as, admin_user, desks, book, clock):
    book(desk=desks[0], start=(12, 0), end=(15, 0))
    clock(at(TUESDAY, 10))
    response = client_as(admin_user).post(URL, form(desk=str(desks[0].pk), end="13:00"))
    html = response.content.decode()
    assert "Meja itu baru saja dipesan" in html
    assert "Kosong pada jam itu" in html and "meja 2" in html
    assert Reservation.objects.filter(walk_in=True).count() == 0


def test_a_walk_in_session_ends_at_the_time_chosen(client_as, admin_user, desks, book, clock):
    book(desk=desks[0], start=(13, 0), end=(15, 0))
    clock(at(TUESDAY, 9))
    client_as(admin_user).post(URL, form(desk=str(desks[0].pk), end="12:00"))
    walk_in = Reservation.objects.get(walk_in=True)
    assert walk_in.session_ends_at == at(TUESDAY, 12) == walk_in.held_until


def test_the_visitor_already_booked_today_is_sent_to_the_list(
    client_as, admin_user, desks, book, clock
):
    book(phone="+6285612345678", start=(8, 0), end=(12, 0))
    clock(at(TUESDAY, 8, 30))
    response = client_as(admin_user).post(URL, form())
    assert "satu reservasi per hari" in response.content.decode()
    # once released as a no-show (60 minutes after the start) the visitor may walk in
    clock(at(TUESDAY, 9, 0))
    response = client_as(admin_user).post(URL, form())
    assert response.status_code == 302


def test_no_walk_in_outside_service_hours(client_as, admin_user, desks, clock):
    clock(at(SATURDAY, 10))
    response = client_as(admin_user).post(URL, form())
    assert "tutup" in response.content.decode()
    clock(at(MONDAY, 16))
    response = client_as(admin_user).post(URL, form(end="17:00"))
    assert "07.00 sampai 15.45" in response.content.decode()
    assert not Reservation.objects.exists()


def test_the_walk_in_form_needs_the_visitors_consent(client_as, admin_user, desks, clock):
    clock(at(TUESDAY, 9))
    response = client_as(admin_user).post(URL, form(consent=""))
    assert "persetujuan pengunjung" in response.content.decode()
    assert not Reservation.objects.exists()


def test_the_form_proposes_seven_hours_or_closing_time(client_as, admin_user, desks, clock):
    clock(at(TUESDAY, 10, 7))
    html = client_as(admin_user).get(URL).content.decode()
    assert 'value="15:45"' in html
    clock(at(TUESDAY, 7, 7))
    html = client_as(admin_user).get(URL).content.decode()
    assert 'value="14:00"' in html


@pytest.mark.parametrize("persona", ["kasi_user", "sekretariat_user", "outsider_user"])
def test_only_the_front_desk_books_walk_ins(client_as, request, desks, clock, persona):
    clock(at(TUESDAY, 9))
    client = client_as(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert not Reservation.objects.exists()


def test_wrong_method(client_as, admin_user):
    assert client_as(admin_user).put(URL).status_code == 405
