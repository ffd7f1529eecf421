"""The pre-publication audit: the project plays a reader who holds every release ever published (DESIGN §8).

The reader's unknowns are the true counts of each table, category and quarter of a year. What they know:

* every published value ``p`` of every release of the year: the true count behind it lies in the
  interval the published pTable allows (``PTable.bounds``: 0..3 behind a published 0, 1..5 behind a 3,
  p-2..p+2 from 7 up);
* that a period's count is the sum of its quarters' (quarter, year to date, year; months inside their
  quarter), and that a total is the sum of its categories;
* every published relation between tables: each case table adds up to the number of cases; a COMVA
  category is at least each of its grounds and at most their sum; a reason for not reporting is at most
  the cases not reported to the police; barrios add up to their district.

A relation enters the model only if the true counts satisfy it (a relation that does not hold in the
data is one no reader can rely on either). Cell keys are not modelled: they are sums of secret,
uniformly random record keys, so to the reader they are noise.

The audit then asks, by integer programming (``scipy.optimize.milp``), for every cell whose true value is
1 to 4 — published cells and the quarters behind every period — whether another table consistent with
everything published gives it another value. A cell with no such alternative is **pinned**. The truth is
itself one consistent table, so a cell is cleared as soon as one solve finds it elsewhere; a few solves
over all targets at once clear most of them.

Releases whose published values can no longer be reproduced from today's cases (the counts changed,
a correction followed) describe another state of the data: they are not linked to today's unknowns,
and the audit says so. Differencing them with a later version gives noise on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from observatory.stats import tables
from observatory.stats.disclosure import TOTAL, Status
from observatory.stats.perturbation import perturb, ptable

SMALL = range(1, 5)  # true values that must never be pinned
UNBOUNDED = 10**7


@dataclass(frozen=True)
class Quantity:
    """One published value: ``row`` of ``table`` over ``period``, in ``release``."""

    release: str
    table: str
    row: str
    period: str
    value: int

    @property
    def cell(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.period)


def quantities(label: str, figures: Mapping) -> list[Quantity]:
    """The published (not withheld) values of a bulletin's figures. Comparisons with other periods are
    copies of what their own releases published and add nothing."""
    out = []
    for table, item in figures.get("tables", {}).items():
        for period, data in item.get("periods", {}).items():
            for row, (value, status) in data["cells"].items():
                if status == Status.FREE and value is not None:
                    out.append(Quantity(label, table, row, period, int(value)))
    return out


def reproduces(figures: Mapping, counts: Mapping[str, tables.Counts]) -> bool:
    """Whether every value of a release is what today's cases would publish: then it describes the same
    data as today's counts and the reader can link it to them."""
    for q in quantities("", figures):
        c = counts.get(q.table)
        quarters = tables.period_quarters(q.period)
        if c is None or not set(quarters) <= set(c.by_quarter):
            return False
        if perturb(*c.tally(q.row, quarters)) != q.value:
            return False
    return True


@dataclass
class Finding:
    """A cell the combined releases pin: what it is and which published values bear on it."""

    table: str
    row: str
    period: str
    # Every published (table, row) that counts exactly the same cases (a one-category table's total, a
    # case table's total and the headline's cases): withholding one of them alone would change nothing.
    aliases: set[tuple[str, str]] = field(default_factory=set)

    def __str__(self) -> str:
        row = "total" if self.row == TOTAL else self.row
        return f"{self.period} · {self.table} · {row}"


@dataclass
class AuditReport:
    pinned: list[Finding] = field(default_factory=list)
    withheld: list[Finding] = field(default_factory=list)  # what ``protect`` withheld to get here
    unlinked: list[str] = field(default_factory=list)  # releases describing another state of the data
    solves: int = 0

    @property
    def ok(self) -> bool:
        return not self.pinned

    def message(self) -> str:
        cells = "; ".join(str(f) for f in self.pinned[:8])
        more = f" and {len(self.pinned) - 8} more" if len(self.pinned) > 8 else ""
        return f"with every release already published, these counts of 1 to 4 would be pinned: {cells}{more}"


