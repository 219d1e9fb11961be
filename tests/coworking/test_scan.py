"""SOP 000 step 5: the admin scans the code; the visitor goes in, or is told why not."""

import datetime as dt

import pytest
from django.core import mail

from coworking import services
from coworking.hours import day_facts
from coworking.models import CheckInMethod, Reservation, ReservationEvent, Status
from reservations.codes import new_code
from reservations.models import Closure, OpeningHours
from reservations.roles import Role

from .conftest import MONDAY, TUESDAY, assert_data_queries, at

pytestmark = pytest.mark.django_db

URL = "/coworking/scan/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def desk_admin(client_as, admin_user):
    return client_as(admin_user)


def scan(client, code, **extra):
    return client.post(URL, {"code": code, **extra}, **JSON).json()


def test_a_valid_code_lets_the_visitor_in(desk_admin, admin_user, book, clock):
    reservation = book(start=(8, 0), end=(12, 0))
    clock(at(TUESDAY, 8, 5))
    answer = scan(desk_admin, reservation.code)
    assert answer["ok"] is True
    assert answer["code"] == "checked_in"
    assert answer["name"] == reservation.name
    assert answer["desk"] == 1
    assert answer["locker"] == "L01"
    assert answer["start"] == "2026-12-01T08:00:00+07:00"
    assert answer["end"] == "2026-12-01T12:00:00+07:00"
    # the session ends with the booked slot
    assert answer["session_ends_at"] == "2026-12-01T12:00:00+07:00"
    assert "meja 1" in answer["message"] and "12.00" in answer["message"]
    reservation.refresh_from_db()
    assert reservation.status == Status.CHECKED_IN
    assert reservation.checked_in_at == at(TUESDAY, 8, 5)
    assert reservation.check_in_method == CheckInMethod.SCAN
    event = reservation.events.last()
    assert (event.from_status, event.to_status) == (Status.RESERVED, Status.CHECKED_IN)
    assert event.actor == admin_user and event.role == Role.ADMIN


def test_the_answer_is_in_indonesian_by_default(desk_admin, book, clock):
    reservation = book()
    clock(at(TUESDAY, 8, 5))
    answer = scan(desk_admin, reservation.code)
    assert answer["message"].startswith("Selamat datang")


def test_the_session_never_runs_past_closing_time(desk_admin, book, clock):
    reservation = book(start=(10, 0), end=(15, 30))
    # the office closes early that day, after the booking was made
    OpeningHours.objects.filter(weekday=TUESDAY.weekday()).update(closes=dt.time(15, 0))
    clock(at(TUESDAY, 10, 0))
    answer = scan(desk_admin, reservation.code)
    assert answer["session_ends_at"] == "2026-12-01T15:00:00+07:00"


def test_the_session_stops_where_the_next_booking_of_the_desk_begins(desk_admin, book, clock):
    morning = book(start=(8, 0), end=(12, 0))
    book(start=(12, 0), end=(15, 0))  # same desk, afternoon
    clock(at(TUESDAY, 8, 0))
    answer = scan(desk_admin, morning.code)
    assert answer["session_ends_at"] == "2026-12-01T12:00:00+07:00"


def test_scanning_the_same_code_twice_is_harmless(desk_admin, book, clock):
    reservation = book()
    clock(at(TUESDAY, 8, 5))
    first = scan(desk_admin, reservation.code)
    clock(at(TUESDAY, 8, 6))
    second = scan(desk_admin, reservation.code)
    assert first["code"] == "checked_in"
    assert second == {**second, "ok": False, "code": "already_checked_in"}
    assert "08.05" in second["message"]  # when they checked in
    reservation.refresh_from_db()
    assert reservation.checked_in_at == at(TUESDAY, 8, 5)
    assert reservation.events.filter(to_status=Status.CHECKED_IN).count() == 1


def test_a_scanner_adding_spaces_lower_case_or_a_newline_still_matches(desk_admin, book, clock):
    reservation = book()
    clock(at(TUESDAY, 8, 5))
    answer = scan(desk_admin, f"  {reservation.code.lower()}\r\n")
    assert answer["code"] == "checked_in"


