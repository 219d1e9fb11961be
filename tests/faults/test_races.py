"""Concurrency drills on PostgreSQL: threads released together by a barrier.

Two scans of one code (a double beep, or two scanners): one check-in, one
"already checked in". Two staff taking the same disposition step at once: one
wins, the other is told it was already done, and the history has one row.
(The 30-client desk race lives in tests/coworking/test_race.py.)
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.test import Client

from coworking import services
from coworking.models import ReservationEvent, Status
from reservations import actions
from reservations.demo_requests import letter_upload
from reservations.errors import RequestRefused
from reservations.models import Disposition, RequestState, RequestTransition, Service
from reservations.roles import Role
from tests.conftest import make_staff

from .conftest import DAY, NOW, at

pytestmark = [
    pytest.mark.postgres(reason="row locks decide the race; SQLite has none"),
    pytest.mark.django_db(transaction=True),
]


def together(*jobs):
    """Run the jobs in threads released at the same instant; their results, in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(n, job):
        try:
            barrier.wait(timeout=30)
            results[n] = job()
        except Exception as exc:  # the refusal is a result too
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_scans_of_one_code_check_in_once(desks, admin_user, clock):
    reservation = services.reserve_desk(
        desk=desks[0],
        name="Warga",
        email="warga@example.com",
        phone="+6281200000001",
        start=at(DAY, 8),
        end=at(DAY, 12),
        now=NOW,
    )
    clock.move_to(at(DAY, 8, 10))

    def scan():
        client = Client()
        client.force_login(admin_user)
        response = client.post(
            "/coworking/scan/", {"code": reservation.code}, HTTP_ACCEPT="application/json"
        )
        return response.status_code, response.json()["code"]

    answers = together(scan, scan)
    assert sorted(answers) == [(200, "already_checked_in"), (200, "checked_in")]
    reservation.refresh_from_db()
    assert reservation.status == Status.CHECKED_IN
    assert ReservationEvent.objects.filter(to_status=Status.CHECKED_IN).count() == 1


def test_two_kadis_disposing_the_same_letter_at_once_one_wins(
    django_user_model, admin_user, sekretariat_user, kadis_user, clock
):
    deputy = make_staff(django_user_model, "plt-kadis", Role.KADIS)  # the acting head
    req = actions.submit_request(
        service=Service.VISIT,
        institution="SMA Negeri 1 Pontianak",
        institution_kind="school",
        contact_name="Ibu Ratna",
        email="guru@sman1.example.org",
        phone="+6281234567890",
        participants=20,
        start=at(DAY, 9),
        end=at(DAY, 11),
        purpose="Studi wisata",
        letter=letter_upload(),
    )
    actions.receive_request(service_request=req, actor=admin_user)
    actions.register_letter(
        service_request=req,
        actor=sekretariat_user,
        letter_number="421/017/SMAN1/2026",
        letter_date=dt.date(2026, 11, 20),
    )

    def dispose(actor):
        return lambda: actions.dispose_to_kabid(
            service_request=req.pk, actor=actor, instructions=["proses"], note="Mohon diproses"
        )

    results = together(dispose(kadis_user), dispose(deputy))
    won = [r for r in results if isinstance(r, Disposition)]
    refused = [r for r in results if isinstance(r, RequestRefused)]
    assert len(won) == 1 and len(refused) == 1, results
    assert refused[0].code == "not_waiting"
    req.refresh_from_db()
    assert req.get_state_display() in refused[0].message  # "it is now: disposed to the Kabid"
    assert req.state == RequestState.WITH_KABID
    assert RequestTransition.objects.filter(request=req, action="dispose_to_kabid").count() == 1
    assert Disposition.objects.filter(request=req).count() == 1
