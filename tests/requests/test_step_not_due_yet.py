"""A step the request has not reached yet is refused as "not yet", not as "someone took it"."""

import pytest

from reservations import actions
from reservations.errors import RequestRefused
from reservations.models import RequestState

from .conftest import CHAIN, submit, take_step

pytestmark = pytest.mark.django_db

CHAIN_EXTRA = {action: extra for action, _persona, _state, extra in CHAIN}
DISPOSE = CHAIN_EXTRA["dispose_to_kabid"]


def test_the_kadis_disposing_a_request_the_sekretariat_has_not_registered_is_told_not_yet(
    clock, client_as, kadis_user
):
    req = submit()  # still waiting for the Admin: the Kadis's step was never due
    response = take_step(
        client_as(kadis_user),
        req,
        "dispose_to_kabid",
        instructions=["proses"],
        security_class="biasa",
        urgency="biasa",
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "belum sampai pada langkah ini" in page
    assert "seseorang baru saja mengambil" not in page  # not "someone just took it"
    req.refresh_from_db()
    assert req.state == RequestState.SUBMITTED
    assert list(req.history.values_list("action", flat=True)) == ["submit_request"]


def test_a_step_already_taken_by_someone_else_still_says_so(clock, walk, kadis_user):
    req = walk(submit(), until="dispose_to_kabid")  # the Kadis took it a moment ago
    with pytest.raises(RequestRefused) as refused:
        actions.dispose_to_kabid(service_request=req, actor=kadis_user, **DISPOSE)
    assert refused.value.code == "not_waiting"


def test_a_skipped_step_has_its_own_code(clock, kabid_user):
    req = submit()
    with pytest.raises(RequestRefused) as refused:
        actions.dispose_to_kasi(
            service_request=req, actor=kabid_user, **CHAIN_EXTRA["dispose_to_kasi"]
        )
    assert refused.value.code == "not_due_yet"
