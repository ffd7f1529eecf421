from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatory.crypto.keyfiles import read_private_key_file
from observatory.operations import backup


class Command(BaseCommand):
    help = "Decrypt and check a backup archive against its manifest without restoring anything."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--key", type=Path, required=True, help="the backup PRIVATE key file")

    def handle(self, *args, archive, key, **options):
        try:
            manifest = backup.verify_backup(archive, read_private_key_file(key))
        except (backup.BackupError, OSError) as exc:
            raise CommandError(f"{archive}: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"{archive}: intact."))
        self.stdout.write(f"  archive {manifest.archive_id}, made {manifest.created_at}")
        self.stdout.write(f"  database dump: {manifest.database_size} bytes")
        self.stdout.write(f"  files: {len(manifest.media)}")
        # What a restore needs from the office's offline store: reports are wrapped to these keys.
        for org in manifest.keys.get("organisations", []):
            self.stdout.write(f"  organisation {org['slug']} key id: {org['key_id']}")
