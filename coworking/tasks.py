"""Periodic jobs of the Start Up Hub: thin adapters over the actions, safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def close_overdue_sessions() -> int:
    return services.close_overdue_sessions()


@shared_task
def release_no_shows() -> int:
    return services.release_no_shows()


@shared_task
def send_reminders() -> int:
    return services.send_reminders()
