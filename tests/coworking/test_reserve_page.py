"""SOP 000 step 1: a citizen reserves a desk on the web and gets a QR code."""

import pytest
from django.core import mail

from coworking.models import Reservation, ReservationEvent, Status
from reservations.privacy import PRIVACY_NOTICE_VERSION

from .conftest import MONDAY, SATURDAY, TUESDAY, at

pytestmark = pytest.mark.django_db

URL = "/coworking/"


@pytest.fixture
def monday(clock):
    return clock(at(MONDAY, 10))


def form(**overrides):
    data = {
        "date": TUESDAY.isoformat(),
        "start": "08:00",
        "end": "12:00",
        "desk": "",
        "name": "Siti Rahma",
        "email": "siti@example.com",
        "phone": "0812-3456-7890",
        "institution": "Universitas Tanjungpura",
        "consent": "on",
    }
    data.update(overrides)
    return data


def post(client, **overrides):
    return client.post(URL, form(**overrides))


def test_the_page_shows_the_room_map_for_the_first_bookable_day(client, desks, book, monday):
    book(desk=desks[1], start=(7, 0), end=(14, 0))  # desk 2 taken most of the day
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-12-01"' in html  # Tuesday: today is too late (H-1)
    assert 'id="desk-any"' in html
    assert html.count('class="desk desk-free') == 4
    assert html.count('class="desk desk-taken') == 1
    assert html.count('class="desk desk-inactive') == 1
    assert 'name="consent"' in html


def test_a_citizen_reserves_a_desk_and_gets_the_qr_code_by_email(
    client, desks, monday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, desk=str(desks[2].pk))
    reservation = Reservation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/coworking/r/{reservation.manage_token}/"
    assert "siti" not in response["Location"]  # no personal data in addresses
    assert reservation.desk == desks[2]
    assert reservation.phone == "+6281234567890"
    assert reservation.start == at(TUESDAY, 8) and reservation.end == at(TUESDAY, 12)
    assert reservation.day == TUESDAY
    assert reservation.status == Status.RESERVED
    assert reservation.privacy_version == PRIVACY_NOTICE_VERSION
    assert reservation.walk_in is False
    event = reservation.events.get()
    assert (event.from_status, event.to_status) == ("", Status.RESERVED)
    assert event.role == ReservationEvent.CITIZEN and event.actor is None
    [email] = mail.outbox
    assert email.to == ["siti@example.com"]
    assert reservation.code in email.subject and reservation.code in email.body
    assert f"/coworking/r/{reservation.manage_token}/" in email.body
    assert "Meja: 3" in email.body and "Selasa, 1 Desember 2026" in email.body
    assert [mimetype for _n, _c, mimetype in email.attachments] == [
        "image/png",
        "application/pdf",
        "text/calendar",
    ]


def test_any_free_desk_gives_a_free_one_in_use(client, desks, book, monday):
    book(desk=desks[0])
    post(client, desk="")
    # picked at random among the free desks (people booking at once seldom collide)
    assert Reservation.objects.get(email="siti@example.com").desk in desks[1:5]


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"date": MONDAY.isoformat()}, "H-1"),  # today is too late
        ({"start": "07:00", "end": "15:00"}, "paling lama 7 jam"),  # 8 hours
        ({"start": "15:00", "end": "16:00"}, "07.00 sampai 15.45"),
        ({"date": SATURDAY.isoformat()}, "tutup"),
        ({"start": "12:00", "end": "08:00"}, "setelah"),
    ],
)
def test_a_slot_the_calendar_refuses_says_why_and_saves_nothing(
    client, desks, monday, overrides, words
):
    response = post(client, **overrides)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Reservation.objects.exists()
    assert not mail.outbox


def test_a_taken_desk_is_refused_with_free_alternatives(client, desks, book, monday):
    book(desk=desks[0], start=(9, 0), end=(13, 0))
    response = post(client, desk=str(desks[0].pk))  # 08.00–12.00 overlaps
    html = response.content.decode()
    assert response.status_code == 200
    assert "Meja itu baru saja dipesan" in html
    assert "Kosong pada jam itu" in html and "meja 2" in html
    assert Reservation.objects.count() == 1


def test_touching_slots_on_one_desk_are_both_fine(client, desks, book, monday):
    book(desk=desks[0], start=(12, 0), end=(15, 0))
    response = post(client, desk=str(desks[0].pk), start="08:00", end="12:00")
    assert response.status_code == 302


def test_when_every_desk_is_taken_other_days_are_offered(client, desks, book, monday):
    for desk in desks[:5]:
        book(desk=desk, start=(7, 0), end=(14, 0))
    response = post(client)
    html = response.content.decode()
    assert "Semua meja sudah terisi" in html
    assert "Rabu, 2 Desember 2026" in html
    assert not Reservation.objects.filter(email="siti@example.com").exists()


def test_a_desk_out_of_use_cannot_be_booked(client, desks, monday):
    response = post(client, desk=str(desks[5].pk))
    assert "tidak dipakai" in response.content.decode()
    assert not Reservation.objects.exists()


