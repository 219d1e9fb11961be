"""Data the report tests share: desks, a month of co-working use, survey answers."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from reservations.codes import new_code

_counter = itertools.count(1)


def aware(day: dt.date, hm: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hm)))


def make_desks(numbers=(1, 2, 3)):
    from coworking.models import Desk

    return {
        n: Desk.objects.get_or_create(number=n, defaults={"map_row": 1, "map_column": n})[0]
        for n in numbers
    }


def add_reservation(desk, day, start, end, *, status, name="Warga", institution="", **extra):
    from coworking.models import Reservation

    n = next(_counter)
    reservation = Reservation(
        code=new_code("PCW"),
        manage_token=new_code("M"),
        desk=desk,
        name=name,
        email=extra.pop("email", f"orang{n}@example.id"),
        phone=extra.pop("phone", f"+62812{n:08d}"),
        institution=institution,
        start=aware(day, start),
        end=aware(day, end),
        status=status,
        privacy_version="2026-11",
        **extra,
    )
    reservation.save()
    return reservation


def add_session(desk, day, t_in, t_out, *, auto_closed=False, **extra):
    from coworking.models import Status

    return add_reservation(
        desk,
        day,
        t_in,
        t_out,
        status=Status.FINISHED,
        checked_in_at=aware(day, t_in),
        checked_out_at=aware(day, t_out),
        session_ends_at=aware(day, t_out),
        auto_closed=auto_closed,
        **extra,
    )


OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def october(db):
    """October 2026 at the Start Up Hub: 4 sessions (915 minutes), 2 no-shows, 1 cancellation."""
    from coworking.models import Status

    desks = make_desks()
    d = dt.date
    add_session(
        desks[1],
        d(2026, 10, 1),
        "08:00",
        "12:00",
        name="Ayu Lestari",
        institution="Universitas Tanjungpura",
        left_tidy=True,
    )
    add_session(
        desks[2],
        d(2026, 10, 1),
        "09:00",
        "15:45",
        name="Budi Santoso",
        institution="Startup Khatulistiwa",
        auto_closed=True,
    )
    add_session(
        desks[1],
        d(2026, 10, 2),
        "07:30",
        "10:30",
        name="Citra Dewi",
        institution="Universitas Tanjungpura",
        walk_in=True,
        left_tidy=True,
    )
    add_session(desks[3], d(2026, 10, 5), "13:00", "14:30", name="Dedi Kurniawan")
    add_reservation(
        desks[2], d(2026, 10, 2), "08:00", "11:00", status=Status.NO_SHOW, name="Eka Putri"
    )
    add_reservation(
        desks[1], d(2026, 10, 6), "08:00", "11:00", status=Status.NO_SHOW, name="Fajar Nugroho"
    )
    add_reservation(
        desks[1], d(2026, 10, 7), "08:00", "11:00", status=Status.CANCELLED, name="Gita Ramadhani"
    )
    # A session of September and one of November stay out of October's recap.
    add_session(desks[1], d(2026, 9, 30), "08:00", "09:00", name="Hadi September")
    add_session(desks[1], d(2026, 11, 2), "08:00", "09:00", name="Indah November")
    return desks


_NOT_THE_PAGES_OWN = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")


@pytest.fixture
def assert_page_queries():
    """Exactly ``expected`` statements of the page itself.

    The session store reads from Redis when there is one and from the database
    otherwise, and SQLite logs its BEGIN; neither is the page's doing, so both
    are left out and the count is the same everywhere. Prints the statements
    when it differs.
    """
    from contextlib import contextmanager

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def check(expected: int):
        with CaptureQueriesContext(connection) as context:
            yield
        own = [
            q["sql"]
            for q in context.captured_queries
            if not q["sql"].startswith(_NOT_THE_PAGES_OWN) and "django_session" not in q["sql"]
        ]
        assert len(own) == expected, f"{len(own)} queries:\n" + "\n".join(own)

    return check
