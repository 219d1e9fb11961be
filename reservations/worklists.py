"""The work lists of each role, linked with their counts from every staff page.

A work list is a page where something waits for a role: the request inbox, the
front desk's check-in page, the recap to review, the complaints to answer. The
shared layer names no service: each app registers its own lists from its
``AppConfig.ready()`` (the request inbox is this layer's own), and the bar at the
top of every staff page (``{% staff_worklists %}``, on the portal's pages and
in the admin) shows those of the signed-in person's roles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .roles import Role, has_role

# count(user, roles the user holds among the list's, now) -> how many wait, or None
Counter = Callable[[object, list[str], dt.datetime], "int | None"]


@dataclass(frozen=True)
class WorkList:
    key: str
    label: str
    url_name: str
    roles: tuple[str, ...]
    count: Counter | None = None
    order: int = 50
    query: str = ""


_lists: dict[str, WorkList] = {}


def register(worklist: WorkList) -> None:
    """Add (or replace, by key) a work list; called from an app's ``ready()``."""
    _lists[worklist.key] = worklist


@dataclass
class Link:
    key: str
    label: str
    url: str
    count: int | None


# The bar is on every staff page, the front desk's included: its counts are kept
# this long per person, so a page costs no query for them most of the time.
COUNT_CACHE_SECONDS = 30


def for_user(user, *, now: dt.datetime | None = None) -> list[Link]:
    """The work lists of the user's roles, in order, each with what waits there."""
    if not getattr(user, "is_authenticated", False):
        return []
    now = now or timezone.now()
    mine = []
    for worklist in sorted(_lists.values(), key=lambda w: (w.order, w.key)):
        held = [role for role in worklist.roles if has_role(user, role)]
        if not held:
            continue
        try:
            url = reverse(worklist.url_name)
        except NoReverseMatch:  # that app is not installed in this deployment
            continue
        mine.append((worklist, held, url))
    counts = _cached_counts(user, mine, now)
    return [Link(w.key, str(w.label), url + w.query, counts.get(w.key)) for w, _h, url in mine]


def _cached_counts(user, mine, now: dt.datetime) -> dict[str, int | None]:
    key = f"worklists:{user.pk}"
    try:
        counts = cache.get(key)
    except Exception:  # a cache outage costs the queries, never the page
        counts = None
    if counts is None or set(counts) != {w.key for w, _h, _u in mine}:
        counts = {w.key: (w.count(user, held, now) if w.count else None) for w, held, _u in mine}
        try:
            cache.set(key, counts, COUNT_CACHE_SECONDS)
        except Exception:
            pass
    return counts


def _requests_waiting(user, roles: list[str], now: dt.datetime) -> int:
    from .models import ServiceRequest

    return sum(ServiceRequest.objects.inbox_counts(roles, now=now).values())


def register_own() -> None:
    from django.utils.translation import gettext_lazy as _

    register(
        WorkList(
            key="requests",
            label=_("Requests inbox"),
            url_name="admin:reservations_servicerequest_changelist",
            roles=tuple(Role.values),
            count=_requests_waiting,
            order=30,
        )
    )
