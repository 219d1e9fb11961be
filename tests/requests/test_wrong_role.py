"""Each step belongs to one role: every other role, an outsider and a stranger are refused."""

import pytest

from reservations import actions
from reservations.errors import RequestRefused
from reservations.models import RequestState, RequestTransition

from .conftest import CHAIN, step_url, submit, take_step

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin_user",
    "sekretariat_user",
    "kadis_user",
    "kabid_user",
    "kasi_user",
    "outsider_user",
]
FORM_FIELDS = {
    "receive_request": {},
    "register_letter": {"letter_number": "1/2026", "letter_date": "2026-11-20"},
    "dispose_to_kabid": {"instructions": ["proses"], "security_class": "biasa", "urgency": "biasa"},
    "dispose_to_kasi": {"instructions": ["proses"], "security_class": "biasa", "urgency": "biasa"},
    "confirm_schedule": {},
    "schedule_request": {},
}
CASES = [
    (action, persona, owner)
    for action, owner, _state, _extra in CHAIN
    for persona in PERSONAS
    if persona != owner
]


def _bring_to(walk, action):
    """A request waiting for ``action``: walked up to the step before it."""
    req = submit()
    names = [name for name, *_ in CHAIN]
    index = names.index(action)
    if index:
        walk(req, until=names[index - 1])
    return req


@pytest.mark.parametrize("action,persona,owner", CASES)
def test_the_wrong_role_is_refused_on_the_server(
    request, clock, walk, client_as, action, persona, owner
):
    req = _bring_to(walk, action)
    before = (req.state, RequestTransition.objects.count())
    user = request.getfixturevalue(persona)

    response = take_step(client_as(user), req, action, **FORM_FIELDS[action])
    if persona == "outsider_user":  # not staff: the admin sends them to its login
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 403
    # The action itself refuses too, whoever calls it.
    extra = dict(next(e for a, _o, _s, e in CHAIN if a == action))
    with pytest.raises(RequestRefused) as refused:
        getattr(actions, action)(service_request=req, actor=user, **extra)
    assert refused.value.code == "wrong_role"

    req.refresh_from_db()
    assert (req.state, RequestTransition.objects.count()) == before


@pytest.mark.parametrize("action", [name for name, *_ in CHAIN])
def test_the_right_role_is_let_through_and_a_second_attempt_finds_it_done(
    request, clock, walk, client_as, action
):
    req = _bring_to(walk, action)
    owner = next(o for a, o, _s, _e in CHAIN if a == action)
    client = client_as(request.getfixturevalue(owner))
    assert take_step(client, req, action, **FORM_FIELDS[action]).status_code == 302
    again = take_step(client, req, action, **FORM_FIELDS[action])
    assert again.status_code in (403, 409)  # no longer waiting for this step
    assert RequestTransition.objects.filter(request=req, action=action).count() == 1


def test_steps_answer_only_get_and_post(clock, client_as, admin_user):
    req = submit()
    client = client_as(admin_user)
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)(step_url(req, "receive_request")).status_code == 405
    assert req.history.count() == 1


def test_staff_without_a_role_of_the_office_are_refused(clock, client_as, outsider_user):
    outsider_user.is_staff = True
    outsider_user.save()
    req = submit()
    client = client_as(outsider_user)
    assert take_step(client, req, "receive_request").status_code == 403
    assert client.get(f"/admin/reservations/servicerequest/{req.pk}/change/").status_code == 403
    assert client.get(f"/admin/reservations/servicerequest/{req.pk}/letter/").status_code == 403
    req.refresh_from_db()
    assert req.state == RequestState.SUBMITTED


def test_a_stranger_is_sent_to_the_login(clock, client):
    req = submit()
    response = take_step(client, req, "receive_request")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    req.refresh_from_db()
    assert req.state == RequestState.SUBMITTED


def test_the_applicant_steps_cannot_be_taken_by_staff(clock, walk, kasi_user):
    req = walk(submit(), until="dispose_to_kasi")
    for action in ("accept_reschedule", "decline_reschedule", "accept_equipment_shortfall"):
        with pytest.raises(RequestRefused) as refused:
            actions._authorise(action, req, kasi_user)
        assert refused.value.code == "wrong_role"


@pytest.mark.parametrize("state_after", [name for name, *_ in CHAIN][:-1])
def test_only_the_holder_of_the_request_may_reject_it(request, clock, walk, state_after):
    req = walk(submit(), until=state_after)
    holder = {
        RequestState.RECEIVED: "sekretariat_user",
        RequestState.REGISTERED: "kadis_user",
        RequestState.WITH_KABID: "kabid_user",
        RequestState.WITH_KASI: "kasi_user",
        RequestState.CONFIRMED: "admin_user",
    }[req.state]
    for persona in PERSONAS:
        if persona == holder:
            continue
        with pytest.raises(RequestRefused) as refused:
            actions.reject_request(
                service_request=req, actor=request.getfixturevalue(persona), reason="x"
            )
        assert refused.value.code == "wrong_role"
    actions.reject_request(
        service_request=req, actor=request.getfixturevalue(holder), reason="Jadwal penuh"
    )
    req.refresh_from_db()
    assert req.state == RequestState.REJECTED
