"""How long a quarterly bulletin takes on 1,000,000 cases, and how much memory (target: < 10 s, < 1 GiB).

    .venv/bin/python bench/seed_cases.py --cases 1000000      # once (about 2-3 minutes)
    .venv/bin/python bench/bench_bulletin.py --period 2026Q3
    .venv/bin/python bench/bench_bulletin.py --period 2025Q1 --explain   # the counting queries' plans

Runs on the bench database seeded by seed_cases.py (default ``observatory_bench``; ``--database`` or
BENCH_DATABASE_URL for another). Measured: the whole ``build_bulletin`` — every table counted in
PostgreSQL with its cell keys, perturbation and the pre-publication audit, medians, simplified map
shapes, the data package (directory and zip) and the draft page revision — then a second build of the
same period, which must change nothing. Memory is this process's peak resident set (the bulletin never
loads case rows; PostgreSQL's own memory is not counted). Bulletin pages of the period are deleted first,
so the first build is a full one.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_cases import DEFAULT_DATABASE, configure  # noqa: E402

TARGET_SECONDS = 10.0
TARGET_BYTES = 1 << 30


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def explain(period: str) -> dict:
    """EXPLAIN ANALYZE of every query counting the period's tables: the scan and join nodes, so that a
    reader sees which tables are read whole and which through an index."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from observatory.stats import tables
    from observatory.stats.periods import parse_period

    with CaptureQueriesContext(connection) as queries, tables.counting_session():
        tables.count_tables(parse_period(period))
    plans = []
    for query in queries.captured_queries:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + query["sql"])
            lines = [row[0] for row in cursor.fetchall()]
        nodes = [line.strip() for line in lines if "Scan" in line or "Join" in line or "Execution" in line]
        plans.append({"query": query["sql"][:120] + "…", "plan": nodes})
    print(json.dumps(plans, indent=2, ensure_ascii=False))
    return {"plans": plans}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--explain", action="store_true", help="print the counting queries' plans and stop")
    args = parser.parse_args(argv)
    configure(args.database)
    if args.explain:
        return explain(args.period)

    from wagtail.models import Locale, Page, Site

    from cms import actions
    from cms.bulletins import BulletinPage
    from cms.models import HomePage
    from observatory.casework.models import Case
    from observatory.stats import audit, tables
    from observatory.stats.actions import YearData, neighbourhood_parents
    from observatory.stats.periods import parse_period

    cases = Case.objects.count()
    if cases == 0:
        raise SystemExit("the bench database has no cases: run bench/seed_cases.py first")
    if not Locale.objects.exists():
        Locale.objects.create(language_code="es")
    if not Site.objects.filter(is_default_site=True).exists():
        home = Page.get_first_root_node().add_child(instance=HomePage(title="Bench", slug="bench"))
        Site.objects.create(is_default_site=True, root_page=home, hostname="localhost", port=80)
    for page in BulletinPage.objects.filter(period=args.period):
        page.delete()

    period = parse_period(args.period)
    stages = {}
    began = time.perf_counter()
    with tables.counting_session():
        year = YearData.load(period)
    stages["count (SQL)"] = time.perf_counter() - began
    before = time.perf_counter()
    shown = tables.shown_periods(period)
    figures = {"tables": {s.id: tables.publish_counts(year.counts[s.id], shown) for s in tables.SPECS
                          if s.id in year.counts and not s.annual_only}}  # fmt: skip
    report = audit.protect(year.counts, year.published(), figures, neighbourhood_parents())
    stages["perturbation + audit"] = time.perf_counter() - before

    began = time.perf_counter()
    result = actions.build_bulletin(period)
    first = time.perf_counter() - began
    began = time.perf_counter()
    again = actions.build_bulletin(period)
    second = time.perf_counter() - began
    figures = result.page.get_latest_revision_as_object().data["figures"]
    withheld = sum(
        1
        for item in figures["tables"].values()
        for table in item["periods"].values()
        for _value, status in table["cells"].values()
        if status != "F"
    )
    report = {
        "cases": cases,
        "period": args.period,
        "build_seconds": round(first, 2),
        "rebuild_seconds": round(second, 2),
        "rebuild_changed": again.changed,
        "stages_seconds": {k: round(v, 2) for k, v in stages.items()},
        "peak_rss_mib": round(peak_rss() / 2**20, 1),
        "withheld_cells": withheld,
        "audit_solves": report.solves,
        "within_target": first < TARGET_SECONDS and peak_rss() < TARGET_BYTES,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return report


if __name__ == "__main__":
    main()
