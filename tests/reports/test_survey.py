"""The satisfaction survey: one link per delivered service, one answer per link, anonymous."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from reports import actions
from reports.models import SurveyAnswer, SurveyInvitation, SurveyResponse

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 10, 15)


def invite(
    django_capture_on_commit_callbacks, subject="coworking.reservation:1", email="ayu@example.id"
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_to_survey(
            service="coworking", subject=subject, email=email, delivered_on=DAY
        )
    link = re.search(r"http\S+/survei/(\S+)/", mail.outbox[-1].body)
    return link.group(1)


def answers(score="3"):
    data = {f"U{i}": score for i in range(1, 10)}
    data.update(
        sex="P", age="24", education="D4-S1", occupation="pelajar", suggestion="Wifi lebih cepat"
    )
    return data


def test_the_applicant_gets_one_link_by_email_per_delivered_service(
    django_capture_on_commit_callbacks,
):
    token = invite(django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["ayu@example.id"]
    assert len(token) >= 40
    # The same service delivered "again" (a repeated check-out) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        again = actions.invite_to_survey(
            service="coworking",
            subject="coworking.reservation:1",
            email="ayu@example.id",
            delivered_on=DAY,
        )
    assert again is None
    assert SurveyInvitation.objects.count() == 1
    assert len(mail.outbox) == 1
    # The token itself is not stored, only its hash.
    assert not SurveyInvitation.objects.filter(token_hash=token).exists()


def test_answering_records_nine_scores_by_element_code(client, django_capture_on_commit_callbacks):
    token = invite(django_capture_on_commit_callbacks)
    url = reverse("reports:survey", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "U9." in page.content.decode()
    response = client.post(url, answers("4"))
    assert response.status_code == 200
    saved = SurveyResponse.objects.get()
    assert saved.service == "coworking" and saved.service_date == DAY
    assert dict(saved.answers.values_list("element", "score")) == {f"U{i}": 4 for i in range(1, 10)}


def test_a_second_answer_through_the_same_link_is_refused(
    client, django_capture_on_commit_callbacks
):
    token = invite(django_capture_on_commit_callbacks)
    url = reverse("reports:survey", args=[token])
    client.post(url, answers("4"))
    again = client.post(url, answers("1"))
    assert again.status_code == 410
    assert SurveyResponse.objects.count() == 1
    assert not SurveyAnswer.objects.filter(score=1).exists()
    with pytest.raises(actions.ReportError) as refused:
        actions.answer_survey(
            token=token,
            answers={f"U{i}": 2 for i in range(1, 10)},
            sex="L",
            age=30,
            education="SMA",
            occupation="swasta",
        )
    assert refused.value.code == "already_answered"


def test_the_database_refuses_a_second_answer_with_the_same_ballot(
    django_capture_on_commit_callbacks,
):
    token = invite(django_capture_on_commit_callbacks)
    actions.answer_survey(
        token=token,
        answers={f"U{i}": 3 for i in range(1, 10)},
        sex="L",
        age=30,
        education="SMA",
        occupation="swasta",
    )
    ballot = SurveyResponse.objects.get().ballot
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            ballot=ballot,
            service="coworking",
            service_date=DAY,
            submitted_on=DAY,
            sex="L",
            age=30,
            education="SMA",
            occupation="swasta",
        )


def test_an_incomplete_questionnaire_is_refused_with_a_message_and_saves_nothing(
    client, django_capture_on_commit_callbacks
):
    token = invite(django_capture_on_commit_callbacks)
    data = answers()
    del data["U5"]
    data["age"] = "abc"
    response = client.post(reverse("reports:survey", args=[token]), data)
    assert response.status_code == 400
    assert SurveyResponse.objects.count() == 0
    assert SurveyInvitation.objects.get().answered_at is None


def test_an_unknown_or_expired_link_answers_a_clear_page(
    client, django_capture_on_commit_callbacks
):
    assert client.get(reverse("reports:survey", args=["x" * 43])).status_code == 404
    token = invite(django_capture_on_commit_callbacks)
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), tick=False):
        response = client.post(reverse("reports:survey", args=[token]), answers())
    assert response.status_code == 410
    assert SurveyResponse.objects.count() == 0


def test_answers_carry_no_identity(django_capture_on_commit_callbacks):
    """Nothing in a stored answer leads back to the email or the invitation."""
    token = invite(django_capture_on_commit_callbacks, email="rahasia@example.id")
    actions.answer_survey(
        token=token,
        answers={f"U{i}": 3 for i in range(1, 10)},
        sex="P",
        age=41,
        education="S2",
        occupation="pns",
    )
    response = SurveyResponse.objects.values().get()
    invitation = SurveyInvitation.objects.get()
    assert "rahasia" not in str(response)
    assert invitation.token_hash not in str(response)
    assert not any(f.related_model is SurveyInvitation for f in SurveyResponse._meta.get_fields())
