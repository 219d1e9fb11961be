"""The front desk's work lists, in the bar of every staff page (``reservations.worklists``)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reservations.roles import Role
from reservations.worklists import WorkList, register

from .models import Reservation, Status


def _expected(user, roles, now: dt.datetime) -> int:
    """Today's visitors still to be scanned in (not yet released as no-shows)."""
    grace = dt.timedelta(minutes=settings.PONTIVE["COWORKING_NO_SHOW_MINUTES"])
    return Reservation.objects.filter(
        day=timezone.localdate(now), status=Status.RESERVED, start__gt=now - grace
    ).count()


def _present(user, roles, now: dt.datetime) -> int:
    """Visitors in the room now."""
    return Reservation.objects.filter(
        day=timezone.localdate(now), status=Status.CHECKED_IN, session_ends_at__gt=now
    ).count()


def register_worklists() -> None:
    register(
        WorkList(
            key="coworking-scan",
            label=_("Check-in (expected today)"),
            url_name="coworking:scan",
            roles=(Role.ADMIN,),
            count=_expected,
            order=10,
        )
    )
    register(
        WorkList(
            key="coworking-today",
            label=_("Co-working today (present)"),
            url_name="coworking:board",
            roles=(Role.ADMIN,),
            count=_present,
            order=20,
        )
    )
