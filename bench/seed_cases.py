"""Seed a bench database with labelled reports and cases for the bulletin bench (bench_bulletin.py).

    .venv/bin/python bench/seed_cases.py --cases 1000000
    .venv/bin/python bench/seed_cases.py --cases 200000 --database postgis://postgres@127.0.0.1:5432/other

The database (default ``observatory_bench``, never the development or test one) is created if missing
and migrated; Valencia's boundaries are loaded; then the report, case and case-action tables are emptied
and refilled with PostgreSQL COPY, 100,000 rows a batch. Rows carry codes, dates and statuses only:
payloads and keys are empty bytes (statistics never read them). Received dates are spread over 2025 and
2026 with a weekly and seasonal shape; categories follow skewed weights so that small cells exist.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_DATABASE = "postgis://postgres@127.0.0.1:5432/observatory_bench"
BATCH = 100_000

# Until the project registers the statistics app and the bulletin pages (see bench_bulletin.py's
# docstring), a bench settings module adds them; once registered this changes nothing.
BENCH_SETTINGS = """
import django.apps
from observatory.settings import *  # noqa: F403
from observatory.settings import INSTALLED_APPS
if "observatory.stats" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "observatory.stats"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench_bulletin_shim"]
"""
SHIM_MODELS = "from cms.bulletins import BulletinIndexPage, BulletinPage  # noqa: F401\n"


def configure(database: str) -> None:
    """Point Django at the bench database with the bench settings, then set it up."""
    folder = Path(tempfile.mkdtemp(prefix="bench-bulletin-"))
    (folder / "bench_bulletin_settings.py").write_text(BENCH_SETTINGS)
    (folder / "bench_bulletin_shim").mkdir()
    (folder / "bench_bulletin_shim" / "__init__.py").write_text("")
    (folder / "bench_bulletin_shim" / "models.py").write_text(SHIM_MODELS)
    sys.path.insert(0, str(folder))
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("SECRET_KEY", uuid.uuid4().hex * 2)
    os.environ.setdefault("MEDIA_ROOT", str(folder / "media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_bulletin_settings"
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def create_database(database: str) -> None:
    import psycopg

    name = database.rsplit("/", 1)[1]
    if name in ("observatory", "test_observatory") or not name.startswith("observatory_bench"):
        raise SystemExit(
            f"refusing to seed {name!r}: the bench database name must start with observatory_bench"
        )
    admin = database.rsplit("/", 1)[0].replace("postgis://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def weights(values, skew):
    return [skew ** (-n) for n in range(len(values))]


def seed(total: int, seed_value: int = 2026) -> dict[str, int]:
    from django.core.management import call_command
    from django.db import connection

    from observatory import taxonomy
    from observatory.accounts.models import Organisation
    from observatory.casework.models import Case, CaseAction
    from observatory.geography.models import Neighbourhood
    from reports_intake.models import Report

    call_command("migrate", verbosity=0)
    if not Neighbourhood.objects.exists():
        call_command(
            "load_boundaries", str(REPO / "observatory/geography/data/valencia-barris-barrios.geojson")
        )
    office, _ = Organisation.objects.get_or_create(
        slug="bench-office", defaults={"name": "Bench office", "kind": Organisation.Kind.OFFICE}
    )
    places = list(Neighbourhood.objects.values_list("code", "district__code"))
    rnd = random.Random(seed_value)
    grounds, domains = taxonomy.GROUNDS.values, taxonomy.DOMAINS.values
    types, roles = taxonomy.INCIDENT_TYPES.values, taxonomy.REPORTER_ROLES.values
    legal, redress = ("", *taxonomy.LEGAL_CLASSIFICATIONS.values), taxonomy.REDRESS_ACTIONS.values
    w_grounds, w_domains = weights(grounds, 1.45), weights(domains, 1.2)
    w_types, w_roles, w_redress = weights(types, 1.3), weights(roles, 2.0), weights(redress, 1.4)
    reasons = taxonomy.REASONS_NOT_REPORTED.values
    w_places = [rnd.paretovariate(1.5) for _ in places]
    start = datetime(2025, 1, 1, tzinfo=ZoneInfo("Europe/Madrid"))
    hours = 2 * 365 * 24

    def columns(model):
        return [f.column for f in model._meta.concrete_fields]

    report_cols, case_cols, action_cols = columns(Report), columns(Case), columns(CaseAction)
    with connection.cursor() as cursor:
        cursor.execute(
            f"truncate {CaseAction._meta.db_table}, {Case._meta.db_table}, {Report._meta.db_table} cascade"
        )
    raw = connection.connection
    counts = {"reports": 0, "cases": 0, "actions": 0}
    done = 0
    while done < total:
        n = min(BATCH, total - done)
        reports, cases, actions = [], [], []
        for _ in range(n):
            received = start + timedelta(hours=int(rnd.triangular(0, hours, hours * 0.7)))
            rid, cid = uuid.uuid4(), uuid.uuid4()
            hood, district = rnd.choices(places, w_places)[0] if rnd.random() < 0.8 else (None, None)
            role = rnd.choices(roles, w_roles)[0]
            reports.append({
                "id": rid, "created_at": received, "updated_at": received, "received_at": received,
                "incident_month": received.date().replace(day=1),
                "location_kind": "neighbourhood" if hood else "not_given", "neighbourhood_code": hood,
                "district_code": district, "reporter_role": role, "language": "es", "schema_version": 1,
                "payload": b"", "reporter_lookup": rid.bytes, "reporter_public_key": b"",
                "reporter_private_sealed": b"", "status": "triaged", "urgent": False,
            })  # fmt: skip
            if rnd.random() < 0.04:
                continue  # a report still waiting for its case
            confirmed = rnd.random() < 0.9
            chosen = sorted({rnd.choices(grounds, w_grounds)[0] for _ in range(1 + (rnd.random() < 0.2))})
            police = rnd.choice([True, False, False, None])
            ack = received + timedelta(hours=rnd.randrange(2, 400)) if rnd.random() < 0.85 else None
            closed = received + timedelta(hours=rnd.randrange(200, 3000)) if rnd.random() < 0.5 else None
            cases.append({
                "id": cid, "created_at": received, "updated_at": received, "report_id": rid,
                "received_at": received, "district_code": district, "neighbourhood_code": hood,
                "status": "closed" if closed else "in_progress", "assigned_organisation_id": None,
                "urgent": False, "ack_due_at": received + timedelta(days=7), "acknowledged_at": ack,
                "closed_at": closed, "legal_classification": rnd.choice(legal),
                "reported_to_police": police,
                "reasons_not_reported": json.dumps(rnd.sample(reasons, rnd.randrange(3)) if police is False
                                                   else []),
                "confirmed_grounds": json.dumps(chosen if confirmed else []),
                "confirmed_domain": rnd.choices(domains, w_domains)[0] if confirmed else "",
                "confirmed_incident_type": rnd.choices(types, w_types)[0] if confirmed else "",
                "labels_confirmed_at": received + timedelta(days=2) if confirmed else None,
                "labels_confirmed_by_id": None, "record_key": rnd.randrange(256),
            })  # fmt: skip
            for _ in range(rnd.randrange(3)):
                day = (received + timedelta(days=rnd.randrange(60))).date()
                actions.append({
                    "id": uuid.uuid4(), "created_at": received, "updated_at": received, "case_id": cid,
                    "code": rnd.choices(redress, w_redress)[0], "date": day,
                    "organisation_id": office.pk, "recorded_by_id": None, "note_sealed": None,
                })  # fmt: skip
        with raw.cursor() as cur:
            for table, cols, rows in (
                (Report._meta.db_table, report_cols, reports),
                (Case._meta.db_table, case_cols, cases),
                (CaseAction._meta.db_table, action_cols, actions),
            ):
                with cur.copy(f"copy {table} ({', '.join(cols)}) from stdin") as copy:
                    for row in rows:
                        copy.write_row([row[c] for c in cols])
        raw.commit()
        counts["reports"] += len(reports)
        counts["cases"] += len(cases)
        counts["actions"] += len(actions)
        done += n
        print(f"  {done:,} reports seeded", flush=True)
    with connection.cursor() as cursor:
        for model in (Report, Case, CaseAction):
            cursor.execute(f"analyze {model._meta.db_table}")
    return counts


def main(argv=None) -> dict[str, int]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    args = parser.parse_args(argv)
    create_database(args.database)
    configure(args.database)
    began = time.perf_counter()
    counts = seed(args.cases)
    print(f"seeded {counts} in {time.perf_counter() - began:.0f} s")
    return counts


if __name__ == "__main__":
    main()
