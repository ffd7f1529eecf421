from django.core.management.base import BaseCommand, CommandError

from observatory.audit.verify import verify_audit_log


class Command(BaseCommand):
    help = (
        "Recompute the audit log's hash chain. Exits non-zero and names the first broken entry when any "
        "entry was edited, deleted or reordered; prints the head hash to keep outside the database."
    )

    def handle(self, *args, **options):
        verdict = verify_audit_log()
        if not verdict.ok:
            raise CommandError(f"audit log broken at entry #{verdict.broken_seq}: {verdict.reason}")
        self.stdout.write(f"audit log intact: {verdict.entries} entries, head {verdict.head_hash}")
