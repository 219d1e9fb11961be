"""The meeting room's inventory: what a loan asks for against what is free in its slot."""

import pytest

from meetingroom import actions as equipment_actions
from meetingroom.equipment import free_quantities
from meetingroom.models import DamageReport, Equipment, LoanEquipment
from reservations import actions
from reservations.errors import RequestRefused
from reservations.models import RequestState, Resource, Service, ServiceRequest
from reservations.tracking import status_path

from .conftest import VISIT_DAY, at, form_data, outbox, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return Resource.objects.get(service=Service.MEETING_ROOM)


@pytest.fixture
def second_room():
    return Resource.objects.create(name="Ruang Rapat Kecil", service=Service.MEETING_ROOM)


@pytest.fixture
def microphones():
    return Equipment.objects.create(resource=None, name="Mikrofon nirkabel", quantity=4)


@pytest.fixture
def projector(room):
    return Equipment.objects.create(resource=room, name="Proyektor", quantity=1)


def loan(wanted, **extra):
    return submit(Service.MEETING_ROOM, equipment=wanted, email="panitia@example.org", **extra)


def test_damaged_units_are_not_free_until_repaired(clock, room, microphones, admin_user):
    report = equipment_actions.report_damage(
        actor=admin_user, equipment=microphones, quantity=1, description="Tidak menyala"
    )
    slot = (at(VISIT_DAY, 9, 0), at(VISIT_DAY, 11, 0))
    assert free_quantities(room.pk, *slot)[microphones.pk] == 3
    equipment_actions.mark_repaired(actor=admin_user, report=report, note="Baterai diganti")
    assert free_quantities(room.pk, *slot)[microphones.pk] == 4
    report.refresh_from_db()
    assert report.repaired_at and report.repaired_by == admin_user
    with pytest.raises(RequestRefused) as refused:
        equipment_actions.mark_repaired(actor=admin_user, report=report)
    assert refused.value.code == "already_repaired"


def test_portable_equipment_lent_to_one_room_is_not_free_for_another_in_that_slot(
    clock, walk, room, second_room, microphones
):
    first = walk(loan({microphones.pk: 3}))
    assert LoanEquipment.objects.get(request=first).quantity_granted == 3
    slot = (at(VISIT_DAY, 10, 0), at(VISIT_DAY, 12, 0))
    assert free_quantities(second_room.pk, *slot)[microphones.pk] == 1
    later = (at(VISIT_DAY, 11, 0), at(VISIT_DAY, 12, 0))  # after the first loan ends
    assert free_quantities(second_room.pk, *later)[microphones.pk] == 4


def test_the_form_asks_whether_to_go_ahead_without_what_is_not_free(
    clock, client, room, projector, admin_user
):
    equipment_actions.report_damage(
        actor=admin_user, equipment=projector, quantity=1, description="Lampu mati"
    )
    data = form_data(event_title="Rapat", no_buffet="on", **{f"equipment_{projector.pk}": "1"})
    refused = client.post("/ruang-rapat/", data)
    assert refused.status_code == 400
    assert "Proyektor" in refused.content.decode()
    assert not ServiceRequest.objects.exists()

    data = form_data(
        event_title="Rapat", no_buffet="on", go_ahead_without="on",
        **{f"equipment_{projector.pk}": "1"},
    )  # fmt: skip
    assert client.post("/ruang-rapat/", data).status_code == 302
    assert ServiceRequest.objects.get().accepts_equipment_shortfall


def test_a_shortfall_found_by_the_kasi_becomes_a_question_to_the_applicant(
    clock, walk, client, room, microphones, admin_user, kasi_user
):
    req = walk(loan({microphones.pk: 4}), until="dispose_to_kasi")
    # Between the form and the Kasi's check, a microphone broke.
    equipment_actions.report_damage(
        actor=kasi_user, equipment=microphones, quantity=2, description="Jatuh"
    )
    actions.confirm_schedule(service_request=req, actor=kasi_user, no_buffet_checked=True)
    req.refresh_from_db()
    assert req.state == RequestState.EQUIPMENT_SHORT
    asked = outbox("panitia@example.org")[-1]
    assert "Mikrofon nirkabel" in asked.body

    page = client.get(status_path(req)).content.decode()
    assert 'value="go_ahead"' in page and "Mikrofon nirkabel" in page
    client.post(status_path(req) + "jawab/", {"answer": "go_ahead"})
    req.refresh_from_db()
    assert req.state == RequestState.CONFIRMED
    assert LoanEquipment.objects.get(request=req).quantity_granted == 2  # what was free


def test_an_applicant_who_does_not_want_the_room_without_it_withdraws(
    clock, walk, client, room, microphones, kasi_user
):
    req = walk(loan({microphones.pk: 4}), until="dispose_to_kasi")
    equipment_actions.report_damage(actor=kasi_user, equipment=microphones, description="Rusak")
    actions.confirm_schedule(service_request=req, actor=kasi_user, no_buffet_checked=True)
    client.post(status_path(req) + "jawab/", {"answer": "cancel", "reason": "Perlu 4 mikrofon"})
    req.refresh_from_db()
    assert req.state == RequestState.CANCELLED


def test_damage_cannot_take_out_more_units_than_are_in_service(clock, microphones, admin_user):
    equipment_actions.report_damage(
        actor=admin_user, equipment=microphones, quantity=3, description="Rusak"
    )
    with pytest.raises(RequestRefused) as refused:
        equipment_actions.report_damage(
            actor=admin_user, equipment=microphones, quantity=2, description="Rusak lagi"
        )
    assert refused.value.code == "damage_quantity"


@pytest.mark.parametrize("persona", ["sekretariat_user", "kadis_user", "kabid_user"])
def test_damage_is_reported_by_the_admin_or_the_kasi_only(request, clock, microphones, persona):
    with pytest.raises(RequestRefused):
        equipment_actions.report_damage(
            actor=request.getfixturevalue(persona), equipment=microphones, description="x"
        )
    assert not DamageReport.objects.exists()


def test_damage_reported_and_repaired_through_the_admin(clock, client_as, microphones, admin_user):
    client = client_as(admin_user)
    response = client.post(
        "/admin/meetingroom/damagereport/add/",
        {"equipment": microphones.pk, "quantity": 1, "description": "Suara putus-putus"},
    )
    assert response.status_code == 302
    report = DamageReport.objects.get()
    assert report.reported_by == admin_user and report.repaired_at is None
    listing = client.get("/admin/meetingroom/equipment/").content.decode()
    assert "Mikrofon nirkabel" in listing
    response = client.post(
        f"/admin/meetingroom/damagereport/{report.pk}/change/",
        {"repair_note": "Kabel diganti", "repaired": "on"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.repaired_at is not None and report.repair_note == "Kabel diganti"
    # A repaired report is closed for good.
    assert client.get(f"/admin/meetingroom/damagereport/{report.pk}/change/").status_code == 200
    again = client.post(
        f"/admin/meetingroom/damagereport/{report.pk}/change/",
        {"repair_note": "ubah", "repaired": "on"},
    )
    assert again.status_code == 403
