"""Cell-key perturbation of published counts (DESIGN §8), the method of ONS Census 2021 and ABS TableBuilder.

* Every case has a secret **record key**, uniform in 0..255, drawn once when the case is created
  (``Case.record_key``).
* A published cell's **cell key** is the sum of the record keys of what it counts, modulo 256. A case
  counted several times in one cell (several actions, say) adds its key each time. The sum is computed in
  PostgreSQL by the counting query, beside ``COUNT``.
* The **perturbation table** (pTable, ``data/ptable.csv``, published with the methodology) gives the noise
  added to a true count ``n`` for each cell key: row ``pcv = min(n, CAP)``. Its columns are those of the
  ONS ``cell-key-perturbation`` package (``pcv, ckey, pvalue``).

What it guarantees, and what the methodology note says in plain words:

* a true 0 is always published as 0 (there is no case to draw a key from); a published 0 may be a true
  0, 1, 2 or 3;
* a true 1 or 2 is never published as itself; no published figure is 1 or 2;
* no published figure differs from the true count by more than ``MAX_NOISE``; from 5 cases up the noise
  is −2 to +2, zero on average;
* the same cases always give the same published figure, so repeated and overlapping releases (quarter,
  year to date, year, a correction) cannot be averaged to remove the noise.

Totals are cells of their own: perturbed with the key of everything they count, so a table's published
cells need not add up to its published total exactly.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PTABLE_PATH = Path(__file__).resolve().parent / "data" / "ptable.csv"
KEY_RANGE = 256  # record and cell keys are 0..255


@dataclass(frozen=True, eq=False)  # compared (and cached) by identity: one table per file
class PTable:
    noise: dict[tuple[int, int], int]  # (pcv, ckey) -> pvalue
    cap: int

    def perturb(self, count: int, key_sum: int) -> int:
        """The published value of a cell: its true count plus the noise the pTable gives its cell key."""
        if count < 0:
            raise ValueError("a count cannot be negative")
        if count == 0:
            return 0
        return count + self.noise[(min(count, self.cap), key_sum % KEY_RANGE)]

    def outcomes(self, count: int) -> set[int]:
        """Every value a true ``count`` can be published as."""
        if count == 0:
            return {0}
        return {count + v for v in self._noises(min(count, self.cap))}

    def _noises(self, pcv: int) -> frozenset[int]:
        return _row_noises(self, pcv)

    @property
    def max_noise(self) -> int:
        return _max_noise(self)

    @property
    def max_large_noise(self) -> int:
        """The largest noise on counts of ``cap`` or more."""
        return max(abs(self.noise[(self.cap, k)]) for k in range(KEY_RANGE))

    def bounds(self, published: int) -> tuple[int, int]:
        """The true counts a reader cannot rule out from a published value, as an interval.

        Computed from the table itself; ``check`` proves the set is an interval, so nothing is lost.
        """
        reach = self.max_noise  # no count is moved further than this, so only these can be behind it
        nearby = range(max(0, published - reach), published + reach + 1)
        candidates = [n for n in nearby if published in self.outcomes(n)]
        if not candidates:
            raise ValueError(f"{published} is not a value the perturbation table can publish")
        return min(candidates), max(candidates)

    def check(self) -> None:
        """The properties the methodology promises; raised at load so a bad table never publishes."""
        for pcv in range(1, self.cap + 1):
            if {k for (p, k) in self.noise if p == pcv} != set(range(KEY_RANGE)):
                raise ValueError(f"pTable row {pcv} does not cover every cell key")
        for n in (1, 2):
            if {1, 2} & self.outcomes(n) or n in self.outcomes(n):
                raise ValueError("the pTable would publish a count of 1 or 2")
        for n in range(3, 3 * self.cap):
            if {1, 2} & self.outcomes(n) or min(self.outcomes(n)) < 0:
                raise ValueError(f"the pTable would publish {n} as 1, 2 or a negative number")
        for p in range(0, 3 * self.cap):
            if p in (1, 2):
                continue
            lo, hi = self.bounds(p)
            if any(p not in self.outcomes(n) for n in range(lo, hi + 1)):
                raise ValueError(f"the true counts behind {p} are not an interval")


@cache
def _row_noises(table: PTable, pcv: int) -> frozenset[int]:
    return frozenset(table.noise[(pcv, k)] for k in range(KEY_RANGE))


@cache
def _max_noise(table: PTable) -> int:
    return max(abs(v) for v in table.noise.values())


@cache
def ptable(path: Path = PTABLE_PATH) -> PTable:
    with open(path, encoding="utf-8", newline="") as fh:
        noise = {(int(r["pcv"]), int(r["ckey"])): int(r["pvalue"]) for r in csv.DictReader(fh)}
    table = PTable(noise, max(p for p, _ in noise))
    table.check()
    return table


def perturb(count: int, key_sum: int) -> int:
    return ptable().perturb(count, key_sum)
