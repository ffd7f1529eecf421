import base64
import io

import segno
from django.core.management.base import BaseCommand
from django.urls import reverse

from cms.models import ReportPage
from observatory.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo page tree, an office organisation and a demo staff user with TOTP (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-login", action="store_true", help="do not print the demo login")
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="where the demo is served (for the links)"
        )

    def handle(self, *args, **options):
        creds = load_demo()
        if options["quiet_login"]:
            return
        site = options["site_url"].rstrip("/")
        report_page = ReportPage.objects.live().first()
        self.stdout.write(self.style.SUCCESS(f"The Observatory demo is ready on {site}/ (Ctrl-C stops it)."))
        self.stdout.write(f"  Public site:   {site}/")
        if report_page is not None:
            self.stdout.write(f"  Report form:   {site}{report_page.url}")
        self.stdout.write(f"  Mailbox:       {site}{reverse('reports_intake:login')}")
        self.stdout.write(f"  Staff:         {site}{reverse('casework:home')}")
        self.stdout.write("")
        device = creds.totp_device
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        self.stdout.write(self.style.SUCCESS("Staff login (demo only):"))
        self.stdout.write(f"  user {creds.username}   password {creds.password}")
        self.stdout.write("  No authenticator app at hand? `make demo-code` prints the current code.")
        self.stdout.write(f"  Authenticator: add key {secret} (TOTP, 30 s, 6 digits), or scan:")
        # segno writes each row in several pieces; Django's OutputWrapper would end every piece with a
        # newline and break the code apart, so the rows go out as one block, unchanged.
        qr = io.StringIO()
        segno.make(device.config_url, error="l").terminal(out=qr, compact=True)
        self.stdout.write(qr.getvalue(), ending="")
