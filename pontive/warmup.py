"""Pay at start-up what the first visitor would otherwise pay for.

The first reservation after a start took 5.8 s against 1.2 s for the next ones:
its confirmation carries a PDF ticket, a QR code and a calendar entry, and the
PDF library alone takes seconds to import and to load its fonts the first time.
``warm()`` does that once when a web worker starts (``pontive/wsgi.py``), by
rendering a ticket for a reservation that exists only in memory.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

logger = logging.getLogger(__name__)


def warm() -> float:
    """Render one ticket (PDF, QR, .ics) in memory; returns the seconds it took."""
    from django.utils import timezone

    from coworking import tickets
    from coworking.models import Desk, Reservation

    began = time.perf_counter()
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
    sample = Reservation(
        code="PCW-WARMUP",
        manage_token="M-WARMUP",
        desk=Desk(number=1),
        name="Pontive",
        phone="+6281200000000",
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    tickets.attachments(sample)
    return time.perf_counter() - began


def warm_unless_disabled() -> None:
    from django.conf import settings

    if not settings.PONTIVE["WARM_UP"]:
        return
    try:
        logger.info("warmed up in %.2f s", warm())
    except Exception:  # a start-up courtesy: never keep the portal from starting
        logger.warning("warm-up failed", exc_info=True)
