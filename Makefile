# 走流程 — developer tasks.  `make run` serves the app; `make test` runs the tests.
# Everything runs from .venv, which `make venv` creates and keeps in step with requirements*.txt.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# Address `make run` serves on.
RUN_ADDR ?= 127.0.0.1:8000
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k workflow -x"
PYTEST_ARGS ?=
# Folders the filesystem Celery broker, the file cache and uploads need before anything starts.
VAR_DIRS := var/broker/queue var/broker/processed var/broker/control var/cache var/media

export PYTHONUNBUFFERED := 1

.PHONY: help venv dirs messages translations run test lint check-deploy bench bench-export-memory

help:
	@echo "make run           migrate, seed demo data, serve http://$(RUN_ADDR) with celery worker + beat"
	@echo "make test          run the test suite (PYTEST_ARGS=... to pass options to pytest)"
	@echo "make lint          ruff check ."
	@echo "make check-deploy  manage.py check --deploy against the production settings"
	@echo "make venv          create/refresh .venv from requirements-dev.txt"
	@echo "make translations  refresh locale/ catalogues after changing user-facing text"
	@echo "make bench         seed (once) and measure a province-sized ledger: BENCH_ISSUES=100000 (see BENCHMARKS.md)"

venv: $(STAMP)

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "error: $(PYTHON) not found. Install Python 3.11 (Debian: apt-get install python3.11 python3.11-venv)," \
	       "or run: make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Re-installs only when a requirements file is newer than the stamp.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

dirs:
	@mkdir -p $(VAR_DIRS)

# Translation catalogues (settings.LOCALE_PATHS); compiled when there are any. Needs gettext's msgfmt.
LOCALE_DIRS := locale vendor_locale

messages: venv
	@if [ -n "$$(find $(LOCALE_DIRS) -name '*.po' 2>/dev/null | head -n 1)" ]; then \
	  if command -v msgfmt >/dev/null 2>&1; then \
	    $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=var --ignore=node_modules --verbosity 0; \
	  else \
	    echo "hint: msgfmt not found, translations not compiled (Debian: apt-get install gettext)"; \
	  fi; \
	fi

# After changing user-facing text: refresh both catalogues; zh_Hans is made afresh each time (its msgids are the
# Chinese text itself, so msgen fills it; starting afresh keeps msgmerge from guessing from similar old strings),
# then translate the new empty entries of locale/en/LC_MESSAGES/django.po and run `make messages`.
MAKEMESSAGES_IGNORE := --ignore=$(VENV) --ignore=var --ignore=tests --ignore=vendor_locale --ignore=test-artifacts

translations: venv
	rm -f locale/zh_Hans/LC_MESSAGES/django.po
	$(PY) manage.py makemessages -l en -l zh_Hans --no-obsolete $(MAKEMESSAGES_IGNORE)
	msgen --no-wrap -o locale/zh_Hans/LC_MESSAGES/django.po locale/zh_Hans/LC_MESSAGES/django.po
	msgattrib --clear-fuzzy --no-wrap -o locale/zh_Hans/LC_MESSAGES/django.po locale/zh_Hans/LC_MESSAGES/django.po
	# Chinese has one plural form (nplurals=1); msgen writes a second one, which msgfmt --check refuses.
	sed -i '/^msgstr\[[1-9]\]/d' locale/zh_Hans/LC_MESSAGES/django.po
	@untranslated=$$(msgattrib --untranslated --no-obsolete locale/en/LC_MESSAGES/django.po | grep -c '^msgid' || true); \
	  fuzzy=$$(msgattrib --only-fuzzy --no-obsolete locale/en/LC_MESSAGES/django.po | grep -c '^msgid' || true); \
	  echo "English entries still to translate: $${untranslated:-0} empty, $${fuzzy:-0} guessed (marked fuzzy: check and unmark)"

run: venv dirs messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	@echo
	@echo "  走流程: http://$(RUN_ADDR)/  (runserver + celery worker + celery beat; Ctrl-C stops all three)"
	@echo
	RUN_ADDR=$(RUN_ADDR) exec $(VENV)/bin/honcho --procfile Procfile.dev start

test: venv dirs messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .

# A fake but production-shaped environment: the real one lives in /etc/walkthrough/env (deploy/env.example).
check-deploy: venv
	DJANGO_SETTINGS_MODULE=walkthrough.settings.production \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(45))')" \
	ALLOWED_HOSTS=zlc.example.gov.cn \
	DATABASE_URL='sqlite://:memory:' \
	$(PY) manage.py check --deploy --fail-level WARNING

# A measurement, not a test (not part of `make test`). Needs PostgreSQL: the database is BENCH_DATABASE_URL, by
# default postgres://postgres@127.0.0.1:5432/bench_$(BENCH_ISSUES), created and seeded (manage.py seed_bench) on
# first use. Prints every page's p50/p95 and queries beside its bare SQL, the export beside bare openpyxl, the
# reminder scan, and gunicorn + locust throughput; BENCH_ARGS passes options (python -m bench --help).
BENCH_ISSUES ?= 100000
BENCH_ARGS ?=
bench: venv
	$(PY) -m bench --issues $(BENCH_ISSUES) $(BENCH_ARGS)

# Memory of the Excel ledger export alone, on a throwaway SQLite database (rows, peak Python memory, RSS, time).
BENCH_ROWS ?= 1000 10000
bench-export-memory: venv
	$(PY) -m reports.bench.export_memory $(BENCH_ROWS)
