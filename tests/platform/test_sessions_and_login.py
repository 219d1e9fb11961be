"""Staff sessions: an idle timeout without a database write per request; roles from the cache."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reservations.roles import Role, has_role

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))


def writes(context) -> list[str]:
    return [
        q["sql"]
        for q in context.captured_queries
        if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    ]


def test_the_session_is_written_at_most_once_a_minute_unless_it_changes(client, admin_user):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(admin_user)
        expiry = Session.objects.get().expire_date
        with CaptureQueriesContext(connection) as quiet:
            client.get("/staff/")
            traveller.shift(dt.timedelta(seconds=59))
            client.get("/staff/")
        assert writes(quiet) == []
        traveller.shift(dt.timedelta(seconds=2))
        with CaptureQueriesContext(connection) as refresh:
            client.get("/staff/")
        assert len(writes(refresh)) == 1
        assert Session.objects.get().expire_date == expiry + dt.timedelta(seconds=61)


def test_the_idle_timeout_still_logs_staff_out(client, admin_user, settings):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(admin_user)
        traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        # Redis drops a cached session when its TTL (the same age) runs out; this
        # test's clock cannot move Redis's, so it drops it here.
        cache.clear()
        response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_logging_out_ends_the_session_at_once(client, admin_user):
    client.force_login(admin_user)
    client.post("/logout/")
    assert client.get("/staff/")["Location"].startswith("/login/")
    assert not Session.objects.exists()


def test_the_roles_come_with_the_user_and_a_removed_role_applies_at_once(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/staff/")["Location"] == "/coworking/scan/"
    admin_user.groups.remove(Group.objects.get(name=Role.ADMIN))
    assert client.get("/coworking/scan/").status_code == 403


def test_roles_are_read_once_a_minute_at_most(admin_user):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    assert has_role(User.objects.get(pk=admin_user.pk), Role.ADMIN)
    with CaptureQueriesContext(connection) as context:
        fresh = User.objects.get(pk=admin_user.pk)  # a new request loads the user again
        assert has_role(fresh, Role.ADMIN) and not has_role(fresh, Role.KASI)
    assert len(context.captured_queries) == 1  # the user; the roles came from the cache


def test_a_group_change_from_either_side_applies_at_once(admin_user, kasi_user):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    assert has_role(User.objects.get(pk=kasi_user.pk), Role.KASI)
    admins = Group.objects.get(name=Role.ADMIN)
    admins.user_set.add(kasi_user)
    assert has_role(User.objects.get(pk=kasi_user.pk), Role.ADMIN)
    assert has_role(User.objects.get(pk=admin_user.pk), Role.ADMIN)
    admins.user_set.clear()
    assert not has_role(User.objects.get(pk=kasi_user.pk), Role.ADMIN)
    assert not has_role(User.objects.get(pk=admin_user.pk), Role.ADMIN)
    kasi_user.groups.clear()
    assert not has_role(User.objects.get(pk=kasi_user.pk), Role.KASI)
