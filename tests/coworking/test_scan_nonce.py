"""A scan kept by the scan page while the portal could not be reached is sent again until an
answer comes back; its nonce makes the server apply it once (pretixSCAN's offline mode)."""

import threading
import uuid

import pytest
from django.db import connections
from django.test import Client

from coworking import services
from coworking.models import Reservation, ScanNonce, Status
from reservations.roles import Role

from .conftest import TUESDAY, assert_data_queries, at

URL = "/coworking/scan/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def desk_admin(client_as, admin_user):
    return client_as(admin_user)


def scan(client, code, nonce, **extra):
    return client.post(URL, {"code": code, "nonce": nonce, **extra}, **JSON).json()


@pytest.mark.django_db
def test_a_scan_sent_again_checks_in_once_and_gets_the_first_answer(desk_admin, book, clock):
    ani = book(name="Ani Lestari")
    nonce = str(uuid.uuid4())
    clock(at(TUESDAY, 8, 5))
    first = scan(desk_admin, ani.code, nonce)
    clock(at(TUESDAY, 8, 9))  # the answer was lost on the way back; the page sends it again
    again = scan(desk_admin, ani.code, nonce)
    assert first["code"] == again["code"] == "checked_in"
    assert again["ok"] is True and again["repeat"] is True and "repeat" not in first
    assert again["checked_in_at"] == first["checked_in_at"] == "2026-12-01T08:05:00+07:00"
    ani.refresh_from_db()
    assert ani.checked_in_at == at(TUESDAY, 8, 5)
    assert [e.to_status for e in ani.events.all()] == [Status.RESERVED, Status.CHECKED_IN]
    # a new scan of the same code is a new scan: the usual harmless repeat
    assert scan(desk_admin, ani.code, str(uuid.uuid4()))["code"] == "already_checked_in"


@pytest.mark.django_db
def test_a_refused_scan_sent_again_is_refused_the_same_way(desk_admin, book, clock):
    ani = book(start=(10, 0), end=(12, 0))
    nonce = str(uuid.uuid4())
    clock(at(TUESDAY, 9, 0))
    assert scan(desk_admin, ani.code, nonce)["code"] == "too_early"
    # sent again once check-in has opened: still the answer the staff member got at the desk
    clock(at(TUESDAY, 9, 45))
    again = scan(desk_admin, ani.code, nonce)
    assert again["code"] == "too_early" and again["ok"] is False and again["repeat"] is True
    assert Reservation.objects.get(pk=ani.pk).status == Status.RESERVED
    unknown = str(uuid.uuid4())
    assert scan(desk_admin, "PCW-TIDAKADA", unknown)["code"] == "unknown"
    assert scan(desk_admin, "PCW-TIDAKADA", unknown)["code"] == "unknown"


@pytest.mark.django_db
def test_a_check_out_sent_again_sees_the_visitor_out_once(desk_admin, admin_user, book, clock):
    ani = book()
    services.check_in(code=ani.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8, 5))
    nonce = str(uuid.uuid4())
    clock(at(TUESDAY, 11, 0))
    first = scan(desk_admin, ani.code, nonce, mode="out", tidy="0")
    clock(at(TUESDAY, 11, 3))
    again = scan(desk_admin, ani.code, nonce, mode="out", tidy="0")
    assert first["code"] == again["code"] == "checked_out"
    assert again["checked_out_at"] == "2026-12-01T11:00:00+07:00"
    ani.refresh_from_db()
    assert ani.left_tidy is False and ani.checked_out_at == at(TUESDAY, 11)
    assert [e.to_status for e in ani.events.all()][-1] == Status.FINISHED
    assert ani.events.filter(to_status=Status.FINISHED).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("nonce", ["", "x" * 500, "abc", "<script>'; DROP", "ééééééééé"])
def test_a_scan_without_a_usable_nonce_is_an_ordinary_scan(desk_admin, book, clock, nonce):
    ani = book()
    clock(at(TUESDAY, 8, 5))
    assert scan(desk_admin, ani.code, nonce)["code"] == "checked_in"
    assert scan(desk_admin, ani.code, nonce)["code"] == "already_checked_in"
    assert not ScanNonce.objects.exists()


@pytest.mark.django_db
def test_a_scan_with_a_nonce_costs_one_more_query(admin_user, book):
    ani = book()
    warm = book(desk=None)  # today's hours are cached after the first scan of the day
    services.check_in(code=warm.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8))
    # the three of a scan, and the nonce written beside them
    with assert_data_queries(4):
        services.check_in(
            code=ani.code,
            actor=admin_user,
            role=Role.ADMIN,
            now=at(TUESDAY, 8, 5),
            nonce=str(uuid.uuid4()),
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_scan_delivered_twice_at_once_checks_in_once(admin_user, book, clock):
    """The queue flushes while the first delivery is still on its way: both arrive together."""
    ani = book()
    clock(at(TUESDAY, 8, 5))
    nonce = str(uuid.uuid4())
    deliveries = 6
    barrier = threading.Barrier(deliveries)
    answers = [None] * deliveries

    def deliver(n: int):
        client = Client()
        client.force_login(admin_user)
        try:
            barrier.wait(timeout=30)
            answers[n] = client.post(URL, {"code": ani.code, "nonce": nonce}, **JSON).json()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(deliveries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a["code"] for a in answers] == ["checked_in"] * deliveries
    assert sum(1 for a in answers if a.get("repeat")) == deliveries - 1
    assert (
        Reservation.objects.get(pk=ani.pk).events.filter(to_status=Status.CHECKED_IN).count() == 1
    )
    assert ScanNonce.objects.get().outcome == "checked_in"
