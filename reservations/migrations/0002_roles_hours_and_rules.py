"""The office's five roles as groups, and the default service hours and rules (SOPs)."""

import datetime

from django.db import migrations

ROLES = ["Admin Pontive Center", "Sekretariat", "Kepala Dinas", "Kabid TKPBET", "Kasi PK&AI"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    OpeningHours = apps.get_model("reservations", "OpeningHours")
    ServicePolicy = apps.get_model("reservations", "ServicePolicy")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    # Monday–Friday 07.00–15.45 WIB, the service standard of all three services.
    for weekday in range(5):
        OpeningHours.objects.get_or_create(
            weekday=weekday,
            defaults={"opens": datetime.time(7, 0), "closes": datetime.time(15, 45)},
        )
    # H-1 for every service; co-working sessions last at most 7 hours (SOP 000 step 6).
    ServicePolicy.objects.get_or_create(service="coworking", defaults={"lead_days": 1, "max_minutes": 420})
    ServicePolicy.objects.get_or_create(service="visit", defaults={"lead_days": 1})
    ServicePolicy.objects.get_or_create(service="meetingroom", defaults={"lead_days": 1})


class Migration(migrations.Migration):
    dependencies = [
        ("reservations", "0001_service_calendar_and_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
