"""The database refuses to change or delete a frozen recap version.

A submitted recap is the office's record of the month: no code path, admin
page or stray UPDATE may alter it. Corrections make new versions instead.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER reports_recapversion_frozen_update
    BEFORE UPDATE ON reports_recapversion
    WHEN OLD.frozen
    BEGIN SELECT RAISE(ABORT, 'recap version is frozen'); END;
    """,
    """
    CREATE TRIGGER reports_recapversion_frozen_delete
    BEFORE DELETE ON reports_recapversion
    WHEN OLD.frozen
    BEGIN SELECT RAISE(ABORT, 'recap version is frozen'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_recapversion_frozen_update;",
    "DROP TRIGGER IF EXISTS reports_recapversion_frozen_delete;",
]
POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION reports_recapversion_frozen() RETURNS trigger AS $$
    BEGIN
        IF OLD.frozen THEN
            RAISE EXCEPTION 'recap version % is frozen', OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER reports_recapversion_frozen
    BEFORE UPDATE OR DELETE ON reports_recapversion
    FOR EACH ROW EXECUTE FUNCTION reports_recapversion_frozen();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_recapversion_frozen ON reports_recapversion;",
    "DROP FUNCTION IF EXISTS reports_recapversion_frozen();",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_survey_complaints_and_recap_chain")]
    operations = [migrations.RunPython(forwards, backwards)]
