from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatory.operations import backup


class Command(BaseCommand):
    help = (
        "Make the offline backup keypair: the private half to a new 0600 file outside the project (keep it "
        "offline), the public half to BACKUP_PUBLIC_KEY_FILE (or --public-out), which `backup` seals to."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="new file for the backup PRIVATE key")
        parser.add_argument(
            "--public-out", type=Path, help="new file for the public key (default: BACKUP_PUBLIC_KEY_FILE)"
        )

    def handle(self, *args, out, public_out, **options):
        public_out = public_out or Path(settings.BACKUP_PUBLIC_KEY_FILE)
        try:
            key_id = backup.generate_backup_key(out, public_out)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backup private key written to {out} (mode 0600): move it offline now.")
        self.stdout.write(f"Backup public key written to {public_out}:")
        self.stdout.write(public_out.read_text().strip())
        self.stdout.write(self.style.SUCCESS(f"Backup key id: {key_id}"))
