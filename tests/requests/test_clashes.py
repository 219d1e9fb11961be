"""One room, one approved booking at a time: clashes are shown, and the Kasi proposes a new time."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from reservations import actions
from reservations.errors import RequestRefused
from reservations.models import RequestState, ServiceRequest
from reservations.tracking import status_path

from .conftest import VISIT_DAY, at, form_data, outbox, submit, take_step

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 11, 27)


def test_two_open_requests_for_one_time_are_both_shown_the_clash(clock, walk, client_as, kasi_user):
    first = submit(institution="SMA Negeri 1 Pontianak")
    second = submit(institution="SMP Negeri 3 Pontianak", start=(10, 0), end=(12, 0))
    walk(second, until="dispose_to_kasi")
    page = client_as(kasi_user).get(f"/admin/reservations/servicerequest/{second.pk}/change/")
    text = page.content.decode()
    assert "SMA Negeri 1 Pontianak" in text  # the earlier request for an overlapping time
    listing = client_as(kasi_user).get("/admin/reservations/servicerequest/?inbox=open")
    assert listing.content.decode().count("flag-warning") == 1  # only the later one is flagged
    assert first.pk != second.pk


def test_an_approved_booking_blocks_its_slot_and_the_kasi_proposes_another_time(
    clock, walk, client, client_as, kasi_user
):
    earlier = submit(institution="SMA Negeri 1 Pontianak")
    later = submit(institution="SMP Negeri 3 Pontianak", start=(10, 0), end=(12, 0))
    walk(earlier)  # approved: it holds 09.00–11.00
    walk(later, until="dispose_to_kasi")
    kasi = client_as(kasi_user)

    refused = take_step(kasi, later, "confirm_schedule")
    assert refused.status_code == 409
    assert "SMA Negeri 1 Pontianak" in refused.content.decode()
    later.refresh_from_db()
    assert later.state == RequestState.WITH_KASI

    # A proposal on a taken time is refused too; a free one goes to the applicant.
    taken = take_step(kasi, later, "propose_reschedule", date="2026-11-26", start_time="10:00",
                      end_time="11:30", public_note="Jam itu sudah terisi")  # fmt: skip
    assert taken.status_code == 409
    response = take_step(
        kasi, later, "propose_reschedule", date="2026-11-27", start_time="09:00",
        end_time="11:00", public_note="Kamis sudah penuh; bagaimana Jumat?",
    )  # fmt: skip
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.state == RequestState.RESCHEDULE_PROPOSED
    assert later.proposed_start == at(FRIDAY, 9, 0)
    assert "Kamis sudah penuh" in outbox(later.email)[-1].body

    # The applicant accepts from their status page: the new time is held.
    page = client.get(status_path(later)).content.decode()
    assert 'value="accept"' in page and 'value="decline"' in page
    client.post(status_path(later) + "jawab/", {"answer": "accept"})
    later.refresh_from_db()
    assert later.state == RequestState.CONFIRMED
    assert (later.start, later.end) == (at(FRIDAY, 9, 0), at(FRIDAY, 11, 0))
    assert later.proposed_start is None


def test_a_declined_proposal_goes_back_to_the_kasi_with_the_applicants_message(
    clock, walk, client, kasi_user
):
    req = walk(submit(), until="dispose_to_kasi")
    actions.propose_reschedule(
        service_request=req, actor=kasi_user, start=at(FRIDAY, 13, 0), end=at(FRIDAY, 14, 0),
        public_note="Usul Jumat siang",
    )  # fmt: skip
    client.post(status_path(req) + "jawab/", {"answer": "decline", "reason": "Senin pagi saja"})
    req.refresh_from_db()
    assert req.state == RequestState.WITH_KASI
    assert req.start == at(VISIT_DAY, 9, 0) and req.proposed_start is None
    assert req.history.last().public_note == "Senin pagi saja"


def test_accepting_a_time_taken_in_the_meantime_sends_it_back_to_the_kasi(clock, walk, kasi_user):
    req = walk(submit(), until="dispose_to_kasi")
    actions.propose_reschedule(
        service_request=req, actor=kasi_user, start=at(FRIDAY, 9, 0), end=at(FRIDAY, 11, 0),
        public_note="Jumat pagi?",
    )  # fmt: skip
    other = submit(institution="SMK Negeri 2", day=FRIDAY, start=(8, 0), end=(10, 0))
    walk(other)  # approved before the applicant answered
    actions.accept_reschedule(service_request=req)
    req.refresh_from_db()
    assert req.state == RequestState.WITH_KASI
    assert "SMK Negeri 2" in req.history.last().note


def test_the_public_form_refuses_a_time_already_approved_for_someone_else(clock, walk, client):
    walk(submit())
    response = client.post("/kunjungan/", form_data(start="10:00", end="12:00", email="b@x.org"))
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 1
    # The month view shows the booked hours before anyone fills the form.
    page = client.get("/kunjungan/?bulan=2026-11").content.decode()
    assert "day-partly" in page and "09.00–11.00" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platform_rows")
def test_on_postgres_the_database_forbids_two_approved_bookings_of_one_room(clock, walk):
    first = walk(submit())
    second = submit(institution="SMP Negeri 3", day=FRIDAY)
    # Bypassing the actions (as a careless script would): the constraint still holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.filter(pk=second.pk).update(
            state=RequestState.SCHEDULED, start=first.start, end=first.end
        )
    # Touching end to end is not a clash: 11.00–12.00 after 09.00–11.00.
    ServiceRequest.objects.filter(pk=second.pk).update(
        state=RequestState.SCHEDULED, start=first.end, end=first.end + dt.timedelta(hours=1)
    )


def test_confirming_a_clash_is_refused_by_the_action_itself(clock, walk, kasi_user):
    first = submit()
    later = walk(submit(institution="SMP 3", start=(10, 0), end=(12, 0)), until="dispose_to_kasi")
    walk(first)
    with pytest.raises(RequestRefused) as refused:
        actions.confirm_schedule(service_request=later, actor=kasi_user)
    assert refused.value.code == "slot_taken"
