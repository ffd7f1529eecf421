"""Passkeys and security keys (WebAuthn, django-otp-webauthn) as a second factor beside TOTP.

Registering: /staff/passkeys/, a verified staff page like any other (a code first, and its POSTs need the
unlocked key `obs_sk`); the package's registration views, mounted there.

Signing in, without a password oracle: the passkey comes FIRST, on the sign-in page. Our completion view
checks the browser's assertion but signs nobody in: it only notes in the (still anonymous) session which
passkey answered, for PASSKEY_PENDING_SECONDS. The sign-in page then asks for the user name and password
(PasskeyAuthenticationForm), and the sign-in succeeds only if that password's user owns that passkey. A
wrong password, another user's passkey and an expired passkey all give the one SIGN_IN_FAILED, and every
attempt uses the passkey up. The password is still typed, so it still unlocks the user's sealed key.

There is no passwordless sign-in (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False, and the package's own
authentication views, which would sign in on a passkey alone, are not mounted).
"""

import time
from urllib.parse import urlencode

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.utils import rewrite_exceptions
from webauthn.helpers.structs import ResidentKeyRequirement

from observatory.audit import actions as audit
from observatory.audit.models import AuditAction
from observatory.casework.staff.login import ThrottledSignInMixin
from observatory.security import PERMISSIONS_POLICY

# The site's Permissions-Policy (observatory.security) turns WebAuthn off everywhere; the two pages that
# run a ceremony (the sign-in and /staff/passkeys/) turn it on for our own origin only, never for frames.
WEBAUTHN_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace(
    "publickey-credentials-create=()", "publickey-credentials-create=(self)"
).replace("publickey-credentials-get=()", "publickey-credentials-get=(self)")

PENDING_SESSION_KEY = "staff_passkey_pending"
SECOND_FACTOR_AUDIT_TYPE = "auth.user-second-factor"  # as casework.members.reset_second_factor
PASSKEY_PENDING_SECONDS = 300


class StaffWebAuthnHelper(WebAuthnHelper):
    def get_discoverable_credentials_preference(self) -> ResidentKeyRequirement:
        # The sign-in asks for the passkey before it knows who is signing in (no user name, so no list of
        # a user's credential ids is ever given to an anonymous visitor): only discoverable credentials
        # can answer that.
        return ResidentKeyRequirement.REQUIRED


# --- Signing in --------------------------------------------------------------------------------------


class _AnonymousCeremonyMixin:
    """The ceremony on the sign-in page, before anyone is signed in: never for the current user."""

    def get_user(self):
        return None

    def check_can_authenticate(self):
        pass  # open to anyone, as the sign-in page is; it proves possession of a passkey, nothing more


@method_decorator(never_cache, name="dispatch")
class BeginPasskeySignInView(_AnonymousCeremonyMixin, webauthn_views.BeginCredentialAuthenticationView):
    pass


@method_decorator(never_cache, name="dispatch")
class CompletePasskeySignInView(_AnonymousCeremonyMixin, webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        self.request.session[PENDING_SESSION_KEY] = {"device": device.pk, "at": int(time.time())}

    def get_success_url(self):
        url = reverse("staff_login")
        next_url = self.get_redirect_url()
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def has_pending_passkey(request) -> bool:
    pending = request.session.get(PENDING_SESSION_KEY)
    return bool(pending) and time.time() - pending.get("at", 0) <= PASSKEY_PENDING_SECONDS


def pop_pending_passkey(request):
    """The passkey that answered on this session's sign-in page, once: each attempt uses it up."""
    if not has_pending_passkey(request):
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    pending = request.session.pop(PENDING_SESSION_KEY)
    return (
        WebAuthnCredential.objects.filter(pk=pending["device"], confirmed=True).select_related("user").first()
    )


class PasskeySecondFactorMixin:
    def clean(self):
        device = pop_pending_passkey(self.request)
        cleaned = super().clean()  # the password
        user = self.get_user()
        if device is None or user is None or device.user_id != user.pk:
            raise ValidationError("passkey of another user, or none", code="invalid_login")
        user.otp_device = device  # django-otp verifies the session with it at login()
        return cleaned


class PasskeyAuthenticationForm(ThrottledSignInMixin, PasskeySecondFactorMixin, AuthenticationForm):
    """User name and password, after a passkey answered on the sign-in page."""


def sign_in_configuration(request) -> dict:
    """What the package's otp_webauthn_auth.js reads (json_script, so no inline script under our CSP)."""
    from django.middleware import csrf

    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("staff_passkey_sign_in_begin"),
        "completeAuthenticationUrl": reverse("staff_passkey_sign_in_complete"),
        "beginRegistrationUrl": reverse("staff_passkey_register_begin"),
        "completeRegistrationUrl": reverse("staff_passkey_register_complete"),
    }


# --- Registering -------------------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class CompletePasskeyRegistrationView(webauthn_views.CompleteCredentialRegistrationView):
    """The package's view, audited like the other changes to a user's sign-in (a password change, a
    second factor reset): the new credential and its audit entry commit together. Only verified sessions
    reach it (RequireVerifiedStaffMiddleware), so it never verifies a session itself."""

    def post(self, *args, **kwargs):
        user = self.get_user()
        state = self.get_state()  # popped and saved first: a registration state is never used twice
        with transaction.atomic(), rewrite_exceptions(logger=webauthn_views._get_pywebauthn_logger()):
            device = self.get_helper().register_complete(user=user, state=state, data=self.request.data)
            audit.record(user, AuditAction.CHANGED, (SECOND_FACTOR_AUDIT_TYPE, user.pk))
        return JsonResponse({"id": device.pk})


@never_cache
@require_GET
def passkey_list(request):
    """The user's passkeys and a button to register one (the package's otp_webauthn_register.js)."""
    passkeys = WebAuthnCredential.objects.filter(user=request.user, confirmed=True).order_by("created_at")
    context = {"passkeys": passkeys, "configuration": sign_in_configuration(request)}
    response = render(request, "casework/passkeys.html", context)
    response["Permissions-Policy"] = WEBAUTHN_PERMISSIONS_POLICY
    return response


# Mounted twice by observatory/urls.py: the sign-in ceremony under /staff/login/passkey/ (open, keyless,
# like the sign-in page), the rest under /staff/passkeys/ (verified, and POSTs need the key).
sign_in_urlpatterns = [
    path("begin/", BeginPasskeySignInView.as_view(), name="staff_passkey_sign_in_begin"),
    path("complete/", CompletePasskeySignInView.as_view(), name="staff_passkey_sign_in_complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="staff_passkey_jsi18n"),
]
registration_urlpatterns = [
    path("", passkey_list, name="staff_passkeys"),
    path(
        "register/begin/",
        webauthn_views.BeginCredentialRegistrationView.as_view(),
        name="staff_passkey_register_begin",
    ),
    path(
        "register/complete/",
        CompletePasskeyRegistrationView.as_view(),
        name="staff_passkey_register_complete",
    ),
]
