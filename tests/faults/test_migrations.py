"""Finding 6: `migrate accounts 0001 --noinput` unapplied the intake and the casework and dropped their
tables. Run against a database of its own, migrated from scratch with one report stored: the
rollback must be refused, naming the table, and leave every table in place."""

import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings

from tests.reports_intake.brokers import REPO

NAME = settings.DATABASES["default"]["NAME"] + "_migrations"


def _admin(dbname="postgres") -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=dbname, autocommit=True)


def _manage(*args) -> subprocess.CompletedProcess:
    db = settings.DATABASES["default"]
    env = {**os.environ, "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{NAME}"}
    env.pop("ALLOW_DESTRUCTIVE_MIGRATIONS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def own_database():
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        admin.execute(f'CREATE DATABASE "{NAME}"')
    yield
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


def _tables() -> set[str]:
    with _admin(NAME) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {name for (name,) in rows}


def test_a_rollback_that_would_drop_a_table_with_rows_is_refused(own_database):
    migrated = _manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    with _admin(NAME) as conn:
        conn.execute(  # one report, as the database holds it (ciphertext columns are opaque here)
            "INSERT INTO reports_intake_report (id, created_at, updated_at, received_at, location_kind,"
            " reporter_role, language, schema_version, payload, reporter_lookup, reporter_public_key,"
            " reporter_private_sealed, status, urgent) VALUES (gen_random_uuid(), now(), now(), now(),"
            " 'online', 'victim', 'es', 1, '\\x00', '\\x01', '\\x02', '\\x03', 'received', false)"
        )
    before = _tables()

    rollback = _manage("migrate", "accounts", "0001", "--noinput")

    assert rollback.returncode != 0
    assert "Refusing to migrate backwards" in rollback.stderr and "reports_intake_report" in rollback.stderr
    assert _tables() == before
