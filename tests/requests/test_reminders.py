"""One day before, the applicant of an approved visit or loan is reminded, once."""

import datetime as dt

import pytest

from reservations import actions
from reservations.tasks import send_request_reminders

from .conftest import at, outbox, submit

pytestmark = pytest.mark.django_db


def test_a_reminder_goes_out_the_day_before_and_only_once(clock, walk):
    approved = walk(submit(email="hadir@example.org"))
    walk(submit(email="belum@example.org", start=(13, 0), end=(14, 0)), until="dispose_to_kasi")
    clock.move_to(at(dt.date(2026, 11, 25), 9, 0))  # Wednesday, the day before
    assert send_request_reminders() == 1
    assert send_request_reminders() == 0  # the beat job may run again: nothing twice
    reminder = outbox("hadir@example.org")[-1]
    assert reminder.key == f"request:{approved.pk}:reminder:2026-11-26"
    assert "/permohonan/" in reminder.body
    assert not [n for n in outbox("belum@example.org") if "reminder" in n.key]


def test_no_reminder_two_days_before(clock, walk):
    walk(submit())
    assert actions.send_reminders() == 0
