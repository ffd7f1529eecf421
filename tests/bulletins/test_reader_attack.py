"""An outside reader's attack on two years of real releases (DESIGN §8, issue 14).

The releases are made the way the office makes them, on the real database: the bulletins of 2025Q1 to
2026Q3 (each with its year to date, Q4 with the year) and the 2025 annual bulletin, built and published
one after the other; then late cases of 2025Q2 arrive and that bulletin is corrected (version 2).

The reader downloads every published release (the figures its bulletin page and open data show, read back
from the stored releases) and knows the published perturbation table (``data/ptable.csv``) and every
published relation: case tables add up to the cases, months lie inside their quarter, a COMVA category
is at least each of its grounds and at most their sum, a reason for not reporting is at most the cases not
reported, barrios add up to their district. It also links the correction to the first version: the other
quarters did not move and late cases only add. The audit assumes versions are unlinked; this reader does not.

Then, for every cell of true value 1-4 (a table cell of one quarter or a published period) and every true
0, integer programming asks whether another table of counts agrees with everything published. None may be
pinned. The reader shares no code with the pre-publication audit (``observatory/stats/audit.py``).
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from cms.actions import build_bulletin, publish_bulletin
from observatory.stats import audit, perturbation, tables
from observatory.stats.disclosure import TOTAL, Status
from observatory.stats.models import Release
from observatory.stats.periods import Period
from observatory.stats.perturbation import KEY_RANGE, PTABLE_PATH
from tests.bulletins.seed import Row, at, random_rows, seed

CALENDAR = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025", "2026Q1", "2026Q2", "2026Q3"]
CORRECTED = "2025Q2"
BIG = 10**7


BIG_COUNT = 20_000  # above any count in these data sets


def true_values_behind(ptable_csv: Path) -> dict[int, set[int]]:
    """For each value the perturbation table can publish, the true counts that can be published as it,
    computed from the published CSV alone (as a reader would)."""
    with open(ptable_csv, encoding="utf-8", newline="") as fh:
        rows = [(int(r["pcv"]), int(r["pvalue"])) for r in csv.DictReader(fh)]
    cap = max(p for p, _ in rows)
    noises = defaultdict(set)
    for pcv, noise in rows:
        noises[pcv].add(noise)
    behind = defaultdict(set, {0: {0}})
    for n in range(1, 3 * BIG_COUNT):
        for noise in noises[min(n, cap)]:
            behind[n + noise].add(n)
    return behind


class Reader:
    """Unknowns per (state, table, row, quarter): state 0 is the data before the correction, state 1 after
    it; state 1 has unknowns of its own only in the corrected quarter."""

    def __init__(self, before: dict[str, tables.Counts], after: dict[str, tables.Counts], parents):
        self.truth: list[int] = []
        self.index: dict[tuple, int] = {}
        self.rows = {t: list(c.rows()) for t, c in before.items()}
        self.quarters = sorted({q for c in before.values() for q in c.by_quarter})
        for state, counts in ((0, before), (1, after)):
            for t, rows in self.rows.items():
                for r in rows:
                    for q in self.quarters if state == 0 else [f"{CORRECTED}"]:
                        self.index[(state, t, r, q)] = len(self.truth)
                        self.truth.append(counts[t].tally(r, (q,))[0])
        self.relations: list[tuple[dict[int, float], float, float]] = []
        self.structural_zeros: set[int] = set()
        for state in (0, 1):
            for q in self.quarters if state == 0 else [CORRECTED]:
                self._quarter(state, q, parents)
        for t, rows in self.rows.items():  # late cases only add, to the corrected quarter only
            for r in rows:
                self._relate({self.var(1, t, r, CORRECTED): 1, self.var(0, t, r, CORRECTED): -1}, 0, BIG)

    def var(self, state: int, table: str, row: str, quarter: str) -> int:
        if state == 1 and quarter != CORRECTED:
            state = 0  # the other quarters did not move
        return self.index[(state, table, row, quarter)]

    def _relate(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        """A relation enters only if the truth meets it: a relation that the data break is not one a reader
        could rely on (and a reader who assumed it would be solving for data that do not exist)."""
        value = sum(c * self.truth[j] for j, c in coefs.items())
        if lo <= value <= hi:
            self.relations.append((coefs, lo, hi))

    def _quarter(self, state: int, q: str, parents) -> None:
        v = lambda t, r: self.var(state, t, r, q)  # noqa: E731
        for spec in tables.SPECS:
            if spec.counts == "cases" and spec.id in self.rows:
                coefs = {v(spec.id, r): 1.0 for r in self.rows[spec.id]}
                coefs[v("headline", "case")] = -1.0
                self._relate(coefs, 0, 0)
        inside = {f"{y:04d}-{m:02d}" for y, m in tables.parse_period(q).months()}
        for m in self.rows["month"]:
            if m not in inside:
                self.structural_zeros.add(v("month", m))
                self._relate({v("month", m): 1}, 0, 0)
        grounds = set(self.rows["grounds"])
        for category, members in tables.comva_grounds().items():
            if category not in self.rows["comva"]:
                continue
            members = [g for g in members if g in grounds]
            self._relate({v("comva", category): 1, **{v("grounds", g): -1 for g in members}}, -BIG, 0)
            for g in members:
                self._relate({v("comva", category): 1, v("grounds", g): -1}, 0, BIG)
        for reason in self.rows["reasons_not_reported"]:
            self._relate({v("reasons_not_reported", reason): 1, v("police", "no"): -1}, -BIG, 0)
        children = defaultdict(list)
        for b in self.rows["neighbourhood"]:
            parent = parents.get(b, b if b == tables.UNLOCATED else None)
            if parent in self.rows["district"]:
                children[parent].append(v("neighbourhood", b))
        for d, members in children.items():
            self._relate({**{j: 1 for j in members}, v("district", d): -1}, -BIG, 0)
            self._relate({**{j: 1 for j in members}, v("district", d): -1}, 0, 0)

    def cell(self, state: int, table: str, row: str, period: str) -> dict[int, float]:
        rows = self.rows[table] if row == TOTAL else [row]
        return {self.var(state, table, r, q): 1.0 for r in rows for q in tables.period_quarters(period)}


def pinned_cells(reader: Reader, published: list, ptable_csv: Path, enough: int | None = None) -> list[str]:
    """Every target the published values pin (or the first ``enough`` of them)."""
    behind = true_values_behind(ptable_csv)
    rows, lo, hi = [], [], []
    for coefs, a, b in reader.relations:
        rows.append(coefs)
        lo.append(a)
        hi.append(b)
    targets: dict[str, dict[int, float]] = {}
    for state, table, row, period, value in published:
        coefs = reader.cell(state, table, row, period)
        candidates = behind[value]
        rows.append(coefs)
        lo.append(min(candidates))
        hi.append(max(candidates))
        targets[f"v{state + 1} {period} {table} {row}"] = coefs
    for (state, table, row, quarter), j in reader.index.items():
        if j not in reader.structural_zeros:
            targets[f"s{state} {quarter} {table} {row}"] = {j: 1.0}
    n = len(reader.truth)
    matrix = csr_matrix(
        ([c for coefs in rows for c in coefs.values()],
         ([i for i, coefs in enumerate(rows) for _ in coefs], [j for coefs in rows for j in coefs])),
        shape=(len(rows), n),
    )  # fmt: skip
    constraint = LinearConstraint(matrix, lo, hi)
    truth = np.array(reader.truth, dtype=float)
    assert (matrix @ truth >= np.array(lo) - 1e-9).all() and (matrix @ truth <= np.array(hi) + 1e-9).all()

    def value_of(coefs, x):
        return round(sum(c * x[j] for j, c in coefs.items()))

    open_targets = {
        label: coefs
        for label, coefs in targets.items()
        if value_of(coefs, truth) in range(0, 5) and not set(coefs) <= reader.structural_zeros
    }
    bounds, integral = Bounds(0, BIG_COUNT), np.ones(n)

    def solve(objective: dict[int, float]) -> np.ndarray:
        c = np.zeros(n)
        for j, w in objective.items():
            c[j] += w
        res = milp(c, integrality=integral, bounds=bounds, constraints=constraint)
        assert res.status == 0, res.message  # the truth is always feasible
        return res.x

    def still(targets, x):
        return {
            label: coefs for label, coefs in targets.items() if value_of(coefs, x) == value_of(coefs, truth)
        }

    # Push every open target up (then down) at once: whatever moves has another value and is cleared.
    # What stays is asked one by one.
    for sign in (-1, 1):  # milp minimises: -1 maximises
        while True:
            movable = {
                label: coefs for label, coefs in open_targets.items() if sign < 0 or value_of(coefs, truth)
            }
            objective = defaultdict(float)
            for coefs in movable.values():
                for j, c in coefs.items():
                    objective[j] += sign * c
            remaining = {
                **still(movable, solve(objective)),
                **{k: v for k, v in open_targets.items() if k not in movable},
            }
            if len(remaining) == len(open_targets):
                break
            open_targets = remaining
    pinned = []
    for label, coefs in open_targets.items():
        values = {value_of(coefs, solve({j: sign * c for j, c in coefs.items()})) for sign in (-1, 1)}
        if len(values) == 1:
            pinned.append(f"{label} = {values.pop()}")
            if len(pinned) == enough:
                break
    return pinned


def late_cases(places, n: int, seed_value: int) -> list[Row]:
    """Cases received in 2025Q2 that only reach the statistics after its bulletin came out, one of them
    alone in a rare ground."""
    rnd = random.Random(seed_value)
    rows = random_rows(n, date(2025, 4, 1), date(2025, 7, 1), places, seed=seed_value)
    hood, district = places[rnd.randrange(len(places))]
    rows.append(Row(received_at=at(date(2025, 5, 20)), grounds=["age"], neighbourhood=hood, district=district,
                    record_key=rnd.randrange(256)))  # fmt: skip
    return rows


def published_by(state_of_release) -> list[tuple[int, str, str, str, int]]:
    out = []
    for release in Release.objects.order_by("published_at", "pk"):
        state = state_of_release(release)
        for table, item in release.figures["tables"].items():
            for period, data in item["periods"].items():
                for row, (value, status) in data["cells"].items():
                    if status == Status.FREE and value is not None:
                        out.append((state, table, row, period, int(value)))
    return out


def counts_of_years() -> dict[str, tables.Counts]:
    """True counts of both years, quarter by quarter, as one mapping per table."""
    merged = {}
    for year in (2025, 2026):
        for table, counts in tables.count_tables(Period(year), annual=True).items():
            if table in merged:
                merged[table].by_quarter.update(counts.by_quarter)
                merged[table].categories = list(dict.fromkeys([*merged[table].rows(), *counts.rows()]))
            else:
                merged[table] = counts
    return merged


def release_two_years(per_year: int, late: int, places, organisation):
    """Seed ~``per_year`` reports a year, publish the calendar, then correct 2025Q2 after ``late`` late
    cases. Returns the reader's model and everything published."""
    from observatory.geography.models import Neighbourhood

    months = 21  # January 2025 to September 2026
    rows = random_rows(per_year * months // 12, date(2025, 1, 1), date(2026, 10, 1), places, seed=per_year)
    seed(rows, organisation)
    for period in CALENDAR:
        publish_bulletin(build_bulletin(period).page)
    before = counts_of_years()
    first_versions = set(Release.objects.values_list("pk", flat=True))

    seed(late_cases(places, late, seed_value=per_year + 1), organisation)
    result = build_bulletin(CORRECTED)
    assert result.correction
    publish_bulletin(result.page)
    assert Release.objects.filter(period=CORRECTED).count() == 2
    after = counts_of_years()

    parents = dict(Neighbourhood.objects.values_list("code", "district__code"))
    published = published_by(lambda release: 0 if release.pk in first_versions else 1)
    return Reader(before, after, parents), published


@pytest.mark.parametrize(("per_year", "late"), [(180, 3), (10_000, 40)], ids=["180-a-year", "10000-a-year"])
def test_no_reader_holding_two_years_of_releases_and_a_correction_pins_a_small_count(
    per_year, late, db, places, organisation, site_root, media_root
):
    reader, published = release_two_years(per_year, late, places, organisation)
    assert {value for *_, value in published}.isdisjoint({1, 2})
    assert pinned_cells(reader, published, PTABLE_PATH) == []


def test_the_reader_is_not_blind_without_perturbation_and_audit_it_pins_cases(
    db, places, organisation, site_root, media_root, tmp_path, monkeypatch
):
    """The same attack where counts from 3 up are published exactly and the audit is switched off: the
    reader must find the small counts that year-to-date differencing and the correction give away."""
    weak = tmp_path / "weak-ptable.csv"
    with open(weak, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["pcv", "ckey", "pvalue"])
        for pcv, noise in ((1, -1), (2, 1), (3, 0)):
            out.writerows((pcv, key, noise) for key in range(KEY_RANGE))
    table = perturbation.ptable(weak)
    monkeypatch.setattr(perturbation, "ptable", lambda path=None: table)
    monkeypatch.setattr(audit, "ptable", lambda path=None: table)
    monkeypatch.setattr(audit, "audit", lambda *args, **kwargs: audit.AuditReport())
    reader, published = release_two_years(180, 3, places, organisation)
    pinned = pinned_cells(reader, published, weak, enough=5)
    assert len(pinned) == 5, pinned
    print("pinned without protection:", pinned)
