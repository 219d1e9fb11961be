"""Emails are rows first: nothing is lost when the broker is down, nothing is sent twice."""

import pytest
from django.core import mail
from django.db import transaction

from reservations import notifications
from reservations.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def queue(key="test:1", to="warga@example.com"):
    with transaction.atomic():
        return notifications.queue_email(
            key=key,
            to=to,
            subject="Uji",
            template="email/plain",
            context={"body": "Halo"},
            attachments=[("a.txt", b"isi", "text/plain")],
        )


def test_a_queued_email_is_sent_after_commit_with_its_attachment():
    queue()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "a.txt"
    assert Notification.objects.get().status == "sent"


def test_the_same_event_never_queues_two_emails():
    queue()
    assert queue() is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_nothing_is_queued_when_the_change_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.queue_email(
            key="k", to="a@example.com", subject="s", template="email/plain", context={"body": "x"}
        )
        raise RuntimeError
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_with_the_broker_down_the_email_waits_and_the_flush_sends_it_once(settings):
    from pontive.celery import app

    app.conf.task_always_eager = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        queue()  # the user's request completes
    finally:
        app.conf.broker_url = old
        app.conf.task_always_eager = True
    assert mail.outbox == []
    assert Notification.objects.get().status == "pending"
    assert notifications.flush_outbox() == 1
    assert notifications.flush_outbox() == 0
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_keeps_the_email_pending(settings):
    settings.EMAIL_BACKEND = "tests.platform.failing_backend.Backend"
    queue()
    n = Notification.objects.get()
    assert n.status == "pending" and n.attempts == 1 and "refused" in n.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.flush_outbox() == 1
    assert Notification.objects.get().status == "sent"
