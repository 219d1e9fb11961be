import pytest

from reservations.models import RequestState

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_a_visit_walks_the_whole_chain(clock, walk, admin_user):
    req = submit()
    walk(req)
    assert req.state == RequestState.SCHEDULED
