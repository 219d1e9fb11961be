# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# A laptop runs with DEBUG on; production sets DEBUG=0 and its secrets itself.
export DEBUG ?= 1

.PHONY: run test install migrate seed lint messages bench worker beat clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Pontive Center: http://$(HOST):$(PORT)/  (staff: admin, sekretariat, kadis, kabid, kasi / $${DEMO_PASSWORD:-pontive-demo})"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Extract strings and compile them (needs GNU gettext; the compiled .mo files are committed).
messages: install
	$(PY) manage.py makemessages -l id --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

worker: install
	$(VENV)/bin/celery -A pontive worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A pontive beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
