"""Give the database role the portal runs as exactly the rights it needs, and no more.

Run by the role that owns the tables (the one ``migrate`` runs as), after every
``migrate``::

    DATABASE_URL=postgres://pontive:…@db/pontive python manage.py grant_runtime_role pontive_app

The web, the worker and beat then connect as ``pontive_app``: it reads and writes
the portal's tables, but owns none of them, so it cannot TRUNCATE, ALTER, disable
a trigger or drop anything, and on the append-only tables (the security log) it
may only INSERT and SELECT. Only a superuser may ``SET session_replication_role``,
and neither role is one. PostgreSQL only; safe to run again.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg2 import sql

# Tables whose rows the portal may add and read but never change or remove.
APPEND_ONLY = [("reservations", "AuditEvent")]


def append_only_tables() -> list[str]:
    return [apps.get_model(app, model)._meta.db_table for app, model in APPEND_ONLY]


class Command(BaseCommand):
    help = "Grant the run-time database role its rights (PostgreSQL; run as the tables' owner)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the web, worker and beat connect as")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_runtime_role is for PostgreSQL only.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if row is None:
                raise CommandError(f"No database role named {role!r}; create it first.")
            if row[0]:
                raise CommandError(f"{role!r} is a superuser; the portal must not run as one.")
            cursor.execute("SELECT current_database(), current_schema()")
            database, schema = cursor.fetchone()
            who = sql.Identifier(role)
            statements = [
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
                sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), who),
                sql.SQL(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}"
                ).format(sql.Identifier(schema), who),
                sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                    sql.Identifier(schema), who
                ),
            ]
            for table in append_only_tables():
                statements.append(
                    sql.SQL(
                        "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {} FROM {}"
                    ).format(sql.Identifier(table), who)
                )
            with transaction.atomic():
                for statement in statements:
                    cursor.execute(statement)
        self.stdout.write(
            f"{role}: reads and writes the portal's tables; "
            f"only INSERT and SELECT on {', '.join(append_only_tables())}."
        )
