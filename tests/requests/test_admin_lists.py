"""The inboxes: each role opens on what waits for it, oldest first, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reservations.models import RequestState, ServiceRequest

from .conftest import NOW, submit

pytestmark = pytest.mark.django_db

LIST = "/admin/reservations/servicerequest/"


def fill(walk, count, until=None, day_offset=0):
    made = []
    for i in range(count):
        day = dt.date(2026, 11, 25) + dt.timedelta(days=(i + day_offset) % 3)
        req = submit(institution=f"Sekolah {i + day_offset}", day=day, start=(7 + i % 8, 0),
                     end=(7 + i % 8, 30), email=f"s{i + day_offset}@example.org")  # fmt: skip
        if until:
            walk(req, until=until)
        made.append(req)
    return made


@pytest.mark.parametrize("url", [LIST, LIST + "?inbox=all", "/admin/"])
def test_list_pages_keep_a_constant_number_of_queries_as_rows_grow(
    clock, walk, client_as, kasi_user, url
):
    client = client_as(kasi_user)
    fill(walk, 3, until="dispose_to_kasi")
    client.get(url)  # warm: the session, the year's holidays
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    fill(walk, 12, until="dispose_to_kasi", day_offset=3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
    assert len(few) <= 25


def test_each_role_opens_on_its_own_inbox_oldest_first(
    clock, walk, client_as, admin_user, kadis_user, kasi_user
):
    older = walk(submit(institution="SMA Lama", start=(9, 0), end=(9, 30)), until="register_letter")
    clock.move_to(NOW + dt.timedelta(minutes=5))
    newer = walk(
        submit(institution="SMA Baru", start=(10, 0), end=(10, 30)), until="register_letter"
    )
    waiting_for_admin = submit(institution="SMA Baru Masuk", start=(13, 0), end=(13, 30))

    response = client_as(kadis_user).get(LIST)
    shown = list(response.context["cl"].result_list)
    assert shown == [older, newer]
    assert "Waiting for me (2)" in response.content.decode() or "(2)" in response.content.decode()
    assert list(client_as(admin_user).get(LIST).context["cl"].result_list) == [waiting_for_admin]
    assert list(client_as(kasi_user).get(LIST).context["cl"].result_list) == []


def test_the_admin_front_page_shows_the_inbox_with_counts(clock, walk, client_as, kadis_user):
    walk(submit(), until="register_letter")
    page = client_as(kadis_user).get("/admin/").content.decode()
    assert 'id="request-inbox"' in page and "SMA Negeri 1 Pontianak" in page


def test_after_the_event_the_admin_finds_it_in_the_inbox_to_close(
    clock, walk, client_as, admin_user
):
    req = walk(submit())
    assert req not in client_as(admin_user).get(LIST).context["cl"].result_list
    clock.move_to(dt.datetime(2026, 11, 26, 12, 0, tzinfo=NOW.tzinfo))
    shown = client_as(admin_user).get(LIST).context["cl"].result_list
    assert list(shown) == [req]
    assert ServiceRequest.objects.get().state == RequestState.SCHEDULED


def test_requests_cannot_be_added_changed_or_deleted_through_the_admin(
    clock, client_as, admin_user
):
    req = submit()
    client = client_as(admin_user)
    assert client.get(LIST + "add/").status_code == 403
    assert client.post(f"{LIST}{req.pk}/delete/").status_code == 403
    assert client.post(f"{LIST}{req.pk}/change/", {"state": "scheduled"}).status_code == 200
    req.refresh_from_db()
    assert req.state == RequestState.SUBMITTED


@pytest.mark.parametrize(
    "url",
    [
        "/admin/meetingroom/equipment/",
        "/admin/meetingroom/damagereport/",
        "/admin/reservations/leadershipblock/",
    ],
)
def test_inventory_and_blocking_lists_keep_a_constant_number_of_queries(
    clock, client_as, admin_user, url
):
    from meetingroom import actions as equipment_actions
    from meetingroom.models import Equipment
    from reservations import actions
    from reservations.models import Resource

    from .conftest import at

    room = Resource.objects.get(service="meetingroom")

    def grow(start, count):
        for i in range(start, start + count):
            item = Equipment.objects.create(resource=room if i % 2 else None, name=f"Alat {i}")
            equipment_actions.report_damage(actor=admin_user, equipment=item, description="Rusak")
            day = dt.date(2026, 12, 1) + dt.timedelta(days=i)
            actions.block_for_leadership(
                actor=admin_user, resource=room if i % 2 else None, start=at(day, 8, 0),
                end=at(day, 9, 0), reason=f"Rapat {i}",
            )  # fmt: skip

    client = client_as(admin_user)
    grow(0, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(2, 10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_list_with_facet_counts_and_every_filter_answers(clock, walk, client_as, kasi_user):
    walk(submit(), until="dispose_to_kasi")
    client = client_as(kasi_user)
    for query in ("?_facets=True", "?inbox=applicant", "?inbox=open", "?inbox=Kasi+PK%26AI",
                  "?service=visit&state=with_kasi", "?q=SMA", "?inbox=nonsense"):  # fmt: skip
        assert client.get(LIST + query).status_code in (200, 302), query
