"""The outbox shows the front desk that an email went out, to whom and when, never its body:
bodies carry bearer links (a citizen's personal-data link, survey links) that act for them."""

import datetime as dt

import pytest
import time_machine

from reservations.models import Notification
from tests.coworking.conftest import desks  # noqa: F401  (fixture)
from tests.privacy.conftest import NOW, links_sent, reserve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("who", ["admin_user", "superuser"])
def test_no_outbox_page_shows_the_link_of_a_personal_data_email(
    request, who, client, client_as, django_user_model
):
    reserve(
        request.getfixturevalue("desks")[0],
        dt.date(2026, 11, 24),
        email="budi@example.com",
        phone="+6281211112222",
    )
    client.post("/privasi/data-saya/", {"email": "budi@example.com"})
    [link] = links_sent("budi@example.com")
    token = link.rstrip("/").rsplit("/", 1)[1]
    email = Notification.objects.get(to="budi@example.com", body__contains=token)
    if who == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@pontive.example", "x")
    else:
        user = request.getfixturevalue(who)
    staff = client_as(user)

    listing = staff.get("/admin/reservations/notification/")
    detail = staff.get(f"/admin/reservations/notification/{email.pk}/change/")

    assert listing.status_code == detail.status_code == 200
    page = detail.content.decode()
    # What the front desk needs: the address, the subject, whether and when it went out.
    assert "budi@example.com" in page and email.subject in page
    assert str(email.get_status_display()) in page
    for text in (listing.content.decode(), page):
        assert token not in text and token.split(":")[0] not in text
        assert "/privasi/data-saya/" + token.split(":")[0] not in text
