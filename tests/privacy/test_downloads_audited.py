"""Letters and disposition sheets carry personal data: never cached, every download logged."""

import datetime as dt

import pytest
import time_machine

from reservations import actions
from reservations.models import AuditEvent, AuditKind
from tests.privacy.conftest import NOW, request_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(admin_user, sekretariat_user):
    with time_machine.travel(NOW, tick=False):
        req = request_visit(dt.date(2026, 12, 2), email="guru@example.org")
        actions.receive_request(service_request=req, actor=admin_user)
        actions.register_letter(
            service_request=req,
            actor=sekretariat_user,
            letter_number="421/9/2026",
            letter_date=dt.date(2026, 11, 20),
        )
    return req


@pytest.mark.parametrize(
    ("suffix", "detail", "content_type"),
    [
        ("letter/", "request letter", "application/pdf"),
        ("disposition-sheet/", "disposition sheet", "application/pdf"),
    ],
)
def test_a_download_is_logged_and_not_cached(
    client, kasi_user, registered, suffix, detail, content_type
):
    client.force_login(kasi_user)
    response = client.get(f"/admin/reservations/servicerequest/{registered.pk}/{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(kind=AuditKind.DOWNLOAD)
    assert (event.actor, event.target, event.detail) == (
        kasi_user.username,
        registered.code,
        detail,
    )
    assert "Kasi PK&AI" in event.actor_roles
    # The log names the request by its code, never the applicant.
    assert "guru@example.org" not in event.target + event.detail


def test_a_refused_download_leaves_no_download_in_the_log(client, outsider_user, registered):
    client.force_login(outsider_user)
    response = client.get(f"/admin/reservations/servicerequest/{registered.pk}/letter/")
    assert response.status_code in (302, 403)
    assert not AuditEvent.objects.filter(kind=AuditKind.DOWNLOAD).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_a_report_download_is_logged_and_not_cached(client, kabid_user, fmt):
    client.force_login(kabid_user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"/laporan/coworking/2026-Q4.{fmt}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(kind=AuditKind.DOWNLOAD)
    assert event.actor == kabid_user.username
    assert event.target.startswith("report:") and event.target.endswith(f".{fmt}")


def test_a_refused_report_download_leaves_no_trace(client, sekretariat_user):
    client.force_login(sekretariat_user)
    assert client.get("/laporan/coworking/2026-Q4.csv").status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditKind.DOWNLOAD).exists()
