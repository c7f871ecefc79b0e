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

# `make serve`: the production stack on this machine — PostgreSQL, DEBUG off, static files
# collected and served by WhiteNoise, gunicorn. Plain HTTP on 127.0.0.1 (HTTPS=0).
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/xiushan_jobs
SERVE_BIND ?= 127.0.0.1:8001
SERVE_DEMO ?= 1
SERVE_ENV = DEBUG=0 HTTPS=0 DATABASE_URL=$(SERVE_DATABASE_URL) ALLOWED_HOSTS=127.0.0.1,localhost \
	SECRET_KEY="$$(cat var/secret_key)" BIND=$(SERVE_BIND)

.PHONY: run test lint format install install-dev serve bench bench-import clean

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

# A background task worker (django-tasks' db_worker: checks uploads, applies confirmed
# imports) runs beside the server and stops with it, in `run` and in `serve`.
run: install
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py migrate --noinput
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py setup_demo --laborers $(DEMO_LABORERS)
	@echo "打开 http://$(HOST):$(PORT)/ 登录（Ctrl-C 停止）"
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DEBUG=1 XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py runserver $(HOST):$(PORT)

# Tests run with DEBUG off, as in production; they need some SECRET_KEY (under pytest a
# weak one is accepted; the check that refuses it elsewhere is tested in a subprocess).
# They run in parallel, one pytest-xdist worker per core (PYTEST_WORKERS=0: in one process).
PYTEST_WORKERS ?= auto
test: export SECRET_KEY ?= test-only-insecure-key
test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# PYTEST_EXIT_FILE (set by .ci/run): where pytest's own exit code is kept, since make
	@# turns every failure into its own exit code 2
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	if [ -n "$(PYTEST_EXIT_FILE)" ]; then echo $$rc > "$(PYTEST_EXIT_FILE)"; fi; exit $$rc

lint: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

var/secret_key:
	mkdir -p var && umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: install var/secret_key
	@db=$$(basename "$(SERVE_DATABASE_URL)"); \
	  psql "$(dir $(SERVE_DATABASE_URL))postgres" -Atc "SELECT 1 FROM pg_database WHERE datname='$$db'" | grep -q 1 \
	  || psql "$(dir $(SERVE_DATABASE_URL))postgres" -c "CREATE DATABASE $$db"
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	if [ "$(SERVE_DEMO)" = 1 ]; then $(SERVE_ENV) XJ_TODAY=$${XJ_TODAY-$(DEMO_TODAY)} $(PY) manage.py setup_demo --laborers $(DEMO_LABORERS); fi
	@echo "生产模式：http://$(SERVE_BIND)/ （Ctrl-C 停止）"
	$(SERVE_ENV) XJ_TODAY=$${XJ_TODAY-$(if $(filter 1,$(SERVE_DEMO)),$(DEMO_TODAY))} $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(SERVE_ENV) XJ_TODAY=$${XJ_TODAY-$(if $(filter 1,$(SERVE_DEMO)),$(DEMO_TODAY))} $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py xiushan_jobs.wsgi

# The survey import benchmark (README, "Benchmarks"); PostgreSQL with DATABASE_URL.
bench-import: install-dev
	$(PY) bench/bench_import.py

# 30 officers on PostgreSQL through gunicorn with an import running (bench/load_test.py).
load-test: install-dev
	$(PY) bench/load_test.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
