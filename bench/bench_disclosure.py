"""Time cell-key perturbation and the pre-publication audit over a year's release calendar (no database).

    .venv/bin/python bench/bench_disclosure.py

Synthetic cases (seeded, so runs compare) with grounds (some cases with two), 19 districts plus
"unlocated" and a month, at three scales: Valencia (~180 cases a year), a busier city, and a national
load. The four quarterly releases (quarter + year to date; Q4 with the year) are perturbed and each is
audited against the ones before, as publication does. Printed: time of perturbation, time of the audits,
integer programmes solved, cells published and withheld, mean absolute perturbation.
"""

import os
import random
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The statistics modules live in Django apps; nothing here touches a database.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "observatory.settings")
os.environ.setdefault("SECRET_KEY", "bench-disclosure")
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/observatory_bench")
django.setup()

from observatory import taxonomy  # noqa: E402
from observatory.stats import audit, tables  # noqa: E402
from observatory.stats.periods import Period  # noqa: E402

DISTRICTS = tuple(f"46250-{n:02d}" for n in range(1, 20))
GROUNDS = taxonomy.GROUNDS.values
TABLES = ("headline", "grounds", "comva", "district", "month")


def cases(per_year: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    w_grounds = [rnd.paretovariate(1.2) for _ in GROUNDS]
    w_places = [rnd.paretovariate(1.5) for _ in DISTRICTS] + [3.0]
    out = []
    for _ in range(per_year):
        grounds = {rnd.choices(GROUNDS, w_grounds)[0] for _ in range(1 + (rnd.random() < 0.2))}
        place = rnd.choices([*DISTRICTS, tables.UNLOCATED], w_places)[0]
        out.append({"month": rnd.randint(1, 12), "grounds": sorted(grounds), "district": place,
                    "key": rnd.randrange(256)})  # fmt: skip
    return out


def counts_of(rows, last_quarter: int) -> dict[str, tables.Counts]:
    cats = {
        "headline": list(tables.HEADLINE_ROWS),
        "grounds": list(GROUNDS),
        "comva": list(tables.comva_grounds()),
        "district": [*DISTRICTS, tables.UNLOCATED],
        "month": [f"2026-{m:02d}" for m in range(1, 13)],
    }
    out = {}
    for table in TABLES:
        by_quarter = {f"2026Q{q}": {c: [0, 0] for c in cats[table]} for q in range(1, last_quarter + 1)}
        for r in rows:
            q = (r["month"] - 1) // 3 + 1
            if q > last_quarter:
                continue
            keys = {
                "headline": ["case"],
                "grounds": r["grounds"],
                "comva": taxonomy.remap_codes(r["grounds"]),
                "district": [r["district"]],
                "month": [f"2026-{r['month']:02d}"],
            }[table]
            for k in keys:
                cell = by_quarter[f"2026Q{q}"][k]
                cell[0] += 1
                cell[1] += r["key"]
        frozen = {q: {c: tuple(v) for c, v in cells.items()} for q, cells in by_quarter.items()}
        out[table] = tables.Counts(tables.SPEC_BY_ID[table], cats[table], frozen)
    return out


def run(name: str, per_year: int, seed: int = 7) -> list[str]:
    rows = cases(per_year, seed)
    published, perturb_s, audit_s, solves, withheld, cells, noise = [], 0.0, 0.0, 0, 0, 0, 0
    for q in range(1, 5):
        counts = counts_of(rows, q)
        began = time.perf_counter()
        shown = tables.shown_periods(Period(2026, q))
        figures = {"tables": {t: tables.publish_counts(counts[t], shown) for t in TABLES}}
        perturb_s += time.perf_counter() - began
        began = time.perf_counter()
        report = audit.protect(counts, published, figures, parents={})
        audit_s += time.perf_counter() - began
        solves += report.solves
        withheld += len(report.withheld)
        new = audit.quantities(f"2026Q{q}", figures)
        published += new
        cells += sum(len(d["cells"]) for item in figures["tables"].values() for d in item["periods"].values())
        for item in new:
            noise += abs(
                item.value - counts[item.table].tally(item.row, tables.period_quarters(item.period))[0]
            )
    return [name, f"{per_year:,}", f"{perturb_s * 1000:.0f} ms", f"{audit_s:.2f} s", str(solves), str(cells),
            str(withheld), f"{noise / max(len(published), 1):.2f}"]  # fmt: skip


def main():
    header = ["workload", "cases/yr", "perturb", "audits", "solves", "cells", "withheld", "mean |noise|"]
    rows = [run("Valencia", 180), run("busy city", 2_000), run("national", 20_000)]
    widths = [max(len(r[n]) for r in [header, *rows]) for n in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"\nreleases: 2026Q1..2026Q4 with their years to date and the year; tables: {', '.join(TABLES)}")


if __name__ == "__main__":
    main()
