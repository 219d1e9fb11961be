"""Two-factor login: staff may set up an authenticator app; the office may require it."""

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from reservations.admin_site import PontiveAdminSite

from .conftest import code_for, events, wrong_code

pytestmark = pytest.mark.django_db


def log_in(client, username, password="s3cret-pass", path="/login/"):
    return client.post(path, {"username": username, "password": password})


def logged_in_as(client):
    response = client.get("/staff/")
    if response.status_code == 302 and response["Location"].startswith("/login/"):
        return None
    return int(client.session["_auth_user_id"])


# Optional: anyone on the staff ---------------------------------------------------------


def test_staff_set_up_an_app_from_the_staff_area_by_scanning_a_qr_code(client, admin_user):
    log_in(client, "rina")
    page = client.get("/staff/2fa/")
    assert "Nonaktif" in page.content.decode()
    setup = client.get("/staff/2fa/setup/")
    html = setup.content.decode()
    assert setup.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, drawn by the portal itself
    assert "no-store" in setup["Cache-Control"]
    device = TOTPDevice.objects.get(user=admin_user)
    assert not device.confirmed
    assert " ".join(setup.context["secret"].split()) in html

    # A wrong code changes nothing.
    refused = client.post("/staff/2fa/setup/", {"code": wrong_code(device)})
    assert "Kode itu salah" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=False):
        done = client.post("/staff/2fa/setup/", {"code": code_for(device)}, follow=True)
    assert "Verifikasi dua langkah aktif" in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert [e.target for e in events("two_factor_on")] == ["rina"]


