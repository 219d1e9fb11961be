"""Redis is a cache and a broker, never something a page waits for.

When Redis stops or hangs, every page must still work from the database: the
front desk keeps scanning, staff keep logging in, citizens keep booking. Two
things make that true:

- a short timeout on every Redis call (``TIMEOUT_SECONDS``), so a hung Redis
  costs one fraction of a second, not the client's default of minutes;
- a breaker per process: the first call that fails marks Redis as down for
  ``COOLDOWN_SECONDS``, during which every cache call fails at once without
  touching the network and nothing is handed to the broker. The next call
  after the cooldown tries Redis again.

Callers decide what a failed cache call means: a miss for the sessions, the
roles and the service hours; a count kept in the database for the rate limits
(reservations.ratelimit); a task left for the periodic jobs (reservations.queue).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 0.5
COOLDOWN_SECONDS = 5.0

_down_until = 0.0
failed_calls = 0  # calls that reached Redis and failed (the drills count them)


class CacheUnavailable(Exception):
    """Redis did not answer (or did not answer in time); the caller goes on without it."""


def redis_down() -> bool:
    return time.monotonic() < _down_until


def mark_down(reason: BaseException | None = None) -> None:
    global _down_until, failed_calls
    if reason is not None:
        failed_calls += 1
    if not redis_down():
        logger.warning(
            "Redis unavailable, going on without it for %ss: %r", COOLDOWN_SECONDS, reason
        )
    _down_until = time.monotonic() + COOLDOWN_SECONDS


def mark_up() -> None:
    global _down_until
    _down_until = 0.0


def _failures() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def ping_redis(url: str | None = None) -> bool:
    """Whether Redis answers a PING within the short timeout (the health check asks this)."""
    import redis

    url = url or settings.REDIS_URL
    if not url:
        return False
    client = redis.Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except _failures() as error:
        mark_down(error)
        return False
    finally:
        client.close()
    return True


def broker_usable(broker: str) -> bool:
    """Whether a task may be handed to the broker now without making the request wait.

    When the broker is the Redis of the cache (the usual setup), it is not while the
    breaker is open, and a PING with the short timeout decides otherwise: the broker
    client's own timeouts are the worker's, far too long for a page.
    """
    if not settings.REDIS_URL or broker != settings.REDIS_URL:
        return True
    return not redis_down() and ping_redis(broker)


class _GuardedClient(RedisCacheClient):
    """Each operation fails at once while Redis is known to be down, and marks it down
    when it fails."""


def _guard(name: str):
    original = getattr(RedisCacheClient, name)

    def guarded(self, *args, **kwargs):
        if redis_down():
            raise CacheUnavailable(name)
        try:
            return original(self, *args, **kwargs)
        except _failures() as error:
            mark_down(error)
            raise CacheUnavailable(name) from error

    guarded.__name__ = name
    return guarded


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(_GuardedClient, _name, _guard(_name))


class GuardedRedisCache(RedisCache):
    """Django's Redis cache with short timeouts and the breaker above (settings.CACHES)."""

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": TIMEOUT_SECONDS,
            "socket_timeout": TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _GuardedClient