def test_one_person_holds_one_reservation_a_day_by_email_or_phone(client, desks, monday):
    assert post(client).status_code == 302
    again = post(
        client, email="SITI@example.com", phone="0813-1111-2222", start="13:00", end="15:00"
    )
    assert "satu reservasi per hari" in again.content.decode()
    by_phone = post(
        client, email="lain@example.com", phone="+62 812 3456 7890", start="13:00", end="15:00"
    )
    assert "satu reservasi per hari" in by_phone.content.decode()
    assert Reservation.objects.count() == 1
    other_day = post(client, date="2026-12-02")
    assert other_day.status_code == 302


def test_after_a_cancellation_the_person_may_book_that_day_again(client, desks, monday):
    post(client)
    reservation = Reservation.objects.get()
    client.post(f"/coworking/r/{reservation.manage_token}/cancel/")
    assert post(client).status_code == 302


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"consent": ""}, "setujui pemberitahuan privasi"),
        ({"phone": "12345"}, "nomor ponsel Indonesia"),
        ({"email": "bukan-email"}, "alamat email yang valid"),
        ({"name": ""}, "tidak boleh kosong"),
        ({"desk": "999"}, "Pilih meja dari denah"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client, desks, monday, overrides, words):
    response = post(client, **overrides)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Reservation.objects.exists()


def test_show_free_desks_redraws_the_map_and_books_nothing(client, desks, book, monday):
    book(desk=desks[0], start=(13, 0), end=(15, 0))
    response = client.post(URL, {**form(start="13:00", end="15:00"), "check": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="desk desk-taken') == 1
    assert 'value="Siti Rahma"' in html  # what was typed is kept
    assert Reservation.objects.count() == 1


def test_the_availability_answer_lists_every_desk(client, desks, book, monday):
    book(desk=desks[0], start=(8, 0), end=(12, 0))
    answer = client.get(
        "/coworking/availability/", {"date": "2026-12-01", "start": "11:00", "end": "14:00"}
    ).json()
    assert answer["ok"] is True
    assert answer["free"] == 4
    assert answer["desks"][str(desks[0].pk)] == "taken"
    assert answer["desks"][str(desks[5].pk)] == "inactive"
    assert answer["desks"][str(desks[1].pk)] == "free"
    closed = client.get(
        "/coworking/availability/", {"date": "2026-12-05", "start": "08:00", "end": "12:00"}
    ).json()
    assert closed["ok"] is False and "tutup" in closed["reason"]
    bad = client.get("/coworking/availability/", {"date": "kemarin"}).json()
    assert bad["ok"] is False


def test_too_many_attempts_are_slowed_down(client, desks, monday):
    for _attempt in range(10):
        post(client, consent="")
    assert post(client, consent="").status_code == 429


def test_wrong_methods_are_refused(client, desks):
    assert client.put(URL).status_code == 405
    assert client.post("/coworking/availability/").status_code == 405


def test_desks_are_reserved_at_most_sixty_days_ahead(client, desks, monday):
    response = post(client, date="2027-01-29")  # 60 days after Monday 30 November
    assert response.status_code == 302
    response = post(client, date="2027-02-01", email="lain@example.com", phone="081311112222")
    assert "sampai Jumat, 29 Januari 2027" in response.content.decode()
    assert Reservation.objects.count() == 1
    far = client.get(
        "/coworking/availability/", {"date": "9999-12-30", "start": "08:00", "end": "12:00"}
    ).json()
    assert far["ok"] is False and "29 Januari 2027" in far["reason"]
    html = client.get(URL).content.decode()
    assert 'min="2026-12-01"' in html and 'max="2027-01-29"' in html


def test_the_map_answers_what_the_form_would_answer(client, desks, monday):
    backwards = client.get(
        "/coworking/availability/", {"date": "2026-12-01", "start": "12:00", "end": "08:00"}
    ).json()
    assert backwards["ok"] is False
    assert backwards["reason"] == "Jam pulang harus setelah jam datang."
    assert backwards["free"] == 0
    assert set(backwards["desks"].values()) == {"closed", "inactive"}
    for slot in (("2026-12-05", "08:00", "12:00"), ("2026-12-01", "16:00", "18:00")):
        closed = client.get(
            "/coworking/availability/", dict(zip(("date", "start", "end"), slot, strict=True))
        ).json()
        assert closed["ok"] is False and closed["reason"]
        assert closed["free"] == 0 and "free" not in closed["desks"].values()
    # the page without JavaScript draws the same map
    html = client.post(
        URL, {"check": "1", "date": "2026-12-05", "start": "08:00", "end": "12:00"}
    ).content.decode()
    assert "desk-free" not in html.split('id="desk-map"')[1].split("desk-legend")[0]
    assert "(0 meja kosong)" in html


def test_the_furthest_day_named_is_a_service_day(client, desks, clock):
    clock(at(TUESDAY, 10))  # 60 days ahead is Saturday 30 January 2027
    html = client.get(URL).content.decode()
    assert 'max="2027-01-29"' in html
    far = client.get(
        "/coworking/availability/", {"date": "2027-01-30", "start": "08:00", "end": "12:00"}
    ).json()
    assert "Jumat, 29 Januari 2027" in far["reason"] and "Sabtu" not in far["reason"]
