"""People with reservations and requests, old and new, for the personal-data tests."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from reservations import actions
from reservations.demo_requests import letter_upload
from reservations.models import Notification
from tests.coworking.conftest import desks  # noqa: F401  (fixture)

# The tests run at Monday 23 November 2026, 10.00 WIB unless they move the clock.
NOW = timezone.make_aware(dt.datetime(2026, 11, 23, 10, 0))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def reserve(
    desk, day: dt.date, *, email: str, phone: str, name: str = "Budi Santoso", hours=(8, 12)
):
    from coworking import services

    return services.reserve_desk(
        desk=desk,
        name=name,
        email=email,
        phone=phone,
        institution="Budi Digital",
        start=at(day, hours[0]),
        end=at(day, hours[1]),
        now=at(day - dt.timedelta(days=1), 10),
    )


def request_visit(day: dt.date, *, email: str, phone: str = "+6281299990000", **extra):
    return actions.submit_request(
        service="visit",
        institution="SMA Negeri 1 Pontianak",
        institution_kind="school",
        contact_name="Ibu Ratna",
        email=email,
        phone=phone,
        participants=20,
        start=at(day, 9),
        end=at(day, 11),
        purpose="Studi wisata kelas XI",
        letter=letter_upload(),
        now=at(day - dt.timedelta(days=14), 9),
        **extra,
    )


def links_sent(to: str) -> list[str]:
    """The data links in the outbox to ``to`` (tests never commit, so nothing leaves it)."""
    rows = Notification.objects.filter(to=to, key__startswith="data-link-").order_by("pk")
    return [re.search(r"https?://\S+/privasi/data-saya/\S+/", row.body).group(0) for row in rows]


def link_from_last_email() -> str:
    row = Notification.objects.filter(key__startswith="data-link-").latest("pk")
    return re.search(r"https?://\S+/privasi/data-saya/\S+/", row.body).group(0)
