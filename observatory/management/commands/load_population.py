import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from observatory.geography.models import Neighbourhood
from observatory.stats.models import Population


class Command(BaseCommand):
    help = (
        "Load residents per neighbourhood from a CSV with two columns, neighbourhood code and population "
        "(a header row is allowed). Replaces the whole table at once; any bad line refuses the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        rows = self.read(path)
        known = dict(Neighbourhood.objects.values_list("code", "pk"))
        unknown = sorted(set(rows) - set(known))
        if unknown:
            raise CommandError(f"{path}: unknown neighbourhood codes: {', '.join(unknown[:10])}")
        with transaction.atomic():
            Population.objects.all().delete()
            Population.objects.bulk_create(
                Population(neighbourhood_id=known[code], residents=n) for code, n in rows.items()
            )
        self.stdout.write(self.style.SUCCESS(f"Loaded the population of {len(rows)} neighbourhoods."))

    def read(self, path: Path) -> dict[str, int]:
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                lines = list(csv.reader(fh))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"{path}: cannot read a CSV file ({exc})") from exc
        rows: dict[str, int] = {}
        for number, line in enumerate(lines, start=1):
            if not line or not any(cell.strip() for cell in line):
                continue
            if len(line) != 2:
                raise CommandError(f"{path}:{number}: expected 2 columns (code, population), got {len(line)}")
            code, value = (cell.strip() for cell in line)
            if number == 1 and not value.isdigit():
                continue  # header
            if not code or not value.isdigit():
                raise CommandError(f"{path}:{number}: population must be a whole number, not {value!r}")
            if code in rows:
                raise CommandError(f"{path}:{number}: neighbourhood {code} appears twice")
            rows[code] = int(value)
        if not rows:
            raise CommandError(f"{path}: no population rows")
        return rows
