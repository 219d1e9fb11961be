"""Bahasa Indonesia first, English by choice: the browser's language does not decide."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_browser_asking_for_english_gets_indonesian(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html


def test_pressing_en_gives_english_and_pressing_id_gives_indonesian_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert '<html lang="id">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_forged_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "xx-evil"
    assert '<html lang="id">' in client.get("/").content.decode()
