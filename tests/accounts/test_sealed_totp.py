"""Staff authenticators with sealed secrets (issue 13, finding 9): they verify as django-otp's TOTPDevice
does, their secret opens only for its own user and under the server's key, and the migration carries clear
devices over (the Django admin: tests/security/test_traces.py)."""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from observatory.accounts.models import SealedTOTPDevice
from observatory.crypto.envelope import DecryptionError
from tests.factories import STAFF_PASSWORD, create_staff

move = importlib.import_module("observatory.accounts.migrations.0005_sec_sealed_totp_move_devices")


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _sign_in(username: str, code: str) -> int:
    return (
        Client()
        .post("/staff/login/", {"username": username, "password": STAFF_PASSWORD, "otp_token": code})
        .status_code
    )


def test_a_sealed_authenticator_signs_in_once_per_code(office):
    user = create_staff("tere", office.organisation, "office_caseworker")
    device = SealedTOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    code = _code(device)
    assert _sign_in("tere", code) == 302
    assert _sign_in("tere", code) == 200  # the same code again: django-otp's replay guard (last_t)


def test_a_sealed_secret_copied_onto_another_users_device_does_not_open(office):
    victim = create_staff("vera", office.organisation, "office_caseworker")
    thief = create_staff("tito", office.organisation, "office_caseworker")
    theirs = SealedTOTPDevice.objects.create(user=victim, name="phone", confirmed=True)
    mine = SealedTOTPDevice.objects.create(user=thief, name="phone", confirmed=True)
    SealedTOTPDevice.objects.filter(pk=mine.pk).update(sealed_key=theirs.sealed_key)
    mine.refresh_from_db()
    with pytest.raises(DecryptionError):
        _ = mine.bin_key
    assert not mine.verify_token(_code(theirs))


def test_another_sealing_key_refuses_every_code_without_an_error_page(office, settings):
    user = create_staff("tina", office.organisation, "office_caseworker")
    device = SealedTOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    code = _code(device)
    settings.TOTP_SEAL_KEY = "a key the secrets were not sealed under"
    assert _sign_in("tina", code) == 200  # the sign-in page again, not a 500
    settings.TOTP_SEAL_KEY = ""
    assert _sign_in("tina", code) == 302


def test_the_migration_seals_clear_devices_and_the_same_app_keeps_working(office):
    user = create_staff("toni", office.organisation, "office_caseworker")
    clear = TOTPDevice.objects.create(user=user, name="old phone", confirmed=True, last_t=7)
    secret = clear.bin_key
    move.seal_devices(apps, None)
    assert not TOTPDevice.objects.exists()
    sealed = SealedTOTPDevice.objects.get(user=user)
    assert (sealed.name, sealed.last_t, sealed.bin_key) == ("old phone", 7, secret)
    assert clear.key.encode() not in bytes(sealed.sealed_key).hex().encode()
    assert _sign_in("toni", _code(sealed)) == 302
    move.open_devices(apps, None)  # and back
    assert TOTPDevice.objects.get(user=user).bin_key == secret
    assert not SealedTOTPDevice.objects.exists()


def test_the_demo_prints_the_code_its_sealed_authenticator_accepts(db, settings):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from observatory.demo import DEMO_USERNAME

    settings.DEBUG = True
    user = get_user_model().objects.create_user(DEMO_USERNAME, password=STAFF_PASSWORD, is_staff=True)
    device = SealedTOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
    out = StringIO()
    call_command("demo_totp_code", stdout=out)
    assert device.verify_token(out.getvalue().split()[0])


def test_migrating_back_and_forth_keeps_every_authenticator(office):
    """The data migration as `migrate` runs it, on the historical models."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    user = create_staff("telmo", office.organisation, "office_caseworker")
    device = SealedTOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    secret = device.bin_key
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("accounts")
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0004_sec_sealed_totp")])
    assert TOTPDevice.objects.get(user=user).bin_key == secret
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    assert not TOTPDevice.objects.exists()
    assert SealedTOTPDevice.objects.get(user=user).bin_key == secret
