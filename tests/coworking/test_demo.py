"""Demo data: numbered desks with lockers, reservations today and in the past month."""

import io

import pytest

from coworking import demo
from coworking.models import Desk, Reservation, Status

from .conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


def test_the_demo_desks_and_a_month_of_reservations(clock):
    clock(at(TUESDAY, 10))
    demo.seed(io.StringIO())
    assert Desk.objects.count() == 20
    assert Desk.objects.filter(has_locker=True).exclude(locker="").count() == 12
    today = Reservation.objects.for_day(TUESDAY)
    assert {Status.RESERVED, Status.CHECKED_IN} <= set(today.values_list("status", flat=True))
    past = Reservation.objects.in_period(
        TUESDAY.replace(day=1, month=11), TUESDAY.replace(day=30, month=11)
    )
    states = set(past.values_list("status", flat=True))
    assert {Status.FINISHED, Status.NO_SHOW} <= states
    assert not past.filter(status__in=[Status.RESERVED, Status.CHECKED_IN]).exists()
    assert past.filter(auto_closed=True).exists() and past.filter(walk_in=True).exists()
    # every reservation has its history and no desk is held twice at once
    assert not Reservation.objects.filter(events__isnull=True).exists()
    for reservation in Reservation.objects.active():
        clashes = Reservation.objects.active().filter(
            desk=reservation.desk,
            start__lt=reservation.held_until,
            held_until__gt=reservation.start,
        )
        assert clashes.count() == 1


def test_seeding_again_adds_nothing(clock):
    clock(at(TUESDAY, 10))
    demo.seed(io.StringIO())
    count = Reservation.objects.count()
    demo.seed(io.StringIO())
    assert Reservation.objects.count() == count
    assert Desk.objects.count() == 20
