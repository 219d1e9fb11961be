"""What a Redis outage costs a page: Redis up, stopped, and hung (SIGSTOP).

Starts a redis-server of its own on a free port (never the shared one) as the
portal's cache, session store and broker, and runs the Django test client
in-process against a throwaway test database made from DATABASE_URL (SQLite when
unset), the clock on a Monday at 08.30 WIB. For each state of Redis it prints the
median and p95 milliseconds of: a scan at the front desk (logged-in staff), a
staff login, a desk booking by a citizen, and /healthz. Before the breaker
(reservations/redis_outage.py) a hung Redis cost 5–6 seconds a request; now one
request per process waits for the half-second timeout, the others do not wait.

    DEBUG=1 .venv/bin/python bench/redis_outage.py [--requests 20]
"""

import argparse
import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontive.settings")
os.environ.setdefault("DEBUG", "1")


def start_redis(directory: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", directory],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per kind (max 200)")
    args = parser.parse_args()
    n = max(3, min(args.requests, 200))

    directory = tempfile.mkdtemp(prefix="pontive-redis-")
    redis, url = start_redis(directory)
    os.environ["REDIS_URL"] = url
    os.environ["CACHE_KEY_PREFIX"] = "bench"
    try:
        import django
        import time_machine

        django.setup()
        from django.conf import settings
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        moment = dt.datetime(2026, 11, 30, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        try:
            with time_machine.travel(moment, tick=True):
                return run(n, redis, moment)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        try:
            os.kill(redis.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        redis.terminate()
        redis.wait(10)


def run(n: int, redis: subprocess.Popen, moment: dt.datetime) -> int:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from coworking import services
    from coworking.models import Desk
    from reservations import redis_outage
    from reservations.roles import Role

    user = get_user_model().objects.create_user("bench", password="bench-Pa55-word", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.ADMIN))
    states = ["up", "hung", "stopped"]
    codes = {}
    for k, state in enumerate(states):
        codes[state] = []
        for i in range(n):
            desk = Desk.objects.create(number=k * 1000 + i + 1, map_row=k + 1, map_column=i + 1)
            codes[state].append(
                services.reserve_desk(
                    desk=desk,
                    name="Warga",
                    email=f"w{k}-{i}@example.com",
                    phone=f"+6281234{k}{i:05d}",
                    start=moment.replace(hour=8, minute=0),
                    end=moment.replace(hour=12, minute=0),
                    now=moment - dt.timedelta(days=3),
                ).code
            )
    tuesday = (moment + dt.timedelta(days=1)).date().isoformat()
    print(f"{n} requests per kind; Redis {os.environ['REDIS_URL']}; times in ms (median / p95)")
    failures = 0
    for k, state in enumerate(states):
        if state == "hung":
            os.kill(redis.pid, signal.SIGSTOP)
        if state == "stopped":
            os.kill(redis.pid, signal.SIGCONT)
            redis.terminate()
            redis.wait(10)
        redis_outage.mark_up()  # each state starts with a closed breaker
        staff = Client()
        staff.post("/login/", {"username": "bench", "password": "bench-Pa55-word"})
        kinds = {
            "scan": lambda i, staff=staff, state=state: staff.post(
                "/coworking/scan/", {"code": codes[state][i]}, HTTP_ACCEPT="application/json"
            ),
            "login": lambda i: Client().post(
                "/login/", {"username": "bench", "password": "bench-Pa55-word"}
            ),
            "booking": lambda i, k=k: Client(REMOTE_ADDR=f"10.{k}.{i // 200}.{i % 200 + 1}").post(
                "/coworking/",
                {
                    "date": tuesday,
                    "start": "08:00",
                    "end": "10:00",
                    "name": "Warga",
                    "email": f"b{k}-{i}@example.com",
                    "phone": f"0812-7{k}{i:02d}-0000",
                    "consent": "on",
                },
            ),
            "healthz": lambda i: Client().get("/healthz"),
        }
        line = []
        for kind, one in kinds.items():
            durations = []
            for i in range(n):
                started = time.perf_counter()
                response = one(i)
                durations.append((time.perf_counter() - started) * 1000)
                failures += response.status_code >= 500
            p95 = statistics.quantiles(durations, n=20)[-1]
            line.append(f"{kind} {statistics.median(durations):7.1f} / {p95:7.1f}")
        print(f"Redis {state:8s} " + "   ".join(line))
    print(f"5xx answers: {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
