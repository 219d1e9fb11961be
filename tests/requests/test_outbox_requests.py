"""A request completes with the broker down; its emails wait in the outbox and go out once."""

import pytest
from django.core import mail

from reservations import notifications
from reservations.models import Notification, ServiceRequest

from .conftest import form_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("platform_rows")]


def test_with_the_broker_unreachable_a_request_is_saved_and_its_emails_wait(
    clock, client, admin_user
):
    from pontive.celery import app

    app.conf.task_always_eager = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        response = client.post("/kunjungan/", form_data())
        errors = response.status_code != 302 and response.context["form"].errors
    finally:
        app.conf.broker_url = old
        app.conf.task_always_eager = True
    assert response.status_code == 302, errors
    assert ServiceRequest.objects.count() == 1
    assert mail.outbox == []
    assert set(Notification.objects.values_list("to", "status")) == {
        ("guru@sman1.example.org", "pending"),
        (admin_user.email, "pending"),
    }
    # The periodic flush sends them, once.
    assert notifications.flush_outbox() == 2
    assert notifications.flush_outbox() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["guru@sman1.example.org", admin_user.email]
    )


def test_with_the_broker_up_the_emails_leave_after_commit(ticking_clock, client, admin_user):
    response = client.post("/kunjungan/", form_data())
    assert response.status_code == 302, response.context["form"].errors
    assert len(mail.outbox) == 2
    code = ServiceRequest.objects.get().code
    applicant = next(m for m in mail.outbox if m.to == ["guru@sman1.example.org"])
    assert code in applicant.subject and code in applicant.body
