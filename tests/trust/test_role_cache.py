"""A role taken away applies at once through the admin, and within a minute by SQL.

Roles are cached for ``ROLE_CACHE_SECONDS`` (every scan asks them); a change through
Django forgets the cache at once, a change made directly in the database cannot be
seen until the cached copy expires (the README says so).
"""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from reservations.roles import ROLE_CACHE_SECONDS, Role

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))


def can_scan(client) -> bool:
    return client.get("/coworking/scan/").status_code == 200


def test_a_role_removed_in_the_admin_applies_at_once(client_as, admin_user):
    with time_machine.travel(NOW, tick=False):
        client = client_as(admin_user)
        assert can_scan(client)
        admin_user.groups.remove(Group.objects.get(name=Role.ADMIN))
        assert not can_scan(client)


def test_a_role_removed_by_sql_applies_once_the_cached_copy_expires(
    client_as, admin_user, settings
):
    # Redis keeps its own clock, which the test cannot move: the expiry is watched on
    # the in-process cache, whose clock is the test's.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with time_machine.travel(NOW, tick=False) as traveller:
        client = client_as(admin_user)
        assert can_scan(client)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM auth_user_groups WHERE user_id = %s", [admin_user.pk])
        assert can_scan(client)  # still cached
        traveller.shift(ROLE_CACHE_SECONDS + 1)
        assert not can_scan(client)
