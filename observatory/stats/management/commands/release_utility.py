"""How much a year of releases says, on whatever cases the database holds (DESIGN §8, issue 14).

    manage.py release_utility --year 2025

(the default is the last calendar year that has ended: a year still running cannot be released)

Plays the release calendar of one year from scratch — the four quarterly bulletins (each with its
year to date; Q4 with the year), then the annual one — each perturbed, audited against the releases
before it and recorded as published, exactly as publication would, inside a transaction that is rolled
back: nothing is kept. Then prints, per table, the share of published cells the audit withheld and the
mean absolute perturbation (published minus true count, over the cells published), and whether every
quarter has its headline and the annual district map is published.

Seeded data for it: ``bench/seed_cases.py --cases N --database .../observatory_bench_x`` (two years of
cases, so about N/2 a year), then this command with DATABASE_URL pointing at that database.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from observatory.stats import tables
from observatory.stats.actions import (
    PeriodNotEnded,
    YearData,
    compute_bulletin,
    record_release,
    refuse_unfinished,
)
from observatory.stats.disclosure import TOTAL, Status
from observatory.stats.models import Release
from observatory.stats.periods import Period


class Command(BaseCommand):
    help = "Share of cells withheld and mean absolute perturbation per table over a year of releases."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="default: the last year that has ended")

    def handle(self, *args, year: int | None, **options):
        year = year or timezone.localdate().year - 1
        calendar = [Period(year, q) for q in range(1, 5)] + [Period(year)]
        try:
            refuse_unfinished(calendar[-1])
        except PeriodNotEnded as exc:
            raise CommandError(str(exc)) from exc
        began = time.perf_counter()
        with transaction.atomic():
            Release.objects.filter(period__regex=rf"^{year:04d}(Q[1-4])?$").delete()  # rolled back below
            releases = []
            for period in calendar:
                data = compute_bulletin(period)
                record_release(data, package="")
                releases.append((period, data))
            counts = YearData.load(Period(year)).counts
            transaction.set_rollback(True)
        seconds = time.perf_counter() - began
        cases = counts["headline"].tally("case", tables.period_quarters(str(year)))[0]
        built = f"{len(calendar)} releases built in {seconds:.1f} s"
        self.stdout.write(f"{year}: {cases} confirmed cases; {built}\n")
        self.stdout.write(self.table(releases, counts))
        self.stdout.write("")
        for period, data in releases[:4]:
            cells = data["figures"]["tables"]["headline"]["periods"][str(period)]["cells"]
            shown = all(cells[row][1] == Status.FREE for row in (TOTAL, "case"))
            self.stdout.write(f"headline {period}: {'published' if shown else 'WITHHELD'}")
        district = releases[-1][1]["figures"]["tables"]["district"]["periods"][str(year)]["cells"]
        withheld = sum(1 for _v, s in district.values() if s != Status.FREE)
        state = "published" if withheld < len(district) else "WITHHELD"
        detail = f"{withheld} of {len(district)} cells withheld"
        self.stdout.write(f"annual district map {year}: {state} ({detail})")

    @staticmethod
    def table(releases, counts) -> str:
        per_table: dict[str, list[int]] = {}  # table -> [cells, withheld, sum |noise|]
        for _period, data in releases:
            for table_id, item in data["figures"]["tables"].items():
                totals = per_table.setdefault(table_id, [0, 0, 0])
                for p, published in item["periods"].items():
                    quarters = tables.period_quarters(p)
                    for row, (value, status) in published["cells"].items():
                        totals[0] += 1
                        if status != Status.FREE:
                            totals[1] += 1
                            continue
                        totals[2] += abs(value - counts[table_id].tally(row, quarters)[0])
        lines = [f"{'table':<22}{'cells':>7}{'withheld':>10}{'mean |noise|':>14}"]
        for table_id, (cells, withheld, noise) in per_table.items():
            shown = cells - withheld
            mean = noise / shown if shown else float("nan")
            lines.append(f"{table_id:<22}{cells:>7}{withheld / cells:>10.1%}{mean:>14.2f}")
        return "\n".join(lines)
