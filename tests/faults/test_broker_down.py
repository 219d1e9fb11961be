"""Redis stopped: a citizen's reservation and an institution's request still go through.

What they should send waits in the outbox; when the broker is back, the
periodic flush sends each email once, and a second flush sends nothing.
"""

import pytest
from django.core import mail

from coworking.models import Reservation
from reservations import notifications
from reservations.models import Notification, ServiceRequest
from tests.requests.conftest import form_data

from .conftest import DAY, broker_down

pytestmark = pytest.mark.django_db(transaction=True)


def flush_twice_sends_each_once(pending: list[str]) -> None:
    assert mail.outbox == []
    assert notifications.flush_outbox() == len(pending)
    assert notifications.flush_outbox() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(pending)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_desk_reservation_completes_and_its_ticket_goes_out_once_the_broker_is_back(
    client, desks, clock
):
    with broker_down():
        response = client.post(
            "/coworking/",
            {
                "date": DAY.isoformat(),
                "start": "08:00",
                "end": "12:00",
                "desk": str(desks[0].pk),
                "name": "Warga Pontianak",
                "email": "warga@example.com",
                "phone": "0812-3456-7890",
                "consent": "on",
            },
        )
    reservation = Reservation.objects.get()
    assert response.status_code == 302
    assert response.url == f"/coworking/r/{reservation.manage_token}/"
    pending = list(Notification.objects.filter(status="pending").values_list("to", flat=True))
    assert pending == ["warga@example.com"]
    flush_twice_sends_each_once(pending)
    assert reservation.code in mail.outbox[0].subject
    assert mail.outbox[0].attachments  # the ticket is still attached


def test_a_visit_request_completes_and_every_email_goes_out_once_the_broker_is_back(
    client, admin_user, clock
):
    with broker_down():
        response = client.post("/kunjungan/", form_data(day=DAY))
    req = ServiceRequest.objects.get()
    assert response.status_code == 302 and req.code in response.url
    pending = list(Notification.objects.filter(status="pending").values_list("to", flat=True))
    # The applicant's acknowledgement and the front desk's new-request notice.
    assert sorted(pending) == sorted([req.email, admin_user.email])
    flush_twice_sends_each_once(pending)
