"""Disclosure control for published counts (DESIGN §8). Pure functions: counts in, publishable tables out.

The reader we protect against knows everything we publish: every value, every margin, every overlapping
period, and the status codes themselves — ``A`` (primary) says the count is 1 to 4, ``D`` (secondary)
says it is 0 or at least 5. The promise: for every ``A`` cell the values consistent with all of that
still run from 1 to 4, so publication says no more than "<5".

How it is kept:

* **Primary suppression.** Counts 1–4 are ``A``. Zero is not sensitive and is published. Margins
  (row, column and grand totals) are counts too: a margin of 1–4 is ``A`` and is protected like any
  cell. A line (row or column) whose total is 1–4 cannot show its cells at all — their ``A`` flags would
  prove the total is at least their number — so its total is published as ``A`` and its cells are left
  out of the release (absent, not suppressed), in every period of the family.
* **Secondary suppression**, by construction rather than by search: each ``A`` cell must sit on a
  rectangle of suppressed cells of the table extended with its margins along which its value can be
  moved down to 1, and on one (perhaps the same) along which it can be moved up to 4, while every other
  corner stays inside what its own status allows (an ``A`` corner inside 1–4, a ``D`` corner at 5 or
  more — a ``D`` zero cannot move and does not count). Each move is an explicit alternative table
  consistent with everything published, so the promise holds by construction; the protection is
  therefore sufficient, not minimal (longer cycles are not searched). When no rectangle works, the
  cheapest one that would work once more cells are suppressed is chosen: smallest total value first
  (prefer suppressing small cells), then fewest new cells, then key order, so results are deterministic.
* **Overlapping periods** (quarters, year to date, year) are suppressed jointly over the quarters they
  are built from, with one pattern: a cell position suppressed in one period is suppressed in all, so
  no release can be subtracted from another. A move made in one quarter changes every published period
  containing that quarter, and is only accepted when it fits the statuses of all of them.
* **Fallback.** A table none of whose fixes works is withheld, finer periods first: when a year cannot
  be protected because quarters show ``A`` at the same place (two quarters of 1 prove the year is at
  least 2), those quarters are withheld and the year kept. The caller gets the list and can say so.

``audit_table`` checks the result independently by integer programming and is the last guard before
anything leaves the building.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

THRESHOLD = 5  # counts 1..THRESHOLD-1 are primary-suppressed
PERCENT_MIN_DENOMINATOR = 10
TOTAL = "_total"  # the margin key: (row, TOTAL) is a row total, (TOTAL, TOTAL) the grand total
ALL = "_all"  # the single column of a one-way table

# Victim profile must never be crossed with ground or place: small groups there identify people.
PROFILE_DIMENSIONS = frozenset(
    {"reporter_role", "age_group", "sex", "gender", "nationality", "migrant_status"}
)
NOT_WITH_PROFILE = frozenset({"grounds", "ground", "district", "barrio", "neighbourhood"})
GEOGRAPHY_DIMENSIONS = frozenset({"district", "barrio", "neighbourhood"})

_INF = np.iinfo(np.int64).max // 4


class Status(StrEnum):
    """SDMX CONF_STATUS codes."""

    FREE = "F"
    PRIMARY = "A"
    SECONDARY = "D"


class ForbiddenTable(ValueError):
    """A table that must never be published, whatever its counts."""


Key = tuple[str, str]


def check_table_spec(row_dimension: str, col_dimension: str | None = None) -> None:
    """Refuse a cross of victim profile with ground or geography (DESIGN §8)."""
    dims = {row_dimension, col_dimension} - {None}
    if dims & PROFILE_DIMENSIONS and dims & NOT_WITH_PROFILE:
        raise ForbiddenTable(
            f"{row_dimension} × {col_dimension}: victim profile is never crossed with ground or place"
        )


@dataclass(frozen=True)
class Table:
    """True counts of one period: cells keyed by (row, col); margins are derived, never given.

    One-way tables have ``col_dimension=None`` and the single column ``ALL``; their only margin is the
    grand total ``(TOTAL, ALL)``.
    """

    row_dimension: str
    rows: tuple[str, ...]
    counts: Mapping[Key, int]
    col_dimension: str | None = None
    cols: tuple[str, ...] = (ALL,)

    def __post_init__(self):
        check_table_spec(self.row_dimension, self.col_dimension)
        if (self.col_dimension is None) != (self.cols == (ALL,)):
            raise ValueError("a one-way table has exactly the column ALL; a two-way table names its columns")
        if len(set(self.rows)) != len(self.rows) or len(set(self.cols)) != len(self.cols):
            raise ValueError("duplicate row or column key")
        allowed = {(r, c) for r in self.rows for c in self.cols}
        for key, n in self.counts.items():
            if key not in allowed:
                raise ValueError(f"count for unknown cell {key}")
            if not isinstance(n, int | np.integer) or n < 0:
                raise ValueError(f"count for {key} must be a non-negative integer, not {n!r}")
        object.__setattr__(self, "counts", {k: int(n) for k, n in self.counts.items()})

    @classmethod
    def one_way(cls, dimension: str, counts: Mapping[str, int], categories: Iterable[str] | None = None):
        rows = tuple(categories) if categories is not None else tuple(counts)
        return cls(dimension, rows, {(r, ALL): n for r, n in counts.items()})

    @property
    def two_way(self) -> bool:
        return self.col_dimension is not None

    @property
    def shape(self) -> tuple:
        return (self.row_dimension, self.rows, self.col_dimension, self.cols)

    @property
    def ext_rows(self) -> tuple[str, ...]:
        return (*self.rows, TOTAL)

    @property
    def ext_cols(self) -> tuple[str, ...]:
        return (*self.cols, TOTAL) if self.two_way else self.cols

    def positions(self) -> tuple[Key, ...]:
        """Every published position, margins included, row-major over the table extended with totals."""
        return tuple((r, c) for r in self.ext_rows for c in self.ext_cols)

    def extended(self) -> np.ndarray:
        """Counts with a totals row (and, two-way, a totals column) appended."""
        inner = np.array([[self.counts.get((r, c), 0) for c in self.cols] for r in self.rows], dtype=np.int64)
        inner = inner.reshape(len(self.rows), len(self.cols))
        with_row = np.vstack([inner, inner.sum(axis=0, keepdims=True)])
        return np.hstack([with_row, with_row.sum(axis=1, keepdims=True)]) if self.two_way else with_row


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    status: Status

    @property
    def display(self) -> str:
        return "<5" if self.status is Status.PRIMARY else ("" if self.value is None else str(self.value))


@dataclass(frozen=True)
class PublishedTable:
    """What may leave the building: values (None when suppressed) and statuses, margins included."""

    period: str
    row_dimension: str
    rows: tuple[str, ...]
    col_dimension: str | None
    cols: tuple[str, ...]
    cells: Mapping[Key, Cell]

    def __getitem__(self, key: Key) -> Cell:
        return self.cells[key]

    @property
    def two_way(self) -> bool:
        return self.col_dimension is not None

    @property
    def shape(self) -> tuple:
        return (self.row_dimension, self.rows, self.col_dimension, self.cols)

    @property
    def grand_total(self) -> Cell:
        return self.cells[(TOTAL, TOTAL if self.two_way else ALL)]

    def suppressed(self) -> list[Key]:
        return [k for k, c in self.cells.items() if c.status is not Status.FREE]


@dataclass(frozen=True)
class FamilyResult:
    published: dict[str, PublishedTable]
    withheld: tuple[str, ...] = ()  # periods that could not be protected and must not be published
    reasons: dict[str, str] = field(default_factory=dict)


# --- suppression --------------------------------------------------------------------------------------


def suppress_table(table: Table, period: str = "") -> PublishedTable | None:
    """Suppress a single table; None when it cannot be protected and must be withheld."""
    return suppress_family({period: table}, {period: (period,)}).published.get(period)


def suppress_family(base: Mapping[str, Table], publish: Mapping[str, Sequence[str]]) -> FamilyResult:
    """Suppress jointly every table in ``publish`` (period -> the base periods it adds up).

    ``base`` holds the true counts of the finest periods (usually quarters; see
    ``periods.release_family``). All tables share one shape. Periods are processed in the order given.
    """
    shapes = {t.shape for t in base.values()}
    if len(shapes) != 1:
        raise ValueError("all tables of a family must have the same rows and columns")
    for period, parts in publish.items():
        if not parts or set(parts) - set(base):
            raise ValueError(f"{period} is built from unknown base periods {parts}")
    template = next(iter(base.values()))
    family = _Family(template, {b: t.extended() for b, t in base.items()}, publish)
    live = list(publish)
    withheld: list[str] = []
    reasons: dict[str, str] = {}
    while live:
        failure = family.protect(live)
        if failure is None:
            break
        period, pos = failure
        drop = family.withdraw_for(live, period, pos)
        for p in drop:
            reasons[p] = f"cannot protect {period} at {family.key(pos)}"
        withheld += drop
        live = [p for p in live if p not in drop]
    published = {p: family.publish(p) for p in live}
    return FamilyResult(published, tuple(withheld), reasons)


class _Family:
    """Working state of one joint suppression: extended count arrays per base period and the pattern."""

    def __init__(self, template: Table, values: dict[str, np.ndarray], publish: Mapping[str, Sequence[str]]):
        self.template = template
        self.values = values
        self.parts = {p: tuple(parts) for p, parts in publish.items()}
        self.totals = {p: sum(values[b] for b in parts) for p, parts in self.parts.items()}
        shape = next(iter(values.values())).shape
        rows_total = np.zeros(shape, dtype=bool)
        rows_total[-1, :] = True
        cols_total = np.zeros(shape, dtype=bool)
        if template.two_way:
            cols_total[:, -1] = True
        # (-1) per totals coordinate: with these signs every line of the extended table sums to zero,
        # so any +-+- rectangle move keeps all margins consistent.
        self.sign = np.where(rows_total ^ cols_total, -1, 1)

    def key(self, pos: tuple[int, int]) -> Key:
        return (self.template.ext_rows[pos[0]], self.template.ext_cols[pos[1]])

    def primary(self, period: str) -> np.ndarray:
        v = self.totals[period]
        return (v >= 1) & (v < THRESHOLD)

    def slack(self, period: str, pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """How far each cell may move down and up without contradicting its published status."""
        v = self.totals[period]
        a = self.primary(period)
        big = v >= THRESHOLD
        down = np.where(a, v - 1, np.where(big, v - THRESHOLD, 0))
        up = np.where(a, THRESHOLD - 1 - v, np.where(big, _INF, 0))
        # Cells left out of the release carry no status: only "not negative" is known about them.
        down, up = np.where(self.left_out, v, down), np.where(self.left_out, _INF, up)
        shown = pattern | self.left_out
        return np.where(shown, down, 0), np.where(shown, up, 0)

    def small_lines(self, live: Sequence[str]) -> np.ndarray:
        """Cells of every line (row or column) whose total is 1-4 in some live period.

        Publishing such a line cell by cell would pin it: its ``A`` parts prove the total is at least their
        number, and the total's ``A`` caps each part. Its total is published (as ``A``); its cells are left
        out of the release altogether, in every period of the family.
        """
        mask = np.zeros(self.sign.shape, dtype=bool)
        for p in live:
            small = self.primary(p)
            if self.template.two_way:
                mask[:-1, :-1] |= small[:-1, -1:]  # rows with a small total
                mask[:-1, :-1] |= small[-1:, :-1]  # columns with a small total
            elif small[-1, 0]:
                mask[:-1, :] = True  # a one-way table's only line
        return mask

    def units(self, live: Sequence[str]) -> dict[tuple[str, ...], np.ndarray]:
        """Base periods grouped by the live periods that contain them, with their summed counts.

        Bases no live period tells apart (the quarters of a year published on its own) move as one: a
        move may then shift counts between them freely.
        """
        groups: dict[tuple[str, ...], np.ndarray] = {}
        for b, v in self.values.items():
            containing = tuple(p for p in live if b in self.parts[p])
            if containing:
                groups[containing] = groups.get(containing, 0) + v
        return groups

    def base_slack(self, live: Sequence[str], pattern: np.ndarray) -> dict[tuple[str, ...], tuple]:
        """Per unit of base periods: the slack a move there has, the tightest over the live periods
        containing it."""
        per_period = {p: self.slack(p, pattern) for p in live}
        out = {}
        for containing, v in self.units(live).items():
            down, up = v.copy(), np.full(v.shape, _INF)  # unpublished counts are only known to be >= 0
            for p in containing:
                down = np.minimum(down, per_period[p][0])
                up = np.minimum(up, per_period[p][1])
            out[containing] = (down, up)
        return out

    def valid_moves(self, slack, pos, need_down: int, need_up: int) -> np.ndarray:
        """Boolean array over partner positions (i', j') whose rectangle with ``pos`` can move it down by
        ``need_down`` and up by ``need_up`` without any corner leaving what its status allows."""
        down, up = slack
        ok_plus = (down >= need_down) & (up >= need_up)  # corners moving with the cell
        ok_minus = (down >= need_up) & (up >= need_down)  # corners moving against it
        if not ok_plus[pos]:
            return np.zeros(down.shape, dtype=bool)
        i, j = pos
        rel = self.sign * self.sign[pos]
        same = np.where(rel > 0, ok_plus, ok_minus)  # diagonal corner (+ in signed terms)
        opposite = np.where(rel < 0, ok_plus, ok_minus)  # corners sharing a line with the cell
        if self.template.two_way:
            valid = same & opposite[i, :][None, :] & opposite[:, j][:, None]
            valid[i, :] = False
            valid[:, j] = False
        else:
            valid = opposite.copy()
            valid[i, :] = False
        return valid

    def corners(self, pos, partner) -> list[tuple[int, int]]:
        (i, j), (k, m) = pos, partner
        return [(i, m), (k, j), (k, m)] if self.template.two_way else [(k, j)]

    def protect(self, live: Sequence[str]) -> tuple[str, tuple[int, int]] | None:
        """Grow the shared pattern until every primary cell of every live period is protected.

        Returns the first (period, position) that cannot be protected, or None when all are.
        """
        self.left_out = self.small_lines(live)
        pattern = np.zeros_like(self.sign, dtype=bool)
        for p in live:
            pattern |= self.primary(p) & ~self.left_out
        # What a cell would cost if suppressed: its value over all live periods, plus one so that among
        # equal values fewer cells win.
        cost = sum(self.totals[p] for p in live) + 1
        everything = np.ones_like(pattern)
        hypothetical = self.base_slack(live, everything)
        current = self.base_slack(live, pattern)
        for p in live:
            for pos in map(tuple, np.argwhere(self.primary(p) & ~self.left_out)):
                v = int(self.totals[p][pos])
                # Two witnesses: one table where the cell is 1 (a move down by v-1), one where it is 4.
                for down, up in ((v - 1, 0), (0, THRESHOLD - 1 - v)):
                    if down == up == 0:
                        continue
                    units = [u for u in current if p in u]
                    if any(self.valid_moves(current[u], pos, down, up).any() for u in units):
                        continue
                    best = None
                    for u in units:
                        valid = self.valid_moves(hypothetical[u], pos, down, up)
                        if not valid.any():
                            continue
                        new_cost = np.where(pattern | self.left_out, 0, cost)
                        if self.template.two_way:
                            i, j = pos
                            total = new_cost + new_cost[i, :][None, :] + new_cost[:, j][:, None]
                        else:
                            total = new_cost
                        total = np.where(valid, total, _INF)
                        partner = np.unravel_index(int(np.argmin(total)), total.shape)
                        if best is None or total[partner] < best[0]:
                            best = (total[partner], partner)
                    if best is None:
                        return p, pos
                    for corner in self.corners(pos, best[1]):
                        pattern[corner] = True
                    current = self.base_slack(live, pattern)
        self.pattern = pattern
        return None

    def withdraw_for(self, live: Sequence[str], period: str, pos) -> list[str]:
        """Which periods to withhold when ``period`` cannot be protected at ``pos``: finer periods that
        show ``A`` there (they pin it), else the period itself."""
        parts = set(self.parts[period])
        finer = [p for p in live if p != period and set(self.parts[p]) < parts and self.primary(p)[pos]]
        return finer or [period]

    def publish(self, period: str) -> PublishedTable:
        t = self.template
        v, a = self.totals[period], self.primary(period)
        cells = {}
        for i, r in enumerate(t.ext_rows):
            for j, c in enumerate(t.ext_cols):
                if self.left_out[i, j]:
                    continue
                if not self.pattern[i, j]:
                    cells[(r, c)] = Cell(int(v[i, j]), Status.FREE)
                else:
                    cells[(r, c)] = Cell(None, Status.PRIMARY if a[i, j] else Status.SECONDARY)
        return PublishedTable(period, t.row_dimension, t.rows, t.col_dimension, t.cols, cells)


# --- other publication rules --------------------------------------------------------------------------


def percentage(numerator: Cell, denominator: Cell) -> float | None:
    """A percentage only when both counts are published and the denominator is at least 10."""
    if numerator.value is None or denominator.value is None:
        return None
    if denominator.value < PERCENT_MIN_DENOMINATOR:
        return None
    return 100.0 * numerator.value / denominator.value


def row_percentages(table: PublishedTable) -> dict[Key, float | None]:
    """Each interior cell as a share of its row total (one-way: of the grand total)."""
    out = {}
    for r in table.rows:
        for c in table.cols:
            denominator = table[(r, TOTAL)] if table.two_way else table.grand_total
            out[(r, c)] = percentage(table[(r, c)], denominator)
    return out


@dataclass(frozen=True)
class GeographyRelease:
    published: dict[str, PublishedTable]
    fallback: tuple[str, ...]  # periods whose geography table was dropped; say so and show the year instead


def geography_release(base: Mapping[str, Table], publish: Mapping[str, Sequence[str]]) -> GeographyRelease:
    """District (or barrio) tables are published only where no cell needs suppressing (DESIGN §8).

    A suppressed map misleads and a district cell of 1-4 can name a person, so a period with any count of
    1-4 anywhere in its table is dropped; the caller shows the coarser period (the year) or no map.
    """
    published, fallback = {}, []
    for period, parts in publish.items():
        tables = [base[b] for b in parts]
        geo = {tables[0].row_dimension, tables[0].col_dimension} & GEOGRAPHY_DIMENSIONS
        if not geo:
            raise ValueError("geography_release is for tables with a district or barrio dimension")
        family = _Family(tables[0], {b: base[b].extended() for b in parts}, {period: parts})
        if family.primary(period).any():
            fallback.append(period)
            continue
        family.pattern = family.left_out = np.zeros_like(family.sign, dtype=bool)
        published[period] = family.publish(period)
    return GeographyRelease(published, tuple(fallback))


# --- audit --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditReport:
    ranges: dict[tuple[str, Key], tuple[int, int]]  # each A cell: the values a reader cannot rule out
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_table(
    published: PublishedTable | Sequence[PublishedTable],
    parts: Mapping[str, Sequence[str]] | None = None,
    *,
    exact: bool = True,
    upper_bound: int = 1_000_000,
) -> AuditReport:
    """Check independently what a reader can infer about each ``A`` cell from everything published.

    The unknowns are the counts of each base period (``parts``: published period -> base periods; by
    default each table is its own base). Every published value is an equation, every ``A`` says 1..4 and,
    with ``exact`` (the default), every ``D`` says 0 or >= 5 — a disjunction, so the bounds come from
    integer programming (``scipy.optimize.milp``, HiGHS). ``exact=False`` drops what ``D`` says and solves
    the LP relaxation with ``linprog``: the classical audit, exact for one two-way table with margins
    (totally unimodular) but blind to, for example, ``A + D = 7`` (D cannot be 3..6, so A is 1 or 2).

    Reports every ``A`` cell whose feasible range does not reach both 1 and 4, any published value of
    1..4, and any inconsistency between the tables. Uses published values only, never true counts.
    """
    tables = [published] if isinstance(published, PublishedTable) else list(published)
    if not tables:
        return AuditReport({}, [])
    if any(t.shape != tables[0].shape for t in tables):
        raise ValueError("audit_table compares tables of one shape")
    parts = parts or {t.period: (t.period,) for t in tables}
    rows, cols, two_way = tables[0].rows, tables[0].cols, tables[0].two_way

    problems: list[str] = []
    quantities = []  # (period, key, cells it adds up, status, value)
    for t in tables:
        for (r, c), cell in t.cells.items():
            members = frozenset(
                (b, x, y)
                for b in parts[t.period]
                for x in (rows if r == TOTAL else (r,))
                for y in (cols if (c == TOTAL or not two_way) else (c,))
            )
            quantities.append((t.period, (r, c), members, cell.status, cell.value))
            if cell.status is Status.FREE and cell.value is not None and 1 <= cell.value < THRESHOLD:
                problems.append(f"{t.period} {(r, c)}: published value {cell.value} is below the threshold")

    # Counts that appear in exactly the same published quantities are indistinguishable to a reader;
    # one unknown stands for their sum (a sum of non-negative integers is any non-negative integer).
    signature: dict = {}
    for n, (_, _, members, _, _) in enumerate(quantities):
        for m in members:
            signature.setdefault(m, []).append(n)
    classes: dict[tuple, int] = {}
    for sig in signature.values():
        classes.setdefault(tuple(sig), len(classes))
    unknowns_of = [set() for _ in quantities]
    for sig, u in classes.items():
        for n in sig:
            unknowns_of[n].add(u)

    # A quantity over a single unknown that is published fixes it; others are bounded by published sums.
    fixed: dict[int, int] = {}
    ceiling = np.full(len(classes), upper_bound)
    for n, (_, _, _, status, value) in enumerate(quantities):
        if status is Status.FREE:
            if len(unknowns_of[n]) == 1:
                (u,) = unknowns_of[n]
                if fixed.setdefault(u, value) != value:
                    problems.append(f"{quantities[n][0]} {quantities[n][1]}: contradicts another table")
            for u in unknowns_of[n]:
                ceiling[u] = min(ceiling[u], value)

    parent = list(range(len(classes)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    constraints = []
    for n, (period, key, _, status, value) in enumerate(quantities):
        free = sorted(u for u in unknowns_of[n] if u not in fixed)
        known = sum(fixed[u] for u in unknowns_of[n] if u in fixed)
        if not free:
            ok = {
                Status.FREE: known == value,
                Status.PRIMARY: False,  # an A cell that equals known counts is pinned
                Status.SECONDARY: known == 0 or known >= THRESHOLD,
            }[status]
            if not ok:
                problems.append(f"{period} {key}: {status} but a reader can compute it ({known})")
            continue
        for u in free[1:]:
            parent[find(u)] = find(free[0])
        constraints.append((period, key, free, known, status, value))

    groups: dict[int, list] = {}
    for c in constraints:
        groups.setdefault(find(c[2][0]), []).append(c)

    ranges: dict[tuple[str, Key], tuple[int, int]] = {}
    for group in groups.values():
        model = _GroupModel(group, ceiling, exact)
        for (period, key), bounds in model.primary_ranges().items():
            if bounds is None:
                problems.append(f"{period} {key}: the published tables are inconsistent")
                continue
            ranges[(period, key)] = bounds
            if bounds[0] > 1 or bounds[1] < THRESHOLD - 1:
                problems.append(f"{period} {key}: a reader can tell it lies in [{bounds[0]}, {bounds[1]}]")
    return AuditReport(ranges, problems)


class _GroupModel:
    """The reader's constraints on one group of linked unknowns, and the range of each A cell in it."""

    def __init__(self, group, ceiling: np.ndarray, exact: bool):
        self.group, self.exact = group, exact
        self.unknowns = sorted({u for c in group for u in c[2]})
        index = {u: n for n, u in enumerate(self.unknowns)}
        self.columns = [[index[u] for u in c[2]] for c in group]
        secondary = [n for n, c in enumerate(group) if c[4] is Status.SECONDARY] if exact else []
        self.n_vars = len(self.unknowns) + len(secondary)
        upper = ceiling[self.unknowns]
        rows, lb, ub = [], [], []
        for n, (_, _, _, known, status, value) in enumerate(group):
            if status is Status.FREE:
                rows.append({j: 1.0 for j in self.columns[n]})
                lb.append(value - known)
                ub.append(value - known)
            elif status is Status.PRIMARY:
                rows.append({j: 1.0 for j in self.columns[n]})
                lb.append(1 - known)
                ub.append(THRESHOLD - 1 - known)
        for z, n in enumerate(secondary, start=len(self.unknowns)):
            # z = 0: the count is 0; z = 1: it is at least THRESHOLD (and at most the sum of its ceilings).
            known, cols = group[n][3], self.columns[n]
            big = float(upper[cols].sum() + known)
            rows.append({**{j: 1.0 for j in cols}, z: -float(THRESHOLD)})
            lb.append(-known)
            ub.append(np.inf)
            rows.append({**{j: 1.0 for j in cols}, z: -big})
            lb.append(-np.inf)
            ub.append(-known)
        self.matrix = np.zeros((len(rows), self.n_vars))
        for r, coefs in enumerate(rows):
            for j, coef in coefs.items():
                self.matrix[r, j] = coef
        self.lb, self.ub = np.array(lb), np.array(ub)
        self.var_upper = np.r_[upper, np.ones(len(secondary))].astype(float)

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        from scipy.optimize import Bounds, LinearConstraint, linprog, milp

        if self.exact:
            res = milp(
                objective,
                integrality=np.ones(self.n_vars),
                bounds=Bounds(0, self.var_upper),
                constraints=LinearConstraint(self.matrix, self.lb, self.ub),
            )
        else:
            finite_ub, finite_lb = np.isfinite(self.ub), np.isfinite(self.lb)
            res = linprog(
                objective,
                A_ub=np.vstack([self.matrix[finite_ub], -self.matrix[finite_lb]]),
                b_ub=np.r_[self.ub[finite_ub], -self.lb[finite_lb]],
                bounds=list(zip(np.zeros(self.n_vars), self.var_upper, strict=True)),
                method="highs",
            )
        return res.x if res.status == 0 else None

    def primary_ranges(self) -> dict[tuple[str, Key], tuple[int, int] | None]:
        primaries = [n for n, c in enumerate(self.group) if c[4] is Status.PRIMARY]
        low = {n: THRESHOLD - 1 for n in primaries}
        high = {n: 1 for n in primaries}

        def value(x, n):
            return self.group[n][3] + x[self.columns[n]].sum()

        def record(x):
            for n in primaries:
                v = value(x, n)
                low[n], high[n] = min(low[n], v), max(high[n], v)

        # One solve pushing every A cell down (and one up) usually shows most can reach 1 (and 4); only the
        # rest need a solve of their own.
        for sign in (1.0, -1.0):
            objective = np.zeros(self.n_vars)
            for n in primaries:
                objective[self.columns[n]] += sign
            x = self.solve(objective)
            if x is None:
                return {self.group[n][:2]: None for n in primaries}
            record(x)
        for n in primaries:
            for sign, done in ((1.0, lambda n: low[n] <= 1), (-1.0, lambda n: high[n] >= THRESHOLD - 1)):
                if done(n):
                    continue
                objective = np.zeros(self.n_vars)
                objective[self.columns[n]] = sign
                x = self.solve(objective)
                if x is not None:
                    record(x)
        rounded = {}
        for n in primaries:
            # LP solutions may be fractional; report integer bounds that the reader can certainly not exclude.
            rounded[self.group[n][:2]] = (int(np.ceil(low[n] - 1e-6)), int(np.floor(high[n] + 1e-6)))
        return rounded
