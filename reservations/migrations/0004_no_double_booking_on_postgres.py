"""On PostgreSQL the database itself forbids two approved bookings of one room at once.

An exclusion constraint over (room, time range) for the states that hold a slot
(confirmed, scheduled). SQLite has no such constraint; there the actions'
row lock on the room serialises the check instead.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE reservations_servicerequest
    ADD CONSTRAINT request_no_double_booking
    EXCLUDE USING gist (resource_id WITH =, tstzrange("start", "end", '[)') WITH &&)
    WHERE (state IN ('confirmed', 'scheduled'));
"""
DROP = "ALTER TABLE reservations_servicerequest DROP CONSTRAINT IF EXISTS request_no_double_booking;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("reservations", "0003_requests_and_dispositions")]

    operations = [migrations.RunPython(forwards, backwards)]
