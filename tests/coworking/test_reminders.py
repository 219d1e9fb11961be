"""H-1: the day before, each citizen gets a reminder with the QR code, once."""

import datetime as dt
import io

import pytest
import zxingcpp
from django.core import mail
from django.utils import translation
from PIL import Image

from coworking import services, tasks
from reservations.models import Notification

from .conftest import MONDAY, TUESDAY, at

pytestmark = pytest.mark.django_db

FRIDAY = MONDAY - dt.timedelta(days=3)


def qr_codes(message) -> list[str]:
    [(name, content, mimetype)] = [a for a in message.attachments if a[2] == "image/png"]
    return [c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))]


def test_the_day_before_the_citizen_is_reminded_with_the_qr_code_once(
    book, clock, django_capture_on_commit_callbacks
):
    clock(at(FRIDAY, 14))
    reservation = book(start=(9, 0), end=(13, 0), name="Siti Rahma")
    mail.outbox.clear()
    clock(at(MONDAY, 10))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders.delay().get() == 1
    [message] = mail.outbox
    assert message.to == [reservation.email]
    assert "Pengingat" in message.subject and "Selasa, 1 Desember 2026" in message.subject
    assert "09.00 WIB – 13.00 WIB" in message.body and "Meja: 1" in message.body
    assert f"/coworking/r/{reservation.manage_token}/" in message.body
    assert qr_codes(message) == [reservation.code]
    # the hourly job runs again: nothing more is sent
    clock(at(MONDAY, 11))
    assert tasks.send_reminders.delay().get() == 0
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_cancelled_booking_or_one_made_the_day_before(book, desks, clock):
    clock(at(FRIDAY, 14))
    cancelled = book(desk=desks[0])
    services.cancel_reservation(reservation_id=cancelled.pk, now=at(FRIDAY, 15))
    clock(at(MONDAY, 9))
    book(desk=desks[1])  # made today: its confirmation just arrived
    mail.outbox.clear()
    clock(at(MONDAY, 10))
    assert services.send_reminders() == 0
    assert mail.outbox == []


def test_the_reminder_speaks_the_language_the_booking_was_made_in(book, clock):
    clock(at(FRIDAY, 14))
    with translation.override("en"):
        book(start=(9, 0), end=(13, 0))
    clock(at(MONDAY, 10))
    services.send_reminders()
    reminder = Notification.objects.get(key__startswith="cw-reminder-")
    assert reminder.subject.startswith("Reminder: your co-working desk tomorrow")


def test_the_reminder_job_runs_every_hour(settings):
    assert settings.CELERY_BEAT_SCHEDULE["coworking-reminders"] == {
        "task": "coworking.tasks.send_reminders",
        "schedule": 3600.0,
    }


def test_tuesday_bookings_are_not_reminded_on_sunday(book, clock):
    clock(at(FRIDAY, 14))
    book()
    clock(at(TUESDAY - dt.timedelta(days=2), 10))
    assert services.send_reminders() == 0
