"""Every reservation and request keeps the version of the privacy notice the person agreed to."""

import pytest
from django.db import IntegrityError, transaction

from coworking.models import Reservation
from reservations.models import ServiceRequest
from reservations.privacy import PRIVACY_NOTICE_VERSION
from tests.coworking.conftest import MONDAY, TUESDAY
from tests.coworking.conftest import at as cw_at
from tests.requests.conftest import NOW as REQUESTS_NOW
from tests.requests.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday():
    import time_machine

    with time_machine.travel(cw_at(MONDAY, 10), tick=False):
        yield


def _desk_form(**overrides):
    return {
        "date": TUESDAY.isoformat(),
        "start": "08:00",
        "end": "12:00",
        "desk": "",
        "name": "Siti Rahma",
        "email": "siti@example.com",
        "phone": "0812-3456-7890",
        "institution": "",
        "consent": "on",
        **overrides,
    }


def test_a_desk_reserved_on_the_web_stores_the_notice_version(client, desks, monday):
    assert client.post("/coworking/", _desk_form()).status_code == 302
    assert Reservation.objects.get().privacy_version == PRIVACY_NOTICE_VERSION


def test_without_consent_no_desk_is_reserved(client, desks, monday):
    response = client.post("/coworking/", _desk_form(consent=""))
    assert response.status_code in (200, 400)
    assert not Reservation.objects.exists()


def test_a_walk_in_stores_the_notice_version(client_as, admin_user, desks):
    import time_machine

    with time_machine.travel(cw_at(MONDAY, 9), tick=False):
        response = client_as(admin_user).post(
            "/coworking/walk-in/",
            {
                "name": "Rudi Langsung",
                "phone": "0856-1234-5678",
                "email": "",
                "institution": "",
                "end": "14:00",
                "desk": "",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert Reservation.objects.get().privacy_version == PRIVACY_NOTICE_VERSION


def test_a_visit_request_stores_the_notice_version(client):
    import time_machine

    with time_machine.travel(REQUESTS_NOW, tick=False):
        assert client.post("/kunjungan/", form_data()).status_code == 302
        assert client.post("/kunjungan/", form_data(email="b@x.org", consent="")).status_code != 302
    assert ServiceRequest.objects.get().privacy_version == PRIVACY_NOTICE_VERSION


def test_the_database_refuses_a_record_without_a_version(desks):
    from tests.privacy.conftest import request_visit, reserve

    reservation = reserve(desks[0], TUESDAY, email="a@example.com", phone="+6281200000009")
    req = request_visit(TUESDAY.replace(day=10), email="a@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.filter(pk=reservation.pk).update(privacy_version="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.filter(pk=req.pk).update(privacy_version="")
