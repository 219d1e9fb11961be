"""Shared pieces of the request tests: a fixed clock, a valid letter, and a request walker."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from reservations import actions
from reservations.demo_requests import letter_upload
from reservations.models import RequestState, Service

# Tuesday 24 November 2026, 08.00 WIB: an ordinary working week with no holiday in it.
NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
VISIT_DAY = dt.date(2026, 11, 26)  # Thursday


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas' passwords are hashed with a cheap hasher: these tests are about steps."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def platform_rows(transactional_db):
    """Tests with real commits: the rows the data migrations wrote come back.

    Another transactional test may have flushed the database before this one;
    the migrations' own functions (idempotent) put the roles, the opening hours
    and the two rooms back, and the roles get their permissions again.
    """
    from importlib import import_module

    from django.apps import apps

    from reservations.roles import sync_role_permissions

    for name in ("0002_roles_hours_and_rules", "0006_the_centre_and_the_meeting_room"):
        import_module(f"reservations.migrations.{name}").forwards(apps, None)
    sync_role_permissions()


@pytest.fixture
def ticking_clock():
    """NOW, but the clock runs on: network timeouts (the broker's) need time to pass."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def clock():
    """The clock stands still at NOW; ``clock.move_to(...)`` moves it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def submit(
    service=Service.VISIT,
    day=VISIT_DAY,
    start=(9, 0),
    end=(11, 0),
    *,
    institution="SMA Negeri 1 Pontianak",
    email="guru@sman1.example.org",
    **extra,
):
    fields = {
        "service": service,
        "institution": institution,
        "institution_kind": "school",
        "contact_name": "Ibu Ratna",
        "email": email,
        "phone": "+6281234567890",
        "participants": 20,
        "start": at(day, *start),
        "end": at(day, *end),
        "purpose": "Studi wisata kelas XI tentang kota cerdas",
        "letter": letter_upload(),
    }
    if service == Service.MEETING_ROOM:
        fields.update(event_title="Rapat koordinasi", no_buffet=True)
    fields.update(extra)
    return actions.submit_request(**fields)


CHAIN = [
    # (action, persona fixture name, state after, extra kwargs)
    ("receive_request", "admin_user", RequestState.RECEIVED, {}),
    (
        "register_letter",
        "sekretariat_user",
        RequestState.REGISTERED,
        {"letter_number": "421/017/SMAN1/2026", "letter_date": dt.date(2026, 11, 20)},
    ),
    (
        "dispose_to_kabid",
        "kadis_user",
        RequestState.WITH_KABID,
        {"instructions": ["proses"], "urgency": "segera", "note": "Mohon diproses"},
    ),
    (
        "dispose_to_kasi",
        "kabid_user",
        RequestState.WITH_KASI,
        {"instructions": ["koordinasi", "tindaklanjut"], "note": "Koordinasikan jadwal"},
    ),
    ("confirm_schedule", "kasi_user", RequestState.CONFIRMED, {"no_buffet_checked": True}),
    ("schedule_request", "admin_user", RequestState.SCHEDULED, {}),
]


@pytest.fixture
def walk(request):
    """walk(req, until="dispose_to_kabid"): take the chain's steps as the right personas."""

    def _walk(req, until="schedule_request"):
        for action, persona, _state, extra in CHAIN:
            actor = request.getfixturevalue(persona)
            getattr(actions, action)(service_request=req, actor=actor, **extra)
            if action == until:
                break
        req.refresh_from_db()
        return req

    return _walk


def form_data(day=VISIT_DAY, start="09:00", end="11:00", **overrides):
    """What an applicant types into the public visit form."""
    data = {
        "institution": "SMA Negeri 1 Pontianak",
        "institution_kind": "school",
        "contact_name": "Ibu Ratna",
        "email": "guru@sman1.example.org",
        "phone": "0812-3456-7890",
        "participants": "20",
        "date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "purpose": "Studi wisata kelas XI",
        "letter": letter_upload(),
        "consent": "on",
    }
    data.update(overrides)
    return data


def step_url(req, action):
    return f"/admin/reservations/servicerequest/{req.pk}/step/{action}/"


def take_step(client, req, action, **fields):
    """POST one step's short form from the admin, as whoever the client is logged in as."""
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(step_url(req, action), data)


def outbox(to=None):
    """Emails queued in the outbox (what the applicant and staff will receive), oldest first.

    Tests run inside a transaction that never commits, so they look at the outbox
    rows the actions wrote; the delivery itself is tested with real commits.
    """
    from reservations.models import Notification

    emails = Notification.objects.order_by("pk")
    return list(emails.filter(to=to) if to else emails)
