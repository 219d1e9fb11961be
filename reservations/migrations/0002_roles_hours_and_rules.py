"""The office's five roles as groups."""

from django.db import migrations

ROLES = ["Admin Pontive Center", "Sekretariat", "Kepala Dinas", "Kabid TKPBET", "Kasi PK&AI"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    # The default hours and service rules are created after every migrate (and
    # after a test flush) by reservations.calendar.ensure_default_rules.


class Migration(migrations.Migration):
    dependencies = [
        ("reservations", "0001_service_calendar_and_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
