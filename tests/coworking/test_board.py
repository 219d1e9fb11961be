"""Today's board: who is expected, present (with time left), finished, no-show; free desks."""

import pytest

from coworking import services
from coworking.models import CheckInMethod, Reservation, Status
from reservations.roles import Role

from .conftest import TUESDAY, assert_data_queries, at

pytestmark = pytest.mark.django_db

URL = "/coworking/today/"


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


@pytest.fixture
def day(book, admin_user, desks, clock):
    """Tuesday 10.00: one present, one expected, one finished, one no-show, one cancelled."""
    present = book(desk=desks[0], start=(8, 0), end=(12, 0), name="Ani Hadir")
    expected = book(desk=desks[1], start=(11, 0), end=(15, 0), name="Budi Nanti")
    finished = book(desk=desks[2], start=(7, 0), end=(9, 0), name="Citra Pulang")
    no_show = book(desk=desks[3], start=(8, 0), end=(12, 0), name="Dodi Absen")
    cancelled = book(desk=desks[4], start=(8, 0), end=(12, 0), name="Eka Batal")
    services.cancel_reservation(reservation_id=cancelled.pk, now=at(TUESDAY, 7))
    for reservation, when in ((present, at(TUESDAY, 8, 5)), (finished, at(TUESDAY, 7, 0))):
        services.check_in(code=reservation.code, actor=admin_user, role=Role.ADMIN, now=when)
    services.check_out(
        code=finished.code,
        actor=admin_user,
        role=Role.ADMIN,
        left_tidy=False,
        now=at(TUESDAY, 8, 55),
    )
    clock(at(TUESDAY, 10))
    return {"present": present, "expected": expected, "no_show": no_show}


def test_the_board_sorts_the_day(client_as, admin_user, day):
    html = client_as(admin_user).get(URL).content.decode()
    assert "Ani Hadir" in section(html, "present-heading")
    assert "sisa 2 jam" in section(html, "present-heading")  # until 12.00
    assert "Budi Nanti" in section(html, "expected-heading")
    assert "Citra Pulang" in section(html, "finished-heading")
    assert "meja tidak ditinggalkan rapi" in section(html, "finished-heading")
    # released at 09.00 even though no job ran
    assert "Dodi Absen" in section(html, "noshow-heading")
    assert "Eka Batal" in section(html, "cancelled-heading")
    free = section(html, "free-heading")
    # desk 1 is in use; desk 2 is free until 11.00; desks 3, 4 and 5 are free
    assert '<span class="desk-chip desk-free">1</span>' not in free
    assert '<span class="desk-chip desk-free">2</span>' in free and "sampai 11.00" in free
    for number in (3, 4, 5):
        assert f'<span class="desk-chip desk-free">{number}</span>' in free


def test_the_board_costs_the_same_few_queries_however_full_the_day(
    client_as, admin_user, day, settings
):
    client = client_as(admin_user)
    client.get(URL)  # the day's hours are cached, the session's idle timeout refreshed
    session = 0 if settings.REDIS_URL else 1  # with Redis the session is read from it
    # the user (roles cached); today's reservations with their desks; the desks
    with assert_data_queries(session + 3):
        client.get(URL)


def test_the_admin_finds_a_visitor_by_phone_and_checks_them_in_by_hand(
    client_as, admin_user, day, clock
):
    client = client_as(admin_user)
    expected = day["expected"]
    clock(at(TUESDAY, 10, 45))
    local = "0" + expected.phone[3:]
    found = client.get(URL, {"q": local}).content.decode()
    assert "Budi Nanti" in section(found, "matches-heading")
    assert "Ani Hadir" not in section(found, "matches-heading")
    response = client.post(f"/coworking/today/{expected.pk}/check-in/", {"q": local}, follow=True)
    assert response.redirect_chain[-1][0] == f"{URL}?q={local}"
    assert "Selamat datang, Budi Nanti" in response.content.decode()
    expected.refresh_from_db()
    assert expected.status == Status.CHECKED_IN
    assert expected.check_in_method == CheckInMethod.MANUAL
    event = expected.events.last()
    assert event.actor == admin_user and event.note == "check-in manual oleh petugas"


@pytest.mark.parametrize("query", ["budi", "BUDI NANTI", "warga"])
def test_the_search_matches_names_and_emails(client_as, admin_user, day, query):
    html = client_as(admin_user).get(URL, {"q": query}).content.decode()
    assert "Budi Nanti" in section(html, "matches-heading")


def test_a_manual_check_in_follows_the_same_rules_as_a_scan(client_as, admin_user, day):
    client = client_as(admin_user)
    no_show = day["no_show"]
    response = client.post(f"/coworking/today/{no_show.pk}/check-in/", follow=True)
    assert "Dilepas karena tidak hadir" in response.content.decode()
    assert Reservation.objects.get(pk=no_show.pk).status == Status.NO_SHOW


def test_the_admin_cancels_for_a_visitor_who_phoned(client_as, admin_user, day):
    expected = day["expected"]
    response = client_as(admin_user).post(f"/coworking/today/{expected.pk}/cancel/", follow=True)
    assert "Dibatalkan: Budi Nanti" in response.content.decode()
    expected.refresh_from_db()
    assert expected.status == Status.CANCELLED
    assert expected.events.last().actor == admin_user


def test_nobody_found_offers_a_walk_in(client_as, admin_user, day):
    html = client_as(admin_user).get(URL, {"q": "zzz"}).content.decode()
    assert "Tidak ada yang ditemukan" in html and "/coworking/walk-in/" in html


@pytest.mark.parametrize("persona", ["kasi_user", "kabid_user", "outsider_user"])
def test_only_the_front_desk_sees_the_board(client_as, request, day, persona):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(f"/coworking/today/{day['expected'].pk}/check-in/").status_code == 403
    assert client.post(f"/coworking/today/{day['expected'].pk}/cancel/").status_code == 403
    assert Reservation.objects.get(pk=day["expected"].pk).status == Status.RESERVED


def test_anonymous_visitors_are_sent_to_the_login(client, day):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_board_is_get_only_and_actions_post_only(client_as, admin_user, day):
    client = client_as(admin_user)
    assert client.post(URL).status_code == 405
    assert client.get(f"/coworking/today/{day['expected'].pk}/check-in/").status_code == 405
    assert client.post("/coworking/today/999999/check-in/").status_code == 404


def test_the_front_desk_lands_on_the_check_in_page(client_as, admin_user, kasi_user):
    assert client_as(admin_user).get("/staff/")["Location"] == "/coworking/scan/"
    # The Kasi starts on the reports dashboard (reports app), which links to the inbox.
    assert client_as(kasi_user).get("/staff/")["Location"] == "/laporan/"


def test_a_search_shows_the_time_left_in_words_as_the_list_does(client_as, admin_user, day, clock):
    clock(at(TUESDAY, 10, 11))  # Ani's booking ends at 12.00
    desk = client_as(admin_user)
    listed = section(desk.get(URL).content.decode(), "present-heading")
    found = section(desk.get(URL, {"q": "Ani"}).content.decode(), "matches-heading")
    for html in (listed, found):
        assert "sampai 12.00 WIB · <strong>sisa 1 jam 49 menit</strong>" in html
