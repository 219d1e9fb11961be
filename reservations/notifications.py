"""The outbox: every email the portal sends is first a row, then a delivery.

``queue_email`` is called inside the transaction of the change it reports; the
row commits with the change, a task delivers it after commit, and
``flush_outbox`` delivers whatever the task could not (broker or worker down).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification, NotificationAttachment, NotificationStatus
from .queue import enqueue_on_commit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


def queue_email(
    *,
    key: str,
    to: str,
    subject: str,
    template: str,
    context: dict,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> Notification | None:
    """Queue one email, rendered now in the active language, unless ``key`` was queued before.

    ``template`` names ``<template>.txt`` (required) and ``<template>.html`` (optional).
    Returns None when an email with this key already exists (a repeated event).
    """
    context = {"site_url": settings.SITE_URL, **context}
    body = render_to_string(f"{template}.txt", context)
    try:
        html_body = render_to_string(f"{template}.html", context)
    except Exception:  # no HTML version of this email
        html_body = ""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key[:200], to=to, subject=str(subject)[:255], body=body, html_body=html_body
            )
    except IntegrityError:
        return None
    for filename, content, mimetype in attachments:
        NotificationAttachment.objects.create(
            notification=notification, filename=filename, content=content, mimetype=mimetype
        )
    from .tasks import send_notification

    enqueue_on_commit(send_notification, notification.pk)
    return notification


def deliver(notification_id: int) -> bool:
    """Send one queued email; True if it was sent by this call.

    The row lock makes two workers holding the same id send it once: the second
    waits, then finds it already sent.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            return False
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body,
            to=[notification.to],
            headers={
                "Message-ID": f"<{notification.key.replace(' ', '-')}@pontive.pontianak.go.id>"
            },
        )
        if notification.html_body:
            message.attach_alternative(notification.html_body, "text/html")
        for attachment in notification.attachments.all():
            message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
        notification.attempts += 1
        try:
            message.send()
        except Exception as exc:
            notification.last_error = str(exc)[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Email %s not sent (attempt %s)", notification.pk, notification.attempts)
            return False
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def flush_outbox(limit: int = 200) -> int:
    sent = 0
    for notification_id in Notification.objects.due().values_list("pk", flat=True)[:limit]:
        sent += deliver(notification_id)
    return sent
