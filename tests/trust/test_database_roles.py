"""The security log survives the portal's own database role.

The portal runs as a role that owns nothing (``grant_runtime_role``): connected as that
role, TRUNCATE, UPDATE, DELETE, ALTER (disabling the trigger) and
``session_replication_role`` are refused on the log, while the portal's own work (a
booking, a check-in, a logged download) goes through. The roles are made for this test
run only, with names of their own, and dropped at the end.
"""

import datetime as dt
import io
import secrets

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from psycopg2 import errors, sql

from coworking import services
from coworking.models import Desk, Reservation, Status
from reservations import audit
from reservations.models import AuditEvent
from reservations.roles import Role

pytestmark = [
    pytest.mark.postgres(reason="database roles and their grants"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def runtime_role():
    """A run-time role, as deploy/postgres-roles.sh creates it, given its rights by the
    command docker-compose runs after every migrate."""
    name = f"pontive_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER").format(sql.Identifier(name)))
    try:
        call_command("grant_runtime_role", name, stdout=io.StringIO())
        yield name
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


class connect_as:
    """A connection of the run-time role, outside Django, each statement committed alone."""

    def __init__(self, role: str):
        db = connection.settings_dict
        self.conn = psycopg2.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            dbname=db["NAME"],
            user=role,
            password=db["PASSWORD"] or None,
        )
        self.conn.autocommit = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.conn.close()

    def execute(self, statement: str):
        cursor = self.conn.cursor()
        cursor.execute(statement)
        return cursor


@pytest.mark.parametrize(
    "attempt",
    [
        "TRUNCATE reservations_auditevent",
        "UPDATE reservations_auditevent SET detail = 'edited'",
        "DELETE FROM reservations_auditevent",
        "ALTER TABLE reservations_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE reservations_auditevent DISABLE TRIGGER reservations_auditevent_no_update",
        "SET session_replication_role = replica",
        "DROP TABLE reservations_auditevent CASCADE",
    ],
)
def test_the_runtime_role_cannot_wipe_edit_or_unguard_the_log(runtime_role, attempt):
    audit.record(None, "download", target="report:2026-11")
    with connect_as(runtime_role) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(attempt)
        # What it may do: read the log and add to it.
        assert conn.execute("SELECT count(*) FROM reservations_auditevent").fetchone() == (1,)
        conn.execute(
            "INSERT INTO reservations_auditevent "
            "(at, kind, actor, actor_roles, target, detail) "
            "VALUES (now(), 'download', '', '', 'letter:1', '')"
        )
    assert list(AuditEvent.objects.order_by("id").values_list("target", "detail")) == [
        ("report:2026-11", ""),
        ("letter:1", ""),
    ]


def test_the_portal_does_its_work_as_the_runtime_role(runtime_role, admin_user):
    """The grants suffice: a booking, a check-in and a logged download, all as that role."""
    desk = Desk.objects.create(number=1, map_row=1, map_column=1)
    day = dt.date(2026, 12, 1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    connection.close()
    owner = connection.settings_dict["USER"]
    connection.settings_dict["USER"] = runtime_role
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (runtime_role,)
        reservation = services.reserve_desk(
            desk=desk,
            name="Warga",
            email="warga@example.com",
            phone="+6281234567890",
            start=start,
            end=start + dt.timedelta(hours=4),
            now=start - dt.timedelta(days=1),
        )
        services.check_in(
            code=reservation.code,
            actor=admin_user,
            role=Role.ADMIN,
            now=start + dt.timedelta(minutes=5),
        )
        audit.record(None, "download", target="report:2026-12")
    finally:
        connection.close()
        connection.settings_dict["USER"] = owner
    assert Reservation.objects.get().status == Status.CHECKED_IN
    assert AuditEvent.objects.filter(target="report:2026-12").exists()
