"""True counts computed in Python from the seeded rows, independently of the SQL in observatory.stats."""

from collections import Counter
from datetime import date

from django.utils import timezone

from observatory import taxonomy
from observatory.stats.periods import parse_period


def in_period(rows, period: str):
    p = parse_period(period)
    return [r for r in rows if p.start <= timezone.localtime(r.received_at).date() < p.stop]


def confirmed(rows):
    return [r for r in rows if r.with_case and r.confirmed]


def cases(rows):
    return [r for r in confirmed(rows) if not r.information_request]


def _single(values) -> Counter:
    return Counter(v or "not_recorded" for v in values)


def truth(rows, table: str, period: str, districts=()) -> Counter:
    """{category: true count} for one bulletin table in one period (no totals)."""
    chosen = in_period(rows, period)
    if table == "headline":
        out = Counter()
        for r in chosen:
            if not (r.with_case and r.confirmed):
                out["pending"] += 1
            elif r.information_request:
                out["information_request"] += 1
            else:
                out["case"] += 1
        return out
    if table == "actions":
        p = parse_period(period)
        out = Counter()
        for r in confirmed(rows):
            out.update(code for code, day in r.actions if p.start <= day < p.stop)
        return out
    chosen = cases(chosen)
    if table == "grounds":
        return Counter(g for r in chosen for g in r.grounds)
    if table == "comva":
        return Counter(c for r in chosen for c in taxonomy.remap_codes(r.grounds))
    if table == "reasons_not_reported":
        return Counter(x for r in chosen if r.police is False for x in r.reasons)
    if table == "police":
        return Counter({True: "yes", False: "no", None: "unknown"}[r.police] for r in chosen)
    if table == "month":
        return Counter(timezone.localtime(r.received_at).strftime("%Y-%m") for r in chosen)
    if table == "district":
        return Counter(r.district if r.district in districts else "unlocated" for r in chosen)
    if table == "neighbourhood":
        return Counter(r.neighbourhood if r.neighbourhood else "unlocated" for r in chosen)
    field = {"domain": "domain", "incident_type": "incident_type", "legal_classification": "legal",
             "reporter_role": "role"}[table]  # fmt: skip
    return _single(getattr(r, field) for r in chosen)


def total(rows, table, period, districts=()) -> int:
    return sum(truth(rows, table, period, districts).values())


__all__ = ["truth", "total", "date"]
