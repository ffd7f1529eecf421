# The project's vocabulary. Quick start: `make demo`, then `make test` (README).
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
BOUNDARIES ?= observatory/geography/data/valencia-barris-barrios.geojson
# The demo runs tasks in-process, so this one process also plays the triage worker and needs its key
# (written by load_demo under var/keys/, ignored by git). Production never gives the web tier this key.
DEMO_ENV := DEBUG=1 TRIAGE_PRIVATE_KEY_FILE=var/keys/triage.key
# The real stack used by the tests: PostGIS on the local PostgreSQL, Redis as broker, cache and results.
TEST_ENV := SECRET_KEY=$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') DATABASE_URL=postgis://postgres@127.0.0.1:5432/observatory \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/5 REDIS_URL=redis://127.0.0.1:6379/6 \
	DJANGO_SETTINGS_MODULE=observatory.settings_test
PYTEST_ARGS ?=

CORPUS := $(wildcard nlp/data/corpus/*.jsonl) $(wildcard nlp/resources/*) \
	$(filter-out nlp/models.py nlp/tasks.py nlp/actions.py,$(wildcard nlp/*.py))
MODEL := var/models/triage/meta.json

.PHONY: demo demo-code test check lint format migrations model bench-triage bench-envelope bench-disclosure bench-intake bench-bulletin bench-casework clean-demo

$(VENV_STAMP): requirements.txt
	scripts/install-system-packages demo
	# Debian's python3: its sqlite3 can load the SpatiaLite extension (DESIGN §2).
	test -x $(PY) || /usr/bin/python3 -m venv .venv
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

## model: train the triage model when it is missing or older than the corpus and the nlp code (< 3 min)
$(MODEL): $(CORPUS) | $(VENV_STAMP)
	$(DEMO_ENV) $(PY) manage.py train_triage
model: $(MODEL)

## demo: install what is missing, build the demo database and serve http://127.0.0.1:8000
demo: $(VENV_STAMP) $(MODEL)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEMO_ENV) $(PY) manage.py load_boundaries $(BOUNDARIES)
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py seed_demo --reports 40 --seed 1 --if-empty
	@echo "Serving the demo on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## demo-code: the demo staff user's current TOTP code
demo-code: $(VENV_STAMP)
	@$(DEMO_ENV) $(PY) manage.py demo_totp_code

clean-demo:
	rm -f var/demo.sqlite3 var/demo-credentials.json

## test: the whole suite on PostGIS, Redis and a live Celery worker (installs what is missing)
test: $(VENV_STAMP) $(MODEL)
	scripts/install-system-packages test
	scripts/ensure-test-services
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

## check: lint, Django system checks and migrations in step with the models
check: $(VENV_STAMP)
	.venv/bin/ruff check .
	$(DEMO_ENV) $(PY) manage.py check
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

lint: check

format: $(VENV_STAMP)
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

migrations: $(VENV_STAMP)
	$(DEMO_ENV) $(PY) manage.py makemigrations

## bench-*: benchmarks, run on demand (not in CI); each prints its own table
bench-triage: $(MODEL)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 $(PY) bench/bench_triage.py

bench-envelope: $(VENV_STAMP)
	$(PY) bench/bench_envelope.py

bench-disclosure: $(VENV_STAMP)
	$(PY) bench/bench_disclosure.py

bench-casework: $(VENV_STAMP)
	scripts/ensure-test-services
	REDIS_URL=redis://127.0.0.1:6379/14 $(PY) bench/bench_casework.py

bench-intake: $(VENV_STAMP)
	scripts/ensure-test-services
	$(PY) bench/bench_intake.py $(BENCH_ARGS)

bench-bulletin: $(VENV_STAMP)
	scripts/ensure-test-services
	$(PY) bench/seed_cases.py --cases 1000000
	$(PY) bench/bench_bulletin.py --period 2026Q3
