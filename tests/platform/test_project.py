"""The project's own promises: the production shape, CI, and compiled translations."""

from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_describes_the_production_shape():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    assert "gunicorn pontive.wsgi" in services["web"]["command"]
    assert "celery -A pontive worker" in services["worker"]["command"]
    assert "celery -A pontive beat" in services["beat"]["command"]
    assert services["db"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        assert any(v.startswith("media:") for v in services[name]["volumes"])
    assert "media" in compose["volumes"]


def _names(path: Path) -> dict[str, str]:
    """Package name (lower case, - for _) → the pinned version, of one requirements file."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def test_production_installs_only_what_the_portal_runs_with_at_locked_versions():
    runtime = _names(ROOT / "requirements.txt")
    tools = _names(ROOT / "requirements-dev.txt")
    locked = _names(ROOT / "constraints.txt")
    assert {"django", "psycopg2-binary", "celery", "weasyprint", "qrcode"} <= set(runtime)
    assert not {"pytest", "playwright", "hypothesis", "ruff"} & set(runtime)
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    for name, version in {**runtime, **tools}.items():
        assert version, f"{name} is not pinned"
        assert locked.get(name) == version, f"constraints.txt disagrees on {name}"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "-r requirements.txt -c constraints.txt" in dockerfile
    assert "-r requirements-dev" not in dockerfile


def test_docker_compose_runs_the_portal_as_the_runtime_role_and_migrates_as_the_owner():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services_ = compose["services"]
    for name in ("web", "worker", "beat"):
        assert services_[name]["environment"]["DATABASE_URL"].startswith("postgres://pontive_app:")
        assert "migrate" not in services_[name]["command"]
    migrate = services_["migrate"]
    assert migrate["environment"]["DATABASE_URL"].startswith("postgres://pontive:")
    assert (
        "migrate" in migrate["command"] and "grant_runtime_role pontive_app" in migrate["command"]
    )
    assert services_["db"]["environment"]["POSTGRES_USER"] != "pontive"
    init = (ROOT / "deploy" / "postgres-roles.sh").read_text()
    assert "CREATE ROLE pontive LOGIN NOSUPERUSER" in init
    assert "CREATE ROLE pontive_app LOGIN NOSUPERUSER" in init


def test_ci_runs_make_test_on_postgres_and_on_the_embedded_default():
    script = (ROOT / ".ci" / "run").read_text()
    assert 'DATABASE_URL="postgres://postgres@127.0.0.1:5432/' in script
    assert 'REDIS_URL="redis://127.0.0.1:6379' in script
    assert script.count("make test") >= 2
    assert "set -euo pipefail" in script
    assert "faketime" in script  # one pass runs with the clock moved


def test_every_indonesian_string_is_translated_and_compiled():
    """A fresh `make run` has no gettext, so the committed .mo files must match the .po files."""
    po_files = [
        p for p in ROOT.glob("**/locale/id/LC_MESSAGES/django.po") if ".venv" not in p.parts
    ]
    assert po_files
    for po_path in po_files:
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
        assert not untranslated, f"{po_path}: untranslated {untranslated[:5]}"
        assert not po.fuzzy_entries(), f"{po_path}: fuzzy entries"
        mo = polib.mofile(str(po_path.with_suffix(".mo")))
        compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in mo}
        for entry in po.translated_entries():
            got = compiled.get((entry.msgctxt, entry.msgid))
            want = entry.msgstr or entry.msgstr_plural.get(0)
            assert got == want, f"{po_path}: stale .mo for {entry.msgid!r}; run `make messages`"
