"""The README's first command runs on the embedded default (SpatiaLite, no server), while every other test
runs on PostGIS: code that is right there can still break the demo. This runs the demo's setup steps, as
`make demo` does, in a fresh directory."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOUNDARIES = REPO / "observatory" / "geography" / "data" / "valencia-barris-barrios.geojson"
# What the tests' environment points at a server; the demo has none of it.
SERVER_SETTINGS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")


def test_demo_setup_on_the_embedded_database_stores_and_triages_reports(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in SERVER_SETTINGS}
    env.update(
        OBSERVATORY_VAR_DIR=str(tmp_path),
        DEBUG="1",
        TRIAGE_PRIVATE_KEY_FILE=str(tmp_path / "keys" / "triage.key"),
    )
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_boundaries", str(BOUNDARIES)],
        ["load_demo", "--quiet-login"],
        ["seed_demo", "--reports", "3", "--seed", "1", "--if-empty"],
    ):
        subprocess.run(
            [sys.executable, str(REPO / "manage.py"), *command],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=300,
        )

    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        statuses = db.execute("select status from reports_intake_report").fetchall()
        outbox = db.execute("select published_at, attempts from reports_intake_outboxmessage").fetchall()
    assert statuses == [("triaged",)] * 3
    # Published in the SQLite form of a time (as the ORM writes it), once each.
    assert len(outbox) == 3 and all(len(stamp) == 19 and attempts == 1 for stamp, attempts in outbox)
