"""Staff sessions that are not written to the database on every request.

``SESSION_SAVE_EVERY_REQUEST`` turns the session age into an idle timeout, at
the price of one UPDATE per page, and at the front desk one per scan. This
store skips that write when nothing in the session changed and it was written
less than ``REFRESH_SECONDS`` ago, so the idle timeout holds to within that.
With Redis it also reads sessions from the cache (``cached_db``: written
through to the database, read from Redis); without Redis it stays a plain
database session, because a per-process cache would keep a logged-out session
alive in the other processes.
"""

import time

from django.conf import settings
from django.contrib.sessions.backends import cached_db, db

REFRESH_SECONDS = 60
SAVED_AT = "_pontive_saved_at"

_Base = cached_db.SessionStore if settings.REDIS_URL else db.SessionStore


class SessionStore(_Base):
    def save(self, must_create=False):
        if not must_create and not self.modified and self.session_key:
            saved_at = self._session.get(SAVED_AT)
            if saved_at and time.time() - saved_at < REFRESH_SECONDS:
                return
        # Kept in the data itself, so a cached session knows it as well.
        self._session[SAVED_AT] = time.time()
        super().save(must_create=must_create)
