"""What production runs with: read from the settings as DEBUG=0 loads them, not assumed."""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NAMES = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST",
    "X_FRAME_OPTIONS",
    "AXES_FAILURE_LIMIT",
    "AXES_LOCKOUT_PARAMETERS",
    "AXES_CLIENT_IP_CALLABLE",
    "CELERY_WORKER_HIJACK_ROOT_LOGGER",
    "DEFAULT_EXCEPTION_REPORTER_FILTER",
    "PONTIVE",
]

SCRIPT = f"""
import json, django
django.setup()
from django.conf import settings
print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}, default=str))
"""


@functools.cache
def production_settings(**env) -> dict:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "PONTIVE_REQUIRE_2FA"}
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "pontive.settings",
            "DEBUG": "0",
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "pontive.pontianak.go.id",
            "EMAIL_HOST": "smtp.pontianak.go.id",
            "SITE_URL": "https://pontive.pontianak.go.id",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_redirects_to_https():
    values = production_settings()
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True


def test_production_cookies_are_secure_httponly_and_samesite():
    values = production_settings()
    for prefix in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{prefix}_COOKIE_SECURE"] is True
        assert values[f"{prefix}_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_staff_sessions_end_after_two_idle_hours_unless_the_office_says_otherwise():
    values = production_settings()
    assert values["SESSION_COOKIE_AGE"] == 7200
    assert values["SESSION_SAVE_EVERY_REQUEST"] is True
    assert production_settings(SESSION_IDLE_SECONDS="1800")["SESSION_COOKIE_AGE"] == 1800


def test_logins_are_throttled_per_account_and_real_address():
    values = production_settings()
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert values["AXES_CLIENT_IP_CALLABLE"] == "reservations.http.client_ip"


def test_two_factor_is_off_until_the_office_turns_it_on():
    assert production_settings()["PONTIVE"]["REQUIRE_2FA"] is False
    assert production_settings(PONTIVE_REQUIRE_2FA="1")["PONTIVE"]["REQUIRE_2FA"] is True


def test_workers_keep_the_redacting_log_handler():
    values = production_settings()
    assert values["CELERY_WORKER_HIJACK_ROOT_LOGGER"] is False
    assert values["DEFAULT_EXCEPTION_REPORTER_FILTER"].endswith("NoPersonalDataReporterFilter")
