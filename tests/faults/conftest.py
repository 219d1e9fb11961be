"""Fault drills: a broker that is gone, a worker that dies, jobs that run twice, staff who race."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from coworking.models import Desk

# Tuesday 24 November 2026, 08.00 WIB; Thursday 26 November is an ordinary service day.
NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
DAY = dt.date(2026, 11, 26)
OUR_APPS = ["reservations", "coworking", "visits", "meetingroom"]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
    }


@contextmanager
def broker_down():
    """Celery talks to a port nobody listens on, as when Redis is stopped."""
    from pontive.celery import app

    eager, url = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        yield
    finally:
        app.conf.broker_url = url
        app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock():
    """The clock stands still at NOW; ``clock.move_to(...)`` moves it."""
    # The clock ticks: a frozen one would hold the broker client in its retry loop forever.
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def desks(db):
    return [Desk.objects.create(number=n, map_row=1, map_column=n) for n in range(1, 4)]
