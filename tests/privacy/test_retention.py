"""The retention job: personal data past RETENTION_YEARS after the service goes; counts stay."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth

from coworking import services
from coworking.models import Reservation, ReservationEvent
from reservations import actions, tasks
from reservations.models import Notification, RequestTransition, ServiceRequest
from tests.privacy.conftest import NOW, at, request_visit, reserve

pytestmark = pytest.mark.django_db

THREE_YEARS_AGO = dt.date(2023, 11, 21)  # a Tuesday
ONE_YEAR_AGO = dt.date(2025, 11, 18)  # a Tuesday, a year and five days ago


def _history(desks, day: dt.date, tag: str) -> dict:
    """One day's traffic: a desk used, a desk not used, a visit cancelled, a visit held."""
    booked_at = at(day - dt.timedelta(days=14), 9)
    with time_machine.travel(booked_at, tick=False):
        used = reserve(desks[0], day, email=f"used-{tag}@example.com", phone="+6281200000001")
        unused = reserve(desks[1], day, email=f"unused-{tag}@example.com", phone="+6281200000002")
        cancelled = request_visit(day, email=f"cancel-{tag}@example.org", phone="+6281200000003")
        actions.cancel_request(service_request=cancelled, reason="Ganti jadwal", now=booked_at)
        held = request_visit(
            day + dt.timedelta(days=1), email=f"held-{tag}@example.org", phone="+6281200000004"
        )
    services.check_in(code=used.code, actor=None, role="admin", now=at(day, 8))
    services.check_out(
        reservation_id=used.pk, actor=None, role="admin", left_tidy=True, now=at(day, 11)
    )
    services.release_no_shows(now=at(day, 10))
    return {"used": used, "unused": unused, "cancelled": cancelled, "held": held}


def monthly_counts() -> tuple[list, list]:
    """What a monthly report counts: desks by month, desk and status; requests by month,
    service, state and kind of institution; history steps by month and step."""
    desks = list(
        Reservation.objects.annotate(month=TruncMonth("day"))
        .values("month", "desk", "status", "walk_in")
        .annotate(n=Count("pk"))
        .order_by("month", "desk", "status")
    )
    requests = list(
        ServiceRequest.objects.annotate(month=TruncMonth("start"))
        .values("month", "service", "state", "institution_kind", "participants")
        .annotate(n=Count("pk"))
        .order_by("month", "service", "state")
    )
    steps = list(
        RequestTransition.objects.annotate(month=TruncMonth("at"))
        .values("month", "action", "role")
        .annotate(n=Count("pk"))
        .order_by("month", "action", "role")
    )
    events = list(
        ReservationEvent.objects.values("to_status", "role")
        .annotate(n=Count("pk"))
        .order_by("to_status", "role")
    )
    return desks, requests, steps, events


@pytest.fixture
def years(desks):
    return {
        "old": _history(desks, THREE_YEARS_AGO, "old"),
        "recent": _history(desks, ONE_YEAR_AGO, "recent"),
    }


def test_the_job_runs_every_day_from_celery_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-past-retention"]
    assert entry["task"] == "reservations.tasks.anonymise_past_retention"
    assert entry["schedule"] == 24 * 3600.0
    assert settings.PONTIVE["RETENTION_YEARS"] == 2


def test_three_year_old_data_is_anonymised_and_one_year_old_data_is_kept(years):
    counts_before = monthly_counts()
    with time_machine.travel(NOW, tick=False):
        changed = tasks.anonymise_past_retention.delay().get()
    assert changed >= 4

    for reservation in Reservation.objects.filter(
        pk__in=[years["old"]["used"].pk, years["old"]["unused"].pk]
    ):
        assert (reservation.name, reservation.email, reservation.phone) == ("", "", "")
        assert reservation.institution == "" and reservation.anonymised_at is not None
    for req in ServiceRequest.objects.filter(
        pk__in=[years["old"]["cancelled"].pk, years["old"]["held"].pk]
    ):
        assert (req.contact_name, req.email, req.phone, req.purpose) == ("", "", "", "")
        assert not req.letter and req.anonymised_at is not None
        assert req.institution == "SMA Negeri 1 Pontianak"
    assert (
        not RequestTransition.objects.filter(request=years["old"]["cancelled"])
        .exclude(public_note="")
        .exists()
    )

    for reservation in Reservation.objects.filter(
        pk__in=[years["recent"]["used"].pk, years["recent"]["unused"].pk]
    ):
        assert reservation.email.endswith("-recent@example.com")
        assert reservation.name and reservation.anonymised_at is None
    recent = ServiceRequest.objects.get(pk=years["recent"]["cancelled"].pk)
    assert recent.email == "cancel-recent@example.org" and recent.letter
    assert recent.history.filter(public_note="Ganti jadwal").exists()

    # Every count a monthly report draws stays exactly as it was.
    assert monthly_counts() == counts_before


def test_running_twice_changes_nothing_more(years):
    with time_machine.travel(NOW, tick=False):
        tasks.anonymise_past_retention.delay()
        snapshot = (
            list(Reservation.objects.order_by("pk").values()),
            list(ServiceRequest.objects.order_by("pk").values()),
        )
        assert tasks.anonymise_past_retention.delay().get() == 0
    assert (
        list(Reservation.objects.order_by("pk").values()),
        list(ServiceRequest.objects.order_by("pk").values()),
    ) == snapshot


def test_the_period_is_a_setting(years, settings):
    settings.PONTIVE = {**settings.PONTIVE, "RETENTION_YEARS": 1}
    with time_machine.travel(NOW, tick=False):
        tasks.anonymise_past_retention.delay()
    assert Reservation.objects.get(pk=years["recent"]["used"].pk).email == ""
    assert ServiceRequest.objects.get(pk=years["recent"]["held"].pk).email == ""


def test_old_emails_leave_the_outbox_and_recent_ones_stay(years):
    old = Notification.objects.filter(to__endswith="-old@example.com")
    recent = Notification.objects.filter(to__endswith="-recent@example.com")
    assert old.exists() and recent.exists()
    # The outbox stamps rows when they are written; date the old ones back.
    old.update(created_at=at(THREE_YEARS_AGO, 9))
    recent.update(created_at=at(ONE_YEAR_AGO, 9))
    with time_machine.travel(NOW, tick=False):
        tasks.anonymise_past_retention.delay()
    assert not old.exists()
    assert recent.exists()
