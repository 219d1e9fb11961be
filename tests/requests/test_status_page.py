"""The applicant's status page: reached with the code and the right email, never guessed."""

import pytest

from reservations.models import RequestState
from reservations.tracking import status_path

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_code_and_email_open_the_status_page(clock, client):
    req = submit(email="Guru@SMAN1.example.org")
    response = client.post(
        "/permohonan/",
        {"code": req.code.lower().replace("-", " - "), "email": "guru@sman1.example.org "},
    )
    assert response.status_code == 302 and response["Location"] == status_path(req)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert req.code in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")  # never cached


def test_the_right_code_with_a_wrong_email_is_refused_like_an_unknown_code(clock, client):
    req = submit()
    wrong_email = client.post("/permohonan/", {"code": req.code, "email": "orang@lain.org"})
    unknown = client.post("/permohonan/", {"code": "KJG-" + "0" * 26, "email": req.email})
    assert wrong_email.status_code == unknown.status_code == 400
    assert req.institution not in wrong_email.content.decode()
    assert (
        wrong_email.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    )


def test_a_tampered_link_finds_nothing(clock, client):
    req = submit()
    path = status_path(req)
    assert client.get(path[:-3] + "00/").status_code == 404
    other = submit(institution="SMP 2", email="lain@example.org", start=(13, 0), end=(14, 0))
    # The token of one request does not open another.
    assert client.get(f"/permohonan/{other.code}/{path.split('/')[-2]}/").status_code == 404


def test_lookups_are_rate_limited(clock, client):
    req = submit()
    for _ in range(10):
        client.post("/permohonan/", {"code": req.code, "email": "tebak@example.org"})
    response = client.post("/permohonan/", {"code": req.code, "email": req.email})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_guessing_links_is_rate_limited_too(clock, client):
    req = submit()
    for _ in range(60):
        client.get(f"/permohonan/{req.code}/{'0' * 32}/")
    assert client.get(status_path(req)).status_code == 429


def test_the_timeline_shows_public_notes_and_hides_internal_ones(clock, walk, client, kasi_user):
    from reservations import actions

    req = walk(submit(), until="dispose_to_kasi")
    actions.reject_request(
        service_request=req, actor=kasi_user, reason="Jadwal bertabrakan dengan rapat pimpinan",
        note="Sudah ditelepon, pemohon paham",
    )  # fmt: skip
    text = client.get(status_path(req)).content.decode()
    assert "Jadwal bertabrakan dengan rapat pimpinan" in text
    assert "Sudah ditelepon" not in text and "Koordinasikan" not in text
    assert text.count("<li>") == 6  # submitted, received, registered, two dispositions, rejected


def test_the_answer_form_refuses_a_made_up_answer(clock, client):
    req = submit()
    client.post(status_path(req) + "jawab/", {"answer": "approve-myself"})
    req.refresh_from_db()
    assert req.state == RequestState.SUBMITTED
    assert client.get(status_path(req) + "jawab/").status_code == 405
