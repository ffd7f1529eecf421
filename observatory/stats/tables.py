"""Bulletin tables: true tallies (count and sum of record keys) from the database, then what may be published.

Counting happens in PostgreSQL (``GROUP BY`` and filtered ``COUNT``): only aggregated rows, a few per
quarter and category, come back to Python, so a bulletin costs one scan per table whatever the number of
cases. Nothing here writes; ``observatory.stats.actions.build_bulletin`` stores the result.

Counting rules (the bulletin's methodology note says the same to readers):

* A report belongs to the period in which it was **received** (``Report.received_at``, Europe/Madrid);
  the by-month table is by month of receipt too.
* Only cases whose labels a caseworker has **confirmed** are counted (``Case.labels_confirmed_at`` set);
  reports not yet confirmed are counted as received, under "pending".
* An **information request** is a confirmed case whose labels name no discrimination ground (no grounds,
  or only ``other``) and no specific incident type (``other`` or none). Every other confirmed case is a
  **case**. Breakdown tables count cases; actions count both (information is an action too).
* A case with several grounds is counted under each of them: the grounds table adds up labels, not cases.
  The COMVA view remaps each case's grounds before counting, so a case is counted once per COMVA
  category. Reasons for not reporting to the police are counted the same way (one case, several reasons).
* Actions and redress are counted by the date of the action: every recorded action counts, so the
  quarters add up to the year.
* Geography comes from the codes stored with each report, never from points; reports with no place in
  the city are a row of their own ("unlocated") so that tables add up to the number of cases.

Plans: a case carries copies of its report's reception time and place codes (``Case.received_at``,
``district_code``, ``neighbourhood_code``, indexed), so one period's cases are read through the
``case_received_at`` index, and its reports (for who reported) through ``report_received_at``, both sides
restricted to the period; the headline's join to the cases is restricted to the period the same way and
actions are read through ``case_action_date``. A period that is a large part of the table (a year to date
in a database holding two years) is still read with sequential scans: the planner's choice, and the
cheaper one at that share. Re-check with ``bench/bench_bulletin.py --explain``.

Publication: every cell, totals included, is published as its true count perturbed by the pTable with
its cell key (``perturbation``): the counting query returns, beside each ``COUNT``, the ``SUM`` of the
record keys of what it counted, per quarter, so any period's cell key is the sum of its quarters' sums.
Before anything is kept, ``audit`` plays a reader holding every release of the year and withholds what
would pin a small count.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce, ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observatory import taxonomy
from observatory.casework.models import Case, CaseAction
from observatory.geography.models import District, Neighbourhood
from observatory.stats import disclosure
from observatory.stats.disclosure import ALL, TOTAL, Cell, PublishedTable, Status
from observatory.stats.models import Population
from observatory.stats.periods import Period, parse_period
from observatory.stats.perturbation import perturb
from reports_intake.models import Report

NOT_RECORDED = "not_recorded"
UNLOCATED = "unlocated"
MEDIAN_MIN_CASES = disclosure.PERCENT_MIN_DENOMINATOR  # a median of fewer cases tells about individuals
RATE_PER = 10_000
SIMPLIFY_TOLERANCE = 0.0004  # degrees (~35 m): enough for a city map, a fraction of the vertices

# Confirmed labels that make a case an information request (see the module docstring).
INFO_REQUEST = Q(confirmed_incident_type__in=["", "other"]) & (
    Q(confirmed_grounds=[]) | Q(confirmed_grounds=["other"])
)
CONFIRMED = Q(labels_confirmed_at__isnull=False)


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition seen through a relation (``case__...``)."""
    out = Q(*[_prefixed(c, prefix) if isinstance(c, Q) else (prefix + c[0], c[1]) for c in q.children])
    out.connector, out.negated = q.connector, q.negated
    return out


