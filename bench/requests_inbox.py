"""Benchmark: the request inboxes and the month view with many requests; prints figures.

Builds a throw-away test database (SQLite, or PostgreSQL when DATABASE_URL says
so), fills it with N visit and loan requests spread over a year in every state,
then measures, as the Kasi would see them: the inbox list, the admin front page,
a request's page, the public month view, a year of step compliance, and the
confirm step itself. Each page is timed over several runs; the SQL query count
is printed beside it (it must not grow with N).

    DEBUG=1 .venv/bin/python bench/requests_inbox.py --requests 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontive.settings")
os.environ.setdefault("DEBUG", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args, CaptureQueriesContext, connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args, CaptureQueriesContext, connection) -> None:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone

    from reservations import actions
    from reservations.models import (
        RequestState,
        RequestTransition,
        Resource,
        Service,
        ServiceRequest,
    )
    from reservations.roles import Role
    from reservations.standards import step_compliance

    kasi = User.objects.create_user("kasi", password="x", is_staff=True)
    kasi.groups.add(Group.objects.get(name=Role.KASI))
    rooms = {r.service: r for r in Resource.objects.all()}
    states = [s for s in RequestState.values if s not in ("confirmed", "scheduled")]
    today = timezone.localdate()
    rows = []
    for i in range(args.requests):
        service = Service.VISIT if i % 2 else Service.MEETING_ROOM
        day = today + dt.timedelta(days=1 + (i * 7) % 360)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(7 + i % 8, 0)))
        rows.append(
            ServiceRequest(
                service=service,
                code=f"BENCH-{i:08d}",
                state=states[i % len(states)],
                state_since=timezone.now() - dt.timedelta(minutes=i),
                resource=rooms[service],
                institution=f"Instansi {i}",
                institution_kind="school",
                contact_name="Bench",
                email=f"b{i}@example.org",
                phone="+6281234567890",
                participants=10,
                start=start,
                end=start + dt.timedelta(minutes=45),
                purpose="bench",
                letter="letters/bench.pdf",
                privacy_version="bench",
            )
        )
    made = ServiceRequest.objects.bulk_create(rows, batch_size=1000)
    history = [
        RequestTransition(
            request=req,
            action="receive_request",
            from_state="submitted",
            to_state="received",
            role=Role.ADMIN,
            standard_minutes=10,
            office_minutes=i % 25,
        )  # fmt: skip
        for i, req in enumerate(made)
    ]
    RequestTransition.objects.bulk_create(history, batch_size=1000)
    waiting = ServiceRequest.objects.filter(state=RequestState.WITH_KASI).first()

    client = Client()
    client.force_login(kasi)
    month = today.replace(day=1) + dt.timedelta(days=32)
    pages = [
        ("kasi inbox list", "/admin/reservations/servicerequest/"),
        ("all requests list", "/admin/reservations/servicerequest/?inbox=all"),
        ("admin front page (inbox panel)", "/admin/"),
        ("one request's page", f"/admin/reservations/servicerequest/{waiting.pk}/change/"),
        ("public month view + form", f"/kunjungan/?bulan={month:%Y-%m}"),
    ]
    print(f"{args.requests} requests on {connection.vendor}; median of {args.runs} runs")
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in pages:
        client.get(url)  # warm caches (holidays of the year, templates)
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        print(f"{label:34} {statistics.median(times):10.1f} {p95:8.1f} {len(queries):8d}")

    began = time.perf_counter()
    rows = step_compliance(today - dt.timedelta(days=365), today + dt.timedelta(days=1))
    print(f"{'step_compliance over a year':34} {(time.perf_counter() - began) * 1000:10.1f}"
          f" {'':8} {'':8}  ({sum(r.total for r in rows)} steps)")  # fmt: skip
    began = time.perf_counter()
    actions.confirm_schedule(service_request=waiting, actor=kasi, no_buffet_checked=True)
    print(f"{'confirm_schedule (one step)':34} {(time.perf_counter() - began) * 1000:10.1f}")


if __name__ == "__main__":
    main()