@pytest.mark.parametrize("typed", ["PCW-NOTAREALCODE", "", "   ", "x" * 500, "' OR 1=1 --"])
def test_an_unknown_code_is_refused_and_changes_nothing(desk_admin, book, clock, typed):
    reservation = book()
    clock(at(TUESDAY, 8, 5))
    answer = scan(desk_admin, typed)
    assert answer["ok"] is False
    assert answer["code"] == "unknown"
    assert "name" not in answer
    assert answer["message"]
    assert Reservation.objects.get(pk=reservation.pk).status == Status.RESERVED


def test_a_code_for_another_day_is_refused(desk_admin, book, clock):
    reservation = book(day=TUESDAY)
    clock(at(MONDAY, 9))
    answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "wrong_day"
    assert "Selasa, 1 Desember 2026" in answer["message"]


def test_too_early_until_thirty_minutes_before_the_start(desk_admin, book, clock):
    reservation = book(start=(9, 0), end=(12, 0))
    clock(at(TUESDAY, 8, 29))
    answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "too_early"
    assert "08.30" in answer["message"]
    clock(at(TUESDAY, 8, 30))
    assert scan(desk_admin, reservation.code)["code"] == "checked_in"


def test_a_reservation_that_ended_is_refused(desk_admin, book, clock):
    reservation = book(start=(8, 0), end=(9, 0))
    clock(at(TUESDAY, 9, 0))
    assert scan(desk_admin, reservation.code)["code"] == "ended"


def test_yesterdays_unused_reservation_has_ended(desk_admin, book, clock):
    reservation = Reservation.objects.get(pk=book(day=MONDAY).pk)
    Reservation.objects.filter(pk=reservation.pk).update(status=Status.RESERVED)
    clock(at(TUESDAY, 9))
    assert scan(desk_admin, reservation.code)["code"] == "ended"


def test_a_cancelled_reservation_is_refused(desk_admin, book, clock):
    reservation = book()
    services.cancel_reservation(reservation_id=reservation.pk, now=at(MONDAY, 12))
    clock(at(TUESDAY, 8, 5))
    answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "cancelled"
    assert answer["name"] == reservation.name


def test_a_late_visitor_finds_the_desk_released_even_if_the_job_did_not_run(
    desk_admin, book, clock, django_capture_on_commit_callbacks
):
    reservation = book(start=(8, 0), end=(12, 0))
    clock(at(TUESDAY, 9, 0))  # 60 minutes after the start
    with django_capture_on_commit_callbacks(execute=True):
        answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "cancelled"
    assert "no-show" in answer["message"] or "tidak hadir" in answer["message"]
    reservation.refresh_from_db()
    assert reservation.status == Status.NO_SHOW
    assert reservation.events.last().role == ReservationEvent.SYSTEM
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reservation.email]


def test_a_finished_session_is_refused(desk_admin, book, clock):
    reservation = book()
    clock(at(TUESDAY, 8, 5))
    scan(desk_admin, reservation.code)
    clock(at(TUESDAY, 11, 0))
    assert scan(desk_admin, reservation.code, mode="out", tidy="1")["code"] == "checked_out"
    answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "finished"
    assert "11.00" in answer["message"]


def test_a_session_past_its_limit_is_finished_even_while_the_worker_is_down(
    desk_admin, book, clock
):
    reservation = book(start=(8, 0), end=(12, 0))
    clock(at(TUESDAY, 8, 0))
    scan(desk_admin, reservation.code)
    clock(at(TUESDAY, 12, 1))  # past the booked end
    answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "finished"
    reservation.refresh_from_db()
    assert reservation.status == Status.FINISHED
    assert reservation.auto_closed is True
    assert reservation.checked_out_at == at(TUESDAY, 12, 0)


def test_outside_service_hours_nobody_is_let_in(desk_admin, book, clock):
    reservation = book(start=(7, 0), end=(11, 0))
    clock(at(TUESDAY, 6, 45))  # within the early window, before opening
    answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "closed"
    assert "07.00" in answer["message"] and "15.45" in answer["message"]