def test_with_an_app_the_password_alone_logs_nobody_in(client, admin_user, app_of):
    device = app_of(admin_user)
    response = log_in(client, "rina")
    assert response.status_code == 302
    assert response["Location"] == "/login/code/"
    assert logged_in_as(client) is None
    assert "Kode sekali pakai" in client.get("/login/code/").content.decode()

    response = client.post("/login/code/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert logged_in_as(client) == admin_user.pk
    login = events("login")[-1]
    assert login.actor == "rina"
    assert login.detail == "password and one-time code"


def test_a_wrong_code_is_refused_and_recorded(client, admin_user, app_of):
    device = app_of(admin_user)
    log_in(client, "rina")
    response = client.post("/login/code/", {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "Kode itu salah" in response.content.decode()
    assert logged_in_as(client) is None
    failed = events("login_failed")[-1]
    assert (failed.target, failed.detail) == ("rina", "wrong one-time code")


def test_a_code_that_is_not_six_digits_is_explained(client, admin_user, app_of):
    app_of(admin_user)
    log_in(client, "rina")
    response = client.post("/login/code/", {"code": "12ab"})
    assert "Masukkan enam angka" in response.content.decode()
    assert events("login_failed") == []


def test_codes_right_after_a_wrong_one_wait_a_moment(client, admin_user, app_of):
    device = app_of(admin_user)
    log_in(client, "rina")
    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        client.post("/login/code/", {"code": wrong_code(device)})
        response = client.post("/login/code/", {"code": code_for(device)})
        assert "Tunggu" in response.content.decode()
        assert logged_in_as(client) is None
        traveller.shift(2)
        client.post("/login/code/", {"code": code_for(device)})
        assert logged_in_as(client) == admin_user.pk


def test_guessing_codes_locks_the_login_like_wrong_passwords(client, admin_user, app_of, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the lock itself is under test, not the delay
    device = app_of(admin_user)
    log_in(client, "rina")
    for _ in range(4):
        assert client.post("/login/code/", {"code": wrong_code(device)}).status_code == 200
    locked = client.post("/login/code/", {"code": wrong_code(device)})
    assert locked.status_code == 429
    assert "Masuk dijeda" in locked.content.decode()
    # the right code does not help now
    assert client.post("/login/code/", {"code": code_for(device)}).status_code == 429
    assert logged_in_as(client) is None
    assert events("lockout")


def test_a_code_cannot_be_used_twice(client, admin_user, app_of):
    device = app_of(admin_user)
    code = code_for(device)
    log_in(client, "rina")
    client.post("/login/code/", {"code": code})
    client.post("/logout/")
    log_in(client, "rina")
    response = client.post("/login/code/", {"code": code})
    assert "Kode itu salah" in response.content.decode()
    assert logged_in_as(client) is None


def test_the_code_step_expires_after_five_minutes(client, admin_user, app_of):
    device = app_of(admin_user)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, "rina")
        traveller.shift(dt.timedelta(minutes=6))
        response = client.post("/login/code/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert logged_in_as(client) is None


def test_the_code_step_without_a_password_first_goes_back_to_login(client):
    response = client.get("/login/code/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/staff/2fa/setup/")["Location"] == "/login/"


def test_staff_who_opted_in_may_turn_it_off(client, admin_user, app_of):
    device = app_of(admin_user)
    log_in(client, "rina")
    client.post("/login/code/", {"code": code_for(device)})
    response = client.post("/staff/2fa/", follow=True)
    assert "Verifikasi dua langkah nonaktif" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert [e.target for e in events("two_factor_off")] == ["rina"]
    client.post("/logout/")
    assert log_in(client, "rina")["Location"] == "/staff/"


def test_the_two_factor_page_needs_a_login_and_answers_get_and_post_only(client, admin_user):
    assert client.get("/staff/2fa/")["Location"].startswith("/login/?next=")
    client.force_login(admin_user)
    assert client.put("/staff/2fa/").status_code == 405


# Required by the office for the Kadis, Kabid and Kasi ---------------------------------


def test_when_required_a_kasi_without_an_app_sets_one_up_to_log_in(client, kasi_user, require_2fa):
    response = log_in(client, "dewi", path="/login/?next=/admin/")
    assert response["Location"] == "/staff/2fa/setup/"
    assert logged_in_as(client) is None
    page = client.get("/staff/2fa/setup/")
    assert "Kantor mewajibkan kode sekali pakai" in page.content.decode()
    device = TOTPDevice.objects.get(user=kasi_user)
    response = client.post("/staff/2fa/setup/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert logged_in_as(client) == kasi_user.pk
    assert client.get("/admin/").status_code == 200
    assert events("login")[-1].detail == "password and new authenticator app"


@pytest.mark.parametrize("persona", ["kadis_user", "kabid_user", "kasi_user"])
def test_when_required_the_kadis_kabid_and_kasi_give_a_code(
    client, persona, request, require_2fa, app_of
):
    user = request.getfixturevalue(persona)
    app_of(user)
    assert log_in(client, user.username)["Location"] == "/login/code/"
    assert logged_in_as(client) is None


@pytest.mark.parametrize("persona", ["admin_user", "sekretariat_user"])
def test_when_required_other_roles_still_log_in_with_their_password(
    client, persona, request, require_2fa
):
    user = request.getfixturevalue(persona)
    assert log_in(client, user.username)["Location"] == "/staff/"
    assert logged_in_as(client) == user.pk


def test_a_required_kasi_cannot_turn_it_off(client, kasi_user, app_of, require_2fa):
    device = app_of(kasi_user)
    log_in(client, "dewi")
    client.post("/login/code/", {"code": code_for(device)})
    response = client.post("/staff/2fa/", follow=True)
    assert "tidak dapat dimatikan" in response.content.decode()
    assert TOTPDevice.objects.filter(user=kasi_user).exists()
    assert events("two_factor_off") == []


def test_a_session_from_before_the_requirement_must_log_in_again(client, kabid_user, settings):
    client.force_login(kabid_user)
    assert client.get("/admin/").status_code == 200
    settings.PONTIVE = {**settings.PONTIVE, "REQUIRE_2FA": True}
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/admin/")
    assert logged_in_as(client) is None
    ended = events("session_ended")[-1]
    assert (ended.target, ended.detail) == ("hendra", "two-factor login now required")


def test_the_admin_refuses_a_required_user_without_a_code(kasi_user, settings):
    """Even if a session slipped past the middleware, the admin asks for the code itself."""
    settings.PONTIVE = {**settings.PONTIVE, "REQUIRE_2FA": True}
    site = PontiveAdminSite()
    request = RequestFactory().get("/admin/")
    request.user = kasi_user
    kasi_user.is_verified = lambda: False
    assert not site.has_permission(request)
    kasi_user.is_verified = lambda: True
    assert site.has_permission(request)
    settings.PONTIVE = {**settings.PONTIVE, "REQUIRE_2FA": False}
    kasi_user.is_verified = lambda: False
    assert site.has_permission(request)


def test_a_lost_phone_is_removed_by_an_administrator_and_replaced_at_next_login(
    client, kasi_user, app_of, require_2fa, django_user_model
):
    device = app_of(kasi_user)
    boss = django_user_model.objects.create_superuser("root", "root@pontive.example", "x")
    app_of(boss)
    client.force_login(boss)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=boss).persistent_id
    session.save()
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=kasi_user).exists()
    removed = events("two_factor_off")[-1]
    assert (removed.actor, removed.target) == ("root", "dewi")
    assert removed.detail == "removed by an administrator"
    client.post("/logout/")
    assert log_in(client, "dewi")["Location"] == "/staff/2fa/setup/"


def test_the_admin_never_shows_the_secret_of_an_app(client, kasi_user, app_of, django_user_model):
    device = app_of(kasi_user)
    boss = django_user_model.objects.create_superuser("root", "root@pontive.example", "x")
    client.force_login(boss)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
