"""Staff sessions: a new key at login, an idle timeout, and out at once when deactivated."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from .conftest import code_for, events

pytestmark = pytest.mark.django_db


def log_in(client, username="rina"):
    return client.post("/login/", {"username": username, "password": "s3cret-pass"})


def can_open_staff_area(client) -> bool:
    response = client.get("/staff/")
    return not response["Location"].startswith("/login/")


def test_logging_in_gives_a_new_session_key(client, admin_user):
    before = client.session  # a session someone might have planted in the browser
    before["planted"] = "x"
    before.save()
    old_key = before.session_key

    assert log_in(client).status_code == 302
    new_key = client.cookies["sessionid"].value
    assert new_key != old_key
    assert not SessionStore().exists(old_key)
    assert can_open_staff_area(client)


def test_logging_in_with_a_code_also_gives_a_new_session_key(client, admin_user, app_of):
    device = app_of(admin_user)
    log_in(client)
    key_between_steps = client.cookies["sessionid"].value
    client.post("/login/code/", {"code": code_for(device)})
    assert client.cookies["sessionid"].value != key_between_steps
    assert not SessionStore().exists(key_between_steps)


def test_the_session_cookie_is_httponly_samesite_and_secure_in_production(
    client, admin_user, settings
):
    settings.SESSION_COOKIE_SECURE = True
    log_in(client)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"]


def test_an_idle_session_ends(client, admin_user, settings):
    idle = settings.SESSION_COOKIE_AGE
    assert idle == 7200  # SESSION_IDLE_SECONDS' default: two hours
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client)
        traveller.shift(dt.timedelta(seconds=idle + 60))
        assert not can_open_staff_area(client)


def test_a_session_in_use_stays_open(client, admin_user, settings):
    idle = settings.SESSION_COOKIE_AGE
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client)
        for _ in range(3):  # six hours of work, never idle for two
            traveller.shift(dt.timedelta(seconds=idle * 0.9))
            assert can_open_staff_area(client)


def test_a_deactivated_account_is_out_at_once(client, admin_user):
    log_in(client)
    key = client.cookies["sessionid"].value
    assert can_open_staff_area(client)

    admin_user.is_active = False
    admin_user.save()

    assert not can_open_staff_area(client)
    assert not SessionStore().exists(key)  # nothing of that session is kept
    ended = events("session_ended")[-1]
    assert ended.target == f"user id {admin_user.pk}"
    changed = events("account_changed")[-1]
    assert (changed.target, changed.detail) == ("rina", "active: yes → no")
    # and the password no longer opens it
    response = log_in(client)
    assert response.status_code == 200
    assert not can_open_staff_area(client)


def test_a_deactivated_account_is_out_of_the_admin_too(client, kasi_user):
    client.force_login(kasi_user)
    assert client.get("/admin/").status_code == 200
    kasi_user.is_active = False
    kasi_user.save()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_logging_out_is_a_post_and_is_recorded(client, admin_user):
    log_in(client)
    assert client.get("/logout/").status_code == 405
    assert can_open_staff_area(client)
    client.post("/logout/")
    assert not can_open_staff_area(client)
    assert [e.actor for e in events("logout")] == ["rina"]


def test_logging_in_again_as_the_same_person_gives_a_new_session_key(client, admin_user):
    assert log_in(client).status_code == 302
    first_key = client.cookies["sessionid"].value

    assert log_in(client).status_code == 302  # the same person, the same browser

    second_key = client.cookies["sessionid"].value
    assert second_key != first_key
    assert not SessionStore().exists(first_key)
    assert can_open_staff_area(client)
