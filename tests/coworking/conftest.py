"""The Start Up Hub in tests: six desks, a week of service days, and helpers that book."""

import datetime as dt
import importlib
import itertools
from contextlib import contextmanager

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coworking import services
from coworking.models import Desk

# Monday 30 November and Tuesday 1 December 2026: ordinary service days.
MONDAY = dt.date(2026, 11, 30)
TUESDAY = dt.date(2026, 12, 1)
SATURDAY = dt.date(2026, 12, 5)

_people = itertools.count(1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def desks(db):
    """Desks 1–5 in use (desk 1 with locker L01), desk 6 out of use."""
    rows = []
    for number in range(1, 7):
        rows.append(
            Desk.objects.create(
                number=number,
                zone="Jendela" if number <= 3 else "Tenang",
                has_locker=number == 1,
                locker="L01" if number == 1 else "",
                has_computer=number % 2 == 0,
                is_active=number != 6,
                map_row=1 if number <= 3 else 2,
                map_column=(number - 1) % 3 + 1,
            )
        )
    return rows


@pytest.fixture
def book(desks):
    """Book a desk the way a citizen does, the day before (H-1)."""

    def _book(
        desk="first",
        *,
        day=TUESDAY,
        start=(8, 0),
        end=(12, 0),
        name=None,
        email=None,
        phone=None,
    ):
        n = next(_people)
        return services.reserve_desk(
            desk=desks[0] if desk == "first" else desk,  # None: any free desk
            name=name or f"Warga {n}",
            email=email or f"warga{n}@example.com",
            phone=phone or f"+6281234{n:06d}",
            institution="",
            start=at(day, *start),
            end=at(day, *end),
            now=at(day - dt.timedelta(days=1), 10),
        )

    return _book


@pytest.fixture
def clock():
    """Move the clock (also the live server's) to a moment; returns the traveller."""
    travellers = []

    def _travel(moment: dt.datetime):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield _travel
    for traveller in travellers:
        traveller.stop()


@pytest.fixture(autouse=True)
def _sessions_outlive_time_travel(settings):
    """Staff log in at the real time and the tests move the clock to a service day."""
    settings.SESSION_COOKIE_AGE = 400 * 24 * 3600


_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")


@contextmanager
def assert_data_queries(expected: int):
    """Exactly ``expected`` statements that read or write data.

    Transaction control is left out: inside a test, atomic blocks are
    savepoints, and SQLite logs its BEGIN while PostgreSQL does not, so only
    the data statements are the same everywhere. Prints them when they differ.
    """
    with CaptureQueriesContext(connection) as context:
        yield
    data = [
        q["sql"] for q in context.captured_queries if not q["sql"].startswith(_TRANSACTION_CONTROL)
    ]
    assert len(data) == expected, f"{len(data)} data queries:\n" + "\n".join(data)


@pytest.fixture(autouse=True)
def _office_rules_in_transactional_tests(request):
    """Give transactional tests (browser, races) the roles and service hours of migration
    0002: the database is flushed after each such test, data migrations included."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    importlib.import_module("reservations.migrations.0002_roles_hours_and_rules").forwards(
        apps, None
    )
