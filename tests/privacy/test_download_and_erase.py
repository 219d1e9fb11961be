"""From the emailed link: download everything held under the address, then erase it."""

import datetime as dt
import json

import pytest
import time_machine

from coworking.models import Reservation, ReservationEvent
from coworking.models import Status as CW
from reservations.models import (
    AuditEvent,
    AuditKind,
    DataRequest,
    Notification,
    RequestState,
    RequestTransition,
    ServiceRequest,
)
from tests.privacy.conftest import NOW, link_from_last_email, request_visit, reserve

pytestmark = pytest.mark.django_db

EMAIL = "budi@example.com"
PHONE = "+6281211112222"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def budi(desks):
    """Budi: a past desk session, a desk tomorrow, a past visit and an upcoming one."""
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        past_desk = reserve(desks[0], dt.date(2026, 10, 6), email=EMAIL, phone=PHONE)
        past_visit = request_visit(dt.date(2026, 10, 15), email=EMAIL, phone=PHONE)
    desk_tomorrow = reserve(desks[1], dt.date(2026, 11, 24), email=EMAIL, phone=PHONE)
    next_visit = request_visit(dt.date(2026, 12, 10), email=EMAIL, phone=PHONE)
    return {
        "past_desk": past_desk,
        "past_visit": past_visit,
        "desk_tomorrow": desk_tomorrow,
        "next_visit": next_visit,
    }


@pytest.fixture
def others(desks):
    """Someone else, and someone who typed Budi's phone number with their own email."""
    return {
        "siti": reserve(
            desks[2], dt.date(2026, 11, 24), email="siti@example.com", phone="+6281300001111"
        ),
        "same_phone": request_visit(dt.date(2026, 12, 11), email="andi@example.com", phone=PHONE),
    }


def _link(client) -> str:
    client.post("/privasi/data-saya/", {"email": EMAIL})
    return link_from_last_email()


def test_the_page_counts_what_is_held_and_what_is_to_come(client, budi, others):
    page = client.get(_link(client))
    text = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "Reservasi meja co-working: 2" in text
    assert "Permohonan kunjungan dan peminjaman ruang rapat: 2" in text
    # The upcoming desk and visit, not the past ones.
    assert "2 reservasi atau permohonan" in text
    # The stranger with Budi's phone is counted, never shown.
    assert "andi@example.com" not in text


