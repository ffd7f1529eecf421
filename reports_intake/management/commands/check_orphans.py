"""List leftovers both ways: ciphertext files no row points to, and rows whose file is gone. Exits 1 if
there is either, so cron or a monitoring check can alert; prints storage names and row ids only. Beat
counts them daily (`reports_intake.check_orphans`: a warning in the log when there are any). A file
without a row is unreadable ciphertext and safe to delete; a row without a file is an attachment the
caseworker can no longer open."""

from django.core.management.base import BaseCommand

from reports_intake.actions import find_orphans


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        orphans = find_orphans()
        for name in orphans.files_without_rows:
            self.stdout.write(f"file without row: {name}")
        for file_id in orphans.rows_without_files:
            self.stdout.write(f"row without file: {file_id}")
        found = len(orphans.files_without_rows) + len(orphans.rows_without_files)
        self.stdout.write(f"{found} orphan(s)")
        if found:
            raise SystemExit(1)