class ReaderModel:
    """The reader's integer programme over one year: unknowns, relations and published bounds."""

    def __init__(self, counts: Mapping[str, tables.Counts], parents: Mapping[str, str], extra_rows=()):
        self.counts = counts
        self.rows = {t: list(c.rows()) for t, c in counts.items()}
        for table, row in extra_rows:
            if table in self.rows and row != TOTAL and row not in self.rows[table]:
                self.rows[table].append(row)
        self.quarters = sorted({q for c in counts.values() for q in c.by_quarter})
        self.index: dict[tuple[str, str, str], int] = {}
        truth = []
        for table, rows in self.rows.items():
            for row in rows:
                for q in self.quarters:
                    self.index[(table, row, q)] = len(truth)
                    truth.append(self.counts[table].tally(row, (q,))[0])
        self.truth = np.array(truth, dtype=np.int64)
        self.constraints: list[tuple[dict[int, float], float, float]] = []
        self._relations(parents)

    def vars_of(self, table: str, row: str, period: str) -> list[int]:
        rows = self.rows[table] if row == TOTAL else [row]
        return [self.index[(table, r, q)] for r in rows for q in tables.period_quarters(period)]

    def _add(self, coefs: dict[int, float], lo: float, hi: float) -> bool:
        """Add a relation if the true counts satisfy it (else no reader could rely on it)."""
        value = sum(c * self.truth[j] for j, c in coefs.items())
        if lo - 1e-9 <= value <= hi + 1e-9:
            self.constraints.append((coefs, lo, hi))
            return True
        return False

    def _relations(self, parents: Mapping[str, str]) -> None:
        has = self.index.__contains__
        for q in self.quarters:
            case = self.index.get(("headline", "case", q))
            for spec in tables.SPECS:
                if spec.counts != "cases" or spec.id not in self.rows or case is None:
                    continue
                coefs = {self.index[(spec.id, r, q)]: 1.0 for r in self.rows[spec.id]}
                coefs[case] = coefs.get(case, 0.0) - 1.0
                self._add(coefs, 0, 0)
            if "month" in self.rows:
                inside = {f"{y:04d}-{m:02d}" for y, m in tables.parse_period(q).months()}
                for m in self.rows["month"]:
                    if m not in inside:
                        self._add({self.index[("month", m, q)]: 1.0}, 0, 0)
            if "comva" in self.rows and "grounds" in self.rows:
                for category, grounds in tables.comva_grounds().items():
                    if not has(("comva", category, q)):
                        continue
                    c = self.index[("comva", category, q)]
                    members = [self.index[("grounds", g, q)] for g in grounds if has(("grounds", g, q))]
                    self._add({c: 1.0, **{g: -1.0 for g in members}}, -UNBOUNDED, 0)
                    for g in members:
                        self._add({c: 1.0, g: -1.0}, 0, UNBOUNDED)
            if "reasons_not_reported" in self.rows and has(("police", "no", q)):
                no = self.index[("police", "no", q)]
                for r in self.rows["reasons_not_reported"]:
                    self._add({self.index[("reasons_not_reported", r, q)]: 1.0, no: -1.0}, -UNBOUNDED, 0)
            if "neighbourhood" in self.rows and "district" in self.rows:
                children: dict[str, list[int]] = {}
                for b in self.rows["neighbourhood"]:
                    parent = parents.get(b, b if b == tables.UNLOCATED else None)
                    if parent is not None and has(("district", parent, q)):
                        children.setdefault(parent, []).append(self.index[("neighbourhood", b, q)])
                for d, members in children.items():
                    coefs = {j: 1.0 for j in members}
                    coefs[self.index[("district", d, q)]] = -1.0
                    # Barrios add up to their district, or (places given by district only) stay within it.
                    self._add(coefs, 0, 0) or self._add(coefs, -UNBOUNDED, 0)

    def bound(self, quantity: Quantity) -> tuple[dict[int, float], float, float]:
        lo, hi = ptable().bounds(quantity.value)
        return {j: 1.0 for j in self.vars_of(quantity.table, quantity.row, quantity.period)}, lo, hi


def audit(
    counts: Mapping[str, tables.Counts],
    published: Iterable[Quantity],
    parents: Mapping[str, str],
) -> AuditReport:
    """Every cell of true value 1-4 that the published values (all linked to ``counts``) pin."""
    published = list(published)
    model = ReaderModel(counts, parents, extra_rows={(q.table, q.row) for q in published})
    rows = list(model.constraints)
    for q in published:
        if q.table in model.rows:
            rows.append(model.bound(q))
    targets: dict[frozenset[int], Finding] = {}
    for q in published:
        if q.table in model.rows:
            members = frozenset(model.vars_of(q.table, q.row, q.period))
            targets.setdefault(members, Finding(q.table, q.row, q.period)).aliases.add((q.table, q.row))
    for (table, row, quarter), j in model.index.items():
        targets.setdefault(frozenset([j]), Finding(table, row, quarter))
    targets = {m: f for m, f in targets.items() if int(model.truth[list(m)].sum()) in SMALL}
    report = AuditReport()
    for component_rows, component_targets in _components(len(model.truth), rows, targets):
        _solve_component(model.truth, component_rows, component_targets, report)
    return report


