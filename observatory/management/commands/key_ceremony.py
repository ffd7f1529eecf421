import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatory.accounts import keys
from observatory.accounts.models import Organisation
from observatory.demo import OFFICE_NAME


class Command(BaseCommand):
    help = (
        "Create the intake office's keypair and the triage keypair: public keys go to the database, "
        "private keys to new files readable by their owner only (never printed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office-slug", default="oficina", help="slug of the office organisation")
        parser.add_argument(
            "--triage-key-out",
            type=Path,
            help="new file for the triage private key (default: triage.key in $OBSERVATORY_KEY_DIR, "
            "else ~/observatory-keys/: outside the project tree, which images and backups copy)",
        )
        parser.add_argument(
            "--office-key-out",
            type=Path,
            help="new file for the office private key (default: beside the triage key)",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="demo keys in var/keys/ (idempotent; creates the office if missing)",
        )

    def handle(self, *args, office_slug, triage_key_out, office_key_out, demo, **options):
        if demo:
            office, _ = Organisation.objects.get_or_create(
                slug=office_slug, defaults={"name": OFFICE_NAME, "kind": Organisation.Kind.OFFICE}
            )
            result = keys.demo_key_ceremony(office, settings.VAR_DIR / "keys")
            self.stderr.write(
                self.style.WARNING(
                    f"Demo keys are in {settings.VAR_DIR / 'keys'}: for a laptop only, never a deployment."
                )
            )
        else:
            triage_key_out = triage_key_out or _default_key_dir() / "triage.key"
            office = Organisation.objects.filter(slug=office_slug, kind=Organisation.Kind.OFFICE).first()
            if office is None:
                raise CommandError(f"no office organisation with slug {office_slug!r}")
            office_key_out = office_key_out or triage_key_out.with_name(f"office-{office_slug}.key")
            self._warn_if_inside_project(office_key_out, triage_key_out)
            try:
                result = keys.key_ceremony(office, office_key_out, triage_key_out)
            except FileExistsError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Office private key written to {office_key_out} (mode 0600)")
            self.stdout.write(f"Triage private key written to {triage_key_out} (mode 0600)")
        state = "created" if result.created else "already in place"
        self.stdout.write(self.style.SUCCESS(f"Keys {state}."))
        self.stdout.write(f"  office {office_slug} key id: {result.office_key_id}")
        self.stdout.write(f"  triage key id:           {result.triage_key_id}")

    def _warn_if_inside_project(self, *paths: Path) -> None:
        project = Path(settings.BASE_DIR).resolve()
        inside = [path for path in paths if path.resolve().is_relative_to(project)]
        if inside:
            self.stderr.write(
                self.style.WARNING(
                    f"Private keys inside the project tree ({', '.join(map(str, inside))}): image builds, "
                    "copies and backups of the code carry them. Move them to offline storage (office key) "
                    "and to the triage worker's secret mount (triage key)."
                )
            )


def _default_key_dir() -> Path:
    """Outside the checkout: the operator's home, unless OBSERVATORY_KEY_DIR says where."""
    return Path(os.environ.get("OBSERVATORY_KEY_DIR") or Path.home() / "observatory-keys")
