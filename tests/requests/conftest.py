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
