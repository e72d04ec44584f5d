# Everyday commands. `make demo` and `make test` are the two README commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cleanprod
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: demo setup install assets messages-compile migrate run worker test test-sqlite test-pg \
        test-browser lint fmt contracts migrations-check check lock schema messages sync-roles \
        permissions-doc

## demo: install everything, load the demo province and accounts, serve http://127.0.0.1:8000/
demo: setup
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

## setup: install from the lock files, build assets and translations, migrate, load regions
setup: install migrate
	$(MANAGE) load_regions
	$(MANAGE) load_reference
	$(MANAGE) load_audit_rules

install: $(VENV)/.installed node_modules/.installed assets messages-compile

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	node scripts/build_assets.mjs

messages-compile: $(VENV)/.installed
	$(MANAGE) compile_catalogs

migrate: install
	mkdir -p var
	$(MANAGE) migrate --noinput

run:
	$(MANAGE) runserver 127.0.0.1:8000

worker:
	$(MANAGE) db_worker

sync-roles:
	$(MANAGE) sync_roles

## test: the whole suite — lint, contracts, migrations, then pytest on SQLite and on PostgreSQL
## side by side (one core each; logs in var/test-logs/, each printed whole when its run ends).
## PostgreSQL unreachable: skipped locally, a failure under CI=true. Each log ends with the 15
## slowest steps; more pytest arguments: make test PYTEST_ARGS="--durations=40 -x"
test: install lint contracts migrations-check
	PY="$(PY)" TEST_DATABASE_URL="$(TEST_DATABASE_URL)" scripts/test_suites.sh \
	  --durations=15 $(PYTEST_ARGS)

## test-sqlite, test-pg: one database only, output straight to the terminal
test-sqlite:
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

test-pg:
	@if $(PY) scripts/pg_available.py "$(TEST_DATABASE_URL)"; then \
	  echo "== PostgreSQL: $(TEST_DATABASE_URL)"; \
	  DATABASE_URL="$(TEST_DATABASE_URL)" DJANGO_SETTINGS_MODULE=config.settings.test \
	    $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "PostgreSQL at $(TEST_DATABASE_URL) is not reachable; in CI that is a failure"; \
	  exit 1; \
	else \
	  echo "== PostgreSQL not reachable at $(TEST_DATABASE_URL): PostgreSQL run skipped"; \
	fi

test-browser:
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -m browser

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

contracts:
	$(VENV)/bin/lint-imports

migrations-check:
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

check: test

## lock: re-resolve requirements.lock from pyproject.toml (needs network)
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

schema:
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --lang en --file docs/api/openapi.yaml --validate

messages:
	$(MANAGE) makemessages --locale zh_Hans --locale en --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --no-obsolete

workflow-doc:
	$(MANAGE) workflow_doc

permissions-doc:
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) permissions_doc > docs/permissions.md
