# Two commands: `make run` (the app on SQLite with a demo county) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo pins the business date inside the plan year (see README, "The business date").
DEMO_TODAY ?= 2020-09-30
DEMO_LABORERS ?= 20000

.PHONY: run test lint format install install-dev bench bench-import clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py migrate --noinput
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py setup_demo --laborers $(DEMO_LABORERS)
	# The import worker (checks uploads, applies confirmed imports) runs beside the server
	# and stops with it.
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py import_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py runserver $(HOST):$(PORT)

# Tests run with DEBUG off, as in production; they need some SECRET_KEY.
test: export SECRET_KEY ?= test-only-insecure-key
test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The survey import benchmark (README, "Benchmarks"); PostgreSQL with DATABASE_URL.
bench-import: install-dev
	$(PY) bench/bench_import.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
