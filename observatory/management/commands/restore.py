from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatory.crypto.keyfiles import read_private_key_file
from observatory.operations import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database and MEDIA_ROOT. The whole archive is "
        "checked first: a corrupted one is refused with nothing written. Refuses a database with tables "
        "unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--key", type=Path, required=True, help="the backup PRIVATE key file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over a database that has tables, and replace differing files (pg_restore --clean)",
        )

    def handle(self, *args, archive, key, force, **options):
        try:
            restored = backup.restore_backup(archive, read_private_key_file(key), force=force)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(f"{archive}: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored archive {restored.manifest.archive_id} (made {restored.manifest.created_at}): "
                f"the database and {restored.media_files} file(s)."
            )
        )
