"""Celery tasks of the shared layer: thin adapters that take ids and call the action."""

from celery import shared_task
from django.utils import timezone

from . import calendar, notifications


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_notification(self, notification_id: int) -> bool:
    return notifications.deliver(notification_id)


@shared_task
def flush_outbox() -> int:
    return notifications.flush_outbox()


@shared_task
def import_holidays() -> int:
    from django.conf import settings

    year = timezone.localdate().year
    added = 0
    for offset in range(settings.PONTIVE["HOLIDAY_YEARS_AHEAD"] + 1):
        added += calendar.import_holidays(year + offset)
    return added


@shared_task
def send_request_reminders() -> int:
    """Beat job: remind applicants whose visit or loan is tomorrow (idempotent)."""
    from .actions import send_reminders

    return send_reminders()
