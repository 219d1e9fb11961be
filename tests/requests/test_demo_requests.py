"""The demo data: the centre and the room with their equipment, requests in several states."""

import pytest
from django.core.management import call_command

from meetingroom.models import DamageReport, Equipment
from reservations.models import Notification, RequestState, ServiceRequest

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_visits_and_loans_in_several_states_and_can_run_twice(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")
    call_command("seed_demo")
    visits = set(ServiceRequest.objects.visits().values_list("state", flat=True))
    loans = set(ServiceRequest.objects.loans().values_list("state", flat=True))
    assert {RequestState.SUBMITTED, RequestState.SCHEDULED, RequestState.COMPLETED} <= visits
    assert {RequestState.REJECTED, RequestState.WITH_KASI} <= visits
    assert {
        RequestState.RESCHEDULE_PROPOSED,
        RequestState.EQUIPMENT_SHORT,
        RequestState.CANCELLED,
        RequestState.COMPLETED,
    } <= loans
    assert ServiceRequest.objects.count() == 12
    assert Equipment.objects.filter(resource__service="meetingroom").exists()
    assert Equipment.objects.filter(resource__service="visit").exists()
    assert DamageReport.objects.filter(repaired_at__isnull=True).count() == 1
    # Made-up addresses never receive mail.
    assert not Notification.objects.filter(to__endswith="example.org").exists()
