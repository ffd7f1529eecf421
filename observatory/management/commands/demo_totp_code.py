import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from observatory.accounts.models import SealedTOTPDevice
from observatory.demo import DEMO_USERNAME


class Command(BaseCommand):
    help = "Print the demo staff user's current TOTP code. Refuses unless DEBUG is on."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Only for the demo (DEBUG=1).")
        device = SealedTOTPDevice.objects.filter(user__username=DEMO_USERNAME).first()
        if device is None:
            raise CommandError("No demo user yet: run `make demo` first.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        left = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(f"{code:0{device.digits}d}  (valid for {left} s)")