# --- what is counted ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One bulletin table. ``counts`` says what its total is: ``cases`` (it adds up to the number of
    cases), ``reports``, ``labels`` (a case may count several times) or ``actions``."""

    id: str
    dimension: str
    title: str
    counts: str = "cases"
    note: str = ""
    geography: bool = False
    annual_only: bool = False
    chart: str = "bar"


SPECS: tuple[Spec, ...] = (
    Spec("headline", "report_outcome", _("Reports received"), counts="reports"),
    Spec(
        "grounds",
        "grounds",
        _("Cases by ground"),
        counts="labels",
        note=_(
            "A case with several grounds is counted under each of them, so the total counts grounds, "
            "not cases."
        ),
    ),
    Spec(
        "comva",
        "comva",
        _("Cases by ground in the categories of Valencia's Office of Non-discrimination (COMVA)"),
        counts="labels",
        note=_(
            "Each case is counted once in every COMVA category its grounds fall in. Serophobia is counted "
            "under rare diseases and non-normative bodies, with the other health grounds."
        ),
    ),
    Spec("domain", "domain", _("Cases by domain")),
    Spec("incident_type", "incident_type", _("Cases by type of incident")),
    Spec("legal_classification", "legal_classification", _("Cases by legal classification")),
    Spec("reporter_role", "reporter_role", _("Cases by who reported")),
    Spec("month", "month", _("Cases by month of receipt"), chart="column"),
    Spec("police", "reported_to_police", _("Cases reported to the police")),
    Spec(
        "reasons_not_reported",
        "reason_not_reported",
        _("Reasons for not reporting to the police"),
        counts="labels",
        note=_("Cases not reported to the police; a case may give several reasons."),
    ),
    Spec(
        "actions",
        "redress",
        _("Actions taken and redress obtained"),
        counts="actions",
        note=_(
            "Actions recorded with a date in the period, for cases and information requests; a case may have "
            "several."
        ),
    ),
    Spec("district", "district", _("Cases by district"), geography=True, chart="map"),
    Spec(
        "neighbourhood",
        "neighbourhood",
        _("Cases by neighbourhood"),
        geography=True,
        annual_only=True,
        chart="map",
    ),
)
SPEC_BY_ID = {s.id: s for s in SPECS}
HEADLINE_ROWS = ("case", "information_request", "pending")
POLICE_ROWS = taxonomy.REPORTED_TO_POLICE.values


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _year_range(period: Period) -> tuple[datetime, datetime]:
    """From the first day of the period's year to the end of the period: every quarter of its family."""
    return _aware(date(period.year, 1, 1)), _aware(period.stop)


def quarter_keys(period: Period) -> tuple[str, ...]:
    return tuple(str(Period(period.year, q)) for q in range(1, period.last_quarter + 1))


Tally = tuple[int, int]  # (true count, sum of record keys): all a cell needs to be published


@dataclass
class Counts:
    """True tallies per quarter for one table: ``{"2026Q1": {category: (n, key sum)}}`` and the category
    order. NOT_RECORDED joins the categories only when some quarter has one."""

    spec: Spec
    categories: list[str]
    by_quarter: dict[str, dict[str, Tally]] = field(default_factory=dict)

    def rows(self) -> list[str]:
        cats = list(self.categories)
        extra = {k for q in self.by_quarter.values() for k, (n, _s) in q.items() if n and k not in cats}
        return cats + sorted(extra)

    def tally(self, row: str, quarters: Iterable[str]) -> Tally:
        """The tally of one category (or of the whole table, ``TOTAL``) over some quarters."""
        rows = self.rows() if row == TOTAL else [row]
        n = s = 0
        for q in quarters:
            for r in rows:
                a, b = self.by_quarter.get(q, {}).get(r, (0, 0))
                n, s = n + a, s + b
        return n, s


def _record_key(prefix: str = ""):
    return F(f"{prefix}record_key")


def _single(qs, expr, key, date_field: str, year: int, quarters: Iterable[str], known: list[str]):
    """{quarter key: {category: (n, key sum)}} for a single-valued expression; blanks and unknown codes
    are counted under NOT_RECORDED (kept only when non-zero). ``key`` is each row's record key."""
    out = {q: {} for q in quarters}
    rows = (
        qs.annotate(_q=ExtractQuarter(date_field), _k=expr)
        .values("_q", "_k")
        .annotate(_n=Count("pk"), _s=Sum(key))
        .order_by()
    )
    for row in rows:
        key = f"{year:04d}Q{row['_q']}"
        category = row["_k"] if row["_k"] in known else NOT_RECORDED
        bucket = out.setdefault(key, {})
        n, total = bucket.get(category, (0, 0))
        bucket[category] = (n + row["_n"], total + (row["_s"] or 0))
    return out


