"""Backups: a pg_dump of the database, restored into an empty one, holds every row.

The commands are those of the README's "Backups" section. The models compared
are found in the app registry, so the services' reservations and requests are
covered as soon as they exist (seed_demo fills them).
"""

import io
import json
import os
import subprocess

import psycopg2
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from reservations import audit
from reservations.models import (
    AuditEvent,
    Closure,
    Notification,
    NotificationAttachment,
)

OUR_APPS = {"reservations", "coworking", "visits", "meetingroom", "reports", "auth"}


def our_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in OUR_APPS and model._meta.managed
    ]


def rows(cursor, model) -> list[tuple]:
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
    return [tuple(_plain(v) for v in row) for row in cursor.fetchall()]


def _plain(value):
    # Django's connection leaves jsonb as text, a bare psycopg2 one parses it.
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def run(*args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(args)}: {result.stderr}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_an_empty_database_holds_every_row(settings, tmp_path):
    settings.DEBUG = True  # seed_demo's demo passwords
    call_command("seed_demo", stdout=io.StringIO())
    Closure.objects.create(start_date="2026-12-24", end_date="2026-12-24", reason="Rapat kerja")
    mail = Notification.objects.create(key="k1", to="warga@example.com", subject="S", body="B")
    NotificationAttachment.objects.create(
        notification=mail, filename="tiket.pdf", mimetype="application/pdf", content=b"%PDF\x00\xff"
    )
    audit.record(None, "download", target="report:2026-11")

    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    where = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432)]
    where += ["--username", db["USER"] or "postgres"]
    source, restored = db["NAME"], f"{db['NAME']}_restored"
    dump = tmp_path / "pontive.dump"

    run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *where, source, env=env)
    run("dropdb", "--if-exists", *where, restored, env=env)
    run("createdb", *where, restored, env=env)
    try:
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", *where,
            str(dump), env=env)  # fmt: skip
        copy = psycopg2.connect(
            host=where[1], port=where[3], user=where[5], password=db["PASSWORD"] or None,
            dbname=restored,
        )  # fmt: skip
        try:
            compared = {}
            with connection.cursor() as original, copy.cursor() as restored_cursor:
                for model in our_models():
                    expected = rows(original, model)
                    assert rows(restored_cursor, model) == expected, model._meta.label
                    compared[model._meta.label] = len(expected)
            # The restored log is still append-only: its trigger came along.
            with pytest.raises(psycopg2.Error), copy.cursor() as cursor:
                cursor.execute("UPDATE reservations_auditevent SET detail = 'x'")
            copy.rollback()
            # New rows will not collide with restored ones: sequences came along too.
            with copy.cursor() as cursor:
                cursor.execute(
                    "SELECT last_value FROM pg_sequences WHERE sequencename = "
                    "'reservations_auditevent_id_seq'"
                )
                (last,) = cursor.fetchone()
            assert last >= AuditEvent.objects.latest("id").id
        finally:
            copy.close()
    finally:
        run("dropdb", "--if-exists", *where, restored, env=env)

    # (Rows the migrations made may be gone: transactional tests empty the tables.)
    for label in [
        "reservations.Holiday",
        "reservations.Closure",
        "reservations.Notification",
        "reservations.NotificationAttachment",
        "reservations.AuditEvent",
        "auth.User",
        "auth.Group",
    ]:
        assert compared[label] > 0, f"{label} had no rows to compare"
    assert sum(compared.values()) > 50
