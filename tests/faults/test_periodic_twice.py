"""Every periodic job of CELERY_BEAT_SCHEDULE is safe to run twice: the second run finds nothing.

Each job gets work to do first (an email waiting, a session past its limit, a
no-show, a year of holidays not yet copied); the second run must change no row
and send no email. A job added to the schedule without a drill here fails.
"""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from django.utils.module_loading import import_string

from coworking import services
from coworking.models import Reservation, Status
from reservations import notifications
from reservations.models import Holiday, HolidayImport
from tests.requests.conftest import submit, walk  # noqa: F401  (walk: the chain's steps)

from .conftest import DAY, at, broker_down, row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def booking(desk, *, start=(8, 0), end=(12, 0), email="warga@example.com") -> Reservation:
    return services.reserve_desk(
        desk=desk,
        name="Warga",
        email=email,
        phone="+6281200000001" if email == "warga@example.com" else "+6281200000002",
        start=at(DAY, *start),
        end=at(DAY, *end),
        now=at(DAY - dt.timedelta(days=2), 10),
    )


def _outbox_work(desks, clock, fixture):
    with broker_down():
        booking(desks[0])
    mail.outbox.clear()


def _overdue_session(desks, clock, fixture):
    reservation = booking(desks[0])
    clock.move_to(at(DAY, 8, 5))
    services.check_in(code=reservation.code, actor=None, role="system")
    clock.move_to(at(DAY, 16, 30))  # past closing time: the session's limit has passed
    notifications.flush_outbox()
    mail.outbox.clear()


def _no_show(desks, clock, fixture):
    booking(desks[0])
    clock.move_to(at(DAY, 9, 30))
    notifications.flush_outbox()
    mail.outbox.clear()


def _holidays_missing(desks, clock, fixture):
    Holiday.objects.all().delete()
    HolidayImport.objects.all().delete()


def _reminder_due(desks, clock, fixture):
    req = submit(day=DAY)
    fixture("walk")(req)
    clock.move_to(at(DAY - dt.timedelta(days=1), 10))
    notifications.flush_outbox()
    mail.outbox.clear()


def _desk_reminder_due(desks, clock, fixture):
    booking(desks[0])  # made two days before
    clock.move_to(at(DAY - dt.timedelta(days=1), 10))
    notifications.flush_outbox()
    mail.outbox.clear()


def _month_over(desks, clock, fixture):
    booking(desks[0])  # a November with one reservation in it
    clock.move_to(at(dt.date(2026, 12, 1), 7, 5))  # the first service day of December


def _old_report_file(desks, clock, fixture):
    from reports.models import ReportJob

    ReportJob.objects.create(
        report="coworking",
        period="2026-Q4",
        fmt="csv",
        requested_by=fixture("kasi_user"),
        created_at=timezone.now() - dt.timedelta(days=2),
    )


def _job_of_a_dead_worker(desks, clock, fixture):
    from reports.models import JobStatus, ReportJob

    ReportJob.objects.create(
        report="coworking",
        period="2026-Q4",
        fmt="pdf",
        requested_by=fixture("kasi_user"),
        status=JobStatus.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=5),
    )


def _past_retention(desks, clock, fixture):
    three_years_ago = DAY - dt.timedelta(weeks=3 * 52)  # the same weekday, three years back
    services.reserve_desk(
        desk=desks[0],
        name="Warga Lama",
        email="lama@example.com",
        phone="+6281200000003",
        start=at(three_years_ago, 8),
        end=at(three_years_ago, 12),
        now=at(three_years_ago - dt.timedelta(days=2), 10),
    )
    services.release_no_shows()  # long over: released, no longer active
    notifications.flush_outbox()
    mail.outbox.clear()


DRILLS = {
    "reports.tasks.prepare_monthly_recap": _month_over,
    "reports.tasks.delete_old_report_files": _old_report_file,
    "reports.tasks.rescue_stuck_report_jobs": _job_of_a_dead_worker,
    "reservations.tasks.anonymise_past_retention": _past_retention,
    "reservations.tasks.send_request_reminders": _reminder_due,
    "reservations.tasks.flush_outbox": _outbox_work,
    "reservations.tasks.import_holidays": _holidays_missing,
    "coworking.tasks.close_overdue_sessions": _overdue_session,
    "coworking.tasks.release_no_shows": _no_show,
    "coworking.tasks.send_reminders": _desk_reminder_due,
}
SCHEDULED = sorted({entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()})


def test_every_periodic_job_has_a_drill():
    assert sorted(DRILLS) == SCHEDULED


@pytest.mark.parametrize("task", SCHEDULED)
def test_a_periodic_job_run_twice_does_its_work_once(task, desks, clock, request):
    DRILLS[task](desks, clock, request.getfixturevalue)
    job = import_string(task)
    first = job()
    after_first, emails = row_counts(), len(mail.outbox)
    assert first, "the drill gave the job nothing to do"
    assert not job()
    assert row_counts() == after_first
    assert len(mail.outbox) == emails
    if task != "reservations.tasks.flush_outbox":  # what the first run queued goes out once
        import_string("reservations.tasks.flush_outbox")()
        sent = len(mail.outbox)
        job()
        import_string("reservations.tasks.flush_outbox")()
        assert len(mail.outbox) == sent


def test_the_no_show_job_and_the_release_email_go_out_once(desks, clock):
    reservation = booking(desks[0])
    clock.move_to(at(DAY, 9, 30))
    notifications.flush_outbox()
    mail.outbox.clear()
    for _run in range(2):
        import_string("coworking.tasks.release_no_shows")()
        import_string("reservations.tasks.flush_outbox")()
    reservation.refresh_from_db()
    assert reservation.status == Status.NO_SHOW
    assert reservation.events.filter(to_status=Status.NO_SHOW).count() == 1
    assert [m.to for m in mail.outbox] == [["warga@example.com"]]
