"""Second-factor enrolment at a staff member's first sign-in: an authenticator app (TOTP) confirmed with
a code, then ten single-use backup codes, and the recovery key of their user key, each shown once.

The only staff page open to a user signed in by password but not yet verified (STAFF_OPEN_PATHS), and
only while they have no confirmed device: afterwards it refuses, so a stolen password cannot be used to
enrol a second authenticator.
"""

import hashlib
import hmac
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from observatory.accounts.models import SealedTOTPDevice
from observatory.casework.staff import session as key_session
from observatory.crypto import contexts, server_keys
from observatory.crypto.user_keys import format_recovery_code

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"


class ConfirmCodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _pending_device(user) -> SealedTOTPDevice:
    """The user's one unconfirmed authenticator, so reloading the page shows the same QR code."""
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = SealedTOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def qr_svg(text: str) -> str:
    """An inline SVG QR code: a single path with presentation attributes, no style or script, so it
    passes a CSP without 'unsafe-inline'."""
    return segno.make(text, error="m").svg_inline(scale=4, border=4, svgclass="qr-code", title=_("QR code"))


def _spaced(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def issue_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with ten new single-use ones; returns them to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=stored_backup_code(code)) for code in codes
    )
    return codes


def stored_backup_code(code: str) -> str:
    """What the database keeps of a backup code: a keyed hash (16 hex digits, the column's width). A code
    has 40 random bits, which an unkeyed hash would give back to anyone with a dump in minutes; the key
    comes from SECRET_KEY, outside the database. Changing SECRET_KEY voids the codes (issue new ones)."""
    normalised = code.strip().lower().encode()
    key = server_keys.derived_key(contexts.BACKUP_CODE_HASH)
    return hmac.new(key, normalised, hashlib.sha256).hexdigest()[:16]


@transaction.atomic
def confirm_authenticator(request, device: SealedTOTPDevice) -> list[str]:
    """Confirm the authenticator, drop any other unconfirmed one, verify this session with it, and issue
    backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    SealedTOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = issue_backup_codes(device.user)
    request.session.cycle_key()  # privilege raised: a new session id
    otp_login(request, device)
    return codes


@method_decorator(never_cache, name="dispatch")
class EnrolView(View):
    template_name = "casework/enrol.html"
    done_template_name = "casework/enrol_done.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.OTP_LOGIN_URL)
        if user_has_device(request.user, confirmed=True):
            raise PermissionDenied("already enrolled")
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, status=200):
        device = _pending_device(request.user)
        key = b32encode(device.bin_key).decode().rstrip("=")
        context = {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": _spaced(key),
            "issuer": settings.OTP_TOTP_ISSUER,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, ConfirmCodeForm())

    def post(self, request):
        form = ConfirmCodeForm(request.POST)
        device = _pending_device(request.user)
        if not form.is_valid() or not device.verify_token(form.cleaned_data["otp_token"].strip()):
            if form.is_valid():
                form.add_error(
                    "otp_token", _("That code did not match. Check your phone's clock and try again.")
                )
            return self._render(request, form, status=400)
        codes = confirm_authenticator(request, device)
        recovery = key_session.pop_recovery_code(request)
        context = {
            "backup_codes": codes,
            "recovery_key": format_recovery_code(recovery.replace("-", "")) if recovery else None,
            "next_url": settings.LOGIN_REDIRECT_URL,
        }
        return render(request, self.done_template_name, context)
