"""True counts and cell keys computed in Python from the seeded rows, independently of the SQL in
observatory.stats: each table is a list of (category, record key) contributions."""

import hashlib
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


def report_key(row) -> int:
    """The key of a report: its case's record key, or (no case yet) a byte of the hash of its id."""
    return row.record_key if row.with_case else hashlib.md5(str(row.report_id).encode()).digest()[0]


def contributions(rows, table: str, period: str, districts=()) -> list[tuple[str, int]]:
    chosen = in_period(rows, period)
    if table == "headline":
        out = []
        for r in chosen:
            if not (r.with_case and r.confirmed):
                out.append(("pending", report_key(r)))
            elif r.information_request:
                out.append(("information_request", r.record_key))
            else:
                out.append(("case", r.record_key))
        return out
    if table == "actions":
        p = parse_period(period)
        return [
            (code, r.record_key)
            for r in confirmed(rows)
            for code, day in r.actions
            if p.start <= day < p.stop
        ]
    chosen = cases(chosen)
    if table == "grounds":
        return [(g, r.record_key) for r in chosen for g in r.grounds]
    if table == "comva":
        return [(c, r.record_key) for r in chosen for c in taxonomy.remap_codes(r.grounds)]
    if table == "reasons_not_reported":
        return [(x, r.record_key) for r in chosen if r.police is False for x in r.reasons]
    if table == "police":
        return [({True: "yes", False: "no", None: "unknown"}[r.police], r.record_key) for r in chosen]
    if table == "month":
        return [(timezone.localtime(r.received_at).strftime("%Y-%m"), r.record_key) for r in chosen]
    if table == "district":
        return [(r.district if r.district in districts else "unlocated", r.record_key) for r in chosen]
    if table == "neighbourhood":
        return [(r.neighbourhood if r.neighbourhood else "unlocated", r.record_key) for r in chosen]
    field = {"domain": "domain", "incident_type": "incident_type", "legal_classification": "legal",
             "reporter_role": "role"}[table]  # fmt: skip
    return [(getattr(r, field) or "not_recorded", r.record_key) for r in chosen]


def truth(rows, table: str, period: str, districts=()) -> Counter:
    """{category: true count} for one bulletin table in one period (no totals)."""
    return Counter(c for c, _k in contributions(rows, table, period, districts))


def tally(rows, table: str, period: str, row: str | None, districts=()) -> tuple[int, int]:
    """(true count, sum of record keys) of one category, or of the whole table when ``row`` is None."""
    chosen = [k for c, k in contributions(rows, table, period, districts) if row is None or c == row]
    return len(chosen), sum(chosen)


def total(rows, table, period, districts=()) -> int:
    return sum(truth(rows, table, period, districts).values())


__all__ = ["truth", "total", "tally", "date"]
