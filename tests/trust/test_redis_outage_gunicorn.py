"""The Redis outage drill under gunicorn with several workers, the way production runs.

gunicorn (3 workers) serves the portal from this test's PostgreSQL database and a
redis-server of the test's own. Redis is up, then stopped, then hung (SIGSTOP): each
time staff log in and scan, a citizen books a desk, a school asks for a visit, nobody
gets a 5xx, /healthz says whether Redis answers, and the lookup's rate limit (10 a
minute) holds across the workers. The gunicorn processes run on the test's clock.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection

from coworking import services
from coworking.models import Desk, Reservation, Status
from reservations.demo_requests import letter_pdf
from reservations.models import ServiceRequest
from reservations.roles import Role

from .redis_drill import OwnRedis, free_port

pytestmark = [
    pytest.mark.postgres(reason="gunicorn's workers share the test's database"),
    pytest.mark.django_db(transaction=True),
]

WIB = dt.timezone(dt.timedelta(hours=7))
# Monday 30 November 2026, 08.30 WIB: the front desk is open.
MOMENT = dt.datetime(2026, 11, 30, 8, 30, tzinfo=WIB)
MONDAY = MOMENT.date()
TUESDAY = MONDAY + dt.timedelta(days=1)
VISIT_DAY = MONDAY + dt.timedelta(days=3)  # Thursday

# gunicorn with the clock standing where the test says, ticking from there.
RUN_GUNICORN = """
import datetime as dt, sys
import time_machine
time_machine.travel(dt.datetime.fromisoformat(sys.argv[1]), tick=True).start()
sys.argv = ["gunicorn"] + sys.argv[2:]
from gunicorn.app.wsgiapp import run
run()
"""


class Browser:
    """One person's browser: cookies, CSRF tokens, and every status code it saw."""

    def __init__(self, base: str, seen: list):
        self.base, self.seen = base, seen
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )

    def _send(self, request) -> tuple[int, str, dict]:
        try:
            with self.opener.open(request, timeout=30) as response:
                status, body, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        self.seen.append((request.get_method(), request.full_url, status))
        return status, body.decode("utf-8", "replace"), headers

    def get(self, path: str):
        return self._send(urllib.request.Request(self.base + path))

    def token(self, path: str) -> str:
        _status, body, _headers = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def post(self, path: str, data: dict, *, files: dict | None = None, json=False):
        token = self.token(path) if not json else self._cookie("csrftoken")
        fields = {"csrfmiddlewaretoken": token, **data}
        headers = {"X-CSRFToken": token, "Referer": self.base + path}
        if json:
            headers["Accept"] = "application/json"
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(fields, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
        return self._send(urllib.request.Request(self.base + path, body, headers, method="POST"))

    def _cookie(self, name: str) -> str:
        jar = next(
            h for h in self.opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)
        )
        return next(c.value for c in jar.cookiejar if c.name == name)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _multipart(fields: dict, files: dict, boundary: str) -> bytes:
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"{head}{item}\r\n".encode())
    for name, (filename, content, mimetype) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {mimetype}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def gunicorn(own_redis, tmp_path):
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": own_redis.url,
        "CACHE_KEY_PREFIX": "drill",
        "DB_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUN_GUNICORN,
            MOMENT.isoformat(),
            "pontive.wsgi:application",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):
                break
        except OSError:  # refused while booting, or a worker still importing
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(20)


@pytest.fixture
def front_desk(django_user_model, settings):
    # The password is checked by gunicorn, with the portal's real hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = django_user_model.objects.create_user(
        "rina", password="s3cret-pass", is_staff=True, email="rina@pontive.example"
    )
    user.groups.add(Group.objects.get(name=Role.ADMIN))
    desks = [Desk.objects.create(number=n, map_row=1, map_column=n) for n in range(1, 7)]
    codes = [
        services.reserve_desk(
            desk=desk,
            name=f"Warga {desk.number}",
            email=f"warga{desk.number}@example.com",
            phone=f"+62812340000{desk.number}",
            start=MOMENT.replace(hour=8, minute=0),
            end=MOMENT.replace(hour=12, minute=0),
            now=MOMENT - dt.timedelta(days=3),
        ).code
        for desk in desks
    ]
    return codes


def shift(browser: Browser, phase: str, code: str, n: int) -> dict:
    """What the front desk and the citizens do in one phase; returns what they got."""
    staff = Browser(browser.base, browser.seen)
    login, _body, headers = staff.post("/login/", {"username": "rina", "password": "s3cret-pass"})
    _s, scan_body, _h = staff.post("/coworking/scan/", {"code": code}, json=True)
    citizen = Browser(browser.base, browser.seen)
    booked, _b, _h = citizen.post(
        "/coworking/",
        {
            "date": TUESDAY.isoformat(),
            "start": "08:00",
            "end": "10:00",
            "desk": "",
            "name": f"Warga baru {phase}",
            "email": f"baru-{phase}@example.com",
            "phone": f"0812-5555-000{n}",
            "institution": "",
            "consent": "on",
        },
    )
    school = Browser(browser.base, browser.seen)
    asked, _b, _h = school.post(
        "/kunjungan/",
        {
            "institution": f"SMA Negeri {n} Pontianak",
            "institution_kind": "school",
            "contact_name": "Ibu Ratna",
            "email": f"guru{n}@sman.example.org",
            "phone": "0812-3456-7890",
            "participants": "20",
            "date": VISIT_DAY.isoformat(),
            "start_time": f"{8 + n}:00",
            "end_time": f"{9 + n}:00",
            "purpose": "Studi wisata kelas XI",
            "consent": "on",
        },
        files={"letter": ("surat.pdf", letter_pdf("Surat Permohonan"), "application/pdf")},
    )
    _s, health, _h = browser.get("/healthz")
    return {
        "login": (login, headers.get("Location")),
        "scan": scan_body,
        "booking": booked,
        "visit request": asked,
        "health": health,
    }


def test_scans_logins_bookings_and_requests_complete_with_redis_stopped_or_hung(
    gunicorn, own_redis, front_desk
):
    seen: list = []
    browser = Browser(gunicorn, seen)
    results = {"up": shift(browser, "up", front_desk[0], 1)}
    own_redis.hang()
    results["hung"] = shift(browser, "hung", front_desk[1], 2)
    own_redis.resume()
    own_redis.stop()
    results["stopped"] = shift(browser, "stopped", front_desk[2], 3)

    lookup = [
        browser.post("/permohonan/", {"code": "KJG-NOPE", "email": "a@example.com"})[0]
        for _ in range(12)
    ]

    assert [s for s in seen if s[2] >= 500] == []
    for phase, got in results.items():
        assert got["login"] == (302, "/staff/"), phase
        assert '"code": "checked_in"' in got["scan"] or '"checked_in"' in got["scan"], phase
        assert got["booking"] == 302, phase
        assert got["visit request"] == 302, phase
        redis_state = '"redis": "ok"' if phase == "up" else '"redis": "down"'
        assert redis_state in got["health"], (phase, got["health"])
    checked_in = Reservation.objects.filter(status=Status.CHECKED_IN).count()
    assert checked_in == 3
    assert Reservation.objects.filter(start__date=TUESDAY).count() == 3
    assert ServiceRequest.objects.count() == 3
    # The lookup allows 10 a minute per address: with Redis stopped, still 10, whichever
    # of the three workers answered.
    assert lookup.count(429) == 2 and lookup[:10].count(429) == 0
