from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from observatory.accounts.keys import read_private_key_file, write_private_key_file
from observatory.casework import members
from observatory.casework.errors import CaseworkError
from observatory.crypto import envelope


class Command(BaseCommand):
    help = (
        "First start of a real deployment, without the demo: create the office organisation, its keypair "
        "and the triage keypair, and print a single-use invitation for the first office administrator, "
        "who receives the office key when redeeming it. Refuses once an office administrator exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office-name", default="Oficina de No Discriminación")
        parser.add_argument(
            "--triage-key-out",
            type=Path,
            help="new file (mode 0600) for the triage private key, for the triage worker; required when "
            "the office has no key yet",
        )
        parser.add_argument(
            "--office-key",
            type=Path,
            help="the office's private key file from an earlier `key_ceremony`, if there was one",
        )
        parser.add_argument(
            "--office-key-out",
            type=Path,
            help="also write the new office private key to this file, for offline safekeeping "
            "(recommended: without it the first admin's password or recovery key is the only way in)",
        )
        parser.add_argument("--site-url", default="", help="public address of the staff site, for the link")
        parser.add_argument("--days", type=int, default=2, help="days the invitation stays valid")

    def handle(
        self, *args, office_name, triage_key_out, office_key, office_key_out, site_url, days, **options
    ):
        existing = None
        if office_key is not None:
            loaded = read_private_key_file(office_key)
            existing = envelope.KeyPair(private=loaded.private, public=loaded.public)
        triage = None
        if existing is None:
            if triage_key_out is None:
                raise CommandError("--triage-key-out is required for a new office")
            for path in (triage_key_out, office_key_out):
                if path is not None and path.exists():
                    raise CommandError(f"{path} exists; refusing to overwrite a private key")
            triage = envelope.generate_keypair()
            # The triage file first: a stored public key whose private half was never written would
            # leave every new report untriaged.
            write_private_key_file(triage_key_out, triage)
            existing = envelope.generate_keypair()
            if office_key_out is not None:
                write_private_key_file(office_key_out, existing)
        try:
            start = members.create_first_admin(office_name, triage_key=triage, office_key=existing, days=days)
        except CaseworkError as exc:
            raise CommandError(str(exc)) from None
        link = site_url.rstrip("/") + reverse("casework:join_code", args=[start.code])
        self.stdout.write(self.style.SUCCESS(f"Office: {start.office.name} (key {start.office.key_id})"))
        if triage_key_out is not None and triage is not None:
            self.stdout.write(f"Triage private key written to {triage_key_out} (mode 0600)")
        self.stdout.write("Invitation for the first office administrator (shown once, single use):")
        self.stdout.write(f"  code: {start.code}")
        self.stdout.write(f"  link: {link}")
