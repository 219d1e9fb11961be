"""Nomor agenda: a gap-free running number per calendar year, shown 0123/SM/2026."""

import datetime as dt
import threading

import pytest
from django.db import connection

from reservations import actions
from reservations.errors import RequestRefused
from reservations.models import AgendaCounter, ServiceRequest

from .conftest import at, submit

pytestmark = pytest.mark.django_db


def register(req, actor, **kw):
    return actions.register_letter(
        service_request=req, actor=actor, letter_number="1/X/2026",
        letter_date=dt.date(2026, 11, 20), **kw,
    )  # fmt: skip


def test_numbers_run_without_gaps_and_start_again_each_year(
    clock, walk, sekretariat_user, admin_user
):
    numbers = []
    for hour in (9, 10, 11):
        req = walk(submit(start=(hour, 0), end=(hour, 30)), until="receive_request")
        numbers.append(register(req, sekretariat_user).agenda_display)
    assert numbers == ["0001/SM/2026", "0002/SM/2026", "0003/SM/2026"]

    # A refused registration takes no number.
    req = walk(submit(start=(13, 0), end=(14, 0)), until="receive_request")
    with pytest.raises(RequestRefused):
        actions.register_letter(
            service_request=req, actor=sekretariat_user, letter_number="x",
            letter_date=dt.date(2026, 12, 31),  # dated in the future
        )  # fmt: skip
    assert register(req, sekretariat_user).agenda_display == "0004/SM/2026"

    clock.move_to(at(dt.date(2027, 1, 4), 8, 0))
    req = walk(submit(day=dt.date(2027, 1, 6)), until="receive_request")
    assert register(req, sekretariat_user).agenda_display == "0001/SM/2027"
    assert dict(AgendaCounter.objects.values_list("year", "last_number")) == {2026: 4, 2027: 1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platform_rows")
def test_two_letters_registered_at_the_same_moment_get_two_numbers(clock, walk, django_user_model):
    from django.contrib.auth.models import Group

    from reservations.roles import Role

    sekretariat = Group.objects.get(name=Role.SEKRETARIAT)
    clerks = []
    for name in ("sari", "susi"):
        user = django_user_model.objects.create_user(name, password="x", is_staff=True)
        user.groups.add(sekretariat)
        clerks.append(user)
    requests = [
        walk(submit(start=(9 + i, 0), end=(9 + i, 30)), until="receive_request") for i in range(2)
    ]
    barrier, errors = threading.Barrier(2), []

    def take(req, clerk):
        try:
            barrier.wait()
            register(req, clerk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take, args=pair) for pair in zip(requests, clerks, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(ServiceRequest.objects.values_list("agenda_number", flat=True)) == [1, 2]
