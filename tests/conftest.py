"""Personas and real parts shared by every test: the office's roles, PostgreSQL, Chromium."""

import datetime as dt
import os
import shutil
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group

from reservations.roles import Role

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make beside it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A run under faketime moves this process's clock; the servers and commands the tests
# start (redis-server, manage.py, gunicorn) keep the real one, as they would in use.
if "faketime" in os.environ.get("LD_PRELOAD", ""):
    os.environ.pop("LD_PRELOAD")

CHROMIUM = "/usr/bin/chromium"

# Every test starts at this moment, whatever the machine's clock says: Monday
# 23 November 2026, 10.00 WIB, an ordinary service day in a year whose holidays and
# cuti bersama are decreed. The clock ticks from there (timeouts and rate windows
# behave), and a test that needs another moment moves it itself (`time_machine`).
FROZEN_NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Pontianak"))


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(
        reason="needs PostgreSQL (set DATABASE_URL): exclusion constraints and row locks "
        "do not exist on SQLite"
    )
    skip_broker = pytest.mark.skip(reason="needs a real Celery broker (set REDIS_URL)")
    skip_browser = pytest.mark.skip(
        reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    )
    skip_moved_clock = pytest.mark.skip(
        reason="the machine's clock is moved (PONTIVE_TEST_NO_BROWSER); Chromium keeps its own "
        "clock, so browser tests run in the pass at the real time"
    )
    no_browser = bool(os.environ.get("PONTIVE_TEST_NO_BROWSER"))
    for item in items:
        if "browser" in item.keywords and no_browser:
            item.add_marker(skip_moved_clock)
        if "own_redis" in getattr(item, "fixturenames", ()) and no_browser:
            # The drill's own redis-server cannot be reached from a faked clock's
            # process here; the drill runs in the pass at the real time.
            item.add_marker(skip_moved_clock)
        if "postgres" in item.keywords and not on_postgres():
            marker = item.get_closest_marker("postgres")
            why = marker.kwargs.get("reason") if marker else None
            item.add_marker(
                pytest.mark.skip(reason=f"needs PostgreSQL (set DATABASE_URL): {why}")
                if why
                else skip_pg
            )
        if "broker" in item.keywords and not settings.REDIS_URL:
            item.add_marker(skip_broker)
        if "browser" in item.keywords and not shutil.which(CHROMIUM):
            item.add_marker(skip_browser)


@pytest.fixture(autouse=True)
def _frozen_clock():
    """The same "now" for every test, on any day the suite runs (the live server too: it
    runs in this process). Tests and fixtures that move the clock nest inside this one."""
    with time_machine.travel(FROZEN_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _data_migrations_in_transactional_tests(request):
    """A transactional test flushes the database when it ends, data migrations included;
    the next one gets the roles (0002) and the rooms requests book (0006) back."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    for name in ("0002_roles_hours_and_rules", "0006_the_centre_and_the_meeting_room"):
        importlib.import_module(f"reservations.migrations.{name}").forwards(apps, None)


@pytest.fixture(autouse=True)
def _eager_tasks(request, settings):
    """Tasks run in-process, unless a test says it talks to the real broker."""
    from pontive.celery import app

    eager = "broker" not in request.keywords
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


def make_staff(django_user_model, username: str, role: str | None):
    user = django_user_model.objects.create_user(
        username=username,
        password="s3cret-pass",
        is_staff=role is not None,
        first_name=username.capitalize(),
        email=f"{username}@pontive.example",
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def admin_user(django_user_model):
    """The front-desk Admin Pontive Center (not a Django superuser)."""
    return make_staff(django_user_model, "rina", Role.ADMIN)


@pytest.fixture
def sekretariat_user(django_user_model):
    return make_staff(django_user_model, "sari", Role.SEKRETARIAT)


@pytest.fixture
def kadis_user(django_user_model):
    return make_staff(django_user_model, "budi", Role.KADIS)


@pytest.fixture
def kabid_user(django_user_model):
    return make_staff(django_user_model, "hendra", Role.KABID)


@pytest.fixture
def kasi_user(django_user_model):
    return make_staff(django_user_model, "dewi", Role.KASI)


@pytest.fixture
def outsider_user(django_user_model):
    """Logged in, but holds no role of the office."""
    return make_staff(django_user_model, "orang", None)


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 412, "height": 915}
    )
    pg = context.new_page()
    # The browser keeps its own clock: give its pages the moment the server lives in.
    from django.utils import timezone

    pg.clock.set_system_time(timezone.now())
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
