"""An expired form: a page in the portal's language, never Django's bare '403 Forbidden'."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_form_from_another_site_is_not_offered_for_resending():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/coworking/",
        {"name": "Penyusup", "email": "x@example.com"},
        HTTP_ORIGIN="https://elsewhere.example",
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in html and "Penyusup" not in html
    assert 'id="resend-form"' not in html


def test_a_password_is_never_written_back_into_the_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/login/",
        {"username": "rina", "password": "rahasia-sekali"},
        HTTP_ORIGIN="http://testserver",
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert 'value="rina"' in html and "rahasia-sekali" not in html


def test_a_scanner_app_gets_json():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/coworking/scan/", {"code": "X"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
