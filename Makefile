# The project's vocabulary. Quick start: `make demo`, then `make test` (README).
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
BOUNDARIES ?= observatory/geography/data/valencia-barris-barrios.geojson
# The demo's own PostgreSQL + PostGIS cluster (scripts/demo-postgres; data in var/pg) and where it serves.
DEMO_PG_PORT ?= 55432
PORT ?= 8000
# The demo runs tasks in-process, so this one process also plays the triage worker and needs its key
# (written by load_demo under var/keys/, ignored by git). Production never gives the web tier this key.
# No DATABASE_URL: settings point at the demo cluster on DEMO_PG_PORT.
DEMO_ENV := DEBUG=1 DEMO_PG_PORT=$(DEMO_PG_PORT) TRIAGE_PRIVATE_KEY_FILE=var/keys/triage.key
# The setup steps' INFO logs (Wagtail, the in-process triage tasks) would bury the login printed last.
DEMO_QUIET := LOG_LEVEL=WARNING
# The real stack used by the tests: PostGIS on the local PostgreSQL, Redis as broker, cache and results.
TEST_ENV := SECRET_KEY=$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') DATABASE_URL=postgis://postgres@127.0.0.1:5432/observatory \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/5 REDIS_URL=redis://127.0.0.1:6379/6 \
	DJANGO_SETTINGS_MODULE=observatory.settings_test
PYTEST_ARGS ?=

CORPUS := $(wildcard nlp/data/corpus/*.jsonl) $(wildcard nlp/resources/*) \
	$(filter-out nlp/models.py nlp/actions.py nlp/registry.py nlp/corrections.py nlp/evaluation.py nlp/public_sets.py,$(wildcard nlp/*.py))
MODEL := var/models/triage/meta.json

.PHONY: demo demo-code demo-db-start demo-db-stop demo-db-status test check lint format migrations model bench-triage bench-envelope bench-disclosure bench-intake bench-bulletin bench-casework clean-demo

$(VENV_STAMP): requirements.txt
	scripts/install-system-packages demo
	test -x $(PY) || /usr/bin/python3 -m venv .venv
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

## model: train the triage model when it is missing or older than the corpus and the nlp code (~2 min;
## ~5.5 min from scratch, when the sentence encoder first embeds the corpus into var/cache/)
$(MODEL): $(CORPUS) | $(VENV_STAMP)
	$(DEMO_ENV) $(PY) manage.py train_triage
model: $(MODEL)

## demo: install what is missing, start the demo database, fill it and serve http://127.0.0.1:8000
## (`make demo PORT=8001` for another port; when 8000 is taken the next free one is used)
# One shell line, so the port chosen first is the one printed and served. The login is printed last,
# right before runserver, whose own banner is dropped (errors still reach stderr). --noreload: a demo
# is not edited while it runs, and a reload on a half-saved file would leave it dead.
demo: demo-db-start $(VENV_STAMP) $(MODEL)
	@port=$$(scripts/demo-port $(PORT) $(if $(filter command line environment,$(origin PORT)),1,0)) && \
	echo "Building the demo (the first run takes a few minutes, later runs seconds)..." && \
	$(DEMO_ENV) $(DEMO_QUIET) $(PY) manage.py migrate --noinput -v 0 && \
	$(DEMO_ENV) $(DEMO_QUIET) $(PY) manage.py load_boundaries $(BOUNDARIES) && \
	$(DEMO_ENV) $(DEMO_QUIET) $(PY) manage.py load_demo --quiet-login && \
	$(DEMO_ENV) $(DEMO_QUIET) $(PY) manage.py seed_demo --reports 40 --seed 1 --if-empty && \
	echo && $(DEMO_ENV) $(DEMO_QUIET) $(PY) manage.py load_demo --site-url http://127.0.0.1:$$port && \
	$(DEMO_ENV) $(DEMO_QUIET) SITE_URL=http://127.0.0.1:$$port \
		$(PY) manage.py runserver --noreload 127.0.0.1:$$port >/dev/null

## demo-db-start / demo-db-stop / demo-db-status: the demo's PostgreSQL in var/pg (port DEMO_PG_PORT)
demo-db-start:
	@scripts/install-system-packages demo
	@DEMO_PG_PORT=$(DEMO_PG_PORT) scripts/demo-postgres start

demo-db-stop:
	@DEMO_PG_PORT=$(DEMO_PG_PORT) scripts/demo-postgres stop

demo-db-status:
	@DEMO_PG_PORT=$(DEMO_PG_PORT) scripts/demo-postgres status

## demo-code: the demo staff user's current TOTP code
demo-code: demo-db-start $(VENV_STAMP)
	@$(DEMO_ENV) $(PY) manage.py demo_totp_code

## clean-demo: stop the demo database and delete it (the next `make demo` builds a fresh one)
clean-demo: demo-db-stop
	rm -rf var/pg var/demo-credentials.json

## test: the whole suite on PostGIS, Redis and a live Celery worker (installs what is missing)
test: $(VENV_STAMP) $(MODEL)
	scripts/install-system-packages test
	scripts/install-test-assets
	scripts/ensure-test-services
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

## check: lint, the layer contract (pyproject.toml, DESIGN §3), Django system checks, migrations in step
check: $(VENV_STAMP)
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	$(DEMO_ENV) $(PY) manage.py check
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

lint: check

format: $(VENV_STAMP)
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

migrations: $(VENV_STAMP)
	$(DEMO_ENV) $(PY) manage.py makemigrations

## messages: add new msgids to every language's catalogue (locale/), drop obsolete ones, compile the .mo
.PHONY: messages
messages: $(VENV_STAMP)
	scripts/make-messages

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
	$(PY) bench/bench_intake.py --profile $(BENCH_ARGS)

bench-bulletin: $(VENV_STAMP)
	scripts/ensure-test-services
	$(PY) bench/seed_cases.py --cases 1000000
	$(PY) bench/bench_bulletin.py --period 2026Q3
