"""Finding 2, the configuration half: a process started the way deploy/gunicorn.conf.py starts the web
tier gets PostgreSQL statement and lock deadlines on its real connections, health-checked persistent
connections, and broker/cache socket deadlines; a worker process gets no statement deadline."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.reports_intake.brokers import REPO

PROBE = """
import json, runpy
import django
from django.conf import settings
if {web!r}:
    runpy.run_path("deploy/gunicorn.conf.py")  # what gunicorn does before it loads the application
django.setup()
from django.db import connection
from observatory.celery import app
with connection.cursor() as cursor:
    cursor.execute("SELECT current_setting('statement_timeout'), current_setting('lock_timeout')")
    statement, lock = cursor.fetchone()
print(json.dumps({{
    "statement": statement, "lock": lock,
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "broker": app.conf.broker_transport_options, "connect": app.conf.broker_connection_timeout,
    "cache": settings.CACHES["default"].get("OPTIONS", {{}}),
}}))
"""


def _probe(web: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("OBSERVATORY_WEB", "DB_STATEMENT_TIMEOUT_MS")}
    db = settings.DATABASES["default"]
    env["DATABASE_URL"] = f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(web=web)], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_the_web_tier_has_deadlines_on_every_external_call():
    web, worker = _probe(web=True), _probe(web=False)
    assert (web["statement"], web["lock"]) == ("10s", "3s")
    assert worker["statement"] == "0"  # bulletins and migrations may run long
    for process in (web, worker):
        assert process["health_checks"] is True
        assert process["broker"]["socket_timeout"] == process["broker"]["socket_connect_timeout"] == 2.0
        assert process["connect"] == 2.0
        if process["cache"]:  # REDIS_URL set, as in production
            assert process["cache"]["socket_timeout"] == 2.0
