"""The application's database role (DESIGN §10, issue 13): created by `manage.py create_app_role` as the
owner, it owns no table; connected as it, the application submits a report and appends to the audit log,
while editing or deleting audit entries, rolling the chain head back, disabling the audit trigger,
truncating or dropping a table, or bypassing triggers all fail."""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from observatory.audit.actions import AuditAction, record

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)  # the role's own connection sees committed rows

APP_WRITES = """
import json, sys, django
django.setup()
from reports_intake.actions import submit_report
from observatory.audit.actions import AuditAction, record
from tests import factories
from unittest import mock
with mock.patch("reports_intake.outbox._publish_new"):
    submitted = submit_report(factories.new_report(narrative="written as the application role"))
entry = record(None, AuditAction.VIEWED, ("reports_intake.report", submitted.report_id))
json.dump({"report_id": str(submitted.report_id), "seq": entry.seq}, sys.stdout)
"""


@pytest.fixture
def app_role():
    name = f"obs_ops_app_{uuid.uuid4().hex[:8]}"
    out = io.StringIO()
    call_command("create_app_role", name, stdout=out)
    assert "owns no table" in out.getvalue()
    yield name
    db = django_settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    ) as c:
        c.execute(f'REASSIGN OWNED BY "{name}" TO "{db["USER"]}"')
        c.execute(f'DROP OWNED BY "{name}"')
        c.execute(f'DROP ROLE "{name}"')


def _as(role: str) -> psycopg.Connection:
    db = django_settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=role, dbname=db["NAME"], autocommit=True)


def test_the_application_role_writes_but_cannot_rewrite_the_audit_log(office, app_role):
    record(None, AuditAction.VIEWED, ("test", "before"))  # one entry written as the owner, to attack
    db = django_settings.DATABASES["default"]
    env = {
        "DATABASE_URL": f"postgis://{app_role}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "observatory.settings_test",
    }
    done = subprocess.run(
        [sys.executable, "-c", APP_WRITES], cwd=REPO, env={**os.environ, **env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = json.loads(done.stdout)
    assert written["seq"] == 2

    with _as(app_role) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == app_role
        owned = conn.execute("SELECT count(*) FROM pg_tables WHERE tableowner = current_user").fetchone()[0]
        assert owned == 0
        assert conn.execute(
            "SELECT count(*) FROM reports_intake_report WHERE id = %s", [written["report_id"]]
        ).fetchone()[0] == 1  # fmt: skip
        refused = {
            "update entry": "UPDATE audit_auditentry SET object_id = 'x' WHERE seq = 1",
            "delete entry": "DELETE FROM audit_auditentry WHERE seq = 1",
            "roll head back": "UPDATE audit_auditchainhead SET seq = 1 WHERE id = 1",
            "reset head": "DELETE FROM audit_auditchainhead",
            "disable trigger": "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
            "disable all triggers": "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
            "drop trigger": "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
            "truncate": "TRUNCATE audit_auditentry",
            "drop table": "DROP TABLE audit_auditentry",
            "bypass triggers": "SET session_replication_role = replica",
            "write migrations": "DELETE FROM django_migrations",
            "create table": "CREATE TABLE public.evil (id int)",
        }
        failures = {}
        for name, statement in refused.items():
            try:
                conn.execute(statement)
            except psycopg.Error as error:
                failures[name] = type(error).__name__
        assert set(failures) == set(refused), f"allowed: {set(refused) - set(failures)}"

    # Nothing changed: the chain still verifies from the owner's side, two entries long.
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    assert "audit log intact: 2 entries" in out.getvalue()
