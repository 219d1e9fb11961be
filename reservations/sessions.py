"""Staff sessions that are not written to the database on every request.

``SESSION_SAVE_EVERY_REQUEST`` turns the session age into an idle timeout, at
the price of one UPDATE per page, and at the front desk one per scan. This
store skips that write when nothing in the session changed and it was written
less than ``REFRESH_SECONDS`` ago, so the idle timeout holds to within that.
With Redis it also reads sessions from the cache (``cached_db``: written
through to the database, read from Redis); without Redis it stays a plain
database session, because a per-process cache would keep a logged-out session
alive in the other processes.

The cache is only a cache: when Redis is down or hung, a session is read from
and written to the database alone (``_CacheOrMiss``; Redis calls time out in
half a second, reservations/redis_outage.py), so staff keep logging in
and scanning. A cached copy older than ``REFRESH_SECONDS`` is read again from
the database, so a session deleted while Redis was unreachable (a logout, a
deactivated account) cannot come back from a stale cache entry once Redis
returns, except within that minute.
"""

import logging
import time

from django.conf import settings
from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 60
SAVED_AT = "_pontive_saved_at"


class _CacheOrMiss:
    """The session cache as ``cached_db`` uses it, where a failing call is a miss:
    the database, written first, stays the truth. Without Redis there is no cache
    at all (``cache=None``): a per-process cache would keep a logged-out session
    alive in the other processes."""

    def __init__(self, cache=None):
        self._cache = cache

    def get(self, key, default=None):
        if self._cache is None:
            return default
        try:
            return self._cache.get(key, default)
        except Exception:
            return default

    def set(self, key, value, timeout=None):
        if self._cache is None:
            return
        try:
            self._cache.set(key, value, timeout)
        except Exception:
            logger.warning("session not cached: the cache is unavailable")

    def delete(self, key):
        if self._cache is None:
            return
        try:
            self._cache.delete(key)
        except Exception:
            logger.warning("session not uncached: the cache is unavailable")

    def __contains__(self, key):
        return self.get(key) is not None


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _CacheOrMiss(self._cache if settings.REDIS_URL else None)

    def save(self, must_create=False):
        if not must_create and not self.modified and self.session_key:
            saved_at = self._session.get(SAVED_AT)
            if saved_at and time.time() - saved_at < REFRESH_SECONDS:
                return
        # Kept in the data itself, so a cached session knows it as well.
        self._session[SAVED_AT] = time.time()
        super().save(must_create=must_create)

    def load(self):
        data = self._cache.get(self.cache_key)
        if data is not None:
            saved_at = data.get(SAVED_AT)
            if not saved_at or time.time() - saved_at > REFRESH_SECONDS:
                # A cached copy this old is about to be written again anyway: read it
                # from the database, which knows whether the session still exists.
                data = None
        if data is None:
            stored = self._get_session_from_db()
            data = self.decode(stored.session_data) if stored else {}
            if stored:
                self._cache.set(
                    self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date)
                )
        # A cached copy lives as long as its cache entry; the idle limit is
        # checked here too, so it holds whatever the cache's clock does.
        saved_at = data.get(SAVED_AT)
        if saved_at and time.time() - saved_at > self.get_session_cookie_age():
            self._session_key = None
            return {}
        return data
