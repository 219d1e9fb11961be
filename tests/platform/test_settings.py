"""Production refuses to start without its secrets, and passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_debug_a_missing_secret_key_stops_the_portal():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="pontive.pontianak.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr  # one plain sentence, not a stack


def test_without_debug_missing_allowed_hosts_stops_the_portal():
    result = run_manage("check", DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "Zq9!xP2@" * 8,
    "ALLOWED_HOSTS": "pontive.pontianak.go.id",
    "EMAIL_HOST": "smtp.pontianak.go.id",
    "SITE_URL": "https://pontive.pontianak.go.id",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def refused(result, sentence: str) -> None:
    assert result.returncode != 0
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr  # one plain sentence, not a stack


def without(*names: str) -> dict:
    return {k: v for k, v in PRODUCTION.items() if k not in names}


def run_manage_without(*names: str, **env):
    """manage.py with the production environment less ``names`` (also unset from ours)."""
    base = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, **without(*names), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_debug_no_mail_server_stops_the_portal():
    refused(run_manage_without("EMAIL_HOST", "EMAIL_BACKEND"), "EMAIL_HOST must be set")


def test_without_debug_an_explicit_mail_backend_stands_in_for_the_mail_server():
    result = run_manage_without(
        "EMAIL_HOST", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend"
    )
    assert result.returncode == 0, result.stderr


def test_without_debug_no_redis_stops_the_portal():
    refused(run_manage_without("REDIS_URL"), "REDIS_URL must be set")


def test_an_ikm_weight_other_than_the_regulations_stops_the_portal_at_start():
    refused(run_manage_without(PONTIVE_IKM_WEIGHT="0.12"), "PONTIVE_IKM_WEIGHT must be")
    assert run_manage_without(PONTIVE_IKM_WEIGHT="1/9").returncode == 0
    assert run_manage_without(PONTIVE_IKM_WEIGHT="0,111").returncode == 0


def test_a_malformed_flag_is_refused_not_guessed():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def site_url(**env) -> str:
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", SITE_URL_SCRIPT],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "pontive.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


SITE_URL_SCRIPT = "from django.conf import settings; print(settings.SITE_URL)"


def test_make_run_on_another_port_writes_links_to_the_address_it_serves():
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8101") == "http://127.0.0.1:8101"
    assert site_url(PORT="8101", SITE_URL="https://pontive.example/") == "https://pontive.example"


def test_without_debug_no_site_url_stops_the_portal():
    refused(run_manage_without("SITE_URL"), "SITE_URL must be set")


def test_loading_the_demo_data_prints_no_alarming_noise(tmp_path):
    """What a newcomer sees during `make run`: no kombu warning, no line per email task."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SITE_URL"}
    }
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    output = ""
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        output += result.stdout + result.stderr
    assert "co-working:" in output  # the demo data was loaded
    assert "No hostname was supplied" not in output
    assert "succeeded" not in output
    assert " WARNING " not in output and " ERROR " not in output
