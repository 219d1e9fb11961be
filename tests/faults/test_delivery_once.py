"""A worker that dies or a mail server that hangs up in the middle: still one email, not two.

The outbox row is locked while its email is handed to the mail server and
marked sent in the same transaction; whatever kills the delivery before the
commit leaves the row pending for the next run.
"""

import threading

import pytest
from django.core import mail
from django.db import connections, transaction

from reservations import notifications, tasks
from reservations.models import Notification

from .conftest import broker_down

pytestmark = pytest.mark.django_db(transaction=True)


def queued() -> Notification:
    with broker_down(), transaction.atomic():
        return notifications.queue_email(
            key="drill:1",
            to="warga@example.com",
            subject="Tiket",
            template="email/plain",
            context={"body": "Halo"},
            attachments=[("tiket.pdf", b"%PDF-1.4", "application/pdf")],
        )


@pytest.mark.parametrize(
    "failure, raised",
    [
        ("DropsTheConnection", None),
        ("KilledBeforeSending", SystemExit),
    ],
)
def test_a_delivery_that_dies_before_the_mail_server_took_it_is_sent_once_by_the_rerun(
    settings, failure, raised
):
    notification = queued()
    settings.EMAIL_BACKEND = f"tests.faults.backends.{failure}"
    if raised:
        with pytest.raises(raised):
            tasks.send_notification(notification.pk)
    else:
        assert tasks.send_notification(notification.pk) is False
    assert mail.outbox == []
    assert Notification.objects.get().status == "pending"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_notification(notification.pk) is True  # the rerun
    assert tasks.flush_outbox() == 0 and tasks.send_notification(notification.pk) is False
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][0] == "tiket.pdf"


def test_the_task_run_twice_sends_once():
    notification = queued()
    assert tasks.send_notification(notification.pk) is True
    assert tasks.send_notification(notification.pk) is False
    assert tasks.flush_outbox() == 0
    assert len(mail.outbox) == 1


def test_killed_after_the_mail_server_took_it_the_rerun_sends_the_same_message_id(settings):
    """The one window no outbox closes (between the server's "250 OK" and the commit):
    the rerun sends again, with the same Message-ID, so mail clients show it once."""
    notification = queued()
    settings.EMAIL_BACKEND = "tests.faults.backends.KilledAfterSending"
    with pytest.raises(SystemExit):
        tasks.send_notification(notification.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.flush_outbox() == 1
    assert tasks.flush_outbox() == 0
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert "drill:1" in first.extra_headers["Message-ID"]


@pytest.mark.postgres(reason="row locks decide which worker sends")
def test_two_workers_delivering_one_email_at_once_send_it_once():
    notification = queued()
    workers = 4
    barrier = threading.Barrier(workers)
    sent = []

    def worker():
        try:
            barrier.wait(timeout=30)
            sent.append(notifications.deliver(notification.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(sent) == [False] * (workers - 1) + [True]
    assert len(mail.outbox) == 1
