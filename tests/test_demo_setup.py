"""The README's first command, `make demo`, builds its database with management commands that the rest of
the suite never runs in a row, in a process with no broker: Celery tasks run in-process there. This runs
those steps, as the Makefile does, against a fresh PostGIS database and a fresh var/ directory, and checks
that the same task code triaged the reports and that a bulletin can be built from them."""

import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

REPO = Path(__file__).resolve().parents[1]
BOUNDARIES = REPO / "observatory" / "geography" / "data" / "valencia-barris-barrios.geojson"
# The tests' broker, cache and settings module: the demo has none of them.
NOT_IN_THE_DEMO = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")


def _demo_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in NOT_IN_THE_DEMO}
    env.update(DEBUG="1", OBSERVATORY_VAR_DIR=str(var_dir), LOG_LEVEL="WARNING", **extra)
    return env


def _manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *command],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _previous_quarter(today: date) -> str:
    quarter = (today.month - 1) // 3 + 1
    return f"{today.year - 1}Q4" if quarter == 1 else f"{today.year}Q{quarter - 1}"


@pytest.fixture
def throwaway_database():
    """A database of its own on the test server, named after this run, dropped afterwards."""
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_demo_{uuid.uuid4().hex[:8]}"
    server = dict(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"] or None)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    try:
        yield url, lambda: psycopg.connect(dbname=name, **server)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_demo_setup_triages_reports_in_process_and_builds_a_bulletin(tmp_path, throwaway_database):
    url, connect = throwaway_database
    env = _demo_env(tmp_path, DATABASE_URL=url, TRIAGE_PRIVATE_KEY_FILE=str(tmp_path / "keys" / "triage.key"))
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_boundaries", str(BOUNDARIES))
    _manage(env, "load_demo", "--quiet-login")
    _manage(env, "seed_demo", "--reports", "3", "--seed", "1", "--if-empty")

    with connect() as conn:
        statuses = conn.execute("select status from reports_intake_report").fetchall()
        outbox = conn.execute(
            "select published_at is not null, attempts from reports_intake_outboxmessage"
        ).fetchall()
    # No broker: the outbox ran the triage task in this process, once per report, right after commit.
    assert statuses == [("triaged",)] * 3
    assert outbox == [(True, 1)] * 3

    period = _previous_quarter(date.today())
    assert f"created draft bulletin {period}" in _manage(env, "build_bulletin", period)
    with connect() as conn:
        bulletins = conn.execute("select count(*) from cms_bulletinpage").fetchone()[0]
    assert bulletins == 1


def _settings_in_a_fresh_process(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['USER'], db['HOST'], db['PORT'], db['NAME'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "observatory.settings"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_database_url_the_settings_point_at_the_demo_cluster(tmp_path):
    done = _settings_in_a_fresh_process(_demo_env(tmp_path, DEMO_PG_PORT="55499"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "django.contrib.gis.db.backends.postgis",
        "observatory",
        "127.0.0.1",
        "55499",
        "observatory",
    ]


@pytest.mark.parametrize("url", ["spatialite:///tmp/demo.sqlite3", "postgres://u:hunter2@h/db", "sqlite://"])
def test_any_engine_but_postgis_is_refused_without_showing_the_url(tmp_path, url):
    done = _settings_in_a_fresh_process(_demo_env(tmp_path, DATABASE_URL=url, SECRET_KEY="x"))
    assert done.returncode != 0
    assert "DATABASE_URL must be postgis://" in done.stderr
    assert "hunter2" not in done.stderr