def _multi(qs, conditions: dict, date_field: str, year: int, quarters: Iterable[str]):
    """{quarter key: {category: (n, key sum)}} where each category is its own filtered COUNT and SUM of
    record keys (multi-label fields)."""
    names = {f"c{n}": code for n, code in enumerate(conditions)}
    aggregates = {}
    for name, code in names.items():
        aggregates[f"{name}_n"] = Count("pk", filter=conditions[code])
        aggregates[f"{name}_s"] = Sum(_record_key(), filter=conditions[code])
    out = {q: dict.fromkeys(conditions, (0, 0)) for q in quarters}
    for row in qs.annotate(_q=ExtractQuarter(date_field)).values("_q").annotate(**aggregates).order_by():
        out[f"{year:04d}Q{row['_q']}"] = {
            code: (row[f"{name}_n"], row[f"{name}_s"] or 0) for name, code in names.items()
        }
    return out


def district_codes() -> list[str]:
    return list(District.objects.values_list("code", flat=True))


def neighbourhood_codes() -> list[str]:
    return list(Neighbourhood.objects.values_list("code", flat=True))


def comva_grounds() -> dict[str, list[str]]:
    """Each COMVA category with the grounds counted in it. A category none of our grounds maps to
    (serofòbia, inside ``health``) could only ever be 0 and is left out of the table (its note says so)."""
    mapping = taxonomy.GROUNDS.mapping(taxonomy.COMVA)
    out = {c: [g for g, m in mapping.items() if m == c] for c in taxonomy.COMVA_CATEGORIES.values}
    return {c: grounds for c, grounds in out.items() if grounds}


