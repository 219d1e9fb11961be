"""SOP 001 end to end: an office borrows the meeting room with equipment; no buffet."""

import pytest

from meetingroom.models import Equipment, LoanEquipment
from reservations.models import RequestState, Resource, Service, ServiceRequest

from .conftest import VISIT_DAY, at, form_data, outbox, take_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return Resource.objects.get(service=Service.MEETING_ROOM)


@pytest.fixture
def projector(room):
    return Equipment.objects.create(resource=room, name="Proyektor", quantity=1)


@pytest.fixture
def microphones():
    return Equipment.objects.create(resource=None, name="Mikrofon nirkabel", quantity=4)


def loan_form(**overrides):
    data = form_data(
        institution="Bappeda Kota Pontianak",
        institution_kind="government",
        email="bappeda@example.org",
        event_title="Rapat koordinasi Musrenbang",
        no_buffet="on",
    )
    data.update(overrides)
    return data


def test_a_loan_travels_the_whole_chain_with_its_equipment(
    clock, client, client_as, projector, microphones,
    admin_user, sekretariat_user, kadis_user, kabid_user, kasi_user,
):  # fmt: skip
    response = client.post(
        "/ruang-rapat/",
        loan_form(**{f"equipment_{projector.pk}": "1", f"equipment_{microphones.pk}": "2"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    req = ServiceRequest.objects.get()
    assert req.service == Service.MEETING_ROOM and req.code.startswith("PRR-")
    assert req.event_title == "Rapat koordinasi Musrenbang" and req.no_buffet
    assert dict(req.equipment_lines.values_list("equipment__name", "quantity")) == {
        "Proyektor": 1,
        "Mikrofon nirkabel": 2,
    }

    take_step(client_as(admin_user), req, "receive_request")
    take_step(
        client_as(sekretariat_user), req, "register_letter",
        letter_number="050/88/Bappeda", letter_date="2026-11-23",
    )  # fmt: skip
    take_step(client_as(kadis_user), req, "dispose_to_kabid", instructions=["proses"],
              security_class="biasa", urgency="biasa")  # fmt: skip
    take_step(client_as(kabid_user), req, "dispose_to_kasi", instructions=["koordinasi"],
              security_class="biasa", urgency="biasa")  # fmt: skip

    # The Kasi must make sure no buffet will be served (SOP 001 step 4).
    kasi = client_as(kasi_user)
    refused = take_step(kasi, req, "confirm_schedule")
    assert refused.status_code == 400
    req.refresh_from_db()
    assert req.state == RequestState.WITH_KASI
    assert take_step(kasi, req, "confirm_schedule", no_buffet_checked="on").status_code == 302

    req.refresh_from_db()
    assert req.state == RequestState.CONFIRMED
    granted = dict(LoanEquipment.objects.values_list("equipment__name", "quantity_granted"))
    assert granted == {"Proyektor": 1, "Mikrofon nirkabel": 2}

    take_step(client_as(admin_user), req, "schedule_request")
    req.refresh_from_db()
    assert req.state == RequestState.SCHEDULED
    # SOP 001: entering a loan into the agenda takes 30 minutes, not the visit's 15.
    assert req.history.get(action="schedule_request").standard_minutes == 30
    assert outbox("bappeda@example.org")[-1].attachments.exists()

    # After the event: it took place, then the report with photos.
    clock.move_to(at(VISIT_DAY, 12, 0))
    admin = client_as(admin_user)
    assert take_step(admin, req, "complete_request").status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.COMPLETED


def test_the_form_refuses_a_loan_without_the_no_buffet_promise(clock, client):
    response = client.post("/ruang-rapat/", loan_form(no_buffet=""))
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()
