"""What a staff login costs: django-axes' throttling, the one-time code step, the security log.

Runs the Django test client in-process (no network) against a throwaway test
database made from DATABASE_URL (SQLite when unset), and prints, per case, the
median and p95 time of one login in milliseconds and the database queries it
made. Cases: password only; password then one-time code; a wrong password; an
attempt while the login is paused. The password hasher is Django's real one, so
the figures include the deliberate cost of checking a password.

    DEBUG=1 .venv/bin/python bench/staff_login.py [--logins 100]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontive.settings")
os.environ.setdefault("DEBUG", "1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=100, help="logins per case (max 2000)")
    args = parser.parse_args()
    n = max(5, min(args.logins, 2000))

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.CELERY_TASK_ALWAYS_EAGER = True
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run_cases(n, Client, CaptureQueriesContext, connection, settings)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run_cases(n, Client, CaptureQueriesContext, connection, settings) -> int:
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reservations.roles import Role

    settings.LOGIN_RATE_LIMIT = 10**9
    User = get_user_model()
    password = "bench-Pa55-word"
    plain = User.objects.create_user("bench", password=password, is_staff=True)
    plain.groups.add(Group.objects.get(name=Role.ADMIN))
    coded = User.objects.create_user("bench2fa", password=password, is_staff=True)
    coded.groups.add(Group.objects.get(name=Role.KASI))
    # A code is accepted once only, so each login uses the next time step; the
    # tolerance lets the device accept steps that far ahead.
    device = TOTPDevice.objects.create(user=coded, name="bench", confirmed=True, tolerance=n + 2)

    def code_at(i):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = time.time() + (i + 1) * device.step
        return f"{totp.token():06d}"

    def measure(label, one):
        durations, queries = [], []
        for i in range(n):
            client = Client(REMOTE_ADDR=f"10.9.{i // 250}.{i % 250 + 1}")
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                status = one(client, i)
                durations.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured.captured_queries))
            if status is False:
                print(f"{label}: unexpected answer at login {i}", file=sys.stderr)
                return False
        durations.sort()
        p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
        print(
            f"{label:<32} n={n:<5} median {statistics.median(durations):7.1f} ms"
            f"   p95 {p95:7.1f} ms   queries {min(queries)}–{max(queries)}"
        )
        return True

    def password_only(client, i):
        response = client.post("/login/", {"username": "bench", "password": password})
        return response.status_code == 302 and response["Location"] == "/staff/"

    def with_code(client, i):
        client.post("/login/", {"username": "bench2fa", "password": password})
        response = client.post("/login/code/", {"code": code_at(i)})
        return response.status_code == 302 and response["Location"] == "/staff/"

    def wrong_password(client, i):
        response = client.post("/login/", {"username": "bench", "password": "nope"})
        AccessAttempt.objects.all().delete()  # stay below the lockout
        return response.status_code == 200

    def while_paused(client, i):
        client.defaults["REMOTE_ADDR"] = "10.99.0.1"
        response = client.post("/login/", {"username": "bench", "password": "nope"})
        return response.status_code == 429

    def pause_the_login():
        client = Client(REMOTE_ADDR="10.99.0.1")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/login/", {"username": "bench", "password": "nope"})

    print(f"database: {connection.vendor}, password hasher: {settings.PASSWORD_HASHERS[0]}")
    ok = True
    for label, case in [
        ("password only", password_only),
        ("password + one-time code", with_code),
        ("wrong password", wrong_password),
        ("attempt while paused", while_paused),
    ]:
        cache.clear()
        if case is while_paused:
            pause_the_login()
        ok = measure(label, case) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