def _case_conditions(year: int, annual: bool) -> dict[str, dict[str, Q]]:
    """Per case table, per category: the condition a case meets to be counted there."""

    def single(field: str, codes: Iterable[str]) -> dict[str, Q]:
        codes = list(codes)
        out = {code: Q(**{field: code}) for code in codes}
        out[NOT_RECORDED] = ~Q(**{f"{field}__in": codes}) | Q(**{f"{field}__isnull": True})
        return out

    def place(field: str, codes: list[str]) -> dict[str, Q]:
        out = {code: Q(**{field: code}) for code in codes}
        out[UNLOCATED] = ~Q(**{f"{field}__in": codes}) | Q(**{f"{field}__isnull": True})
        return out

    out = {
        "grounds": {g: Q(confirmed_grounds__has_key=g) for g in taxonomy.GROUNDS.values},
        "comva": {
            category: Q(confirmed_grounds__has_any_keys=grounds)
            for category, grounds in comva_grounds().items()
        },
        "domain": single("confirmed_domain", taxonomy.DOMAINS.values),
        "incident_type": single("confirmed_incident_type", taxonomy.INCIDENT_TYPES.values),
        "legal_classification": single("legal_classification", taxonomy.LEGAL_CLASSIFICATIONS.values),
        "reporter_role": single("report__reporter_role", taxonomy.REPORTER_ROLES.values),
        # Ranges of the stored timestamp, not EXTRACT(MONTH ...) per row: a dozen comparisons are cheap.
        "month": {
            f"{year:04d}-{m:02d}": Q(
                received_at__gte=_aware(date(year, m, 1)),
                received_at__lt=_aware(date(year + m // 12, m % 12 + 1, 1)),
            )
            for m in range(1, 13)
        },
        "police": {
            code: Q(reported_to_police__isnull=True) if flag is None else Q(reported_to_police=flag)
            for code in taxonomy.REPORTED_TO_POLICE.values
            for flag in [taxonomy.police_flag(code)]
        },
        "reasons_not_reported": {
            r: Q(reported_to_police=False, reasons_not_reported__has_key=r)
            for r in taxonomy.REASONS_NOT_REPORTED.values
        },
        "district": place("district_code", district_codes()),
    }
    if annual:
        out["neighbourhood"] = place("neighbourhood_code", neighbourhood_codes())
    return out


def _period_cases(start: datetime, stop: datetime):
    """The confirmed cases (not information requests) received in [start, stop). The range is given on the
    case and on its report alike (they hold the same time), so each side is read through its own index."""
    received = {"received_at__gte": start, "received_at__lt": stop}
    report_received = {f"report__{k}": v for k, v in received.items()}
    return Case.objects.filter(CONFIRMED, **received, **report_received).exclude(INFO_REQUEST)


def count_tables(period: Period, annual: bool | None = None) -> dict[str, Counts]:
    """True tallies per quarter of ``period``'s year (up to its last quarter) for every bulletin table.

    Three scans whatever the number of tables: the reports (headline), the cases (every case table at
    once, one filtered COUNT per category, grouped by quarter) and the actions.
    """
    annual = period.kind == "year" if annual is None else annual
    start, stop = _year_range(period)
    year, quarters = period.year, quarter_keys(period)
    out: dict[str, Counts] = {"headline": _headline_counts(period)}

    cases = _period_cases(start, stop)
    conditions = _case_conditions(year, annual)
    flat = {(table, category): q for table, by in conditions.items() for category, q in by.items()}
    counted = _multi(cases, flat, "received_at", year, quarters)
    for table, by in conditions.items():
        spec = SPEC_BY_ID[table]
        by_quarter = {q: {c: counted[q][(table, c)] for c in by} for q in quarters}
        # NOT_RECORDED joins the rows only when some quarter has one (Counts.rows).
        out[table] = Counts(spec, [c for c in by if c != NOT_RECORDED], by_quarter)

    actions = (
        CaseAction.objects.filter(
            case__labels_confirmed_at__isnull=False, date__gte=date(year, 1, 1), date__lt=period.stop
        )
        .annotate(_q=ExtractQuarter("date"))
        .values("_q", "code")
        .annotate(_n=Count("pk"), _s=Sum(_record_key("case__")))
        .order_by()
    )
    action_counts = {q: {} for q in quarters}
    for row in actions:
        action_counts[f"{year:04d}Q{row['_q']}"][row["code"]] = (row["_n"], row["_s"] or 0)
    out["actions"] = Counts(SPEC_BY_ID["actions"], list(taxonomy.REDRESS_ACTIONS.values), action_counts)
    return out


# --- medians, populations and map shapes --------------------------------------------------------------


class MedianDays(Aggregate):
    """Median of a duration in days (PostgreSQL's ordered-set aggregate)."""

    function = "percentile_cont"
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s) / 86400.0)"
    output_field = FloatField()


def medians(period: Period) -> dict[str, float | None]:
    """Median days from receipt to acknowledgement and to closure, over the period's cases that have
    reached that step; None when fewer than MEDIAN_MIN_CASES have."""
    cases = _period_cases(_aware(period.start), _aware(period.stop))
    days = {
        name: MedianDays(F(column) - F("received_at"), filter=Q(**{f"{column}__isnull": False}))
        for name, column in (("acknowledgement", "acknowledged_at"), ("closure", "closed_at"))
    }
    row = cases.aggregate(
        n_acknowledgement=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        n_closure=Count("pk", filter=Q(closed_at__isnull=False)),
        **days,
    )
    out = {}
    for name in days:
        ok = row[f"n_{name}"] >= MEDIAN_MIN_CASES and row[name] is not None
        out[name] = round(max(row[name], 0.0), 1) if ok else None
    return out


