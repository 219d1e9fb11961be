"""No desk booked twice: an exclusion constraint over the desk and the time range.

PostgreSQL only (btree_gist lets a GiST index hold the desk's equality beside
the range overlap); on SQLite both operations do nothing and the booking action
serialises writes instead.
"""

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models

import coworking.models
from coworking.dbops import AddConstraintOnPostgres


class Migration(migrations.Migration):
    dependencies = [
        ("coworking", "0001_desks_and_reservations"),
    ]

    operations = [
        BtreeGistExtension(),
        AddConstraintOnPostgres(
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
    ]
