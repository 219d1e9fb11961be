"""The two places requests book: the command centre (visits) and the meeting room (loans)."""

from django.db import migrations

ROOMS = [
    ("Pontive Center (ruang komando)", "visit"),
    ("Ruang Rapat Pontive Center", "meetingroom"),
]


def forwards(apps, schema_editor):
    Resource = apps.get_model("reservations", "Resource")
    for name, service in ROOMS:
        Resource.objects.get_or_create(name=name, defaults={"service": service})


class Migration(migrations.Migration):
    dependencies = [("reservations", "0005_disposition_withdrawal")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
