"""Read-only queries behind the staff dashboards and the map (the case list is casework.queue). Codes
and counts only: nothing here decrypts anything, so these are also what analysts see.

Each query is scoped to what an organisation works on (`Case.objects.visible_to`) and written to
stay fast with 10^5-10^6 cases: the dashboard counters are a few grouped queries, cached for
COUNTERS_CACHE_SECONDS per organisation (the page says how old they are); the list filters are indexed
columns, the list is LIMIT/OFFSET on an indexed ordering and its count stops at a cap; the intake queue
is the tested `Case.objects.queue` (see bench/bench_casework.py)."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.gis.db.models import MultiPolygonField
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Func, Q, Value
from django.utils import timezone

from observatory.accounts.models import Organisation
from observatory.casework.models import Case, LabelCorrection
from observatory.casework.queue import list_rows, overdue
from observatory.geography.actions import boundaries_version
from observatory.geography.models import Neighbourhood
from observatory.taxonomy import DOMAINS, GROUNDS


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


def _ground_counts(cases) -> dict[str, int]:
    sql, params = cases.values("confirmed_grounds").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT g, COUNT(*) FROM ({sql}) AS c, jsonb_array_elements_text(c.confirmed_grounds) AS g "
            "GROUP BY g",
            params,
        )
        return dict(cursor.fetchall())


COUNTERS_CACHE_SECONDS = 30  # the dashboard says "as of hh:mm:ss": counts may be this stale


def _counters_key(organisation: Organisation) -> str:
    return f"casework:dashboard-counters:v2:{organisation.pk}"


def cached_counters(organisation: Organisation) -> tuple[Counters, list["Agreement"], datetime]:
    """`counters` and `triage_agreement` for the dashboard, counted at most once per
    COUNTERS_CACHE_SECONDS per organisation, and when they were counted. The cache holds codes and
    numbers only (what analysts see anyway; labels are added after reading it: unpickling a lazy
    translation builds a class per string)."""
    key = _counters_key(organisation)
    hit = cache.get(key)
    if hit is None:
        now = timezone.now()
        hit = (_counts(organisation, now), _agreement_counts(organisation), now)
        cache.set(key, hit, COUNTERS_CACHE_SECONDS)
    counts, agreement, counted_at = hit
    return _counters_from(counts), _agreement_from(agreement), counted_at


def counters(organisation: Organisation, now=None) -> Counters:
    """Every dashboard counter, in four grouped queries over the organisation's cases (by status; the
    open ones by domain, ground and place). Uncached: the dashboard goes through `cached_counters`."""
    return _counters_from(_counts(organisation, now or timezone.now()))


def _counts(organisation: Organisation, now) -> dict:
    cases = Case.objects.visible_to(organisation).order_by()
    open_cases = cases.exclude(status=Case.Status.CLOSED)
    places = (
        open_cases.filter(neighbourhood_code__isnull=False)
        .values_list("neighbourhood_code")
        .annotate(n=Count("id"))
        .order_by("-n", "neighbourhood_code")
    )
    by_status = cases.values("status").annotate(
        n=Count("id"),
        urgent=Count("id", filter=Q(urgent=True)),
        overdue=Count("id", filter=Q(acknowledged_at__isnull=True, ack_due_at__lt=now)),
        unconfirmed=Count("id", filter=Q(labels_confirmed_at__isnull=True)),
    )
    statuses, row = {}, {"open": 0, "urgent_open": 0, "overdue": 0, "unconfirmed_open": 0}
    for group in by_status:  # one scan for the status table and the open-case counters
        statuses[group["status"]] = group["n"]
        if group["status"] != Case.Status.CLOSED:
            row["open"] += group["n"]
            row["urgent_open"] += group["urgent"]
            row["overdue"] += group["overdue"]
            row["unconfirmed_open"] += group["unconfirmed"]
    return {
        "statuses": statuses,
        "open": row,
        "domains": dict(
            open_cases.exclude(confirmed_domain="").values_list("confirmed_domain").annotate(n=Count("id"))
        ),
        "grounds": _ground_counts(open_cases),
        "places": list(places),
    }


def _counters_from(counts: dict) -> Counters:
    statuses, row, grounds, domains = counts["statuses"], counts["open"], counts["grounds"], counts["domains"]
    return Counters(
        total=sum(statuses.values()),
        open=row["open"],
        urgent_open=row["urgent_open"],
        overdue=row["overdue"],
        unconfirmed_open=row["unconfirmed_open"],
        by_status=[(s.value, s.label, statuses.get(s.value, 0)) for s in Case.Status],
        by_ground=[(g.code, g.label, grounds[g.code]) for g in GROUNDS if grounds.get(g.code)],
        by_domain=[(d.code, d.label, domains[d.code]) for d in DOMAINS if domains.get(d.code)],
        by_neighbourhood=[tuple(place) for place in counts["places"]],
    )


def open_cases_by_neighbourhood(organisation: Organisation) -> tuple[dict[str, int], datetime]:
    """Open cases per neighbourhood code for the map, and when they were counted (cached like the
    dashboard counters, COUNTERS_CACHE_SECONDS)."""
    key = f"casework:open-by-neighbourhood:v1:{organisation.pk}"
    hit = cache.get(key)
    if hit is None:
        now = timezone.now()
        counts = dict(
            Case.objects.visible_to(organisation)
            .open()
            .filter(neighbourhood_code__isnull=False)
            .order_by()
            .values_list("neighbourhood_code")
            .annotate(n=Count("id"))
        )
        hit = (counts, now)
        cache.set(key, hit, COUNTERS_CACHE_SECONDS)
    return hit


def intake_queue(organisation: Organisation, limit: int = 25, now=None) -> list[Case]:
    """The first `limit` cases of the organisation's queue: `Case.objects.queue` (open, urgent first,
    then overdue, then by deadline; tests/casework/test_cases.py holds its order), scoped by
    `visible_to` like every list. Its computed sort key makes PostgreSQL sort the open cases, a top-N
    heapsort of ~20 ms at 10^5 cases (bench/bench_casework.py "dashboard")."""
    queue = Case.objects.visible_to(organisation).queue(now=now).values_list("id", flat=True)
    # Ids first, then the rows shown: joining the reports and their triage before the LIMIT made
    # PostgreSQL join every open case before sorting (180 ms at 10^5 cases, against 20 ms).
    return list_rows(queue[:limit], with_suggestions=True)


def overdue_cases(organisation: Organisation, limit: int = 25, now=None) -> list[Case]:
    """Open cases past their acknowledgement deadline, earliest first (the index case_overdue)."""
    now = now or timezone.now()
    ids = Case.objects.visible_to(organisation).filter(overdue(now)).order_by("ack_due_at", "id")
    return list_rows(ids.values_list("id", flat=True)[:limit], with_suggestions=True)


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
    return _agreement_from(_agreement_counts(organisation))


def _agreement_counts(organisation: Organisation) -> dict[str, dict]:
    rows = LabelCorrection.objects.filter(suggested__isnull=False).order_by()  # no join for Meta.ordering
    if organisation.kind != Organisation.Kind.OFFICE:  # the office sees every case: no filter to add
        rows = rows.filter(case__in=Case.objects.visible_to(organisation).values("id"))
    return {
        r["field"]: r
        for r in rows.values("field").annotate(total=Count("id"), agreed=Count("id", filter=Q(changed=False)))
    }


def _agreement_from(counts: dict[str, dict]) -> list[Agreement]:
    return [
        Agreement(f.value, f.label, row.get("total", 0), row.get("agreed", 0))
        for f in LabelCorrection.Field
        for row in [counts.get(f.value, {})]
    ]


MAP_SIMPLIFY_DEGREES = 0.0002  # ~20 m: invisible at map scale, a tenth of the vertices
MAP_CACHE_KEY = "casework:neighbourhood-features:v1"


def neighbourhood_features() -> list[dict]:
    """Valencia's neighbourhoods as simplified GeoJSON-like features (cached until boundaries are
    reloaded)."""
    key = f"{MAP_CACHE_KEY}:{boundaries_version()}"
    features = cache.get(key)
    if features is not None:
        return features
    simplify = "ST_SimplifyPreserveTopology"
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
    if features:  # never remember "no boundaries": they may be loaded a minute later
        cache.set(key, features, 3600)
    return features
