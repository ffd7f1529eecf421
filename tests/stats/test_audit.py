"""The pre-publication audit plays a reader holding every release; an independent attacker checks it.

Synthetic years of cases (no database): quarterly releases (quarter + year to date, Q4 with the year) are
perturbed, audited against everything released before, and withheld where needed. Then an attacker that
shares no code with the audit's model solves, by integer programming, for every cell of true value 1-4
with every release in hand and every published relation (cases add up across tables, COMVA categories
between their grounds and their sum, months inside their quarter): none may come out pinned.
"""

from __future__ import annotations

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from observatory import taxonomy
from observatory.stats import audit, tables
from observatory.stats.disclosure import TOTAL
from observatory.stats.periods import Period
from observatory.stats.perturbation import ptable

GROUNDS = ("racism", "antigypsyism", "antisemitism", "anti_muslim", "religion", "age")
DISTRICTS = ("d1", "d2", "d3")
TABLES = ("headline", "grounds", "comva", "district", "month")


def counts_of(cases, last_quarter=4) -> dict[str, tables.Counts]:
    """The tallies count_tables would return for these synthetic cases, up to ``last_quarter``."""
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    comva = list(tables.comva_grounds())
    cats = {"headline": list(tables.HEADLINE_ROWS), "grounds": list(GROUNDS), "comva": comva,
            "district": [*DISTRICTS, tables.UNLOCATED], "month": months}  # fmt: skip
    out = {}
    for table in TABLES:
        by_quarter = {}
        for q in range(1, last_quarter + 1):
            cell = {c: [0, 0] for c in cats[table]}
            for case in cases:
                if (case["month"] - 1) // 3 + 1 != q:
                    continue
                if table == "headline":
                    keys = ["case"]
                elif table == "grounds":
                    keys = case["grounds"]
                elif table == "comva":
                    keys = list(taxonomy.remap_codes(case["grounds"]))
                elif table == "district":
                    keys = [case["district"]]
                else:
                    keys = [f"2026-{case['month']:02d}"]
                for k in keys:
                    cell[k][0] += 1
                    cell[k][1] += case["key"]
            by_quarter[f"2026Q{q}"] = {c: tuple(v) for c, v in cell.items()}
        out[table] = tables.Counts(tables.SPEC_BY_ID[table], cats[table], by_quarter)
    return out


def release_year(cases) -> tuple[list[audit.Quantity], dict[str, tables.Counts], int]:
    """Every quarterly release of the year, each perturbed and protected against the ones before."""
    published, withheld = [], 0
    for q in range(1, 5):
        counts = counts_of(cases, q)
        shown = tables.shown_periods(Period(2026, q))
        figures = {"tables": {t: tables.publish_counts(counts[t], shown) for t in TABLES}}
        report = audit.protect(counts, published, figures, parents={})
        assert report.ok, report.message()
        withheld += len(report.withheld)
        published += audit.quantities(f"2026Q{q}", figures)
    return published, counts_of(cases), withheld


def attacker_pins(published: list[audit.Quantity], counts) -> list[str]:
    """An independent reader: unknowns per (table, category, quarter), every relation, every bound."""
    names = [(t, c, q) for t in TABLES for c in counts[t].rows() for q in counts[t].by_quarter]
    col = {n: i for i, n in enumerate(names)}
    truth = np.array([counts[t].by_quarter[q].get(c, (0, 0))[0] for t, c, q in names])
    rows, lo, hi = [], [], []

    def add(coefs, a, b):
        v = np.zeros(len(names))
        for n, c in coefs:
            v[col[n]] += c
        rows.append(v)
        lo.append(a)
        hi.append(b)

    quarters = sorted(counts["headline"].by_quarter)
    for q in quarters:
        add([(("headline", c, q), 1) for c in ("information_request", "pending")], 0, 0)  # none here
        for t in ("district", "month"):
            add([*[((t, c, q), 1) for c in counts[t].rows()], (("headline", "case", q), -1)], 0, 0)
        for m in counts["month"].rows():
            if (int(m[-2:]) - 1) // 3 + 1 != int(q[-1]):
                add([(("month", m, q), 1)], 0, 0)
        for category, grounds in tables.comva_grounds().items():
            members = [g for g in grounds if g in GROUNDS]
            add([(("comva", category, q), 1), *[(("grounds", g, q), -1) for g in members]], -1e9, 0)
            for g in members:
                add([(("comva", category, q), 1), (("grounds", g, q), -1)], 0, 1e9)
    targets = {}
    for item in published:
        parts = list(tables.period_quarters(item.period))
        cats = counts[item.table].rows() if item.row == TOTAL else [item.row]
        coefs = [((item.table, c, q), 1) for c in cats for q in parts]
        a, b = ptable().bounds(item.value)
        add(coefs, a, b)
        targets[f"{item.period} {item.table} {item.row}"] = coefs
    for t, c, q in names:
        targets[f"{q} {t} {c}"] = [((t, c, q), 1)]
    constraint = LinearConstraint(np.array(rows), lo, hi)
    pinned = []
    for label, coefs in targets.items():
        v = np.zeros(len(names))
        for n, c in coefs:
            v[col[n]] += c
        if int(v @ truth) not in range(1, 5):
            continue
        values = set()
        for sign in (1, -1):
            res = milp(
                sign * v, integrality=np.ones(len(names)), bounds=Bounds(0, 10**6), constraints=constraint
            )
            assert res.status == 0, res.message  # the truth is always feasible
            values.add(round(float(v @ res.x)))
        if len(values) == 1:
            pinned.append(label)
    return pinned


