"""The survey link goes out once a service was delivered: a check-out, a completed request."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from reports.models import SurveyInvitation

from .conftest import add_reservation, aware, make_desks

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 2)


def test_a_coworking_check_out_sends_the_survey_link_once(
    admin_user, django_capture_on_commit_callbacks
):
    from coworking import services
    from coworking.models import Status

    desk = make_desks((1,))[1]
    reservation = add_reservation(
        desk,
        DAY,
        "08:00",
        "12:00",
        status=Status.CHECKED_IN,
        email="ayu@example.id",
        checked_in_at=aware(DAY, "08:05"),
        session_ends_at=aware(DAY, "15:05"),
    )
    with time_machine.travel(aware(DAY, "11:00"), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.check_out(
                actor=admin_user,
                role="Admin Pontive Center",
                left_tidy=True,
                reservation_id=reservation.pk,
            )
    invitation = SurveyInvitation.objects.get()
    assert (invitation.service, invitation.delivered_on) == ("coworking", DAY)
    survey_mails = [m for m in mail.outbox if "/survei/" in m.body]
    assert len(survey_mails) == 1 and survey_mails[0].to == ["ayu@example.id"]


def test_a_completed_visit_sends_the_survey_link(admin_user, django_capture_on_commit_callbacks):
    from reservations import actions as request_actions
    from reservations.models import RequestState, Resource, ServiceRequest

    hall = Resource.objects.create(name="Command Center", service="visit")
    visit = ServiceRequest.objects.create(
        service="visit",
        code="KJG-TEST",
        state=RequestState.SCHEDULED,
        state_since=aware(DAY, "08:00"),
        resource=hall,
        institution="SMA Negeri 1 Pontianak",
        contact_name="Bu Guru",
        email="guru@example.id",
        phone="+6281234500000",
        participants=30,
        start=aware(DAY, "09:00"),
        end=aware(DAY, "11:00"),
        purpose="Belajar",
        privacy_version="2026-11",
    )
    with time_machine.travel(aware(DAY, "13:00"), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            request_actions.complete_request(service_request=visit, actor=admin_user)
    invitation = SurveyInvitation.objects.get()
    assert (invitation.service, invitation.subject) == ("visit", f"request:{visit.pk}")
    assert any("/survei/" in m.body and m.to == ["guru@example.id"] for m in mail.outbox)
