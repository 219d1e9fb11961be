"""Staff login throttling: wrong passwords lock the account for that address, on both logins."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone, translation

from .conftest import events

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the office's reverse proxy


def attempt(client, password, *, path="/login/", ip="203.0.113.9", username="budi", **extra):
    return client.post(
        path,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ip,
        **extra,
    )


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_five_wrong_passwords_pause_the_login_with_a_readable_page(client, kadis_user):
    for _ in range(4):
        response = attempt(client, "salah")
        assert response.status_code == 200
        assert "dan sandi yang benar" in response.content.decode()
    locked = attempt(client, "salah")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Masuk dijeda" in html
    assert "15 menit" in html
    assert locked["Retry-After"] == "900"
    # even the right password is refused while the pause lasts, and nobody is logged in
    again = attempt(client, "s3cret-pass")
    assert again.status_code == 429
    assert client.get("/staff/").status_code == 302
    assert [e.target for e in events("lockout")][:1] == ["budi"]


def test_the_lockout_page_speaks_english_for_an_english_visitor(client, kadis_user):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for _ in range(5):
        response = attempt(client, "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Login paused" in html
    assert "15 minutes" in html
    translation.activate("id")


def test_the_log_tells_failures_that_caused_the_pause_from_those_refused_during_it(
    client, kadis_user
):
    for _ in range(6):
        attempt(client, "salah")
    details = [e.detail for e in events("login_failed")]
    assert details == ["wrong username or password"] * 5 + ["refused: login paused"]


def test_logins_without_a_request_such_as_the_test_clients_are_not_throttled(client, kadis_user):
    for _ in range(6):
        assert not client.login(username="budi", password="salah")
    assert client.login(username="budi", password="s3cret-pass")


def test_the_pause_ends_after_the_cool_off(client, kadis_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            attempt(client, "salah")
        assert attempt(client, "s3cret-pass").status_code == 429
        traveller.shift(dt.timedelta(minutes=16))
        response = attempt(client, "s3cret-pass")
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_the_lock_follows_the_real_client_behind_the_proxy(client, kadis_user):
    for _ in range(5):
        attempt(client, "salah", ip="203.0.113.9")
    # The client cannot escape by typing its own X-Forwarded-For: only the hop
    # the proxy added counts.
    spoofed = attempt(client, "s3cret-pass", ip="198.51.100.1, 203.0.113.9")
    assert spoofed.status_code == 429
    # A colleague elsewhere, through the same proxy, is not locked out.
    other = attempt(client, "s3cret-pass", ip="203.0.113.77")
    assert other.status_code == 302


def test_a_stranger_cannot_lock_out_the_account_from_everywhere(client, kadis_user):
    for _ in range(6):
        attempt(client, "salah", ip="198.51.100.66")
    assert attempt(client, "s3cret-pass", ip="203.0.113.9").status_code == 302


def test_the_admin_login_is_the_same_throttled_login(client, kadis_user):
    for _ in range(5):
        response = attempt(client, "salah", path="/admin/login/?next=/admin/")
    assert response.status_code == 429
    assert "Masuk dijeda" in response.content.decode()
    # and the lock holds on the other login page too
    assert attempt(client, "s3cret-pass").status_code == 429


def test_failures_at_both_logins_add_up(client, kadis_user):
    for _ in range(3):
        attempt(client, "salah", path="/admin/login/")
    for _ in range(2):
        response = attempt(client, "salah")
    assert response.status_code == 429


def test_the_admin_login_logs_in_and_goes_to_the_admin(client, kadis_user):
    response = attempt(client, "s3cret-pass", path="/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_right_password_clears_earlier_failures(client, kadis_user):
    for _ in range(4):
        attempt(client, "salah")
    assert attempt(client, "s3cret-pass").status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert attempt(client, "salah").status_code == 200


def test_trying_many_accounts_from_one_address_meets_the_rate_limit(client, settings):
    codes = [
        attempt(client, "salah", username=f"staf{i}").status_code
        for i in range(settings.LOGIN_RATE_LIMIT + 1)
    ]
    assert set(codes[:-1]) == {200}
    assert codes[-1] == 429
    assert "Terlalu banyak percobaan" in attempt(client, "x", username="y").content.decode()


def test_the_login_page_answers_only_get_and_post(client):
    assert client.get("/login/").status_code == 200
    assert client.put("/login/").status_code == 405
    assert client.delete("/login/").status_code == 405
