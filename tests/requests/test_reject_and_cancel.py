"""Rejected with a reason at any staff step; cancelled by the applicant (or for them, by phone)."""

import pytest

from reservations import actions
from reservations.errors import RequestRefused
from reservations.models import RequestState
from reservations.tracking import status_path

from .conftest import CHAIN, VISIT_DAY, at, outbox, submit, take_step

pytestmark = pytest.mark.django_db

HOLDERS = [
    (None, "admin_user"),
    ("receive_request", "sekretariat_user"),
    ("register_letter", "kadis_user"),
    ("dispose_to_kabid", "kabid_user"),
    ("dispose_to_kasi", "kasi_user"),
    ("confirm_schedule", "admin_user"),
]


@pytest.mark.parametrize("walked_to,holder", HOLDERS)
def test_whoever_holds_the_request_rejects_it_with_a_reason_the_applicant_reads(
    request, clock, walk, client_as, walked_to, holder
):
    req = submit()
    if walked_to:
        walk(req, until=walked_to)
    client = client_as(request.getfixturevalue(holder))

    without_reason = take_step(client, req, "reject_request", reason="")
    assert without_reason.status_code == 400
    response = take_step(
        client, req, "reject_request", reason="Ruang komando dipakai rapat pimpinan", note="x"
    )
    assert response.status_code == 302

    req.refresh_from_db()
    assert req.state == RequestState.REJECTED
    last = req.history.last()
    assert last.public_note == "Ruang komando dipakai rapat pimpinan" and last.note == "x"
    assert last.standard_minutes is not None  # answering is the holder's step, measured too
    told = outbox(req.email)[-1]
    assert "Ruang komando dipakai rapat pimpinan" in told.body
    # Nothing more can happen to it.
    with pytest.raises(RequestRefused) as refused:
        actions.cancel_request(service_request=req)
    assert refused.value.code == "not_waiting"


@pytest.mark.parametrize("walked_to", [None, *[action for action, *_ in CHAIN]])
def test_the_applicant_cancels_from_the_status_page_at_any_point_before_the_visit(
    clock, walk, client, walked_to
):
    req = submit()
    if walked_to:
        walk(req, until=walked_to)
    page = client.get(status_path(req))
    assert "Batalkan permohonan saya" in page.content.decode() or "Cancel my request" in (
        page.content.decode()
    )
    response = client.post(
        status_path(req) + "jawab/", {"answer": "cancel", "reason": "Acara sekolah diundur"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.CANCELLED
    last = req.history.last()
    assert (last.role, last.actor, last.public_note) == ("applicant", None, "Acara sekolah diundur")
    assert outbox(req.email)[-1].key.endswith(f"step:{last.pk}")


def test_an_approved_visit_cannot_be_cancelled_once_it_has_started(clock, walk, client):
    req = walk(submit())
    clock.move_to(at(VISIT_DAY, 9, 30))
    page = client.get(status_path(req)).content.decode()
    assert 'value="cancel"' not in page
    client.post(status_path(req) + "jawab/", {"answer": "cancel"})
    req.refresh_from_db()
    assert req.state == RequestState.SCHEDULED


def test_the_admin_cancels_for_an_applicant_who_phoned(clock, walk, client_as, admin_user):
    req = walk(submit(), until="dispose_to_kabid")
    response = take_step(
        client_as(admin_user), req, "cancel_request", reason="Pemohon menelepon: acara batal"
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.CANCELLED
    assert req.history.last().actor == admin_user


def test_a_no_show_is_recorded_only_after_the_start(clock, walk, client_as, admin_user):
    req = walk(submit())
    client = client_as(admin_user)
    assert take_step(client, req, "record_no_show").status_code == 409
    clock.move_to(at(VISIT_DAY, 9, 45))
    client = client_as(admin_user)  # two days later: a new session
    assert take_step(client, req, "complete_request").status_code == 409  # not over yet
    assert take_step(client, req, "record_no_show", note="Tidak ada kabar").status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.NO_SHOW
