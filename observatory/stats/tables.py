"""Bulletin tables: true counts from the database as ``disclosure.Table`` objects, then what may be published.

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

Publication: every table goes through ``disclosure.suppress_family`` over the quarters of the year, so
the quarter, the year to date and the year share one suppression pattern; geography tables go through
``disclosure.geography_release`` (published only where no cell is 1-4); ``disclosure.audit_table`` checks
every published family before it is kept.
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
from django.db.models import Aggregate, CharField, Count, F, FloatField, Func, Q, Sum, Value, When
from django.db.models import Case as CaseWhen
from django.db.models.functions import ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observatory import taxonomy
from observatory.casework.models import Case, CaseAction
from observatory.geography.models import District, Neighbourhood
from observatory.stats import disclosure
from observatory.stats.disclosure import ALL, TOTAL, Cell, PublishedTable, Status, Table
from observatory.stats.models import Population
from observatory.stats.periods import Period, release_family
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
        note=_("Each case is counted once in every COMVA category its grounds fall in."),
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


@dataclass
class Counts:
    """True counts per quarter for one table: ``{"2026Q1": {category: n}}`` and the category order."""

    spec: Spec
    categories: list[str]
    by_quarter: dict[str, dict[str, int]] = field(default_factory=dict)

    def tables(self) -> dict[str, Table]:
        cats = list(self.categories)
        extra = sorted({k for q in self.by_quarter.values() for k, n in q.items() if n and k not in cats})
        cats += extra
        return {
            q: Table.one_way(self.spec.dimension, {c: counts.get(c, 0) for c in cats}, cats)
            for q, counts in self.by_quarter.items()
        }


def _single(qs, expr, date_field: str, year: int, quarters: Iterable[str], known: list[str]):
    """{quarter key: {category: n}} for a single-valued expression; blanks and unknown codes are
    counted under NOT_RECORDED (kept only when non-zero)."""
    out = {q: {} for q in quarters}
    rows = (
        qs.annotate(_q=ExtractQuarter(date_field), _k=expr)
        .values("_q", "_k")
        .annotate(_n=Count("pk"))
        .order_by()
    )
    for row in rows:
        key = f"{year:04d}Q{row['_q']}"
        category = row["_k"] if row["_k"] in known else NOT_RECORDED
        bucket = out.setdefault(key, {})
        bucket[category] = bucket.get(category, 0) + row["_n"]
    return out


def _multi(qs, conditions: dict[str, Q], date_field: str, year: int, quarters: Iterable[str]):
    """{quarter key: {category: n}} where each category is its own filtered COUNT (multi-label fields)."""
    names = {f"c{n}": code for n, code in enumerate(conditions)}
    aggregates = {name: Count("pk", filter=conditions[code]) for name, code in names.items()}
    out = {q: dict.fromkeys(conditions, 0) for q in quarters}
    for row in qs.annotate(_q=ExtractQuarter(date_field)).values("_q").annotate(**aggregates).order_by():
        out[f"{year:04d}Q{row['_q']}"] = {code: row[name] for name, code in names.items()}
    return out


def district_codes() -> list[str]:
    return list(District.objects.values_list("code", flat=True))


def neighbourhood_codes() -> list[str]:
    return list(Neighbourhood.objects.values_list("code", flat=True))


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

    comva = taxonomy.GROUNDS.mapping(taxonomy.COMVA)
    out = {
        "grounds": {g: Q(confirmed_grounds__has_key=g) for g in taxonomy.GROUNDS.values},
        "comva": {
            category: Q(confirmed_grounds__has_any_keys=[g for g, c in comva.items() if c == category])
            for category in taxonomy.COMVA_CATEGORIES.values
        },
        "domain": single("confirmed_domain", taxonomy.DOMAINS.values),
        "incident_type": single("confirmed_incident_type", taxonomy.INCIDENT_TYPES.values),
        "legal_classification": single("legal_classification", taxonomy.LEGAL_CLASSIFICATIONS.values),
        "reporter_role": single("report__reporter_role", taxonomy.REPORTER_ROLES.values),
        # Ranges of the stored timestamp, not EXTRACT(MONTH ...) per row: a dozen comparisons are cheap.
        "month": {
            f"{year:04d}-{m:02d}": Q(
                report__received_at__gte=_aware(date(year, m, 1)),
                report__received_at__lt=_aware(date(year + m // 12, m % 12 + 1, 1)),
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
        "district": place("report__district_code", district_codes()),
    }
    if annual:
        out["neighbourhood"] = place("report__neighbourhood_code", neighbourhood_codes())
    return out


def count_tables(period: Period, annual: bool | None = None) -> dict[str, Counts]:
    """True counts per quarter of ``period``'s year (up to its last quarter) for every bulletin table.

    Three scans whatever the number of tables: the reports (headline), the cases (every case table at
    once, one filtered COUNT per category, grouped by quarter) and the actions.
    """
    annual = period.kind == "year" if annual is None else annual
    start, stop = _year_range(period)
    year, quarters = period.year, quarter_keys(period)
    out: dict[str, Counts] = {"headline": _headline_counts(period)}

    cases = Case.objects.filter(
        CONFIRMED, report__received_at__gte=start, report__received_at__lt=stop
    ).exclude(INFO_REQUEST)
    conditions = _case_conditions(year, annual)
    flat = {(table, category): q for table, by in conditions.items() for category, q in by.items()}
    counted = _multi(cases, flat, "report__received_at", year, quarters)
    for table, by in conditions.items():
        spec = SPEC_BY_ID[table]
        by_quarter = {q: {c: counted[q][(table, c)] for c in by} for q in quarters}
        # NOT_RECORDED joins the rows only when some quarter has one (Counts.tables).
        out[table] = Counts(spec, [c for c in by if c != NOT_RECORDED], by_quarter)

    actions = (
        CaseAction.objects.filter(
            case__labels_confirmed_at__isnull=False, date__gte=date(year, 1, 1), date__lt=period.stop
        )
        .annotate(_q=ExtractQuarter("date"))
        .values("_q", "code")
        .annotate(_n=Count("pk"))
        .order_by()
    )
    action_counts = {q: {} for q in quarters}
    for row in actions:
        action_counts[f"{year:04d}Q{row['_q']}"][row["code"]] = row["_n"]
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
    cases = Case.objects.filter(
        CONFIRMED, report__received_at__gte=_aware(period.start), report__received_at__lt=_aware(period.stop)
    ).exclude(INFO_REQUEST)
    days = {
        name: MedianDays(F(column) - F("report__received_at"), filter=Q(**{f"{column}__isnull": False}))
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


def cell_json(cell: Cell) -> list:
    return [cell.value, cell.status.value]


def table_json(table: PublishedTable) -> dict:
    """A published one-way table as JSON: ``{"rows": [...], "cells": {row: [value, status]}}``; rows left
    out of the release are absent from ``cells`` (only the total is shown)."""
    return {
        "rows": list(table.rows),
        "cells": {r: cell_json(c) for (r, _), c in table.cells.items()},
    }


def table_from_json(period: str, dimension: str, data: dict) -> PublishedTable:
    cells = {(r, ALL): Cell(v, Status(s)) for r, (v, s) in data["cells"].items()}
    return PublishedTable(period, dimension, tuple(data["rows"]), None, (ALL,), cells)


def _sum_quarters(base: dict[str, Table], parts: Iterable[str]) -> dict[str, int]:
    template = next(iter(base.values()))
    return {r: sum(base[p].counts.get((r, ALL), 0) for p in parts) for r in template.rows}


def _status_of(n: int) -> Status:
    return Status.PRIMARY if 1 <= n < disclosure.THRESHOLD else Status.FREE


@dataclass
class Published:
    """What one table publishes in a bulletin: shown period -> JSON table, plus what was withheld."""

    spec: Spec
    periods: dict[str, dict] = field(default_factory=dict)
    withheld: dict[str, str] = field(default_factory=dict)  # period -> reason
    rates: dict[str, dict[str, float]] = field(default_factory=dict)  # period -> category -> per 10,000
    audited: bool = False

    def as_json(self) -> dict:
        return {
            "periods": self.periods,
            "withheld": self.withheld,
            "rates": self.rates,
        }


def publish_counts(counts: Counts, period: Period, case_total: dict[str, int]) -> Published:
    """Disclosure control of one table for the bulletin of ``period``.

    ``case_total`` is the true number of cases per shown period. Tables that add up to it must publish
    it as every other table does (free, or ``A`` when it is 1-4): a table whose own protection hid the
    total (``D``) would be undone by the others, so such a period is withheld for that table.
    """
    spec = counts.spec
    family = release_family(period)
    base = counts.tables()
    published = Published(spec)
    shown = shown_periods(period)
    if spec.geography:
        release = disclosure.geography_release(base, {p: family[p] for p in shown})
        for p in release.fallback:
            published.withheld[p] = "a count of 1-4 in some area: shown in the annual bulletin only"
        tables = release.published
    else:
        result = disclosure.suppress_family(base, family)
        for p in result.withheld:
            if p in shown:
                published.withheld[p] = "could not be protected"
        tables = {p: t for p, t in result.published.items() if p in shown}
        # The last guard: an independent audit of everything this family publishes.
        report = disclosure.audit_table(
            list(result.published.values()), {p: family[p] for p in result.published}
        )
        published.audited = True
        if not report.ok:
            for p in tables:
                published.withheld[p] = "failed the disclosure audit"
            tables = {}
    for p, table in tables.items():
        if spec.counts == "cases" and table.grand_total.status is not _status_of(case_total[p]):
            published.withheld[p] = "its total could not be shown consistently with the other tables"
            continue
        published.periods[p] = table_json(table)
    return published


def publish_headline(counts: Counts, period: Period) -> tuple[Published, dict[str, int]]:
    """Reports received, split into cases, information requests and pending.

    The number of cases is the total of every case table, so it is published as they publish it (free,
    or ``A`` when 1-4). What remains of the reports (information requests and pending) is protected as a
    table of its own, and the number of reports is shown only when both parts are: suppressing it keeps
    "reports minus cases" from pinning a small remainder.
    """
    family = release_family(period)
    base = counts.tables()
    shown = shown_periods(period)
    truth = {p: _sum_quarters(base, family[p]) for p in family}
    case_total = {p: truth[p]["case"] for p in family}
    rest_base = {
        q: Table.one_way("report_outcome", {r: t.counts.get((r, ALL), 0) for r in HEADLINE_ROWS[1:]})
        for q, t in base.items()
    }
    rest = disclosure.suppress_family(rest_base, family)
    published = Published(counts.spec)
    composed: dict[str, PublishedTable] = {}
    for p in shown:
        rest_table = rest.published.get(p)
        if rest_table is None:
            published.withheld[p] = "could not be protected"
            continue
        case_cell = _cell(case_total[p])
        remainder = rest_table.grand_total
        cells = {("case", ALL): case_cell}
        cells.update({k: c for k, c in rest_table.cells.items() if k[0] != TOTAL})
        if case_cell.status is Status.FREE and remainder.status is Status.FREE:
            total = Cell(case_cell.value + remainder.value, Status.FREE)
        else:
            reports = truth[p]["case"] + truth[p]["information_request"] + truth[p]["pending"]
            total = Cell(None, Status.PRIMARY if reports < disclosure.THRESHOLD else Status.SECONDARY)
        cells[(TOTAL, ALL)] = total
        composed[p] = PublishedTable(p, "report_outcome", HEADLINE_ROWS, None, (ALL,), cells)
    report = None
    if composed:
        report = disclosure.audit_table(list(composed.values()), {p: family[p] for p in composed})
    published.audited = True
    for p, table in composed.items():
        if report is not None and not report.ok:
            published.withheld[p] = "failed the disclosure audit"
        else:
            published.periods[p] = table_json(table)
    return published, case_total


def _cell(n: int) -> Cell:
    return Cell(None, Status.PRIMARY) if 1 <= n < disclosure.THRESHOLD else Cell(n, Status.FREE)


def headline_cells(period: Period, known: Counts | None = None) -> dict[str, list] | None:
    """The headline of another period (the previous one, or a year before) as its own bulletin family
    publishes it, for comparisons; None when it cannot be shown. ``known`` are headline counts of the
    same year already made (reused when they cover the period's quarters)."""
    quarters = quarter_keys(period)
    if known is not None and set(quarters) <= set(known.by_quarter):
        counts = Counts(known.spec, known.categories, {q: known.by_quarter[q] for q in quarters})
    else:
        counts = _headline_counts(period)
    published, _ = publish_headline(counts, period)
    table = published.periods.get(str(period))
    return table["cells"] if table else None


def _headline_counts(period: Period) -> Counts:
    start, stop = _year_range(period)
    outcome = CaseWhen(
        When(case__labels_confirmed_at__isnull=True, then=Value("pending")),
        When(_prefixed(INFO_REQUEST, "case__"), then=Value("information_request")),
        default=Value("case"),
        output_field=CharField(),
    )
    reports = Report.objects.filter(received_at__gte=start, received_at__lt=stop)
    counts = _single(reports, outcome, "received_at", period.year, quarter_keys(period), list(HEADLINE_ROWS))
    return Counts(SPEC_BY_ID["headline"], list(HEADLINE_ROWS), counts)


def rates(published: Published, population: dict[str, int]) -> None:
    """Per 10,000 residents for every published (free) area with a known population."""
    for p, table in published.periods.items():
        out = {}
        for code, (value, status) in table["cells"].items():
            residents = population.get(code)
            if status == Status.FREE and value is not None and residents:
                out[code] = round(RATE_PER * value / residents, 2)
        if out:
            published.rates[p] = out


def city_code() -> str:
    return settings.OBSERVATORY_CITY_CODE
