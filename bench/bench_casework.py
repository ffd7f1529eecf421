"""How fast the caseworker pages stay with 100,000 cases (targets: the office case list, filtered,
sorted and paginated, its search box, and the dashboard p95 < 150 ms; opening a case — session unlock
of the organisation key, data key, decryption, audit entry, render — p95 < 50 ms; the queue's bulk
confirmation of triage for 50 cases, one confirmation and one audit entry each, < 2 s).

    make bench-casework
    .venv/bin/python bench/bench_casework.py --cases 100000 --requests 60

Runs in-process through Django's test client (no network, one signed-in office caseworker with a real
TOTP sign-in) against its own PostGIS database `obs_case_bench`, dropped, created, migrated and
seeded here: Report + Case rows bulk-inserted with dummy payloads (random codes, a third with
confirmed labels, some urgent, some overdue), plus a few real encrypted reports for opening cases.
Prints a table of p50/p95/max per request kind and the load average; exits non-zero when a target is
missed. The dashboard's counters are cached for a few seconds per organisation (dashboards.counters.
COUNTERS_CACHE_SECONDS), so "dashboard" is mostly cache hits; "dash. cold" forgets the cached counters
before each request and times the full count (no target).
"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATABASE = "postgis://postgres@127.0.0.1:5432/obs_case_bench"
BENCH_SETTINGS = """
from observatory.settings import *  # noqa: F403
from observatory.settings import INSTALLED_APPS, STORAGES
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if "observatory.audit" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "observatory.audit"]
ALLOWED_HOSTS = ["testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""
PASSWORD = "bench horse battery staple 42"
TARGETS_MS = {"case list": 150, "search": 150, "dashboard": 150, "open case": 50, "bulk 50": 2000}
BULK = 50


def _setup_django(database: str) -> None:
    settings_dir = tempfile.mkdtemp(prefix="bench-cw-")
    Path(settings_dir, "bench_cw_settings.py").write_text(BENCH_SETTINGS)
    sys.path.insert(0, settings_dir)
    os.environ.update(
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE="bench_cw_settings",
        SECRET_KEY=secrets.token_hex(32),
        MEDIA_ROOT=str(Path(settings_dir, "media")),
    )
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process: the bench publishes nothing
    import django

    django.setup()


def _recreate_database(database: str) -> None:
    name = database.rsplit("/", 1)[1]
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", name], check=True)
    subprocess.run(["createdb", *host, name], check=True)


def _seed(n_cases: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from observatory.accounts import keys
    from observatory.accounts.models import Membership, Organisation, SealedTOTPDevice
    from observatory.casework import actions
    from observatory.casework.models import Case, LabelCorrection
    from observatory.casework.staff import keyring
    from observatory.crypto import envelope
    from observatory.geography.models import Neighbourhood
    from observatory.taxonomy import DOMAINS, GROUNDS, INCIDENT_TYPES
    from reports_intake.actions import NewReport, submit_report
    from reports_intake.models import Report

    call_command("migrate", "--noinput", "-v", "0")
    call_command(
        "load_boundaries", str(REPO / "observatory/geography/data/valencia-barris-barrios.geojson"), "-v", "0"
    )
    office_pair = envelope.generate_keypair()
    office = Organisation.objects.create(name="Oficina", slug="oficina", kind=Organisation.Kind.OFFICE)
    keys.install_keys(office, office_pair, envelope.generate_keypair())
    office.refresh_from_db()
    olga = get_user_model().objects.create_user("olga", password=PASSWORD, is_staff=True)
    Membership.objects.create(user=olga, organisation=office, role=Membership.Role.OFFICE_CASEWORKER)
    keyring.create_user_key(olga, PASSWORD)
    keyring.bootstrap_organisation_access(office, office_pair.private, olga)
    device = SealedTOTPDevice.objects.create(user=olga, name="bench", confirmed=True)

    places = list(Neighbourhood.objects.values_list("code", "district__code"))
    grounds, domains, types = GROUNDS.values, DOMAINS.values, INCIDENT_TYPES.values
    rng = random.Random(7)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    dummy = b"\x00" * 64
    batch = 5000
    for start in range(0, n_cases, batch):
        reports, cases = [], []
        for _ in range(min(batch, n_cases - start)):
            received = now - timedelta(hours=rng.randrange(0, 24 * 730))
            code, district = rng.choice(places) if rng.random() < 0.7 else (None, None)
            report = Report(
                received_at=received, created_at=received, updated_at=received,
                incident_month=received.date().replace(day=1),
                location_kind="neighbourhood" if code else "online",
                neighbourhood_code=code, district_code=district, reporter_role="victim", language="es",
                schema_version=1, payload=dummy, reporter_lookup=secrets.token_bytes(32),
                reporter_public_key=dummy, reporter_private_sealed=dummy, status="triaged",
                urgent=rng.random() < 0.05,
            )  # fmt: skip
            reports.append(report)
            closed = rng.random() < 0.7
            confirmed = closed or rng.random() < 0.3
            cases.append(
                Case(
                    report=report,
                    created_at=received,
                    updated_at=received,
                    received_at=received,
                    status="closed" if closed else rng.choice(["new", "triaged", "assigned", "in_progress"]),
                    urgent=report.urgent,
                    district_code=district,
                    neighbourhood_code=code,
                    ack_due_at=received + timedelta(days=7),
                    acknowledged_at=received + timedelta(days=2) if closed or rng.random() < 0.5 else None,
                    closed_at=received + timedelta(days=30) if closed else None,
                    confirmed_grounds=rng.sample(grounds, rng.choice([1, 1, 2])) if confirmed else [],
                    confirmed_domain=rng.choice(domains) if confirmed else "",
                    confirmed_incident_type=rng.choice(types) if confirmed else "",
                    labels_confirmed_at=received + timedelta(days=1) if confirmed else None,
                )  # fmt: skip
            )
        Report.objects.bulk_create(reports)
        Case.objects.bulk_create(cases)
        LabelCorrection.objects.bulk_create(
            LabelCorrection(
                case=c, field="domain", suggested=c.confirmed_domain, confirmed=c.confirmed_domain,
                changed=rng.random() < 0.2,
            )
            for c in cases if c.confirmed_domain
        )  # fmt: skip
    real = []
    for i in range(10):
        submitted = submit_report(
            NewReport(
                narrative=f"Informe de prueba {i}: " + "me negaron el alquiler por mi acento. " * 20,
                incident_date=date(2026, 3, 1), incident_month=None, location_kind="online",
                neighbourhood_code=None, point=None, reporter_role="victim", grounds=["racism"],
                domains=["housing"], contact=None, contact_consent=False, language="es", attachments=[],
            )
        )  # fmt: skip
        real.append(actions.open_case_for_report(Report.objects.get(pk=submitted.report_id)))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return olga, device, real


def _signed_in_client(olga, device):
    from django.test import Client
    from django_otp.oath import totp

    client = Client()
    response = client.post(
        "/staff/login/",
        {"username": "olga", "password": PASSWORD, "otp_token": f"{totp(device.bin_key):06d}"},
    )
    assert response.status_code == 302, response.content[:300]
    return client


def _time(client, paths, n, before=None) -> list[float]:
    timings = []
    for i in range(n):
        path = paths[i % len(paths)]
        if before:
            before()
        start = time.perf_counter()
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def _suggestions(n: int) -> list[str]:
    """Triage suggestions for `n` open cases whose labels nobody confirmed (the queue's bulk confirmation
    confirms them), created once; their case ids."""
    from nlp.models import TriageResult
    from observatory.casework.models import Case

    pending = Case.objects.filter(labels_confirmed_at__isnull=True).exclude(status="closed")
    have = pending.filter(report__triage__model_version="bench")
    missing = n - have.count()
    if missing > 0:
        without = pending.filter(report__triage__isnull=True).values_list("report_id", flat=True)[:missing]
        TriageResult.objects.bulk_create(
            TriageResult(
                report_id=report_id, model_version="bench", language="es", grounds=["racism"],
                domain="housing", incident_type="denial_of_service", urgent=False, urgency_reasons=[],
                scores={}, needs_review=False, pii_spans=0,
            )
            for report_id in without
        )  # fmt: skip
    return [str(i) for i in have.order_by("id").values_list("id", flat=True)[:n]]


def _time_bulk(client, batches) -> list[float]:
    from observatory.casework.models import Case

    timings = []
    for batch in batches:
        start = time.perf_counter()
        response = client.post("/staff/cases/confirm-triage/", {"case": batch})
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
        done = Case.objects.filter(id__in=batch, labels_confirmed_at__isnull=False).count()
        assert done == len(batch), (done, len(batch))
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database from the last run")
    parser.add_argument(
        "--only",
        action="append",
        metavar="KIND",
        help='time only this kind of request ("open case"); repeatable',
    )
    args = parser.parse_args()
    if not args.reuse:
        _recreate_database(args.database)
    _setup_django(args.database)
    from django.contrib.auth import get_user_model

    from observatory.accounts.models import SealedTOTPDevice
    from observatory.casework.models import Case

    started = time.perf_counter()
    if args.reuse and get_user_model().objects.filter(username="olga").exists():
        from django.core.management import call_command

        call_command("migrate", "--noinput", "-v", "0")  # indexes added since the database was seeded
        olga = get_user_model().objects.get(username="olga")
        # A rerun: the secret was sealed under the last run's SECRET_KEY, so enrol a fresh device.
        SealedTOTPDevice.objects.filter(user=olga).delete()
        device = SealedTOTPDevice.objects.create(user=olga, name="bench", confirmed=True)
        real = list(Case.objects.exclude(report__payload=b"\x00" * 64)[:10])
    else:
        olga, device, real = _seed(args.cases)
    bulk_ids = _suggestions(BULK * max(3, args.requests // 20))
    from django.db import connection

    with connection.cursor() as cursor:  # autovacuum's work in production: a rerun follows a bulk run's
        cursor.execute("VACUUM ANALYZE casework_case")  # updates, which leave index-only scans fetching
    seeded = time.perf_counter() - started
    client = _signed_in_client(olga, device)
    n = args.requests
    list_paths = [
        "/staff/cases/",
        "/staff/cases/?status=in_progress&page=3",
        "/staff/cases/?urgent=yes",
        "/staff/cases/?ground=racism&page=2",
        "/staff/cases/?domain=housing&district=3",
        "/staff/cases/?overdue=on",
        "/staff/cases/?status=closed&ground=disability&page=40",
        "/staff/cases/?sort=-received&page=5",
        "/staff/cases/?sort=deadline&status=triaged",
        "/staff/cases/?sort=id&received_from=2025-06-01&received_to=2025-08-31",
    ]
    # Deep in the list (75,000 and 95,000 cases in): OFFSET on the index order, so it costs what it skips.
    deep_paths = ["/staff/cases/?page=1500", "/staff/cases/?sort=-received&page=1900"]
    prefixes = [str(c.id)[:6] for c in real[:3]]
    search_paths = [
        *(f"/staff/cases/?q={p}" for p in prefixes),
        "/staff/cases/?q=racismo",
        "/staff/cases/?q=vivienda+discapacidad",
        "/staff/cases/?q=benimaclet&sort=-received",
        "/staff/cases/?q=ciutat+vella",
        "/staff/cases/?q=clasificado&received_from=2025-01-01&received_to=2025-03-31",
        "/staff/cases/?q=Amina",  # matches no clear field: nothing, said so
    ]
    batches = [bulk_ids[i : i + BULK] for i in range(0, len(bulk_ids), BULK)]
    from django.core.cache import cache

    from observatory.dashboards import counters as dashboards

    def forget_counters():  # the dashboard's counters are cached for a few seconds: time a miss too
        cache.delete(dashboards._counters_key(olga.memberships.get().organisation))

    kinds = {
        "case list": lambda: _time(client, list_paths, n),
        "search": lambda: _time(client, search_paths, n),
        "deep page": lambda: _time(client, deep_paths, max(10, n // 4)),
        "bulk 50": lambda: _time_bulk(client, batches),
        "dashboard": lambda: _time(client, ["/staff/dashboard/"], n),
        "dash. cold": lambda: _time(client, ["/staff/dashboard/"], max(10, n // 6), before=forget_counters),
        "open case": lambda: _time(client, [f"/staff/cases/{c.id}/" for c in real], n),
        "map": lambda: _time(client, ["/staff/map/"], max(10, n // 4)),
    }
    unknown = set(args.only or ()) - set(kinds)
    if unknown:
        parser.error(f"unknown kind(s) {sorted(unknown)}; choose from {sorted(kinds)}")
    load_before = os.getloadavg()
    rows = [(name, timed()) for name, timed in kinds.items() if not args.only or name in args.only]
    print(f"\n{Case.objects.count():,} cases (seeding took {seeded:.0f} s); {n} requests per kind")
    print(
        "load average before / after: " + " ".join(f"{x:.2f}" for x in load_before)
        + " / " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + "\n"
    )  # fmt: skip
    print(f"{'request':<12} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>8}  verdict")
    failed = False
    for name, timings in rows:
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else ("ok" if p95 < target else "MISSED")
        failed |= verdict == "MISSED"
        print(
            f"{name:<12} {statistics.median(timings):8.1f} {p95:8.1f} {timings[-1]:8.1f} "
            f"{'< ' + str(target) if target else '':>8}  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
