# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run dev test lint install serve-prod clean bench-uploads outdated bench bench-shared prod-smoke backup restore

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $@

install: $(RUNTIME_STAMP)

## make run: install, migrate, load demo content, serve on http://127.0.0.1:8000
## with a task worker beside the web server; Ctrl-C stops both. DEBUG is off
## (LOCAL_SERVE: readers see the site's own 404 and 500 pages); static files
## and media are still served. make dev: the same with DEBUG on (Django's
## technical error pages, template reloading).
run: SERVE_ENV := LOCAL_SERVE=True DEBUG=False
dev: SERVE_ENV := DEBUG=True
run dev: $(RUNTIME_STAMP)
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py seed_demo
	@$(SERVE_ENV) bash -c 'trap "kill %1 2>/dev/null; wait" EXIT; \
	  $(PY) manage.py task_worker --queue-name "*" & \
	  $(PY) manage.py runserver 127.0.0.1:8000'


## make test: install test tools, run the whole suite (SQLite, or $$DATABASE_URL)
test: $(DEV_STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

## make bench: load the production setup with wrk on 127.0.0.1 (bench/README.md)
bench: $(DEV_STAMP)
	$(PY) -m bench.run

## make bench-shared: the shared Wagtail/floor harness with our article page added
bench-shared: $(DEV_STAMP)
	$(PY) -m bench.shared $(BENCH_SHARED_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make bench-uploads: peak memory and CPU of one image upload (README, Security)
bench-uploads: $(RUNTIME_STAMP)
	$(PY) bench/upload_memory.py

## make outdated: pins behind the newest patch release of their series
outdated: $(RUNTIME_STAMP)
	$(PY) scripts/outdated.py

## make prod-smoke: the production shape on loopback, an editorial loop, faults
prod-smoke: $(RUNTIME_STAMP)
	$(PY) scripts/prod_smoke.py

## make backup: database + media + manifest in one tar.gz under $$BACKUP_DIR (./backups)
backup: $(RUNTIME_STAMP)
	$(PY) scripts/backup.py backup

## make restore ARCHIVE=backups/newsroom-backup-....tar.gz [FORCE=1]
restore: $(RUNTIME_STAMP)
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=path [FORCE=1]"; exit 2; }
	$(PY) scripts/backup.py restore "$(ARCHIVE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .hypothesis