@contextmanager
def counting_session():
    """One transaction for all the counting, with room to hash and sort in memory and no JIT: a bulletin
    is a dozen aggregate scans, where spilling to disk and compiling each query cost more than they save."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        yield


def populations() -> dict[str, dict[str, int]]:
    """Residents per district and per neighbourhood code (empty when no population is loaded)."""
    rows = Population.objects.values_list("neighbourhood__code", "residents")
    districts = (
        Population.objects.values("neighbourhood__district__code")
        .annotate(n=Sum("residents"))
        .values_list("neighbourhood__district__code", "n")
        .order_by()
    )
    return {"district": dict(districts), "neighbourhood": dict(rows)}


def map_features(level: str) -> list[dict]:
    """Boundaries simplified in the database (ST_SimplifyPreserveTopology) as GeoJSON-like features."""
    import json

    model = {"district": District, "neighbourhood": Neighbourhood}[level]
    simplified = Func(
        F("geom"),
        Value(SIMPLIFY_TOLERANCE),
        function="ST_SimplifyPreserveTopology",
        output_field=GeometryField(srid=4326),
    )
    rows = model.objects.annotate(shape=AsGeoJSON(simplified, precision=5))
    rows = rows.values_list("code", "name", "shape")
    return [
        {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": json.loads(shape)}
        for code, name, shape in rows
    ]


# --- from true counts to what may be published --------------------------------------------------------


def shown_periods(period: Period) -> tuple[str, ...]:
    """What a bulletin shows: a quarter and its year to date (the year itself in Q4), or a year."""
    if period.kind == "year":
        return (str(period),)
    if period.kind != "quarter":
        raise ValueError("bulletins are built for a quarter (2026Q3) or a year (2026)")
    if period.quarter == 1:
        return (str(period),)
    ytd = Period(period.year) if period.quarter == 4 else Period(period.year, period.quarter, ytd=True)
    return (str(period), str(ytd))


def period_quarters(period: str) -> tuple[str, ...]:
    return tuple(str(q) for q in parse_period(period).quarters())


def cell_json(cell: Cell) -> list:
    return [cell.value, cell.status.value]


def table_from_json(period: str, dimension: str, data: dict) -> PublishedTable:
    cells = {(r, ALL): Cell(v, Status(s)) for r, (v, s) in data["cells"].items()}
    return PublishedTable(period, dimension, tuple(data["rows"]), cells)


def publish_counts(counts: Counts, shown: Iterable[str]) -> dict:
    """One table of a bulletin as JSON: ``{"periods": {period: {"rows": [...], "cells": {row: [value,
    status]}}}}``, every cell and the total perturbed with their own cell keys. No true count and no key
    leaves this function."""
    rows = counts.rows()
    periods = {}
    for p in shown:
        quarters = period_quarters(p)
        cells = {}
        for row in [*rows, TOTAL]:
            cells[row] = cell_json(Cell(perturb(*counts.tally(row, quarters)), Status.FREE))
        periods[p] = {"rows": rows, "cells": cells}
    return {"periods": periods, "rates": {}}


def _headline_counts(period: Period) -> Counts:
    start, stop = _year_range(period)
    outcome = CaseWhen(
        When(period_case__labels_confirmed_at__isnull=True, then=Value("pending")),
        When(_prefixed(INFO_REQUEST, "period_case__"), then=Value("information_request")),
        default=Value("case"),
        output_field=CharField(),
    )
    # The join to the cases carries the period too (a case holds its report's reception time), so the
    # planner reads the period's cases through their index instead of hashing every case.
    reports = Report.objects.filter(received_at__gte=start, received_at__lt=stop).annotate(
        period_case=FilteredRelation(
            "case", condition=Q(case__received_at__gte=start, case__received_at__lt=stop)
        )
    )
    # A report with no case yet has no record key: a byte of the hash of its (secret, random) id stands in.
    stand_in = Func(
        F("id"),
        template="get_byte(decode(md5(%(expressions)s::text), 'hex'), 0)",
        output_field=IntegerField(),
    )
    key = Coalesce(_record_key("period_case__"), stand_in)
    quarters = quarter_keys(period)
    counts = _single(reports, outcome, key, "received_at", period.year, quarters, list(HEADLINE_ROWS))
    return Counts(SPEC_BY_ID["headline"], list(HEADLINE_ROWS), counts)


def rates(item: dict, population: dict[str, int]) -> None:
    """Per 10,000 residents for every published area with a known population (of the perturbed count)."""
    for p, table in item["periods"].items():
        out = {}
        for code, (value, status) in table["cells"].items():
            residents = population.get(code)
            if status == Status.FREE and value is not None and residents:
                out[code] = round(RATE_PER * value / residents, 2)
        if out:
            item["rates"][p] = out


def city_code() -> str:
    return settings.OBSERVATORY_CITY_CODE
