# RainCheck: `make run` to try it, `make test` to check it, `make lint` for style only, `make bench` to measure it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# manage.py by hand needs DEBUG on (no secret key, no hardening, console e-mail).
DEV := DJANGO_DEBUG=1

.PHONY: run test lint bench bench-check clean screenshots

# A stamp per requirements file: pip runs again only when the file changes.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

## Create .venv, migrate, seed the demo accounts, start web + worker + beat (Ctrl-C stops all three).
run: $(VENV)/.installed
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py seed_demo
	@echo ""
	@echo "RainCheck is starting at http://127.0.0.1:8000 (log in with the demo account above; Ctrl-C stops it)."
	@echo ""
	$(DEV) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho -f Procfile.dev start

## Lint, Django's checks, migrations up to date, and the whole suite.
## pytest's exit code 5 (no test collected) fails the target with a message, never passes silently.
test: lint
	$(DEV) $(PY) manage.py check
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS) || { status=$$?; \
	  if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; exit $$status; }

## ruff: lint rules and formatting.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## A PNG of every main page, on a desktop and on a phone, into docs/screenshots/ (headless Chromium).
screenshots: $(VENV)/.installed-dev
	REQUIRE_SERVICES=1 $(VENV)/bin/pytest tests/e2e/screenshots.py -q -p no:cacheprovider

## DESIGN.md's performance budgets, measured: one table, printed and written to docs/performance.md.
## On SQLite and on the local PostgreSQL (a raincheck_bench database it creates and drops), one after the other;
## `make bench BENCH_DATABASE=sqlite` (or auto: PostgreSQL when it answers, else SQLite) for one.
## Not part of `make test`; about 6 minutes on a quiet 2-core machine (3 a database).
BENCH_DATABASE ?= both
bench: $(VENV)/.installed-dev
	$(PY) -m bench.run --database $(BENCH_DATABASE)

clean:
	rm -rf var staticfiles
