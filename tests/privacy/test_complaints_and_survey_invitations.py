"""Complaints and survey invitations: in the person's download, erased on request, aged out."""

import datetime as dt
import json

import pytest
import time_machine

from reports import actions, periods
from reports.content import complaint_counts
from reports.models import Complaint, ComplaintChannel, ComplaintStatus, SurveyInvitation
from reservations import tasks
from tests.privacy.conftest import NOW, link_from_last_email

pytestmark = pytest.mark.django_db

EMAIL = "rina@example.com"
PHONE = "+6281277778888"
THREE_YEARS_AGO = dt.datetime(2023, 11, 21, 9, tzinfo=dt.UTC)
ONE_YEAR_AGO = dt.datetime(2025, 11, 18, 9, tzinfo=dt.UTC)


def _complain(when: dt.datetime, *, email: str = EMAIL, answered_by=None) -> Complaint:
    with time_machine.travel(when, tick=False):
        complaint = actions.file_complaint(
            service="coworking",
            name="Rina Wulandari",
            email=email,
            phone=PHONE,
            message="Meja 3 kotor, saya Rina dari Gg. Mawar 12.",
            channel=ComplaintChannel.WEB,
        )
        if answered_by is not None:
            complaint = actions.answer_complaint(
                complaint=complaint, by=answered_by, answer="Maaf Bu Rina, sudah kami bersihkan."
            )
    return complaint


def _invite(when: dt.datetime, *, subject: str) -> SurveyInvitation:
    with time_machine.travel(when, tick=False):
        return actions.invite_to_survey(
            service="coworking", subject=subject, email=EMAIL, delivered_on=when.date()
        )


def _link(client) -> str:
    client.post("/privasi/data-saya/", {"email": EMAIL})
    return link_from_last_email()


@pytest.fixture
def rina(admin_user):
    """Rina complained in October (answered) and was invited to the survey."""
    complaint = _complain(dt.datetime(2026, 10, 5, 2, tzinfo=dt.UTC), answered_by=admin_user)
    invitation = _invite(dt.datetime(2026, 10, 6, 2, tzinfo=dt.UTC), subject="test:rina")
    other = _complain(dt.datetime(2026, 10, 7, 2, tzinfo=dt.UTC), email="joko@example.com")
    return {"complaint": complaint, "invitation": invitation, "other": other}


def test_the_download_holds_her_complaint_and_invitation(client, rina):
    with time_machine.travel(NOW, tick=False):
        response = client.get(_link(client) + "unduh/")
    assert response.status_code == 200
    data = json.loads(response.content)
    [row] = data["reports.complaint"]
    assert row["code"] == rina["complaint"].code
    assert row["name"] == "Rina Wulandari" and row["phone"] == PHONE
    assert row["complaint"].startswith("Meja 3 kotor")
    assert row["answer"] == "Maaf Bu Rina, sudah kami bersihkan."
    assert row["status"] == ComplaintStatus.ANSWERED
    [invitation] = data["reports.survey_invitation"]
    assert invitation["email"] == EMAIL and invitation["service_delivered_on"] == "2026-10-06"
    assert data["phones"] == [PHONE]
    # Joko filed with Rina's phone number: counted, never shown.
    assert data["records_with_these_phones_under_other_emails"] == 1
    assert "joko@example.com" not in response.content.decode()


def test_the_page_counts_her_complaint(client, rina):
    with time_machine.travel(NOW, tick=False):
        text = client.get(_link(client)).content.decode()
    assert "Pengaduan: 1" in text


def test_erasure_anonymises_the_complaint_and_the_month_still_counts_it(client, rina):
    october = periods.month(2026, 10)
    counts_before = complaint_counts(october)
    assert counts_before["received"] == 2
    with time_machine.travel(NOW, tick=False):
        response = client.post(_link(client) + "hapus/", {"confirm": "on"}, follow=True)
    assert response.status_code == 200

    complaint = Complaint.objects.get(pk=rina["complaint"].pk)
    assert (complaint.name, complaint.email, complaint.phone, complaint.message) == ("", "", "", "")
    assert "Rina" not in complaint.answer
    assert complaint.anonymised_at is not None
    # What the reports count stays: service, channel, day, status.
    assert complaint.service == "coworking" and complaint.channel == ComplaintChannel.WEB
    assert complaint.received_on == dt.date(2026, 10, 5)
    assert complaint.status == ComplaintStatus.ANSWERED and complaint.answered_at is not None
    assert complaint_counts(october) == counts_before

    invitation = SurveyInvitation.objects.get(pk=rina["invitation"].pk)
    assert invitation.email == "" and invitation.anonymised_at is not None
    # Joko's complaint, with the same phone number, is his own.
    assert Complaint.objects.get(pk=rina["other"].pk).name == "Rina Wulandari"
    assert Complaint.objects.get(pk=rina["other"].pk).anonymised_at is None


def test_erasing_twice_changes_nothing_more(client, rina):
    with time_machine.travel(NOW, tick=False):
        link = _link(client)
        client.post(link + "hapus/", {"confirm": "on"})
        snapshot = list(Complaint.objects.values()), list(SurveyInvitation.objects.values())
        client.post(link + "hapus/", {"confirm": "on"})
    assert (list(Complaint.objects.values()), list(SurveyInvitation.objects.values())) == snapshot


@pytest.fixture
def years(admin_user):
    return {
        "old": _complain(THREE_YEARS_AGO, answered_by=admin_user),
        "recent": _complain(ONE_YEAR_AGO, email="recent@example.com"),
        "old_invitation": _invite(THREE_YEARS_AGO, subject="test:old"),
        "recent_invitation": _invite(ONE_YEAR_AGO, subject="test:recent"),
    }


def test_the_retention_job_anonymises_a_three_year_old_complaint_not_a_recent_one(years):
    old_month = periods.month(2023, 11)
    counts_before = complaint_counts(old_month)
    with time_machine.travel(NOW, tick=False):
        tasks.anonymise_past_retention.delay()

    old = Complaint.objects.get(pk=years["old"].pk)
    assert (old.name, old.email, old.phone, old.message) == ("", "", "", "")
    assert old.anonymised_at is not None and "Rina" not in old.answer
    assert (
        complaint_counts(old_month)
        == counts_before
        == {
            "received": 1,
            "answered": 1,
            "channels": {"web": 1},
        }
    )
    recent = Complaint.objects.get(pk=years["recent"].pk)
    assert recent.name == "Rina Wulandari" and recent.email == "recent@example.com"
    assert recent.message.startswith("Meja 3") and recent.anonymised_at is None

    assert SurveyInvitation.objects.get(pk=years["old_invitation"].pk).email == ""
    assert SurveyInvitation.objects.get(pk=years["recent_invitation"].pk).email == EMAIL


def test_a_second_run_changes_nothing(years):
    with time_machine.travel(NOW, tick=False):
        tasks.anonymise_past_retention.delay()
        snapshot = list(Complaint.objects.values()), list(SurveyInvitation.objects.values())
        assert tasks.anonymise_past_retention.delay().get() == 0
    assert (list(Complaint.objects.values()), list(SurveyInvitation.objects.values())) == snapshot
