"""The passkey sign-in (casework.staff.passkeys) as an attacker tries it, without a browser: what the
ceremony leaves in the session is set here directly, as the completion view leaves it after a valid
assertion (the ceremony itself is tested in Chromium: tests/browser/test_passkey_journey.py).

- a passkey alone signs nobody in (the package's passwordless views are not mounted);
- another user's passkey with her right password gives the one SIGN_IN_FAILED, as a wrong password does;
- the passkey's answer is good for one attempt and for PASSKEY_PENDING_SECONDS only;
- registering a passkey needs a verified session and the unlocked key.
"""

import time
from secrets import token_bytes

import pytest
from django.urls import NoReverseMatch, reverse
from django_otp_webauthn.models import WebAuthnCredential

from observatory.accounts.models import Membership
from observatory.casework.staff import passkeys
from observatory.casework.staff.login import SIGN_IN_FAILED
from tests.factories import STAFF_PASSWORD, create_caseworker, create_office, create_organisation

pytestmark = pytest.mark.usefixtures("clean_staff_throttles")


@pytest.fixture
def olga(db):
    return create_caseworker("olga", create_office(), Membership.Role.OFFICE_CASEWORKER)


@pytest.fixture
def carmen(db, enrolled):
    user = create_caseworker("carmen", create_organisation("Acoge", "acoge"), Membership.Role.CSO_CASEWORKER)
    enrolled(user)
    return user


def _passkey(user):
    credential_id = token_bytes(16)
    return WebAuthnCredential.objects.create(
        user=user, name="passkey", confirmed=True, credential_id=credential_id, public_key=b"\x00"
    )


def _passkey_answered(client, device, seconds_ago=0):
    session = client.session
    session[passkeys.PENDING_SESSION_KEY] = {"device": device.pk, "at": int(time.time()) - seconds_ago}
    session.save()


def _sign_in(client, username, password=STAFF_PASSWORD):
    return client.post("/staff/login/", {"username": username, "password": password})


def _is_verified(client) -> bool:
    response = client.get("/staff/dashboard/")
    return response.status_code == 200


def test_own_passkey_and_password_sign_in_verified(client, olga):
    _passkey_answered(client, _passkey(olga))
    assert _sign_in(client, "olga").status_code == 302
    assert _is_verified(client)


def test_another_users_passkey_does_not_sign_in_even_with_the_right_password(client, olga, carmen):
    _passkey_answered(client, _passkey(olga))
    response = _sign_in(client, "carmen")
    assert response.status_code == 200
    assert str(SIGN_IN_FAILED) in response.content.decode()
    assert not _is_verified(client)
    assert "_auth_user_id" not in client.session


def test_wrong_password_and_wrong_passkey_give_the_same_answer(client, olga, carmen):
    _passkey_answered(client, _passkey(olga))
    wrong_password = _sign_in(client, "olga", "not the password").content.decode()
    _passkey_answered(client, _passkey(olga))
    wrong_passkey = _sign_in(client, "carmen").content.decode()
    assert str(SIGN_IN_FAILED) in wrong_password
    assert str(SIGN_IN_FAILED) in wrong_passkey


def test_passkey_answer_is_used_up_by_a_failed_attempt(client, olga):
    _passkey_answered(client, _passkey(olga))
    _sign_in(client, "olga", "not the password")
    # The page asks for the code again: a passkey's answer cannot be replayed with password guesses.
    assert 'name="otp_token"' in client.get("/staff/login/").content.decode()
    assert passkeys.PENDING_SESSION_KEY not in client.session


def test_passkey_answer_expires(client, olga):
    _passkey_answered(client, _passkey(olga), seconds_ago=passkeys.PASSKEY_PENDING_SECONDS + 1)
    assert _sign_in(client, "olga").status_code == 200
    assert not _is_verified(client)


def test_unconfirmed_passkey_does_not_sign_in(client, olga):
    device = _passkey(olga)
    device.confirmed = False
    device.save(update_fields=["confirmed"])
    _passkey_answered(client, device)
    assert _sign_in(client, "olga").status_code == 200
    assert not _is_verified(client)


def test_no_passwordless_sign_in_is_mounted(client, olga):
    with pytest.raises(NoReverseMatch):
        reverse("otp_webauthn:credential-authentication-complete")
    # Our completion view checks an assertion but signs nobody in; without a ceremony it refuses.
    response = client.post("/staff/login/passkey/complete/", {}, content_type="application/json")
    assert response.status_code >= 400
    assert "_auth_user_id" not in client.session


def test_registering_needs_a_verified_session_and_the_key(client, olga, staff_client):
    begin = reverse("staff_passkey_register_begin")
    anonymous = client.post(begin)
    assert anonymous.status_code == 302 and "/staff/login/" in anonymous["Location"]
    signed_in = staff_client(olga)
    assert signed_in.post(begin).status_code == 200  # options for the browser
    del signed_in.cookies["obs_sk"]  # a stolen session cookie without the key cookie
    assert signed_in.post(begin).status_code == 403


def test_a_second_factor_reset_removes_the_passkeys_too(client, olga):
    from observatory.casework.members import reset_second_factor

    device = _passkey(olga)
    reset_second_factor(olga, by=None)  # after a lost phone and keys: enrolment starts again
    assert not WebAuthnCredential.objects.filter(user=olga).exists()
    _passkey_answered(client, device)
    assert _sign_in(client, "olga").status_code == 200
    assert not _is_verified(client)
