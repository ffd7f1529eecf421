"""Staff user keys: the password and the printed recovery key open them, nothing else does, and
changing or recovering the password keeps access to the organisation's reports."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from observatory.casework import errors
from observatory.casework.models import UserKey
from observatory.casework.staff import keyring
from observatory.crypto import user_keys
from reports_intake.actions import decrypt_report

from .conftest import NARRATIVE, PASSWORD

NEW_PASSWORD = "a different long passphrase 2026"


def _can_read(user, password, office, report) -> bool:
    private = keyring.unlock_user_key(user, password)
    org_private = keyring.organisation_private_key(user, private, office.organisation)
    return decrypt_report(report, org_private, office.organisation.key_id)["narrative"] == NARRATIVE


def test_first_key_is_sealed_and_the_recovery_key_is_printable(olga):
    key = UserKey.objects.get(user=olga)
    assert user_keys.normalise_recovery_code(olga.recovery_code)
    assert len(olga.recovery_code.split("-")) == 8
    assert bytes(key.private_sealed_password)[:1] == b"\x01"  # password blob, Argon2 parameters in header
    with pytest.raises(errors.UserKeyExists):
        keyring.create_user_key(olga, PASSWORD)


def test_wrong_password_unlocks_nothing(olga, office, report):
    with pytest.raises(errors.WrongPassword):
        keyring.unlock_user_key(olga, PASSWORD + "x")
    assert _can_read(olga, PASSWORD, office, report)


def test_password_change_keeps_access_and_retires_the_old_password(olga, office, report):
    keyring.change_password(olga, PASSWORD, NEW_PASSWORD)
    olga.refresh_from_db()
    assert olga.check_password(NEW_PASSWORD)
    assert _can_read(olga, NEW_PASSWORD, office, report)
    with pytest.raises(errors.WrongPassword):
        keyring.unlock_user_key(olga, PASSWORD)


def test_password_change_needs_the_current_password_and_a_strong_new_one(olga):
    with pytest.raises(errors.WrongPassword):
        keyring.change_password(olga, "not it at all, sorry", NEW_PASSWORD)
    with pytest.raises(ValidationError):
        keyring.change_password(olga, PASSWORD, "short")
    assert keyring.unlock_user_key(olga, PASSWORD)


def test_recovery_key_sets_a_new_password_keeps_access_and_is_single_use(olga, office, report):
    new_code = keyring.recover_with_recovery_key(olga, olga.recovery_code, NEW_PASSWORD)
    olga.refresh_from_db()
    assert olga.check_password(NEW_PASSWORD)
    assert _can_read(olga, NEW_PASSWORD, office, report)
    with pytest.raises(user_keys.WrongRecoveryKey):
        keyring.recover_with_recovery_key(olga, olga.recovery_code, "yet another passphrase 99")
    keyring.recover_with_recovery_key(olga, new_code, "yet another passphrase 99")
    assert _can_read(olga, "yet another passphrase 99", office, report)


def test_someone_elses_recovery_key_opens_nothing(olga, carmen):
    with pytest.raises(user_keys.WrongRecoveryKey):
        keyring.recover_with_recovery_key(olga, carmen.recovery_code, NEW_PASSWORD)
    with pytest.raises(user_keys.InvalidRecoveryKey):
        keyring.recover_with_recovery_key(olga, "ABCD-EFGH", NEW_PASSWORD)
    olga.refresh_from_db()
    assert olga.check_password(PASSWORD)


def test_a_user_without_a_key_is_told_so(db):
    user = get_user_model().objects.create_user("nokey", password=PASSWORD)
    with pytest.raises(errors.NoUserKey):
        keyring.unlock_user_key(user, PASSWORD)
