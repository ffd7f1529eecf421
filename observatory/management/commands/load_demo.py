import base64

import segno
from django.core.management.base import BaseCommand

from observatory.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo page tree, an office organisation and a demo staff user with TOTP (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-login", action="store_true", help="do not print the demo login")

    def handle(self, *args, **options):
        creds = load_demo()
        if options["quiet_login"]:
            return
        device = creds.totp_device
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        self.stdout.write(
            f"  Staff login:   http://127.0.0.1:8000/staff/  user {creds.username}  password {creds.password}"
        )
        self.stdout.write(f"  Authenticator: add key {secret} (TOTP, 30 s, 6 digits), or scan:")
        qr = segno.make(device.config_url, error="l")
        qr.terminal(out=self.stdout, compact=True)
        self.stdout.write(
            "  No authenticator app at hand? `make demo-code` prints the current code (demo only)."
        )
