"""Benchmark: the monthly co-working recap of a month with 5,000 sessions, as PDF, XLSX and CSV.

    .venv/bin/python bench/recap_pdf.py [--sessions 5000]

Uses DATABASE_URL when set (run it against an empty scratch database: it adds desks and
reservations), otherwise a throwaway SQLite file. Each file is made in a forked child so
its peak memory can be read on its own; prints seconds and peak resident memory (MiB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontive.settings")
if not os.environ.get("DATABASE_URL"):
    scratch = Path(tempfile.mkdtemp(prefix="pontive-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

MONTH = dt.date(2026, 10, 1)
NAMES = ["Ayu", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko"]
PLACES = [
    "Universitas Tanjungpura",
    "Politeknik Negeri Pontianak",
    "Startup Khatulistiwa",
    "IAIN Pontianak",
    "",
    "Komunitas Developer Borneo",
]


def seed(sessions: int) -> None:
    from coworking.models import Desk, Reservation, Status
    from reservations import calendar
    from reservations.codes import new_code
    from reservations.models import Service

    desks = [
        Desk.objects.get_or_create(
            number=n, defaults={"map_row": (n - 1) // 10 + 1, "map_column": (n - 1) % 10 + 1}
        )[0]
        for n in range(1, 41)
    ]
    Reservation.objects.filter(day__gte=MONTH, day__lt=MONTH + dt.timedelta(days=31)).delete()
    days = [MONTH + dt.timedelta(days=i) for i in range(31)]
    days = [
        d for d in days if d.month == MONTH.month and calendar.is_service_day(d, Service.COWORKING)
    ]
    rows = []
    for i in range(sessions):
        day = days[i % len(days)]
        desk = desks[(i // len(days)) % len(desks)]
        slot = (i // (len(days) * len(desks))) % 3
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(7 + slot * 3, 0)))
        end = start + dt.timedelta(hours=2, minutes=45)
        rows.append(
            Reservation(
                code=new_code("PCW"),
                manage_token=new_code("M"),
                desk=desk,
                name=f"{NAMES[i % 10]} Pengguna {i}",
                email=f"user{i}@example.id",
                phone=f"+62812{i:08d}",
                institution=PLACES[i % len(PLACES)],
                day=day,
                start=start,
                end=end,
                held_until=end,
                status=Status.FINISHED,
                checked_in_at=start + dt.timedelta(minutes=i % 20),
                checked_out_at=end - dt.timedelta(minutes=i % 30),
                session_ends_at=end,
                auto_closed=i % 17 == 0,
                walk_in=i % 11 == 0,
                privacy_version="2026-11",
            )
        )
    Reservation.objects.bulk_create(rows, batch_size=1000)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stage(fmt: str, queue) -> None:
    from django.db import connections

    connections.close_all()  # the child opens its own connection
    from django.utils import translation

    from reports import content
    from reports.document import FORMATS
    from reports.models import MonthlyRecap, RecapVersion
    from reports.periods import month

    with translation.override("id"):
        before = _rss_mib()
        started = time.perf_counter()
        if fmt == "snapshot":
            data = content.recap_snapshot(month(MONTH.year, MONTH.month))
            size = len(data["sessions"])
        else:
            recap = MonthlyRecap.objects.get(month=MONTH)
            version = RecapVersion.objects.get(recap=recap, number=1)
            report = content.recap_report(recap, version)
            data = FORMATS[fmt][1](report)
            size = len(data)
            out = ROOT / "bench" / "out"
            out.mkdir(exist_ok=True)
            (out / f"recap.{fmt}").write_bytes(data)
        queue.put((fmt, time.perf_counter() - started, before, _rss_mib(), size))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=5000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    seed(args.sessions)
    print(f"seeded {args.sessions} sessions of {MONTH:%B %Y} in {time.perf_counter() - t:.1f} s")

    from reports import actions, content
    from reports.models import MonthlyRecap, RecapVersion
    from reports.periods import month

    period = month(MONTH.year, MONTH.month)
    existing = MonthlyRecap.objects.filter(month=MONTH).first()
    if existing is None:
        actions.prepare_recap(period=period)
    else:  # a second run on the same database: read the month again into the draft
        RecapVersion.objects.filter(recap=existing, number=1, frozen=False).update(
            content=content.recap_snapshot(period)
        )

    context = multiprocessing.get_context("fork")
    print(f"{'stage':<10} {'seconds':>8} {'peak MiB':>9} {'(+ over start)':>15} {'size':>10}")
    for fmt in ("snapshot", "pdf", "xlsx", "csv"):
        queue = context.Queue()
        child = context.Process(target=_stage, args=(fmt, queue))
        child.start()
        name, seconds, before, peak, size = queue.get()
        child.join()
        unit = "rows" if name == "snapshot" else "bytes"
        print(f"{name:<10} {seconds:>8.2f} {peak:>9.0f} {peak - before:>+15.0f} {size:>10} {unit}")
    print(f"files in {ROOT / 'bench' / 'out'}")


if __name__ == "__main__":
    main()
