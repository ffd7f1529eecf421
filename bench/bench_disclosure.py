"""Time joint disclosure control of a 19 districts × 15 grounds table over 4 quarters, year to date and year.

    .venv/bin/python bench/bench_disclosure.py

Three synthetic workloads (seeded, so runs compare): Valencia's scale (~180 cases a year, mostly empty
cells), a busier city, and a national-scale load where few cells are small. For each: time of the joint
suppression, time of the independent integer-programming audit, and what was published.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from observatory import taxonomy  # noqa: E402
from observatory.stats.disclosure import Status, Table, audit_table, suppress_family  # noqa: E402
from observatory.stats.periods import parse_period, release_family  # noqa: E402

DISTRICTS = tuple(f"{n:02d}" for n in range(1, 20))
GROUNDS = taxonomy.GROUNDS.values
FAMILY = release_family(parse_period("2026"))


def quarters(cases_per_year: int, seed: int) -> dict[str, Table]:
    rng = np.random.default_rng(seed)
    # Skewed like real data: a few grounds and districts carry most cases.
    weights = np.outer(rng.dirichlet(np.ones(19)), rng.dirichlet(np.full(15, 0.6)))
    base = {}
    for q in range(1, 5):
        counts = rng.poisson(weights * cases_per_year / 4)
        cells = {(d, g): int(counts[i, j]) for i, d in enumerate(DISTRICTS) for j, g in enumerate(GROUNDS)}
        base[f"2026Q{q}"] = Table("district", DISTRICTS, cells, "grounds", GROUNDS)
    return base


def run(name: str, cases_per_year: int, seed: int = 7, repeat: int = 5) -> list[str]:
    base = quarters(cases_per_year, seed)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = suppress_family(base, FAMILY)
        timings.append(time.perf_counter() - start)
    published = list(result.published.values())
    start = time.perf_counter()
    report = audit_table(published, {t.period: FAMILY[t.period] for t in published})
    audit_s = time.perf_counter() - start
    statuses = [c.status for t in published for c in t.cells.values()]
    return [
        name,
        f"{cases_per_year:,}",
        f"{min(timings) * 1000:.0f} ms",
        f"{audit_s:.2f} s",
        "yes" if report.ok else f"NO ({len(report.problems)})",
        f"{len(published)}/{len(FAMILY)}",
        str(statuses.count(Status.PRIMARY)),
        str(statuses.count(Status.SECONDARY)),
        str(statuses.count(Status.FREE)),
    ]


def main():
    header = ["workload", "cases/yr", "suppress", "audit", "audit ok", "tables", "A", "D", "F"]
    rows = [run("Valencia", 180), run("busy city", 2_000), run("national", 20_000)]
    widths = [max(len(r[n]) for r in [header, *rows]) for n in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"\nfamily: {', '.join(FAMILY)}; {len(DISTRICTS)} districts × {len(GROUNDS)} grounds with margins")


if __name__ == "__main__":
    main()
