from django.core.management.base import BaseCommand, CommandError

from cms.actions import build_bulletin
from observatory.stats.periods import parse_period


class Command(BaseCommand):
    help = (
        "Build the bulletin of a quarter (2026Q3) or a year (2026) as a draft page with its data package. "
        "Safe to run again: unchanged figures change nothing; a live bulletin gets a correction draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="2026Q3 or 2026")

    def handle(self, *args, period, **options):
        try:
            parsed = parse_period(period)
            result = build_bulletin(parsed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(result.summary))
        if result.page.package:
            self.stdout.write(f"  data package: MEDIA_ROOT/{result.page.package}")
