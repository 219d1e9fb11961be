import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from reservations.codes import ALPHABET, new_code, normalise_code
from reservations.http import client_ip
from reservations.ratelimit import rate_limited


def test_codes_carry_at_least_128_random_bits_in_an_unambiguous_alphabet():
    code = new_code("PCW")
    prefix, body = code.split("-")
    assert prefix == "PCW"
    assert len(body) * 5 >= 128
    assert set(body) <= set(ALPHABET)
    assert not set("ILOU") & set(body)
    assert len({new_code("PCW") for _ in range(1000)}) == 1000


def test_a_typed_code_finds_its_stored_form():
    code = new_code("PCW")
    typed = " " + code.lower().replace("1", "l").replace("0", "o") + "\n"
    assert normalise_code(typed) == code


def test_client_ip_trusts_only_the_configured_proxies(settings):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # not the 6.6.6.6 the client typed itself


@pytest.mark.django_db
def test_a_form_posted_too_often_answers_429_with_a_readable_page():
    view = rate_limited("test-form", limit=3, per_seconds=60)(lambda request: HttpResponse("ok"))
    rf = RequestFactory()
    codes = [view(rf.post("/", REMOTE_ADDR="198.51.100.7")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = view(rf.post("/", REMOTE_ADDR="198.51.100.7"))
    assert "Terlalu banyak percobaan" in refused.content.decode()
    assert refused["Retry-After"] == "60"
    # another client is not affected
    assert view(rf.post("/", REMOTE_ADDR="198.51.100.8")).status_code == 200


@pytest.mark.django_db
def test_the_privacy_notice_states_purpose_retention_and_rights(client):
    html = client.get("/privasi/").content.decode()
    assert "UU" in html or "Undang-Undang" in html
    assert "2 tahun" in html
    assert "NIK" in html
    assert "2026-11" in html
