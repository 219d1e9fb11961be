"""Complaints (aduan): filed by anyone about a service, answered by the Admin, counted."""

import pytest
from django.core import mail
from django.urls import reverse

from reports.models import Complaint, ComplaintStatus

pytestmark = pytest.mark.django_db

GOOD = {
    "service": "coworking",
    "name": "Rudi Hartono",
    "email": "rudi@example.id",
    "phone": "0812-3456-7890",
    "message": "Internet di meja 4 mati sepanjang siang.",
    "consent": "on",
}


def test_a_citizen_files_a_complaint_and_the_admin_is_told(
    client, admin_user, django_capture_on_commit_callbacks
):
    assert client.get(reverse("reports:complaint-service", args=["coworking"])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:complaint"), GOOD)
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.phone == "+6281234567890"
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.code in response.content.decode()
    assert {m.to[0] for m in mail.outbox} == {"rudi@example.id", admin_user.email}


@pytest.mark.parametrize(
    "change",
    [
        {"consent": ""},
        {"email": "bukan-email"},
        {"message": "x"},
        {"service": "spa"},
        {"phone": "12"},
        {"name": ""},
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(client, change):
    response = client.post(reverse("reports:complaint"), {**GOOD, **change})
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_an_unknown_service_page_is_not_found(client):
    assert client.get("/aduan/spa/").status_code == 404


def file(client):
    client.post(reverse("reports:complaint"), GOOD)
    return Complaint.objects.get()


def test_the_admin_answers_and_the_citizen_receives_the_answer(
    client, client_as, admin_user, django_capture_on_commit_callbacks
):
    complaint = file(client)
    staff = client_as(admin_user)
    page = staff.get(reverse("reports:complaints"))
    assert complaint.message in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("reports:answer-complaint", args=[complaint.pk]),
            {"answer": "Router sudah diganti."},
        )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    assert complaint.answered_by == admin_user and complaint.answered_at
    assert "Router sudah diganti." in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["rudi@example.id"]
    # A second answer does not overwrite the first.
    staff.post(reverse("reports:answer-complaint", args=[complaint.pk]), {"answer": "Lain"})
    complaint.refresh_from_db()
    assert complaint.answer == "Router sudah diganti."


def test_only_the_admin_answers_and_only_by_post(
    client, client_as, kasi_user, admin_user, outsider_user
):
    complaint = file(client)
    url = reverse("reports:answer-complaint", args=[complaint.pk])
    assert client_as(kasi_user).post(url, {"answer": "Oke"}).status_code == 403
    assert client_as(outsider_user).post(url, {"answer": "Oke"}).status_code == 403
    assert client_as(admin_user).get(url).status_code == 405
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    client.logout()
    assert client.post(url, {"answer": "Oke"}).status_code == 302  # to the login page


def test_the_complaints_list_takes_a_fixed_number_of_queries(
    client, client_as, admin_user, assert_page_queries
):
    for i in range(5):
        client.post(reverse("reports:complaint"), {**GOOD, "email": f"r{i}@example.id"})
    staff = client_as(admin_user)
    staff.get(reverse("reports:complaints"))  # warm the session
    # the user (roles are cached), the list, the waiting count
    with assert_page_queries(3):
        staff.get(reverse("reports:complaints") + "?tampil=semua")


def test_the_admin_registers_a_complaint_that_came_by_social_media(
    client_as, admin_user, kasi_user
):
    url = reverse("admin:reports_complaint_add")
    data = {
        "service": "meetingroom",
        "channel": "social",
        "name": "Akun @warga_ptk",
        "email": "",
        "phone": "",
        "message": "Komentar di Instagram: AC ruang rapat terlalu dingin.",
    }
    assert client_as(kasi_user).post(url, data).status_code == 403
    response = client_as(admin_user).post(url, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.service) == ("social", "meetingroom")
    assert complaint.code.startswith("ADU-")
    assert (
        client_as(kasi_user)
        .get(reverse("admin:reports_complaint_change", args=[complaint.pk]))
        .status_code
        == 200
    )
