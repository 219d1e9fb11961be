import pytest

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_pages_render(clock, client, client_as, walk, kasi_user, admin_user):
    assert client.get("/kunjungan/").status_code == 200
    assert client.get("/ruang-rapat/").status_code == 200
    assert client.get("/permohonan/").status_code == 200
    req = submit()
    walk(req, until="dispose_to_kasi")
    c = client_as(kasi_user)
    r = c.get("/admin/")
    assert r.status_code == 200, r.content
    r = c.get("/admin/reservations/servicerequest/")
    assert r.status_code == 200
    r = c.get(f"/admin/reservations/servicerequest/{req.pk}/change/")
    assert r.status_code == 200, r.content[:3000]
    r = c.get(f"/admin/reservations/servicerequest/{req.pk}/disposition-sheet/")
    assert r.status_code == 200
    r = c.get("/admin/reservations/servicerequest/standards/")
    assert r.status_code == 200
