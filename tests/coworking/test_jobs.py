"""The periodic jobs: sessions past 420 minutes or closing time close, no-shows are released."""

import pytest
from django.core import mail

from coworking import services, tasks
from coworking.models import Reservation, ReservationEvent, Status
from reservations.roles import Role

from .conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


def check_in(reservation, admin_user, when):
    return services.check_in(code=reservation.code, actor=admin_user, role=Role.ADMIN, now=when)


def test_overdue_sessions_are_closed_and_marked_auto_closed(book, admin_user, clock):
    early = book(start=(8, 0), end=(12, 0))
    late = book(desk=None, start=(10, 0), end=(15, 45))
    check_in(early, admin_user, at(TUESDAY, 8, 0))  # limit 12.00 (the booked end)
    check_in(late, admin_user, at(TUESDAY, 10, 0))  # limit 15.45 (closing)
    clock(at(TUESDAY, 12, 10))
    assert tasks.close_overdue_sessions.delay().get() == 1
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.status == Status.FINISHED and early.auto_closed is True
    assert early.checked_out_at == at(TUESDAY, 12, 0)
    assert early.left_tidy is None
    event = early.events.last()
    assert event.role == ReservationEvent.SYSTEM and event.actor is None
    assert "12.00" in event.note
    assert late.status == Status.CHECKED_IN
    clock(at(TUESDAY, 15, 45))
    assert tasks.close_overdue_sessions.delay().get() == 1
    late.refresh_from_db()
    assert late.checked_out_at == at(TUESDAY, 15, 45) and late.auto_closed


def test_running_the_job_twice_closes_each_session_once(book, admin_user, clock):
    reservation = book()
    check_in(reservation, admin_user, at(TUESDAY, 8, 0))
    clock(at(TUESDAY, 16))
    assert services.close_overdue_sessions() == 1
    assert services.close_overdue_sessions() == 0
    assert reservation.events.filter(to_status=Status.FINISHED).count() == 1


def test_no_shows_are_released_after_the_set_time_and_told_by_email(
    book, clock, settings, django_capture_on_commit_callbacks
):
    settings.PONTIVE = {**settings.PONTIVE, "COWORKING_NO_SHOW_MINUTES": 45}
    reservation = book(start=(8, 0), end=(12, 0))
    mail.outbox.clear()
    clock(at(TUESDAY, 8, 44))
    assert services.release_no_shows() == 0
    clock(at(TUESDAY, 8, 45))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.release_no_shows.delay().get() == 1
    reservation.refresh_from_db()
    assert reservation.status == Status.NO_SHOW
    event = reservation.events.last()
    assert event.role == ReservationEvent.SYSTEM and "45" in event.note
    [email] = mail.outbox
    assert email.to == [reservation.email]
    assert email.subject == "Meja co-working Anda telah dilepas"
    assert "45 menit" in email.body
    assert services.release_no_shows() == 0


def test_a_released_desk_can_be_taken_by_a_walk_in(book, admin_user, clock, desks):
    no_show = book(desk=desks[0], start=(8, 0), end=(15, 0))
    for desk in desks[1:5]:
        present = book(desk=desk, start=(8, 0), end=(15, 0))
        check_in(present, admin_user, at(TUESDAY, 8, 0))
    clock(at(TUESDAY, 9, 30))
    walk_in = services.book_walk_in(
        desk=None,
        name="Datang Langsung",
        phone="+6285600001111",
        end=at(TUESDAY, 12),
        actor=admin_user,
        role=Role.ADMIN,
        now=at(TUESDAY, 9, 30),
    )
    assert walk_in.desk == desks[0]
    assert Reservation.objects.get(pk=no_show.pk).status == Status.NO_SHOW


def test_the_jobs_are_scheduled_every_minute(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["coworking-close-overdue-sessions"] == {
        "task": "coworking.tasks.close_overdue_sessions",
        "schedule": 60.0,
    }
    assert schedule["coworking-release-no-shows"]["task"] == "coworking.tasks.release_no_shows"


def test_no_page_shows_a_session_open_past_its_limit_while_the_worker_is_down(
    client_as, admin_user, book, clock
):
    reservation = book(start=(8, 0), end=(12, 0))
    check_in(reservation, admin_user, at(TUESDAY, 8, 0))
    clock(at(TUESDAY, 15, 30))  # the job has not run
    assert Reservation.objects.get(pk=reservation.pk).status == Status.CHECKED_IN
    board = client_as(admin_user).get("/coworking/today/").content.decode()
    present = board.split('id="present-heading"')[1].split("</section>")[0]
    assert reservation.name not in present
    finished = board.split('id="finished-heading"')[1].split("</section>")[0]
    assert reservation.name in finished
    own = client_as(admin_user).get(f"/coworking/r/{reservation.manage_token}/").content.decode()
    assert "Selesai" in own and "Hadir" not in own