def _components(n_vars: int, rows, targets):
    """Split the programme into independent parts (actions never meet cases, for instance)."""
    parent = list(range(n_vars))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for coefs, _lo, _hi in rows:
        js = list(coefs)
        for j in js[1:]:
            parent[find(j)] = find(js[0])
    by_root_rows: dict[int, list] = {}
    for row in rows:
        by_root_rows.setdefault(find(next(iter(row[0]))), []).append(row)
    by_root_targets: dict[int, dict] = {}
    for members, finding in targets.items():
        by_root_targets.setdefault(find(next(iter(members))), {})[members] = finding
    for root, found in by_root_targets.items():
        yield by_root_rows.get(root, []), found


def _solve_component(truth: np.ndarray, rows, targets: dict[frozenset[int], Finding], report: AuditReport):
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    used = sorted({j for coefs, _lo, _hi in rows for j in coefs} | {j for m in targets for j in m})
    local = {j: n for n, j in enumerate(used)}
    data, ri, ci, lo, hi = [], [], [], [], []
    for r, (coefs, a, b) in enumerate(rows):
        for j, c in coefs.items():
            data.append(c)
            ri.append(r)
            ci.append(local[j])
        lo.append(a)
        hi.append(b)
    constraint = (
        LinearConstraint(csr_array((data, (ri, ci)), shape=(len(rows), len(used))), lo, hi) if rows else None
    )
    truth_local = truth[used]
    vectors = {}
    for members in targets:
        v = np.zeros(len(used))
        v[[local[j] for j in members]] = 1.0
        vectors[members] = v
    goal = {m: int(truth_local @ v) for m, v in vectors.items()}
    open_targets = set(targets)

    def solve(objective: np.ndarray):
        report.solves += 1
        res = milp(
            objective,
            integrality=np.ones(len(used)),
            bounds=Bounds(0, UNBOUNDED),
            constraints=[constraint] if constraint is not None else [],
        )
        if res.status != 0 or res.x is None:
            raise RuntimeError(f"the reader's model is infeasible or unsolved ({res.message})")
        x = np.round(res.x)
        cleared = {m for m in open_targets if int(x @ vectors[m]) != goal[m]}
        open_targets.difference_update(cleared)
        return x

    if not open_targets:
        return
    everything = sum(vectors.values())
    for sign in (1.0, -1.0):
        if open_targets:
            solve(sign * everything)
    for members in sorted(open_targets, key=lambda m: str(targets[m])):
        if members not in open_targets:
            continue
        for sign in (1.0, -1.0):
            if members in open_targets:
                solve(sign * vectors[members])
        if members in open_targets:
            report.pinned.append(targets[members])
            open_targets.discard(members)


def protect(
    counts: Mapping[str, tables.Counts],
    earlier: list[Quantity],
    figures: dict,
    parents: Mapping[str, str],
) -> AuditReport:
    """Withhold, in the candidate ``figures`` only, what the audit finds would pin a count of 1-4 together
    with everything published before (``earlier``); repeated until the audit passes.

    For each pinned cell the candidate's values of that category are withheld first, then of its whole
    table, then everything. Earlier releases cannot change, and withholding only takes away what a reader
    knows, so this ends. The report lists what had to be withheld; it is not ok only when earlier releases
    alone pin a cell (then publication refuses).
    """
    withheld: list[Finding] = []
    while True:
        report = audit(counts, earlier + quantities("candidate", figures), parents)
        report.withheld = list(withheld)
        if report.ok:
            return report
        withheld += report.pinned
        changed = False
        for finding in report.pinned:
            changed |= (
                _withhold(figures, lambda t, row, f=finding: (t, row) in f.aliases | {(f.table, f.row)})
                or _withhold(figures, lambda t, row, f=finding: t == f.table)
                or _withhold(figures, lambda t, row: True)
            )
        if not changed:
            return report


def _withhold(figures: dict, chosen) -> bool:
    """Mark the candidate's published cells matching ``chosen(table, row)`` as withheld (status C)."""
    changed = False
    for table, item in figures["tables"].items():
        for period, data in item["periods"].items():
            for row, cell in data["cells"].items():
                if cell[1] == Status.FREE and chosen(table, row):
                    data["cells"][row] = [None, Status.WITHHELD.value]
                    item.get("rates", {}).get(period, {}).pop(row, None)
                    changed = True
    return changed
