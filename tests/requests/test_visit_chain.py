"""SOP 002 end to end: a school asks to visit; every role takes its step from its inbox."""

import datetime as dt

import pytest

from reservations.models import Disposition, RequestState, ServiceRequest
from reservations.roles import Role

from .conftest import NOW, VISIT_DAY, at, form_data, outbox, take_step

pytestmark = pytest.mark.django_db


def test_a_visit_travels_the_whole_chain(
    clock, client, client_as, admin_user, sekretariat_user, kadis_user, kabid_user, kasi_user
):
    # 1. The applicant fills the public form and attaches the letter.
    response = client.post("/kunjungan/", form_data())
    assert response.status_code == 302
    req = ServiceRequest.objects.get()
    assert response["Location"].startswith(f"/permohonan/{req.code}/")
    assert req.state == RequestState.SUBMITTED and req.code.startswith("KJG-")
    assert req.phone == "+6281234567890" and req.privacy_version
    applicant_mail = outbox("guru@sman1.example.org")
    assert len(applicant_mail) == 1 and req.code in applicant_mail[0].body
    assert response["Location"] in applicant_mail[0].body  # the status link
    assert len(outbox(admin_user.email)) == 1  # the Admin's inbox has it

    # 2. Admin receives it.
    assert (
        take_step(client_as(admin_user), req, "receive_request", note="Lengkap").status_code == 302
    )
    # 3. Sekretariat registers the letter: agenda number, letter number and date.
    response = take_step(
        client_as(sekretariat_user), req, "register_letter",
        letter_number="421/017/SMAN1/2026", letter_date="2026-11-20", srikandi_ref="SRK-1",
    )  # fmt: skip
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.agenda_display == "0001/SM/2026"
    assert req.letter_number == "421/017/SMAN1/2026" and req.letter_date == dt.date(2026, 11, 20)
    # 4. Kadis disposes to the Kabid, Segera: due within 2×24 hours.
    response = take_step(
        client_as(kadis_user), req, "dispose_to_kabid",
        instructions=["proses", "tanggapan"], security_class="biasa", urgency="segera",
        note="Mohon diproses", signer_nip="197001011990031001",
    )  # fmt: skip
    assert response.status_code == 302
    to_kabid = Disposition.objects.get(to_role=Role.KABID)
    assert to_kabid.due_at == NOW + dt.timedelta(hours=48)
    assert to_kabid.instructions == ["proses", "tanggapan"]
    # 5. Kabid disposes to the Kasi.
    response = take_step(
        client_as(kabid_user), req, "dispose_to_kasi",
        instructions=["koordinasi"], security_class="biasa", urgency="biasa",
        note="Koordinasikan jadwal",
    )  # fmt: skip
    assert response.status_code == 302
    assert Disposition.objects.get(to_role=Role.KABID).read_at == NOW  # the Kabid acted on it
    # 6. Kasi confirms the schedule with the applicant.
    response = take_step(
        client_as(kasi_user), req, "confirm_schedule", public_note="Sampai jumpa hari Kamis"
    )
    assert response.status_code == 302
    # 7. Admin enters it into the agenda; 8. the applicant is told it is approved.
    assert take_step(client_as(admin_user), req, "schedule_request").status_code == 302

    req.refresh_from_db()
    assert req.state == RequestState.SCHEDULED
    history = list(req.history.all())
    assert [(h.action, h.role, h.actor) for h in history] == [
        ("submit_request", "applicant", None),
        ("receive_request", Role.ADMIN, admin_user),
        ("register_letter", Role.SEKRETARIAT, sekretariat_user),
        ("dispose_to_kabid", Role.KADIS, kadis_user),
        ("dispose_to_kasi", Role.KABID, kabid_user),
        ("confirm_schedule", Role.KASI, kasi_user),
        ("schedule_request", Role.ADMIN, admin_user),
    ]
    assert history[1].note == "Lengkap"
    assert history[5].public_note == "Sampai jumpa hari Kamis"
    # Every staff step carries its SOP standard time (SOP 002: 10, 10, 10, 15, 15, 15 minutes).
    assert [h.standard_minutes for h in history[1:]] == [10, 10, 10, 15, 15, 15]
    assert all(h.office_minutes == 0 for h in history[1:])  # the clock stood still

    # Each role's inbox was told when the request reached it.
    for user in (sekretariat_user, kadis_user, kabid_user, kasi_user):
        assert len(outbox(user.email)) == 1
    assert len(outbox(admin_user.email)) == 2  # at submission and once confirmed
    # The applicant: submitted, confirmed, approved (with a calendar entry).
    applicant_mail = outbox("guru@sman1.example.org")
    assert len(applicant_mail) == 3
    approved = applicant_mail[-1]
    ics = approved.attachments.get()
    assert ics.filename == "pontive-center.ics" and b"DTSTART" in bytes(ics.content)

    # The status page shows the whole timeline.
    status = client.get(f"/permohonan/{req.code}/{_token(req)}/")
    assert status.status_code == 200
    text = status.content.decode()
    assert "Sampai jumpa hari Kamis" in text
    assert "Mohon diproses" not in text  # internal notes stay inside the office
    assert text.count("<li>") >= 7


def _token(req):
    from reservations.tracking import status_token

    return status_token(req.code, req.email)


def test_after_the_visit_the_admin_records_it_took_place(clock, walk, client_as, admin_user):
    from .conftest import submit

    req = walk(submit())
    clock.move_to(at(VISIT_DAY, 11, 30))
    response = take_step(client_as(admin_user), req, "complete_request", note="25 siswa hadir")
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.COMPLETED
