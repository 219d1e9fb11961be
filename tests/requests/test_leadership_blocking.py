"""Jadwal pimpinan mendadak: the leadership takes a room; approved bookings in it must move."""

import pytest

from reservations import actions
from reservations.errors import RequestRefused
from reservations.models import LeadershipBlock, RequestState, Service, ServiceRequest
from reservations.tracking import status_path

from .conftest import VISIT_DAY, at, form_data, outbox

pytestmark = pytest.mark.django_db


def test_a_blocking_moves_every_approved_booking_it_covers_and_tells_each_applicant(
    clock, walk, client, client_as, kadis_user, kasi_user
):
    from .conftest import submit

    morning = walk(submit(institution="SMA 1", email="sma1@example.org"))
    confirmed = walk(
        submit(institution="SMA 2", email="sma2@example.org", start=(13, 0), end=(14, 0)),
        until="confirm_schedule",
    )
    untouched = walk(submit(institution="SMA 3", day=VISIT_DAY.replace(day=27)))
    pending = walk(submit(institution="SMP 4", start=(11, 0), end=(12, 0)), until="receive_request")

    response = client_as(kadis_user).post(
        "/admin/reservations/leadershipblock/add/",
        {
            "resource": "",
            "start_0": "2026-11-26",
            "start_1": "08:00",
            "end_0": "2026-11-26",
            "end_1": "15:00",
            "reason": "Kunjungan kerja Menteri Kominfo",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert LeadershipBlock.objects.get().created_by == kadis_user

    for req in (morning, confirmed):
        req.refresh_from_db()
        assert req.state == RequestState.RESCHEDULING
        last = req.history.last()
        assert (last.action, last.actor, last.public_note) == (
            "move_for_leadership",
            kadis_user,
            "Kunjungan kerja Menteri Kominfo",
        )
        assert "Kunjungan kerja Menteri Kominfo" in outbox(req.email)[-1].body
        assert "Kunjungan kerja Menteri Kominfo" in client.get(status_path(req)).content.decode()
    untouched.refresh_from_db()
    pending.refresh_from_db()
    assert untouched.state == RequestState.SCHEDULED
    assert pending.state == RequestState.RECEIVED  # not approved: it held nothing

    # The Kasi (whose inbox they entered) proposes a new time; the blocked one is refused.
    assert outbox(kasi_user.email)
    with pytest.raises(RequestRefused) as refused:
        actions.propose_reschedule(
            service_request=morning, actor=kasi_user, start=at(VISIT_DAY, 10, 0),
            end=at(VISIT_DAY, 11, 0), public_note="Jam lain",
        )  # fmt: skip
    assert refused.value.code == "blocked"
    actions.propose_reschedule(
        service_request=morning, actor=kasi_user, start=at(VISIT_DAY.replace(day=30), 9, 0),
        end=at(VISIT_DAY.replace(day=30), 11, 0), public_note="Senin depan?",
    )  # fmt: skip
    morning.refresh_from_db()
    assert morning.state == RequestState.RESCHEDULE_PROPOSED


def test_a_new_request_in_a_blocked_period_is_refused_with_the_reason(clock, client, kasi_user):
    actions.block_for_leadership(
        actor=kasi_user, start=at(VISIT_DAY, 7, 0), end=at(VISIT_DAY, 12, 0),
        reason="Rapat pimpinan",
    )  # fmt: skip
    response = client.post("/kunjungan/", form_data())
    assert response.status_code == 400
    assert "Rapat pimpinan" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_blocking_of_one_room_leaves_the_other_alone(clock, walk, kasi_user):
    from reservations.models import Resource

    from .conftest import submit

    visit = walk(submit())
    room = Resource.objects.get(service=Service.MEETING_ROOM)
    _block, moved = actions.block_for_leadership(
        actor=kasi_user, resource=room, start=at(VISIT_DAY, 7, 0), end=at(VISIT_DAY, 15, 0),
        reason="Rapat Wali Kota",
    )  # fmt: skip
    assert moved == []
    visit.refresh_from_db()
    assert visit.state == RequestState.SCHEDULED


@pytest.mark.parametrize("persona", ["sekretariat_user", "kabid_user", "outsider_user"])
def test_only_the_admin_kadis_and_kasi_enter_a_blocking(request, clock, persona):
    with pytest.raises(RequestRefused) as refused:
        actions.block_for_leadership(
            actor=request.getfixturevalue(persona), start=at(VISIT_DAY, 7, 0),
            end=at(VISIT_DAY, 9, 0), reason="x",
        )  # fmt: skip
    assert refused.value.code == "wrong_role"
    assert not LeadershipBlock.objects.exists()


def test_the_blocking_form_is_not_offered_to_the_sekretariat(clock, client_as, sekretariat_user):
    response = client_as(sekretariat_user).get("/admin/reservations/leadershipblock/add/")
    assert response.status_code == 403
