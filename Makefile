# Two commands: `make run` serves the demo, `make test` runs the whole suite.
# Both set up everything they need on a fresh machine with Python 3.11 or newer.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
export FLASK_APP := tracker

# The first Python that is 3.11 or newer.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: run test check install install-test translations vnu lint format messages clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations vnu

# The W3C Nu HTML Checker for the test that checks every page (tests/test_html.py). It runs
# on the machine's Java; npm fetches the jar once. Its install script (a Java downloader) is
# not run. Without npm the test skips, or fails where TRACKER_REQUIRE_VNU=1 (as in CI).
VNU_VERSION := 26.9.27
VNU_STAMP := .cache/vnu/.installed-$(VNU_VERSION)

vnu: $(VNU_STAMP)

$(VNU_STAMP):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-save --ignore-scripts --no-audit --no-fund --prefix .cache/vnu vnu-jar@$(VNU_VERSION) >/dev/null && touch $@; \
	else echo "npm not found: the HTML check will not run."; fi

# Compiled catalogues (.mo) are built here, never committed.
translations: | $(BIN)/python
	@$(BIN)/pybabel compile -d tracker/translations > $(VENV)/pybabel.log 2>&1 || { cat $(VENV)/pybabel.log; exit 1; }

instance/secret_key:
	@mkdir -p instance
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_hex(32))' > $@
	@echo "Wrote a development secret to $@"

run: install instance/secret_key
	$(BIN)/flask db upgrade
	$(BIN)/flask demo --if-empty
	@echo
	@echo "Serving on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: check
	$(BIN)/pytest $(PYTEST_ARGS)

# What the pre-commit hooks run (.pre-commit-config.yaml), run here directly so that it works
# without a git checkout: lint, format and the type check (mypy's settings are in setup.cfg).
check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lint: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-extract the strings and update the catalogues after changing user-facing text.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o tracker/translations/messages.pot --no-location --sort-output --omit-header --ignore-dirs='.* node_modules' .
	$(BIN)/pybabel update -i tracker/translations/messages.pot -d tracker/translations --no-fuzzy-matching --no-wrap

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache
