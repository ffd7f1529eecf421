"""Read-only queries behind the staff dashboards, the case list and the map. Codes and counts only:
nothing here decrypts anything, so these are also what analysts see.

Each query is scoped to what an organisation works on (`Case.objects.visible_to`) and written to
stay fast with 10^5-10^6 cases: the dashboard counters are one scan with filtered aggregates, the list
filters are indexed columns and the list is LIMIT/OFFSET on an indexed ordering (see
bench/bench_casework.py)."""

import json
from dataclasses import dataclass

from django.contrib.gis.db.models import MultiPolygonField
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Func, Q, Value
from django.utils import timezone

from observatory.accounts.models import Organisation
from observatory.casework.models import Case, LabelCorrection
from observatory.geography.models import Neighbourhood
from observatory.taxonomy import DOMAINS, GROUNDS

LIST_ORDER = ("-urgent", "ack_due_at", "id")  # the index case_queue, plus id to make it total


def _ground_filter(code: str) -> Q:
    # jsonb containment on PostgreSQL; the embedded demo (SpatiaLite) has no such operator, and the
    # quoted code matched in the JSON text is exact because codes contain no quotes.
    if connection.vendor == "postgresql":
        return Q(confirmed_grounds__contains=[code])
    return Q(confirmed_grounds__icontains=f'"{code}"')


def _overdue(now) -> Q:
    return Q(acknowledged_at__isnull=True, ack_due_at__lt=now) & ~Q(status=Case.Status.CLOSED)


def filtered_cases(organisation: Organisation, filters: dict, now=None):
    """The case list: the organisation's cases narrowed by the (already validated) filters, urgent
    first, then by acknowledgement deadline."""
    now = now or timezone.now()
    cases = Case.objects.visible_to(organisation)
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if filters.get("urgent"):
        cases = cases.filter(urgent=filters["urgent"] == "yes")
    if filters.get("ground"):
        cases = cases.filter(_ground_filter(filters["ground"]))
    if filters.get("domain"):
        cases = cases.filter(confirmed_domain=filters["domain"])
    if filters.get("district"):
        cases = cases.filter(report__district_code=filters["district"])
    if filters.get("overdue"):
        cases = cases.filter(_overdue(now))
    return cases.select_related("report", "assigned_organisation").order_by(*LIST_ORDER)


@dataclass(frozen=True)
class Counters:
    total: int
    open: int
    urgent_open: int
    overdue: int
    unconfirmed_open: int
    by_status: list[tuple[str, str, int]]  # (code, label, n)
    by_ground: list[tuple[str, str, int]]  # open cases, confirmed labels
    by_domain: list[tuple[str, str, int]]
    by_neighbourhood: list[tuple[str, int]]  # (code, n) open cases with a place


def counters(organisation: Organisation, now=None) -> Counters:
    """Every dashboard counter in two queries: one pass over the organisation's cases with filtered
    aggregates, and one GROUP BY neighbourhood."""
    now = now or timezone.now()
    is_open = ~Q(status=Case.Status.CLOSED)
    aggregates = {
        "total": Count("id"),
        "open": Count("id", filter=is_open),
        "urgent_open": Count("id", filter=is_open & Q(urgent=True)),
        "overdue": Count("id", filter=_overdue(now)),
        "unconfirmed_open": Count("id", filter=is_open & Q(labels_confirmed_at__isnull=True)),
    }
    aggregates |= {f"status_{s}": Count("id", filter=Q(status=s)) for s in Case.Status.values}
    aggregates |= {f"ground_{g.code}": Count("id", filter=is_open & _ground_filter(g.code)) for g in GROUNDS}
    aggregates |= {
        f"domain_{d.code}": Count("id", filter=is_open & Q(confirmed_domain=d.code)) for d in DOMAINS
    }
    row = Case.objects.visible_to(organisation).aggregate(**aggregates)
    places = (
        Case.objects.visible_to(organisation)
        .open()
        .filter(report__neighbourhood_code__isnull=False)
        .values_list("report__neighbourhood_code")
        .annotate(n=Count("id"))
        .order_by("-n", "report__neighbourhood_code")
    )
    return Counters(
        total=row["total"],
        open=row["open"],
        urgent_open=row["urgent_open"],
        overdue=row["overdue"],
        unconfirmed_open=row["unconfirmed_open"],
        by_status=[(s.value, s.label, row[f"status_{s.value}"]) for s in Case.Status],
        by_ground=[(g.code, g.label, row[f"ground_{g.code}"]) for g in GROUNDS if row[f"ground_{g.code}"]],
        by_domain=[(d.code, d.label, row[f"domain_{d.code}"]) for d in DOMAINS if row[f"domain_{d.code}"]],
        by_neighbourhood=list(places),
    )


def intake_queue(organisation: Organisation, limit: int = 25, now=None):
    """Open cases urgent first, then overdue, then by deadline (Case.objects.queue)."""
    return Case.objects.visible_to(organisation).queue(now=now).select_related("report")[:limit]


def overdue_cases(organisation: Organisation, limit: int = 25, now=None):
    now = now or timezone.now()
    return (
        Case.objects.visible_to(organisation)
        .filter(_overdue(now))
        .select_related("report")
        .order_by("ack_due_at", "id")[:limit]
    )


@dataclass(frozen=True)
class Agreement:
    field: str
    label: str
    total: int
    agreed: int

    @property
    def rate(self) -> float | None:
        return self.agreed / self.total if self.total else None


def triage_agreement(organisation: Organisation) -> list[Agreement]:
    """How often caseworkers confirmed triage's suggestion unchanged, per field (LabelCorrection rows
    where triage suggested something)."""
    rows = LabelCorrection.objects.filter(suggested__isnull=False)
    if organisation.kind != Organisation.Kind.OFFICE:
        rows = rows.filter(case__assigned_organisation=organisation)
    counts = {
        r["field"]: r
        for r in rows.values("field").annotate(total=Count("id"), agreed=Count("id", filter=Q(changed=False)))
    }
    return [
        Agreement(f.value, f.label, row.get("total", 0), row.get("agreed", 0))
        for f in LabelCorrection.Field
        for row in [counts.get(f.value, {})]
    ]


MAP_SIMPLIFY_DEGREES = 0.0002  # ~20 m: invisible at map scale, a tenth of the vertices
MAP_CACHE_KEY = "casework:neighbourhood-features:v1"


def neighbourhood_features() -> list[dict]:
    """Valencia's neighbourhoods as simplified GeoJSON-like features (cached: boundaries change only
    when someone reloads them)."""
    features = cache.get(MAP_CACHE_KEY)
    if features is not None:
        return features
    simplify = "SimplifyPreserveTopology"
    if connection.vendor == "postgresql":
        simplify = "ST_" + simplify
    rows = Neighbourhood.objects.annotate(
        shape=AsGeoJSON(
            Func(F("geom"), Value(MAP_SIMPLIFY_DEGREES), function=simplify, output_field=MultiPolygonField()),
            precision=5,
        )
    ).values_list("code", "name", "shape")
    features = [
        {"properties": {"code": code, "name": name}, "geometry": json.loads(shape)}
        for code, name, shape in rows
        if shape
    ]
    cache.set(MAP_CACHE_KEY, features, 3600)
    return features