def test_a_closure_added_after_booking_closes_the_door(desk_admin, book, clock):
    reservation = book()
    Closure.objects.create(start_date=TUESDAY, end_date=TUESDAY, reason="Pemadaman listrik")
    clock(at(TUESDAY, 8, 5))
    answer = scan(desk_admin, reservation.code)
    assert answer["code"] == "closed"
    assert "Pemadaman listrik" in answer["message"]


def test_the_page_without_javascript_answers_in_large_coloured_text(desk_admin, book, clock):
    reservation = book()
    clock(at(TUESDAY, 8, 5))
    response = desk_admin.post(URL, {"code": reservation.code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "tone-success" in html
    assert reservation.name in html
    assert 'id="code"' in html and "autofocus" in html
    response = desk_admin.post(URL, {"code": "PCW-NOPE"})
    assert "tone-danger" in response.content.decode()


def test_the_page_has_one_focused_field_and_a_camera(desk_admin):
    html = desk_admin.get(URL).content.decode()
    assert html.count("autofocus") == 1
    assert 'id="camera-toggle"' in html
    assert "vendor/jsqr/jsQR.js" in html
    assert "https://" not in html.split("<body", 1)[1].split("</footer>")[0].replace(
        "https://wa.me", ""
    )


def test_anonymous_scanner_apps_get_401_json_and_people_the_login_page(client, book):
    reservation = book()
    response = client.post(URL, {"code": reservation.code}, **JSON)
    assert response.status_code == 401
    assert response.json()["ok"] is False
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Reservation.objects.get(pk=reservation.pk).status == Status.RESERVED


@pytest.mark.parametrize("persona", ["outsider_user", "kasi_user", "sekretariat_user"])
def test_other_roles_cannot_scan(client_as, request, book, clock, persona):
    reservation = book()
    clock(at(TUESDAY, 8, 5))
    client = client_as(request.getfixturevalue(persona))
    response = client.post(URL, {"code": reservation.code}, **JSON)
    assert response.status_code == 403
    assert client.get(URL).status_code == 403
    assert Reservation.objects.get(pk=reservation.pk).status == Status.RESERVED


def test_wrong_methods_are_refused(desk_admin):
    assert desk_admin.put(URL, {"code": "x"}).status_code == 405
    assert desk_admin.delete(URL).status_code == 405


def test_a_scan_costs_three_queries_in_the_action(admin_user, book):
    reservation = book()
    now = at(TUESDAY, 8, 5)
    day_facts(TUESDAY)  # today's hours are cached after the first scan of the day
    # select the reservation (locked, with its desk and the desk's next booking),
    # update it, write its history row
    with assert_data_queries(3):
        services.check_in(code=reservation.code, actor=admin_user, role=Role.ADMIN, now=now)


def test_a_scan_request_costs_at_most_four_queries_with_redis(desk_admin, book, clock, settings):
    first, second = book(desk=None), book(desk=None)
    clock(at(TUESDAY, 8, 5))
    scan(desk_admin, first.code)  # caches today's hours, refreshes the session's idle timeout
    session = 0 if settings.REDIS_URL else 1  # with Redis the session is read from it
    # the admin (their roles are cached), then the three of the action; the
    # session is written at most once a minute
    with assert_data_queries(session + 4):
        answer = scan(desk_admin, second.code)
    assert answer["code"] == "checked_in"


def test_codes_are_unguessable(book):
    reservation = book()
    body = reservation.code.split("-", 1)[1]
    assert len(body) * 5 >= 128
    assert new_code("PCW") != new_code("PCW")


def test_two_scanners_racing_for_one_code_check_in_once(admin_user, book):
    reservation = book()
    now = at(TUESDAY, 8, 5)
    services.check_in(code=reservation.code, actor=admin_user, role=Role.ADMIN, now=now)
    with pytest.raises(services.ScanRefused) as refused:
        services.check_in(
            code=reservation.code,
            actor=admin_user,
            role=Role.ADMIN,
            now=now + dt.timedelta(seconds=1),
        )
    assert refused.value.code == "already_checked_in"
