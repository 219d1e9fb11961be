"""Handing work to Celery only after the database has kept what the user submitted."""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Send ``task(*args)`` to the broker once the current transaction commits.

    Tasks take primary keys, never model instances. A broker that is down must
    not turn a saved reservation into an error page: the work is already in the
    database (the outbox, a status) and a periodic task picks it up later.
    """
    transaction.on_commit(partial(_send, task, args))


def _send(task, args) -> None:
    from .redis_outage import broker_usable

    if not task.app.conf.task_always_eager and not broker_usable(task.app.conf.broker_url):
        # Redis is down or hung: the broker client would hold the page for seconds.
        logger.warning("Broker unavailable; %s is left for the periodic job.", task.name)
        return
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # broker unreachable, or an eager task failing
        logger.warning(
            "Could not run %s now; the periodic job will retry it.", task.name, exc_info=True
        )
