"""`manage.py shred_expired [--dry-run]`: crypto-shred every report past its retention date now (the
daily beat task `observatory.shred_expired` does the same)."""

from django.core.management.base import BaseCommand

from observatory.operations import retention


class Command(BaseCommand):
    help = "Crypto-shred reports whose retention period has ended (unless under a legal hold)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count the expired reports, shred nothing")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write(f"{len(retention.expired_report_ids())} report(s) past their retention date")
            return
        counts = retention.shred_expired()
        self.stdout.write(
            f"shredded {counts['deleted']} report(s) entirely and {counts['kept_for_statistics']} counted "
            "case(s) down to their anonymous statistical fields"
        )