def random_cases(rnd: random.Random, n: int) -> list[dict]:
    weights = [20, 3, 1, 1, 2, 1]
    return [
        {
            "month": rnd.randint(1, 12),
            "grounds": sorted({rnd.choices(GROUNDS, weights)[0] for _ in range(rnd.choice([1, 1, 1, 2]))}),
            "district": rnd.choices([*DISTRICTS, tables.UNLOCATED], [10, 3, 1, 2])[0],
            "key": rnd.randrange(256),
        }
        for _ in range(n)
    ]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.integers(3, 40), st.booleans())
def test_no_reader_holding_every_release_can_pin_a_small_count(seed, n, plant):
    rnd = random.Random(seed)
    cases = random_cases(rnd, n)
    if plant:  # a single case alone in a rare ground and a rare district, in the third quarter
        cases.append({"month": 8, "grounds": ["antisemitism"], "district": "d3", "key": rnd.randrange(256)})
    published, counts, _withheld = release_year(cases)
    assert attacker_pins(published, counts) == []
    for item in published:
        assert item.value not in (1, 2)


def test_the_audit_finds_a_quarter_pinned_by_differencing_year_to_date_releases():
    """Q1 = Q2 = 5 published as 3 each, YTD-Q2 = 10 published as 8, YTD-Q3 = 13 published as 15 and
    Q3 = 3 published as 0 (all values the pTable allows): Q3 = YTD3 - YTD2 >= 13 - 10 = 3, and 0 says
    Q3 <= 3, so Q3 is 3."""
    spec = tables.SPEC_BY_ID["actions"]
    by_quarter = {
        "2026Q1": {"mediation": (5, 0)},
        "2026Q2": {"mediation": (5, 0)},
        "2026Q3": {"mediation": (3, 0)},
    }
    counts = {"actions": tables.Counts(spec, ["mediation"], by_quarter)}
    published = [
        audit.Quantity("q1", "actions", "mediation", "2026Q1", 3),
        audit.Quantity("q2", "actions", "mediation", "2026Q2", 3),
        audit.Quantity("q2", "actions", "mediation", "2026Q2-YTD", 8),
    ]
    candidate = [
        audit.Quantity("q3", "actions", "mediation", "2026Q3", 0),
        audit.Quantity("q3", "actions", "mediation", "2026Q3-YTD", 15),
    ]
    assert audit.audit(counts, published, {}).ok
    report = audit.audit(counts, published + candidate, {})
    assert [str(f) for f in report.pinned] == ["2026Q3 · actions · mediation"]
    assert "2026Q3 · actions · mediation" in report.message()
    assert attacker_style_check(published + candidate) == {3}

    figures = {"tables": {"actions": {"periods": {
        "2026Q3": {"rows": ["mediation"], "cells": {"mediation": [0, "F"], TOTAL: [0, "F"]}},
        "2026Q3-YTD": {"rows": ["mediation"], "cells": {"mediation": [15, "F"], TOTAL: [15, "F"]}},
    }, "rates": {}}}}  # fmt: skip
    protected = audit.protect(counts, published, figures, {})
    assert protected.ok and [str(f) for f in protected.withheld] == ["2026Q3 · actions · mediation"]
    assert figures["tables"]["actions"]["periods"]["2026Q3"]["cells"]["mediation"] == [None, "C"]


def attacker_style_check(quantities) -> set[int]:
    """Brute force over Q1, Q2, Q3 in 0..20: the values of Q3 consistent with the published bounds."""
    parts = {"2026Q1": (0,), "2026Q2": (1,), "2026Q2-YTD": (0, 1), "2026Q3": (2,), "2026Q3-YTD": (0, 1, 2)}
    bounds = [(ptable().bounds(q.value), parts[q.period]) for q in quantities]
    found = set()
    for x in np.ndindex(21, 21, 21):
        if all(lo <= sum(x[i] for i in members) <= hi for (lo, hi), members in bounds):
            found.add(x[2])
    return found


def test_the_attacker_is_not_blind_it_pins_the_differencing_example_too():
    """The same differencing, on district d1 holding every case (5 in Q1, 5 in Q2, 3 in Q3): the
    headline, the district and its total count the same cases, so they publish the same values."""
    cases = [
        {"month": m, "grounds": ["racism"], "district": "d1", "key": 0} for m in [1] * 5 + [4] * 5 + [7] * 3
    ]
    values = {"2026Q1": 3, "2026Q2": 3, "2026Q2-YTD": 8, "2026Q3": 0, "2026Q3-YTD": 15}
    published = [
        audit.Quantity("r", table, row, period, value)
        for period, value in values.items()
        for table, row in (("headline", "case"), ("district", "d1"), ("district", TOTAL))
    ]
    counts = counts_of(cases, 3)
    pinned = attacker_pins(published, counts)
    assert "2026Q3 district d1" in pinned and "2026Q3 headline case" in pinned
    assert not audit.audit(counts, published, {}).ok
