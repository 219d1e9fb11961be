"""A session may run past its booking (up to 420 minutes or closing time), so the
desk is held until ``held_until`` and the exclusion constraint covers that range."""

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
from django.db import migrations, models

import coworking.models
from coworking.dbops import AddConstraintOnPostgres, RemoveConstraintOnPostgres


def held_until_the_end(apps, schema_editor):
    Reservation = apps.get_model("coworking", "Reservation")
    Reservation.objects.filter(held_until__isnull=True).update(held_until=models.F("end"))


class Migration(migrations.Migration):
    dependencies = [
        ("coworking", "0002_no_double_booking_on_postgres"),
    ]

    operations = [
        RemoveConstraintOnPostgres(
            model_name="reservation",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("status__in", ["reserved", "checked_in"])),
                expressions=[
                    ("desk", "="),
                    (
                        coworking.models.TsTzRange(
                            "start", "end", django.contrib.postgres.fields.ranges.RangeBoundary()
                        ),
                        "&&",
                    ),
                ],
                name="coworking_res_no_double_booking",
            ),
        ),
        migrations.AddField(
            model_name="reservation",
            name="held_until",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(held_until_the_end, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reservation",
            name="held_until",
            field=models.DateTimeField(
                help_text="The end of the booking; once checked in, the end of the session if that is later.",
                verbose_name="desk held until",
            ),
        ),
        migrations.AddConstraint(
            model_name="reservation",
            constraint=models.CheckConstraint(
                condition=models.Q(("held_until__gte", models.F("end"))),
                name="coworking_res_held_to_the_end",
            ),
        ),
        AddConstraintOnPostgres(
            model_name="reservation",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("status__in", ["reserved", "checked_in"])),
                expressions=[
                    ("desk", "="),
                    (
                        coworking.models.TsTzRange(
                            "start",
                            "held_until",
                            django.contrib.postgres.fields.ranges.RangeBoundary(),
                        ),
                        "&&",
                    ),
                ],
                name="coworking_res_no_double_booking",
            ),
        ),
    ]
