"""No desk is ever booked twice: 30 clients race for one desk, exactly one wins.

PostgreSQL only: its exclusion constraint is what decides the race. On SQLite
(one file, IMMEDIATE transactions) bookings queue for the write lock instead;
the in-memory test database cannot show that, its shared cache fails at once.
"""

import threading

import pytest
from django.db import IntegrityError, connections, transaction
from django.test import Client

from coworking.models import Desk, Reservation, Status

from .conftest import MONDAY, TUESDAY, at

CLIENTS = 30


def race(desk_pk: int) -> list:
    barrier = threading.Barrier(CLIENTS)
    answers = [None] * CLIENTS

    def citizen(n: int):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")  # each from their own phone
        data = {
            "date": TUESDAY.isoformat(),
            "start": "08:00",
            "end": "12:00",
            "desk": str(desk_pk),
            "name": f"Peserta {n}",
            "email": f"peserta{n}@example.com",
            "phone": f"+62812300{n:05d}",
            "consent": "on",
        }
        try:
            barrier.wait(timeout=30)
            response = client.post("/coworking/", data)
            answers[n] = (response.status_code, response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_clients_race_for_one_desk_and_exactly_one_wins(desks, clock):
    clock(at(MONDAY, 10))
    answers = race(desks[0].pk)
    assert None not in answers
    statuses = sorted(status for status, _html in answers)
    assert statuses == [200] * (CLIENTS - 1) + [302]  # never a 500
    assert Reservation.objects.filter(desk=desks[0]).count() == 1
    for status, html in answers:
        if status == 200:
            assert "Meja itu baru saja dipesan" in html
            assert "Kosong pada jam itu" in html and "meja 2" in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_an_overlapping_booking(book, desks):
    first = book(start=(8, 0), end=(12, 0))
    clash = Reservation(
        code="PCW-CLASH",
        manage_token="M-CLASH",
        desk=desks[0],
        name="Tanpa Aplikasi",
        email="raw@example.com",
        phone="+6281299990000",
        start=at(TUESDAY, 11),
        end=at(TUESDAY, 13),
        privacy_version="2026-11",
    )
    with pytest.raises(IntegrityError, match="coworking_res_no_double_booking"):
        with transaction.atomic():
            clash.save()
    # a cancelled booking holds nothing
    Reservation.objects.filter(pk=first.pk).update(status=Status.CANCELLED)
    clash.save()
    # and a session running past its booking holds the desk too
    Reservation.objects.filter(pk=clash.pk).update(
        status=Status.CHECKED_IN, held_until=at(TUESDAY, 15)
    )
    late = Reservation(
        code="PCW-LATE",
        manage_token="M-LATE",
        desk=desks[0],
        name="Sore",
        email="sore@example.com",
        phone="+6281299990001",
        start=at(TUESDAY, 14),
        end=at(TUESDAY, 15),
        privacy_version="2026-11",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        late.save()


def race_for_any_desk(clients: int) -> list:
    """``clients`` different people press "reserve" with "any free desk" at the same moment."""
    barrier = threading.Barrier(clients)
    answers = [None] * clients

    def citizen(n: int):
        client = Client(REMOTE_ADDR=f"10.0.1.{n + 1}")
        data = {
            "date": TUESDAY.isoformat(),
            "start": "08:00",
            "end": "12:00",
            "desk": "",
            "name": f"Siapa Saja {n}",
            "email": f"siapa{n}@example.com",
            "phone": f"+62812400{n:05d}",
            "consent": "on",
        }
        try:
            barrier.wait(timeout=30)
            response = client.post("/coworking/", data)
            answers[n] = (response.status_code, response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return answers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_everyone_racing_for_any_free_desk_gets_one_while_desks_are_free(desks, clock):
    for number in range(7, 15):  # 13 desks in use in all
        Desk.objects.create(number=number, map_row=3 + number // 5, map_column=number % 5 + 1)
    clock(at(MONDAY, 10))
    answers = race_for_any_desk(10)
    assert None not in answers
    assert sorted(status for status, _html in answers) == [302] * 10  # never a 500, never "full"
    taken = Reservation.objects.values_list("desk", flat=True)
    assert len(taken) == len(set(taken)) == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_more_people_than_free_desks_fill_every_desk_and_the_rest_hear_full(desks, clock):
    clock(at(MONDAY, 10))
    answers = race_for_any_desk(9)  # five desks in use
    assert None not in answers
    statuses = sorted(status for status, _html in answers)
    assert statuses == [200] * 4 + [302] * 5
    for status, html in answers:
        if status == 200:
            assert "Semua meja sudah terisi pada jam tersebut" in html
    assert Reservation.objects.filter(status=Status.RESERVED).count() == 5
