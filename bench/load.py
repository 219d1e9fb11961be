"""A few minutes of a busy day: public reservations, status lookups and scans at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pontive_load .venv/bin/python bench/load.py

Creates the PostgreSQL database named in DATABASE_URL if missing, migrates it
and loads the demo data (``seed_demo``), books codes that check in today (the
scan benchmark's ``prepare``: it empties the co-working tables), then serves the
portal with gunicorn on loopback and, for ``--minutes`` (default 2), sends from
``--clients`` threads a mix of desk reservations on the public page (any free
desk, a random quarter-hour slot on the next service days), status lookups of
the demo requests by code and email, and front-desk scans. Each client comes
from its own address (X-Forwarded-For behind one trusted proxy), so the
per-client rate limits hold as they would in the office.

Prints requests/s, p50/p95 latency per kind and overall, unexpected answers
(errors) and 5xx answers, and the row counts of every table of the portal
before and after; then checks that every reservation answered with a redirect
exists in the database. Never point it at real data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scan import (  # noqa: E402  (the scan benchmark's server and HTTP helpers)
    ENV,
    HOST,
    _cookies,
    create_database,
    free_port,
    log_in,
    prepare,
    request,
    wait_until_up,
)

OUR_APPS = ["reservations", "coworking", "visits", "meetingroom"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2, help="length of the run (default 2)")
    parser.add_argument("--clients", type=int, default=6, help="client threads (default 6)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--scans", type=int, default=3000, help="codes booked for scanning")
    args = parser.parse_args()
    if not 0 < args.minutes <= 30:
        sys.exit("--minutes must be between 0 and 30")

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may fill and empty.")
    create_database(url)
    setup_env = {**os.environ, "DEBUG": "1"}
    setup_env.pop("REDIS_URL", None)
    os.environ.pop("REDIS_URL", None)  # no broker: tasks run in the request, as without Redis
    run_command(["migrate", "--noinput", "-v", "0"], setup_env)
    os.environ.update(ENV)
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:  # a previous run's bookings would clash with the demo's
        cursor.execute(
            "TRUNCATE coworking_reservationevent, coworking_reservation, coworking_desk CASCADE"
        )
    run_command(["seed_demo"], setup_env)
    codes = prepare(args.scans)
    lookups = demo_lookups()
    days = service_days()
    before = row_counts()

    env = {**os.environ, **ENV, "TRUSTED_PROXY_COUNT": "1"}
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "pontive.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the console email backend prints every email
    )
    try:
        wait_until_up(port)
        staff_cookies, staff_csrf = log_in(port)
        results = drive(port, args, codes, lookups, days, staff_cookies, staff_csrf)
    finally:
        server.terminate()
        server.wait(timeout=20)
    after = row_counts()
    missing = missing_reservations(results["tokens"])
    report(results, before, after, missing, args)
    if missing:
        sys.exit(1)


# ---------------------------------------------------------------- data


def run_command(command: list[str], env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True
    )
    if done.returncode:
        sys.exit(f"manage.py {command[0]} failed:\n{done.stderr.decode()[-2000:]}")


def demo_lookups() -> list[tuple[str, str]]:
    from reservations.models import ServiceRequest

    pairs = list(ServiceRequest.objects.values_list("code", "email"))
    if not pairs:
        sys.exit("seed_demo made no requests to look up")
    return pairs


def service_days() -> list[dt.date]:
    """The co-working service days a citizen may book now (up to 20 of them)."""
    from reservations import calendar
    from reservations.models import Service

    day = calendar.earliest_bookable_date(Service.COWORKING)
    days = []
    while day is not None and len(days) < 20:
        day = calendar.next_service_day(Service.COWORKING, day)
        if day is None:
            break
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
    }


def missing_reservations(tokens: list[str]) -> int:
    from coworking.models import Reservation

    found = set(
        Reservation.objects.filter(manage_token__in=tokens).values_list("manage_token", flat=True)
    )
    return len(set(tokens) - found)


# ---------------------------------------------------------------- load


def drive(port, args, codes, lookups, days, staff_cookies, staff_csrf) -> dict:
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {"reserve": [], "lookup": [], "scan": []}
    outcomes: dict[str, dict[str, int]] = {kind: {} for kind in latencies}
    errors: list[str] = []
    server_errors = [0]
    tokens: list[str] = []
    deadline = time.monotonic() + args.minutes * 60
    counter = iter(range(10**9))

    def client(n: int):
        rng = random.Random(n)
        ip = f"10.{n}.0.1"
        status, headers, _body = request(port, "GET", "/coworking/", headers=_from(ip))
        jar = _cookies(headers)
        public = {
            **_from(ip),
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "X-CSRFToken": jar["csrftoken"],
            "Content-Type": "application/x-www-form-urlencoded",
        }
        staff = {
            **_from(f"192.168.1.{n + 1}"),
            "Cookie": "; ".join(f"{k}={v}" for k, v in staff_cookies.items()),
            "X-CSRFToken": staff_csrf,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        while time.monotonic() < deadline:
            kind = rng.choices(["reserve", "lookup", "scan"], weights=[2, 3, 3])[0]
            serial = next(counter)
            # A new citizen every few requests: the rate limit counts per address.
            public["X-Forwarded-For"] = f"10.{n}.{serial // 250 % 250}.{serial % 250 + 1}"
            if kind == "reserve":
                minute = rng.randrange(7 * 60, 15 * 60, 15)
                day = rng.choice(days)
                body = {
                    "date": day.isoformat(),
                    "start": f"{minute // 60:02d}:{minute % 60:02d}",
                    "end": f"{(minute + 30) // 60:02d}:{(minute + 30) % 60:02d}",
                    "desk": "",
                    "name": f"Warga Beban {serial}",
                    "email": f"beban{serial}@example.com",
                    "phone": f"+62813{serial:08d}",
                    "consent": "on",
                }
                path, headers, expected = "/coworking/", public, (200, 302)
            elif kind == "lookup":
                code, email = rng.choice(lookups)
                body = {"code": code, "email": email}
                path, headers, expected = "/permohonan/", public, (302,)
            else:
                with lock:
                    code = codes.pop() if codes else "PCW-NONE"
                body = {"code": code}
                path, headers, expected = "/coworking/scan/", staff, (200,)
            began = time.perf_counter()
            try:
                status, answer_headers, answer = request(
                    port, "POST", path, urlencode(body), headers
                )
            except OSError as exc:
                with lock:
                    errors.append(f"{kind}: {exc}")
                continue
            took = time.perf_counter() - began
            outcome = str(status)
            if kind == "reserve" and status == 302:
                location = dict((k.lower(), v) for k, v in answer_headers)["location"]
                match = re.search(r"/coworking/r/([^/]+)/", location)
                outcome = "reserved"
                with lock:
                    tokens.append(match.group(1))
            elif kind == "reserve" and status == 200:
                outcome = "refused (desk or slot)"
            elif kind == "scan" and status == 200:
                outcome = re.search(rb'"code": "([a-z_]+)"', answer).group(1).decode()
            with lock:
                latencies[kind].append(took)
                outcomes[kind][outcome] = outcomes[kind].get(outcome, 0) + 1
                if status >= 500:
                    server_errors[0] += 1
                if status not in expected:
                    errors.append(f"{kind}: HTTP {status} {answer[:100]!r}")

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "elapsed": time.perf_counter() - began,
        "latencies": latencies,
        "outcomes": outcomes,
        "errors": errors,
        "server_errors": server_errors[0],
        "tokens": tokens,
    }


def _from(ip: str) -> dict[str, str]:
    return {"X-Forwarded-For": ip}


# ---------------------------------------------------------------- report


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * q) - 1)] * 1000 if ordered else 0.0


def report(results, before, after, missing, args) -> None:
    elapsed = results["elapsed"]
    every = [x for values in results["latencies"].values() for x in values]
    print(
        f"\nLoad run: gunicorn ({args.workers} workers) on PostgreSQL, {args.clients} clients "
        f"on loopback, {elapsed:.0f} s\n"
    )
    print(f"{'kind':<10}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}   outcomes")
    for kind, values in results["latencies"].items():
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(results["outcomes"][kind].items()))
        median = statistics.median(values) * 1000 if values else 0.0
        print(
            f"{kind:<10}{len(values):>9}{len(values) / elapsed:>9.1f}{median:>9.1f}"
            f"{_ms(values, 0.95):>9.1f}   {outcomes}"
        )
    print(
        f"{'all':<10}{len(every):>9}{len(every) / elapsed:>9.1f}"
        f"{(statistics.median(every) * 1000 if every else 0):>9.1f}{_ms(every, 0.95):>9.1f}"
    )
    print(f"\nerrors (unexpected answers): {len(results['errors'])}")
    for line in results["errors"][:5]:
        print(f"   {line}")
    print(f"5xx answers: {results['server_errors']}")
    print(
        f"reservations answered with a redirect: {len(results['tokens'])}, "
        f"missing from the database: {missing}"
    )
    print(f"\n{'table':<36}{'before':>9}{'after':>9}")
    for label in sorted(before):
        if before[label] or after[label]:
            print(f"{label:<36}{before[label]:>9}{after[label]:>9}")


if __name__ == "__main__":
    main()
