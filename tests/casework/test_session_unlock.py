"""Signing in unlocks the caseworker's key into the session, split between a cookie-only session key and
a sealed blob in the server-side session: a copy of the database and the session store (taken while the
caseworker is signed in) holds no usable private key."""

import base64
import subprocess

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django_otp.oath import totp

from observatory.casework.staff import keyring
from observatory.casework.staff import session as key_session
from observatory.casework.staff.enrolment import stored_backup_code
from observatory.casework.staff.session_store import stored_key
from observatory.crypto import split_session

from .conftest import PASSWORD


def _sign_in(client, user, device):
    return client.post(
        "/staff/login/",
        {"username": user.username, "password": PASSWORD, "otp_token": f"{totp(device.bin_key):06d}"},
    )


def _session_data(client) -> dict:
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Session.objects.get(session_key=stored_key(cookie)).get_decoded()  # the table keeps a hash


def _cookie_key(client) -> bytes:
    return split_session.decode_cookie(client.cookies[key_session.COOKIE_NAME].value)


def _open_from_store(client, user, session_key) -> bytes:
    sealed = _session_data(client)[key_session.SEALED_SESSION_KEY]
    return key_session.USER_KEY.open(sealed, session_key, subject=user.pk)


def _forms(secret: bytes) -> list[bytes]:
    """Every spelling of a secret that could appear in a dump or a session record."""
    return [
        secret,
        secret.hex().encode(),
        base64.b64encode(secret),
        base64.b64encode(secret).rstrip(b"="),
        base64.urlsafe_b64encode(secret).rstrip(b"="),
    ]


def test_sign_in_sets_a_strict_httponly_session_key_cookie(client, olga, enrolled):
    response = _sign_in(client, olga, enrolled(olga))
    assert response.status_code == 302, response.content[:300]
    cookie = response.cookies[key_session.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/staff/"
    assert cookie["secure"] == ("" if settings.DEBUG else True)
    assert "no-store" in response["Cache-Control"]
    assert _open_from_store(client, olga, _cookie_key(client)) == keyring.unlock_user_key(olga, PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_database_and_session_store_dump_reveals_no_private_key(client, olga, office, enrolled):
    _sign_in(client, olga, enrolled(olga))
    user_private = keyring.unlock_user_key(olga, PASSWORD)
    session_key = _cookie_key(client)
    assert _open_from_store(client, olga, session_key) == user_private  # the cookie is what opens it

    db = settings.DATABASES["default"]
    dump = subprocess.run(
        ["pg_dump", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], db["NAME"]],
        check=True,
        capture_output=True,
    ).stdout
    assert b"django_session" in dump and b"casework_userkey" in dump
    session_rows = "".join(str(s.get_decoded()) + s.session_data for s in Session.objects.all()).encode()
    assert key_session.SEALED_SESSION_KEY.encode() in session_rows
    for secret in (user_private, office.key.private, session_key):
        for spelling in _forms(secret):
            assert spelling not in dump
            assert spelling not in session_rows
    assert _open_from_store(client, olga, split_session.new_key()) is None


def test_a_cookie_from_another_session_opens_nothing(client, olga, enrolled):
    from django.test import Client
    from django_otp.plugins.otp_static.models import StaticDevice

    _sign_in(client, olga, enrolled(olga))
    first_key = _cookie_key(client)
    backup = StaticDevice.objects.create(user=olga, name="backup", confirmed=True)
    backup.token_set.create(token=stored_backup_code("k3y8c0d3"))  # as enrolment stores it
    other = Client()  # a second browser, signing in with a backup code
    other.post("/staff/login/", {"username": "olga", "password": PASSWORD, "otp_token": "k3y8c0d3"})
    assert _open_from_store(other, olga, _cookie_key(other)) == keyring.unlock_user_key(olga, PASSWORD)
    assert _open_from_store(other, olga, first_key) is None


def test_logout_forgets_both_halves(client, olga, enrolled):
    _sign_in(client, olga, enrolled(olga))
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post("/staff/logout/")
    assert response.cookies[key_session.COOKIE_NAME].value == ""  # expired
    assert not Session.objects.filter(session_key=stored_key(session_id)).exists()


def test_wrong_password_signs_in_nobody_and_unlocks_nothing(client, olga, enrolled):
    device = enrolled(olga)
    response = client.post(
        "/staff/login/",
        {"username": "olga", "password": PASSWORD + "x", "otp_token": f"{totp(device.bin_key):06d}"},
    )
    assert response.status_code == 200
    assert key_session.COOKIE_NAME not in response.cookies
    assert not Session.objects.exists() or all(
        key_session.SEALED_SESSION_KEY not in s.get_decoded() for s in Session.objects.all()
    )


def test_password_reset_outside_the_app_signs_in_but_leaves_the_key_locked(client, olga, enrolled):
    olga.set_password("reset by an administrator 1")
    olga.save()
    device = enrolled(olga)
    response = client.post(
        "/staff/login/",
        {
            "username": "olga",
            "password": "reset by an administrator 1",
            "otp_token": f"{totp(device.bin_key):06d}",
        },
    )
    assert response.status_code == 302
    data = _session_data(client)
    assert data.get(key_session.LOCKED_SESSION_KEY) is True
    assert key_session.SEALED_SESSION_KEY not in data