def test_the_download_holds_everything_under_the_address_and_nobody_else(client, budi, others):
    link = _link(client)
    response = client.get(link + "unduh/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="data-pribadi-')
    data = json.loads(response.content)
    assert data["email"] == EMAIL and data["phones"] == [PHONE]
    codes = {row["code"] for row in data["coworking.reservation"]}
    assert codes == {budi["past_desk"].code, budi["desk_tomorrow"].code}
    requests = {row["code"] for row in data["requests.service_request"]}
    assert requests == {budi["past_visit"].code, budi["next_visit"].code}
    assert data["records_with_these_phones_under_other_emails"] == 1
    assert "siti@example.com" not in response.content.decode()
    assert "andi@example.com" not in response.content.decode()
    row = data["coworking.reservation"][0]
    assert row["name"] == "Budi Santoso" and row["privacy_notice_version"] == "2026-11"
    assert any(mail["subject"] for mail in data["emails_sent"])


def test_each_download_is_in_the_security_log_without_the_address(client, budi):
    link = _link(client)
    client.get(link + "unduh/")
    event = AuditEvent.objects.get(kind=AuditKind.DOWNLOAD)
    data_request = DataRequest.objects.get()
    assert event.target == f"personal-data-request:{data_request.pk}"
    assert EMAIL not in event.target + event.detail
    assert DataRequest.objects.get().exported_at is not None


def test_erasure_needs_the_box_ticked(client, budi):
    link = _link(client)
    response = client.post(link + "hapus/", {}, follow=True)
    assert "Centang kotak" in response.content.decode()
    assert Reservation.objects.get(pk=budi["desk_tomorrow"].pk).status == CW.RESERVED
    assert not ServiceRequest.objects.filter(anonymised_at__isnull=False).exists()


def test_erasure_cancels_what_is_to_come_and_anonymises_what_is_over(client, budi, others):
    link = _link(client)
    history_before = RequestTransition.objects.filter(request=budi["past_visit"]).count()
    response = client.post(link + "hapus/", {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert "Selesai" in response.content.decode()

    desk = Reservation.objects.get(pk=budi["desk_tomorrow"].pk)
    # Cancelled through the service: its history says so, by the citizen.
    assert desk.status == CW.CANCELLED
    cancel = ReservationEvent.objects.get(reservation=desk, to_status=CW.CANCELLED)
    assert cancel.role == "citizen"
    visit = ServiceRequest.objects.get(pk=budi["next_visit"].pk)
    assert visit.state == RequestState.CANCELLED
    assert visit.history.filter(action="cancel_request", role="applicant").exists()

    for reservation in Reservation.objects.filter(pk__in=[budi["past_desk"].pk, desk.pk]):
        assert (reservation.name, reservation.email, reservation.phone) == ("", "", "")
        assert reservation.institution == "" and reservation.anonymised_at is not None
        assert reservation.day and reservation.desk_id  # counts keep their date and desk
    for req in ServiceRequest.objects.filter(pk__in=[budi["past_visit"].pk, visit.pk]):
        assert (req.contact_name, req.email, req.phone, req.purpose) == ("", "", "", "")
        assert not req.letter
        assert req.institution_kind == "school" and req.participants == 20
    # History keeps its rows.
    assert RequestTransition.objects.filter(request=budi["past_visit"]).count() == history_before

    # The others are untouched, the stranger with the same phone included.
    siti = Reservation.objects.get(pk=others["siti"].pk)
    assert siti.email == "siti@example.com" and siti.status == CW.RESERVED
    andi = ServiceRequest.objects.get(pk=others["same_phone"].pk)
    assert andi.phone == PHONE and andi.state == RequestState.SUBMITTED

    # The outbox holds only the two cancellation notices, still to be sent.
    left = Notification.objects.filter(to__iexact=EMAIL)
    assert left.count() == 2
    assert all(row.status == "pending" for row in left)
    assert not left.filter(key__startswith="data-link-").exists()

    event = AuditEvent.objects.get(kind=AuditKind.DATA_ERASED)
    assert "cancelled 2, anonymised 4" in event.detail


def test_the_letter_file_goes_once_the_erasure_is_committed(
    client, budi, django_capture_on_commit_callbacks
):
    letter = ServiceRequest.objects.get(pk=budi["past_visit"].pk).letter
    storage, name = letter.storage, letter.name
    assert storage.exists(name)
    link = _link(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link + "hapus/", {"confirm": "on"})
    assert not storage.exists(name)


def test_erasing_twice_changes_nothing_more(client, budi):
    link = _link(client)
    client.post(link + "hapus/", {"confirm": "on"})
    snapshot = list(Reservation.objects.values()), list(ServiceRequest.objects.values())
    response = client.post(link + "hapus/", {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert (list(Reservation.objects.values()), list(ServiceRequest.objects.values())) == snapshot
    page = client.get(link)
    assert "Portal tidak lagi menyimpan data pribadi" in page.content.decode()


def test_a_session_in_progress_is_kept_until_it_is_over(client, desks):
    from coworking import services

    reservation = reserve(desks[0], dt.date(2026, 11, 23), email=EMAIL, phone=PHONE, hours=(10, 14))
    services.check_in(code=reservation.code, actor=None, role="admin", now=NOW)
    link = _link(client)
    response = client.post(link + "hapus/", {"confirm": "on"}, follow=True)
    assert "sedang dilayani" in response.content.decode()
    reservation.refresh_from_db()
    assert reservation.email == EMAIL and reservation.status == CW.CHECKED_IN
