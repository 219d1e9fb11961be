"""How many scans a second the front desk's check-in takes, next to a minimal view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pontive_bench .venv/bin/python bench/scan.py

Serves the portal with gunicorn (DEBUG off) on PostgreSQL, logs in as the
Admin Pontive Center, and sends scans of distinct valid codes (each a real
check-in) from a bounded load generator on loopback. In the same run it sends
the same load to /bench/minimal/, a view that does one indexed SELECT and one
UPDATE and nothing else. Prints requests/s, p50/p95 latency, the ratio, and the
SQL statements one scan costs. The database named in DATABASE_URL is created if
missing and its co-working tables are emptied: never point it at real data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PASSWORD = "bench-pass-123"
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1500, help="per target (default 1500)")
    parser.add_argument("--concurrency", type=int, default=4, help="clients at once (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--seconds", type=float, default=60, help="time cap per phase")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database the benchmark may empty.")
    os.environ.update(ENV)
    create_database(url)

    import django

    django.setup()
    codes = prepare(args.requests * (args.rounds + 1) + 100)
    action_queries, request_queries = count_queries(codes.pop(), codes.pop(), codes.pop())

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
        env={**os.environ, **ENV},
    )
    try:
        wait_until_up(port)
        cookies, csrf = log_in(port)
        warm = codes[:100]
        del codes[:100]
        run(port, "/coworking/scan/", warm[:50], cookies, csrf, args, quiet=True)
        run(port, "/bench/minimal/", warm[50:], {}, None, args, quiet=True)
        results = {"scan": [], "minimal": []}
        per_round = args.requests // args.rounds
        for _round in range(args.rounds):
            batch = codes[:per_round]
            del codes[:per_round]
            results["scan"].append(run(port, "/coworking/scan/", batch, cookies, csrf, args))
            results["minimal"].append(run(port, "/bench/minimal/", batch, {}, None, args))
    finally:
        server.terminate()
        server.wait(timeout=20)
    report(results, action_queries, request_queries, args)


# ---------------------------------------------------------------- setup


def create_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare(count: int) -> list[str]:
    """Empty the co-working tables and book ``count`` codes that check in now."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from coworking.models import Desk, Reservation
    from reservations.codes import new_code
    from reservations.models import Closure, Holiday, OpeningHours
    from reservations.roles import Role

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE coworking_reservationevent, coworking_reservation, coworking_desk CASCADE"
        )
    now = timezone.localtime()
    today = now.date()
    if now.time() > dt.time(23, 0):
        sys.exit("Run the benchmark before 23.00: its bookings must end today.")
    # Whatever the real hour or day, the centre is open for the benchmark.
    OpeningHours.objects.update_or_create(
        weekday=today.weekday(),
        defaults={"is_open": True, "opens": dt.time(0, 0), "closes": dt.time(23, 59)},
    )
    Holiday.objects.filter(date=today).update(active=False)
    Closure.objects.filter(start_date__lte=today, end_date__gte=today).delete()

    User = get_user_model()
    user, _created = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True})
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=Role.ADMIN))

    desks = Desk.objects.bulk_create(
        Desk(number=n, zone="Bench", map_row=(n - 1) // 20 + 1, map_column=(n - 1) % 20 + 1)
        for n in range(1, 201)
    )
    # One-minute slots from a minute ahead: each code checks in at once, and each
    # check-in looks up the next booking of its desk, as on a busy day.
    per_desk = -(-count // len(desks))
    first = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    rows = []
    for slot in range(per_desk):
        for desk in desks:
            start = first + dt.timedelta(minutes=slot)
            n = len(rows)
            rows.append(
                Reservation(
                    code=new_code("PCW"),
                    manage_token=new_code("M"),
                    desk=desk,
                    name=f"Bench {n}",
                    email=f"bench{n}@example.com",
                    phone=f"+628120{n:07d}",
                    day=today,
                    start=start,
                    end=start + dt.timedelta(minutes=1),
                    held_until=start + dt.timedelta(minutes=1),
                    privacy_version="bench",
                )
            )
    Reservation.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE coworking_reservation")
    codes = [r.code for r in rows[:count]]
    codes.reverse()
    return codes


def count_queries(action_code: str, request_code: str, warm_code: str) -> tuple[int, int]:
    """The SQL statements of one scan: in the action, and in the whole request."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from coworking import services
    from coworking.hours import day_facts
    from reservations.roles import Role

    user = get_user_model().objects.get(username="bench-admin")
    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    # as after the first scan of the day: hours and the admin's roles are cached
    day_facts(timezone.localdate())
    client.post("/coworking/scan/", {"code": warm_code}, HTTP_ACCEPT="application/json")
    with CaptureQueriesContext(connection) as action:
        try:
            services.check_in(code=action_code, actor=user, role=Role.ADMIN)
        except services.ScanRefused as refused:
            sys.exit(f"The benchmark's codes do not check in ({refused.code}).")
    with CaptureQueriesContext(connection) as request:
        answer = client.post(
            "/coworking/scan/", {"code": request_code}, HTTP_ACCEPT="application/json"
        )
    if answer.status_code != 200 or answer.json()["code"] != "checked_in":
        sys.exit(f"The counted scan did not check in: {answer.content[:200]!r}")
    if os.environ.get("BENCH_SHOW_SQL"):
        for query in action.captured_queries + request.captured_queries:
            print("   ", query["sql"][:150])
    return _data(action), _data(request)


def _data(context) -> int:
    """Statements that read or write data (BEGIN and COMMIT are not counted)."""
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return sum(1 for q in context.captured_queries if not q["sql"].startswith(control))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _headers, _body = request(port, "GET", "/healthz")
            if status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


# ---------------------------------------------------------------- HTTP


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def _cookies(headers) -> dict[str, str]:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _sep, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return jar


def log_in(port: int) -> tuple[dict[str, str], str]:
    _status, headers, body = request(port, "GET", "/login/")
    jar = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    status, headers, _body = request(
        port,
        "POST",
        "/login/",
        body=urlencode(
            {"username": "bench-admin", "password": PASSWORD, "csrfmiddlewaretoken": token}
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        },
    )
    jar.update(_cookies(headers))
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"could not log in (HTTP {status})")
    return jar, jar["csrftoken"]


def run(port, path, codes, cookies, csrf, args, quiet=False) -> dict:
    """Send one request per code from ``concurrency`` clients; bounded in count and time."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if csrf:
        headers["X-CSRFToken"] = csrf
    pending = list(codes)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + args.seconds

    def client():
        while time.monotonic() < deadline:
            with lock:
                if not pending:
                    return
                code = pending.pop()
            began = time.perf_counter()
            status, _h, body = request(port, "POST", path, urlencode({"code": code}), headers)
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if status != 200 or not (b'"checked_in"' in body or b'"ok": true' in body):
                    errors.append(f"{status} {body[:120]!r}")

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors and not quiet:
        print(f"  {path}: {len(errors)} unexpected answers, e.g. {errors[0]}")
    return {"count": len(latencies), "elapsed": elapsed, "latencies": latencies, "errors": errors}


# ---------------------------------------------------------------- report


def report(results, action_queries, request_queries, args) -> None:
    def summary(runs):
        latencies = sorted(x for r in runs for x in r["latencies"])
        count = sum(r["count"] for r in runs)
        elapsed = sum(r["elapsed"] for r in runs)
        p50 = statistics.median(latencies) * 1000
        p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
        return count, count / elapsed, p50, p95, sum(len(r["errors"]) for r in runs)

    print(
        f"\nScan benchmark: gunicorn ({args.workers} workers) on PostgreSQL, "
        f"{args.concurrency} clients on loopback, {args.rounds} alternating rounds\n"
    )
    print(f"{'target':<34}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    figures = {}
    for name, label in (
        ("scan", "POST /coworking/scan/ (check-in)"),
        ("minimal", "POST /bench/minimal/ (SELECT+UPDATE)"),
    ):
        count, rate, p50, p95, errors = summary(results[name])
        figures[name] = rate
        print(f"{label:<34}{count:>9}{errors:>8}{rate:>9.1f}{p50:>9.1f}{p95:>9.1f}")
    ratio = figures["scan"] / figures["minimal"]
    print(f"\nscan ÷ minimal view: {ratio:.0%} (aim: 60% or more)")
    print(
        f"SQL statements per scan: {action_queries} in the check-in itself, "
        f"{request_queries} for the whole request, besides BEGIN and COMMIT "
        "(aim: at most 4 a scan)"
    )


if __name__ == "__main__":
    main()
