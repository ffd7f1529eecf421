"""Passkeys in a real browser, with Chromium's virtual authenticator (CDP `WebAuthn`): a caseworker signed
in with her TOTP code registers a passkey on /staff/passkeys/, signs out, and signs in again with the
passkey and her password instead of the code; her session can then write (its key is unlocked). Her
passkey does not sign in anybody else, even with that person's right password. All under the strict CSP,
with the package's scripts from our own static files."""

import re

import pytest
from django_otp.oath import totp
from django_otp_webauthn.models import WebAuthnCredential

from observatory.accounts.models import Membership, SealedTOTPDevice
from observatory.audit.models import AuditEntry
from tests.factories import STAFF_PASSWORD as PASSWORD
from tests.factories import create_caseworker, create_office, create_organisation

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db, settings, live_server):
    from observatory.accounts import keys

    # The live server's origin is the relying party's (localhost: a secure context without TLS).
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    office = create_office()
    cso = create_organisation("Asociación Acoge", "acoge")

    def staff(username, org, role):
        user = create_caseworker(username, org, role)
        return user, SealedTOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    yield {
        "olga": staff("olga", office, Membership.Role.OFFICE_CASEWORKER),
        "carmen": staff("carmen", cso, Membership.Role.CSO_CASEWORKER),
    }
    keys.clear_cache()


@pytest.fixture
def authenticator(visit):
    """A platform authenticator with user verification, which answers without a prompt."""
    cdp = visit.page.context.new_cdp_session(visit.page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    authenticator_id = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return lambda: cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]


def _sign_in_with_code(visit, user, device):
    page = visit.page
    page.goto(visit.url("/staff/login/"))
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.fill("[name=otp_token]", f"{totp(device.bin_key):06d}")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def _register_passkey(visit, user, device):
    page = visit.page
    _sign_in_with_code(visit, user, device)
    page.goto(visit.url("/staff/passkeys/"))
    page.locator("#passkey-register-button").click()
    status = page.locator("#passkey-register-status-message").filter(has_text=re.compile(r"\S"))
    status.wait_for()
    assert WebAuthnCredential.objects.filter(user=user).exists(), (status.inner_text(), visit.errors)
    page.locator("form.logout button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/login/"))


def _passkey_then_password(visit, username):
    page = visit.page
    page.goto(visit.url("/staff/login/"))
    page.locator("#passkey-verification-button").click()
    # The passkey answered: the page comes back without the code field, which it stands in for.
    page.locator("[name=otp_token]").wait_for(state="detached")
    assert page.locator("#passkey-verification-button").count() == 0
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def test_caseworker_registers_a_passkey_and_signs_in_with_it_instead_of_the_code(
    visit, authenticator, people
):
    olga, device = people["olga"]
    _register_passkey(visit, olga, device)
    assert WebAuthnCredential.objects.filter(user=olga, confirmed=True).count() == 1
    assert len(authenticator()) == 1  # a discoverable credential, on the authenticator
    assert AuditEntry.objects.filter(actor_id=olga.pk, object_type="auth.user-second-factor").count() == 1

    _passkey_then_password(visit, "olga")
    page = visit.page
    assert page.url == visit.url("/staff/dashboard/")  # signed in and verified: the staff home
    # The session is verified and its key unlocked: a staff write goes through.
    page.goto(visit.url("/staff/notifications/"))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("main form button[type=submit]").click()
    assert posted.value.status in (200, 302)
    assert visit.failed_responses == []
    assert visit.csp_violations == []
    assert visit.errors == []
    assert visit.foreign_requests() == []


def test_a_passkey_does_not_sign_in_another_user_even_with_her_password(visit, authenticator, people):
    olga, device = people["olga"]
    _register_passkey(visit, olga, device)

    _passkey_then_password(visit, "carmen")  # olga's passkey, carmen's right password
    page = visit.page
    assert page.locator("[role=alert]").count() == 1  # SIGN_IN_FAILED, as for a wrong password
    page.goto(visit.url("/staff/"))
    assert "/staff/login/" in page.url  # nobody is signed in
    # The passkey's answer was used up by that attempt: the page asks for the code again.
    page.goto(visit.url("/staff/login/"))
    assert page.locator("[name=otp_token]").count() == 1
