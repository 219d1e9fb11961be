# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# settings.py writes links to the address served here unless SITE_URL is set.
export HOST PORT

# A laptop runs with DEBUG on; production sets DEBUG=0 and its secrets itself.
export DEBUG ?= 1

.PHONY: run test install install-dev lock migrate seed lint messages bench worker beat clean

# What the portal runs with (requirements.txt), and for `make test` the tools on top
# (requirements-dev.txt); constraints.txt pins every package, transitive ones included,
# so a fresh machine next month installs the same versions.
$(VENV)/.installed: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Writes constraints.txt anew from a throwaway virtualenv (after changing a requirement).
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -r requirements-dev.txt
	{ sed -n '1,2p' constraints.txt; .venv-lock/bin/python -m pip freeze; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .venv-lock

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Pontive Center: http://$(HOST):$(PORT)/  (staff: admin, sekretariat, kadis, kabid, kasi / $${DEMO_PASSWORD:-pontive-demo})"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Extract strings and compile them (needs GNU gettext; the compiled .mo files are committed).
messages: install-dev
	$(PY) manage.py makemessages -l id --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

worker: install
	$(VENV)/bin/celery -A pontive worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A pontive beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
