"""The security log: what it records, who may read it, and that nobody can change it."""

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from reservations import audit
from reservations.models import AuditEvent, AuditKind
from reservations.roles import Role

from ..conftest import on_postgres
from .conftest import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@pontive.example", "x")


def test_record_names_the_actor_their_roles_and_real_address(kasi_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    request.user = kasi_user
    event = audit.record(
        request, AuditKind.DOWNLOAD, target="report:2026-11", detail="monthly report PDF"
    )
    event.refresh_from_db()
    assert (event.kind, event.actor, event.actor_id) == ("download", "dewi", kasi_user.pk)
    assert event.actor_roles == "Kasi PK&AI"
    assert event.ip == "203.0.113.9"
    assert (event.target, event.detail) == ("report:2026-11", "monthly report PDF")


def test_record_without_a_request_is_the_system():
    event = audit.record(None, "download", target="letter:7")
    assert (event.actor, event.actor_id, event.ip) == ("", None, None)


def test_record_refuses_a_kind_nobody_defined():
    with pytest.raises(ValueError, match="Unknown audit event kind"):
        audit.record(None, "downlaod")
    assert AuditEvent.objects.count() == 0


def test_logins_and_failures_are_recorded_without_what_was_typed(client, admin_user):
    client.post("/login/", {"username": "rina", "password": "wrong-Pa55"})
    client.post("/login/", {"username": "citizen@example.com", "password": "Secret-1"})
    client.post("/login/", {"username": "rina", "password": "s3cret-pass"})
    failed = events("login_failed")
    assert [e.target for e in failed] == ["rina", "(unknown account)"]
    assert all(e.ip == "127.0.0.1" for e in failed)
    login = events("login")[-1]
    assert (login.actor, login.actor_roles, login.detail) == (
        "rina",
        "Admin Pontive Center",
        "password",
    )
    everything = " ".join(f"{e.target} {e.detail}" for e in AuditEvent.objects.all())
    assert "citizen@example.com" not in everything
    assert "wrong-Pa55" not in everything and "Secret-1" not in everything


def test_a_role_given_in_the_admin_is_recorded_with_who_gave_it(client, superuser, outsider_user):
    client.force_login(superuser)
    kasi = Group.objects.get(name=Role.KASI)
    page = client.get(f"/admin/auth/user/{outsider_user.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            "is_active": "on",
            "is_staff": "on",
            "groups": [kasi.pk],
            "date_joined_0": outsider_user.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": outsider_user.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.pop("is_superuser", None)
    response = client.post(f"/admin/auth/user/{outsider_user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    role = events("role_changed")[-1]
    assert (role.actor, role.target, role.detail) == ("root", "orang", "added: Kasi PK&AI")
    staff = events("account_changed")[-1]
    assert (staff.actor, staff.target, staff.detail) == ("root", "orang", "staff: no → yes")


def test_roles_taken_away_and_superuser_flags_are_recorded(kasi_user):
    kasi_user.groups.clear()
    kasi_user.is_superuser = True
    kasi_user.save()
    group = Group.objects.get(name=Role.KABID)
    group.user_set.add(kasi_user)
    details = [(e.kind, e.target, e.detail) for e in events() if e.target == "dewi"]
    assert ("role_changed", "dewi", "removed: Kasi PK&AI") in details
    assert ("account_changed", "dewi", "superuser: no → yes") in details
    assert ("role_changed", "dewi", "added: Kabid TKPBET") in details


def test_saving_last_login_alone_records_nothing_and_costs_no_lookup(
    kasi_user, django_assert_num_queries
):
    before = AuditEvent.objects.count()
    with django_assert_num_queries(1):
        kasi_user.save(update_fields=["last_login"])
    assert AuditEvent.objects.count() == before


# Nobody changes the log --------------------------------------------------------------


def test_the_model_refuses_to_change_or_delete_an_event():
    event = audit.record(None, "download", target="letter:7")
    event.detail = "nothing happened"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(detail="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get().detail == ""


def test_the_database_refuses_to_change_an_event():
    event = audit.record(None, "download", target="letter:7")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE reservations_auditevent SET detail = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get().detail == ""


@pytest.mark.postgres
def test_the_database_refuses_to_delete_an_event():
    assert on_postgres()
    audit.record(None, "download", target="letter:7")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reservations_auditevent")
    assert AuditEvent.objects.count() == 1


def test_superusers_can_read_the_log_in_the_admin_but_not_change_it(client, superuser):
    event = audit.record(None, "download", target="letter:7")
    client.force_login(superuser)
    listing = client.get("/admin/reservations/auditevent/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "letter:7" in html
    assert "delete_selected" not in html
    detail = client.get(f"/admin/reservations/auditevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    url = f"/admin/reservations/auditevent/{event.pk}/change/"
    assert client.post(url, {"detail": "x"}).status_code == 403
    delete = f"/admin/reservations/auditevent/{event.pk}/delete/"
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get("/admin/reservations/auditevent/add/").status_code == 403
    bulk = client.post(
        "/admin/reservations/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in {200, 302}
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


@pytest.mark.parametrize(
    "persona, status",
    [
        ("kadis_user", 200),
        ("kabid_user", 200),
        ("kasi_user", 200),
        ("admin_user", 403),
        ("sekretariat_user", 403),
    ],
)
def test_the_heads_read_the_log_and_the_other_roles_do_not(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/admin/reservations/auditevent/").status_code == status


def test_the_log_page_costs_the_same_queries_however_long_it_is(client, kasi_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(kasi_user)
    client.get("/admin/reservations/auditevent/")  # the session settles
    counts = []
    for rows in (3, 60):
        for i in range(rows):
            audit.record(None, "download", target=f"letter:{i}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/admin/reservations/auditevent/")
        assert response.status_code == 200
        counts.append(len(queries))
    # user, permissions, count, page, date range, days (+ session, by engine)
    assert counts[0] == counts[1] <= 11
