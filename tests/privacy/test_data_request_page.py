"""A person asks, from the privacy notice, for a link to their data (SOP: UU PDP rights)."""

import datetime as dt
import re

import pytest
import time_machine

from reservations.models import DataRequest, Notification
from tests.privacy.conftest import NOW, link_from_last_email, links_sent, reserve

pytestmark = pytest.mark.django_db

ASK = "/privasi/data-saya/"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_privacy_notice_links_to_the_request_page(client):
    assert ASK in client.get("/privasi/").content.decode()
    page = client.get(ASK)
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()


def test_a_known_email_gets_a_link_that_carries_no_personal_data(client, desks):
    reserve(desks[0], dt.date(2026, 11, 24), email="budi@example.com", phone="+6281211112222")
    response = client.post(ASK, {"email": "budi@example.com"})
    assert response.status_code == 200
    [link] = links_sent("budi@example.com")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert "budi" not in link.lower() and "6281211112222" not in link
    # Opaque: the token is a random code plus a signature, not the address encoded.
    assert re.fullmatch(r"PD-[0-9A-Z]{26}:[0-9A-Za-z]+:[0-9A-Za-z_-]+", token)


def test_known_and_unknown_addresses_get_the_same_answer(client, desks):
    reserve(desks[0], dt.date(2026, 11, 24), email="budi@example.com", phone="+6281211112222")
    known = client.post(ASK, {"email": "budi@example.com"})
    unknown = client.post(ASK, {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(known) == _without_tokens(unknown)


def _without_tokens(response) -> str:
    """The page as a person sees it (the CSRF token and CSP nonce differ on every page)."""
    return re.sub(r'(value|nonce)="[^"]*"', "", response.content.decode())


def test_an_unknown_address_learns_from_its_link_that_nothing_is_held(client):
    client.post(ASK, {"email": "nobody@example.com"})
    page = client.get(link_from_last_email())
    assert page.status_code == 200
    assert "Portal tidak menyimpan data pribadi" in page.content.decode()


def test_asking_twice_within_ten_minutes_sends_one_email(client):
    client.post(ASK, {"email": "budi@example.com"})
    second = client.post(ASK, {"email": "Budi@Example.com"})
    assert second.status_code == 200
    assert len(links_sent("budi@example.com")) == 1
    assert DataRequest.objects.count() == 1


def test_a_bad_address_is_refused_in_indonesian_and_nothing_is_sent(client):
    response = client.post(ASK, {"email": "not an email"})
    assert response.status_code == 200
    assert "alamat email yang valid" in response.content.decode().lower()
    assert not Notification.objects.exists() and not DataRequest.objects.exists()


def test_the_form_is_rate_limited(client):
    for n in range(5):
        assert client.post(ASK, {"email": f"p{n}@example.com"}).status_code == 200
    assert client.post(ASK, {"email": "p9@example.com"}).status_code == 429
    assert DataRequest.objects.count() == 5


def test_the_page_answers_in_english_too(client):
    client.cookies["django_language"] = "en"
    response = client.post(ASK, {"email": "budi@example.com"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Check your email" in response.content.decode()
    assert "Your personal data" in Notification.objects.get().subject


def test_the_link_expires_after_a_day_and_a_forged_one_never_works(client):
    client.post(ASK, {"email": "budi@example.com"})
    link = link_from_last_email()
    assert client.get(link).status_code == 200
    forged = link.rstrip("/")[:-3] + "abc/"
    assert client.get(forged).status_code == 404
    with time_machine.travel(NOW + dt.timedelta(hours=24, minutes=1), tick=False):
        expired = client.get(link)
    assert expired.status_code == 404
    assert "Tautan ini tidak berlaku lagi" in expired.content.decode()


def test_wrong_method_on_the_link_pages(client):
    client.post(ASK, {"email": "budi@example.com"})
    link = link_from_last_email()
    assert client.post(link).status_code == 405
    assert client.get(link + "hapus/").status_code == 405
    assert client.post(link + "unduh/").status_code == 405


def test_the_link_never_reaches_the_logs_whole(client):
    from reservations.logfilters import redact

    client.post(ASK, {"email": "budi@example.com"})
    link = link_from_last_email()
    token = link.rstrip("/").rsplit("/", 1)[1]
    logged = redact(f'"GET {link} HTTP/1.1" 200')
    assert token.split(":")[0] not in logged
