"""The home page, the language switch, the health check and the staff login."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from reservations.dates import long_date, long_datetime

pytestmark = pytest.mark.django_db


def test_the_home_page_speaks_indonesian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Layanan Pontive Center" in html
    assert "Masuk petugas" in html


def test_english_is_one_button_away_and_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Pontive Center services" in html
    # and back
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/"}, follow=True)
    assert "Layanan Pontive Center" in response.content.decode()


def test_every_page_carries_the_language_switch(client):
    html = client.get("/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language" value="en"' in html


def test_a_bad_language_changes_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()


def test_healthz_reports_the_database_and_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager", "down"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_says_when_the_broker_is_down(client, settings):
    from pontive.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 200  # the portal still serves
    assert response.json()["database"] == "ok" and response.json()["broker"] == "down"


def test_staff_log_in_with_username_and_password(client, admin_user):
    response = client.post("/login/", {"username": "rina", "password": "s3cret-pass"})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_a_wrong_password_is_answered_in_indonesian(client, admin_user):
    response = client.post("/login/", {"username": "rina", "password": "salah"})
    assert response.status_code == 200
    assert "dan sandi yang benar" in response.content.decode()


def test_dates_read_as_indonesians_write_them():
    moment = timezone.make_aware(dt.datetime(2026, 11, 24, 9, 0))
    assert long_datetime(moment) == "Selasa, 24 November 2026, 09.00 WIB"
    assert long_date(dt.date(2026, 8, 17)) == "Senin, 17 Agustus 2026"
    with translation.override("en"):
        assert long_date(dt.date(2026, 8, 17)) == "Monday, 17 August 2026"


def test_time_is_pontianak_time(settings):
    assert settings.TIME_ZONE == "Asia/Pontianak"
    utc_moment = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)
    assert long_datetime(utc_moment).endswith("09.00 WIB")
