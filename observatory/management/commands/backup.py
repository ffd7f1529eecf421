from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatory.operations import backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database, MEDIA_ROOT and the public keys into DIR, sealed to the offline "
        "backup key (BACKUP_PUBLIC_KEY_FILE), with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, required=True, dest="directory", help="directory for the archive"
        )

    def handle(self, *args, directory, **options):
        try:
            written = backup.create_backup(directory, backup.backup_public_key())
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{written.path}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup {written.archive_id}: database and {written.media_files} file(s), "
                f"{written.size} bytes sealed to the backup key."
            )
        )
