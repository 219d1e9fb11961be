"""The front desk survives a Redis outage: Redis is a cache and a broker, never a dependency.

Each drill runs the portal against a redis-server of its own, then stops it or freezes it
(SIGSTOP) while staff log in and scan and citizens book. Nothing answers 5xx, the rate limits
still hold, and /healthz says Redis is down. The drill under gunicorn with several workers
is in test_redis_outage_gunicorn.py.
"""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from coworking import services
from coworking.models import Desk, Status
from reservations import redis_outage

from .redis_drill import OwnRedis

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 08.05 WIB: an ordinary service day.
DAY = dt.date(2026, 12, 1)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def own_redis(tmp_path, settings):
    """The portal's cache, sessions and rate limits on a Redis of this test's own."""
    server = OwnRedis(tmp_path)
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "reservations.redis_outage.GuardedRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "drill",
        }
    }
    redis_outage.mark_up()
    yield server
    server.stop()
    redis_outage.mark_up()


@pytest.fixture
def tuesday_morning():
    with time_machine.travel(at(8, 5), tick=True):
        yield


@pytest.fixture
def reservations_of_today(db):
    desks = [Desk.objects.create(number=n, map_row=1, map_column=n) for n in range(1, 5)]
    return [
        services.reserve_desk(
            desk=desk,
            name=f"Warga {desk.number}",
            email=f"warga{desk.number}@example.com",
            phone=f"+62812340000{desk.number}",
            start=at(8),
            end=at(12),
            now=at(10, day=DAY - dt.timedelta(days=1)),
        )
        for desk in desks
    ]


def log_in(client, username="rina"):
    return client.post("/login/", {"username": username, "password": "s3cret-pass"})


def scan(client, code):
    return client.post("/coworking/scan/", {"code": code}, HTTP_ACCEPT="application/json")


def test_the_front_desk_logs_in_and_scans_with_redis_stopped(
    client, admin_user, own_redis, tuesday_morning, reservations_of_today
):
    first, second, third, _ = reservations_of_today
    assert log_in(client).status_code == 302
    assert scan(client, first.code).json()["code"] == "checked_in"  # sessions in Redis

    own_redis.stop()

    # The session opened before the outage still works, from the database.
    assert client.get("/coworking/scan/").status_code == 200
    assert scan(client, second.code).json()["code"] == "checked_in"
    # A colleague logs out and in again: a fresh login works too.
    assert client.post("/logout/").status_code == 302
    assert client.get("/coworking/scan/").status_code == 302  # logged out for real
    assert log_in(client).status_code == 302
    assert scan(client, third.code).json()["code"] == "checked_in"
    assert Desk.objects.count() == 4
    statuses = [r.status for r in type(first).objects.order_by("desk__number")]
    assert statuses == [Status.CHECKED_IN] * 3 + [Status.RESERVED]

    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["redis"] == "down"


def test_with_redis_hung_each_process_waits_for_it_once_then_goes_on(
    client, admin_user, own_redis, tuesday_morning, reservations_of_today, monkeypatch
):
    monkeypatch.setattr(redis_outage, "COOLDOWN_SECONDS", 300.0)  # however slow this machine
    assert log_in(client).status_code == 302
    own_redis.hang()
    waited = redis_outage.failed_calls

    for reservation in reservations_of_today:
        assert scan(client, reservation.code).json()["code"] == "checked_in"
    assert client.get("/coworking/scan/").status_code == 200

    # One call ran into the half-second timeout; every later one skipped Redis at once
    # (bench/redis_outage.py prints what that costs in milliseconds).
    assert redis_outage.failed_calls - waited == 1
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["redis"] == "down"

    own_redis.resume()
    redis_outage.mark_up()  # the cooldown, skipped
    assert client.get("/healthz").json()["redis"] == "ok"


def test_a_session_logged_out_during_the_outage_does_not_come_back_with_redis(
    client, admin_user, own_redis, reservations_of_today
):
    with time_machine.travel(at(8, 5), tick=False) as traveller:
        assert log_in(client).status_code == 302
        assert client.get("/coworking/scan/").status_code == 200  # cached in Redis
        redis_outage.mark_down()  # Redis unreachable while the person logs out
        assert client.post("/logout/").status_code == 302
        redis_outage.mark_up()  # Redis is back, still holding the session it cached
        traveller.shift(61)
        assert client.get("/coworking/scan/").status_code == 302


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_rate_limits_hold_with_redis_down(client, own_redis, outage):
    getattr(own_redis, "stop" if outage == "stopped" else "hang")()
    answers = [
        client.post("/permohonan/", {"code": "KUN-NOPE", "email": "a@example.com"}).status_code
        for _ in range(12)
    ]
    # The lookup allows 10 attempts a minute per address; the count is kept in the
    # database while Redis is away, so it holds across every web process too.
    assert answers[:10] == [400] * 10
    assert answers[10:] == [429, 429]
