"""SOP 000 steps 6–7: the visitor tidies the desk and reports to the admin; at most 420 minutes."""

import pytest

from coworking.models import Reservation, Status
from reservations.roles import Role

from .conftest import TUESDAY, at

pytestmark = pytest.mark.django_db

URL = "/coworking/scan/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def present(client_as, admin_user, book, clock):
    """A visitor checked in at 08.05 on Tuesday; returns (client, reservation)."""
    reservation = book(start=(8, 0), end=(12, 0))
    client = client_as(admin_user)
    clock(at(TUESDAY, 8, 5))
    client.post(URL, {"code": reservation.code}, **JSON)
    return client, reservation


def check_out(client, code, tidy="1"):
    return client.post(URL, {"code": code, "mode": "out", "tidy": tidy}, **JSON).json()


def test_check_out_ends_the_session_and_records_a_tidy_desk(present, admin_user, clock):
    client, reservation = present
    clock(at(TUESDAY, 11, 30))
    answer = check_out(client, reservation.code)
    assert answer["ok"] is True and answer["code"] == "checked_out"
    assert "meja 1 kosong kembali" in answer["message"]
    reservation.refresh_from_db()
    assert reservation.status == Status.FINISHED
    assert reservation.checked_out_at == at(TUESDAY, 11, 30)
    assert reservation.left_tidy is True and reservation.auto_closed is False
    event = reservation.events.last()
    assert (event.from_status, event.to_status) == (Status.CHECKED_IN, Status.FINISHED)
    assert event.actor == admin_user and event.role == Role.ADMIN
    assert event.note == "meja ditinggalkan rapi"


def test_an_untidy_desk_is_noted(present, clock):
    client, reservation = present
    clock(at(TUESDAY, 11, 30))
    answer = check_out(client, reservation.code, tidy="0")
    assert "TIDAK ditinggalkan rapi" in answer["message"]
    assert Reservation.objects.get(pk=reservation.pk).left_tidy is False


def test_a_scanner_app_that_says_nothing_about_the_desk_records_nothing(present, clock):
    client, reservation = present
    clock(at(TUESDAY, 11, 30))
    client.post(URL, {"code": reservation.code, "mode": "out"}, **JSON)
    assert Reservation.objects.get(pk=reservation.pk).left_tidy is None


def test_checking_out_twice_is_harmless(present, clock):
    client, reservation = present
    clock(at(TUESDAY, 11, 30))
    check_out(client, reservation.code)
    clock(at(TUESDAY, 11, 31))
    answer = check_out(client, reservation.code, tidy="0")
    assert answer["code"] == "finished"
    reservation.refresh_from_db()
    assert reservation.checked_out_at == at(TUESDAY, 11, 30)
    assert reservation.left_tidy is True


def test_someone_not_checked_in_cannot_check_out(client_as, admin_user, book, clock):
    reservation = book(start=(9, 0), end=(12, 0))
    client = client_as(admin_user)
    clock(at(TUESDAY, 9, 10))
    answer = check_out(client, reservation.code)
    assert answer["ok"] is False and answer["code"] == "not_checked_in"
    assert Reservation.objects.get(pk=reservation.pk).status == Status.RESERVED


def test_an_unknown_code_checks_nobody_out(present):
    client, _reservation = present
    assert check_out(client, "PCW-NOPE")["code"] == "unknown"


def test_past_the_limit_the_session_is_already_closed(present, clock):
    client, reservation = present
    clock(at(TUESDAY, 12, 30))  # the booking ended at 12.00
    answer = check_out(client, reservation.code, tidy="")  # nobody looked at the desk
    assert answer["code"] == "finished"
    assert "ditutup otomatis pukul 12.00" in answer["message"]
    reservation.refresh_from_db()
    assert reservation.auto_closed is True
    assert reservation.checked_out_at == at(TUESDAY, 12, 0)
    assert reservation.left_tidy is None


def test_the_board_checks_out_by_hand(present, clock):
    client, reservation = present
    clock(at(TUESDAY, 10))
    response = client.post(
        f"/coworking/today/{reservation.pk}/check-out/", {"tidy": "1"}, follow=True
    )
    assert "Sampai jumpa" in response.content.decode()
    assert Reservation.objects.get(pk=reservation.pk).status == Status.FINISHED


def test_only_the_front_desk_checks_out(present, client_as, kasi_user, clock):
    _client, reservation = present
    other = client_as(kasi_user)
    clock(at(TUESDAY, 10))
    assert other.post(f"/coworking/today/{reservation.pk}/check-out/").status_code == 403
    assert other.post(URL, {"code": reservation.code, "mode": "out"}, **JSON).status_code == 403
    assert Reservation.objects.get(pk=reservation.pk).status == Status.CHECKED_IN


def test_check_out_by_hand_is_post_only(present):
    client, reservation = present
    assert client.get(f"/coworking/today/{reservation.pk}/check-out/").status_code == 405


def test_the_desk_of_an_automatically_closed_session_is_still_recorded(present, admin_user, clock):
    client, reservation = present
    clock(at(TUESDAY, 12, 20))  # closed at 12.00; the visitor reports at the desk now
    answer = check_out(client, reservation.code, tidy="0")
    assert answer["ok"] is True and answer["code"] == "tidiness_recorded"
    assert "ditutup otomatis pukul 12.00" in answer["message"]
    reservation.refresh_from_db()
    assert reservation.auto_closed is True and reservation.left_tidy is False
    assert reservation.checked_out_at == at(TUESDAY, 12, 0)
    event = reservation.events.last()
    assert (event.from_status, event.to_status) == (Status.FINISHED, Status.FINISHED)
    assert event.actor == admin_user and "TIDAK" in event.note
    # once recorded, a second scan only says it is finished
    again = check_out(client, reservation.code, tidy="1")
    assert again["code"] == "finished"
    assert Reservation.objects.get(pk=reservation.pk).left_tidy is False


def test_the_board_records_the_desk_of_an_automatically_closed_session(present, clock):
    client, reservation = present
    clock(at(TUESDAY, 12, 20))
    html = client.get("/coworking/today/").content.decode()
    assert "Catat meja" in html
    response = client.post(
        f"/coworking/today/{reservation.pk}/check-out/", {"tidy": "1"}, follow=True
    )
    assert "Meja ditinggalkan rapi" in response.content.decode()
    assert Reservation.objects.get(pk=reservation.pk).left_tidy is True
    assert "Catat meja" not in client.get("/coworking/today/").content.decode()
