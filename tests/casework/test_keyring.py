"""The plain keyring module: user keys sealed by password and recovery key, and session sealing."""

import base64

import pytest

from observatory.casework import keyring
from reports_intake import envelope, receipts

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(scope="module")
def user_key():
    return keyring.new_user_key(PASSWORD)


def test_new_user_key_opens_with_the_password_and_matches_its_public_key(user_key):
    sealed, _, private = user_key
    assert keyring.open_with_password(sealed.private_sealed_password, PASSWORD) == private
    assert sealed.key_id == envelope.key_id(sealed.public)
    keyring.check_keypair(private, sealed.public)


def test_wrong_password_opens_nothing(user_key):
    sealed, _, _ = user_key
    with pytest.raises(keyring.WrongPassword):
        keyring.open_with_password(sealed.private_sealed_password, PASSWORD + "!")


def test_recovery_key_is_printed_in_groups_and_opens_the_private_key(user_key):
    sealed, code, private = user_key
    printed = keyring.format_recovery_code(code)
    assert len(printed.split("-")) == 8 and all(len(group) == 4 for group in printed.split("-"))
    typed = printed.lower().replace("-", " ")
    assert keyring.normalise_recovery_code(typed) == code
    opened = keyring.open_with_recovery_code(sealed.private_sealed_recovery, typed, user_key_id=sealed.key_id)
    assert opened == private


def test_a_mistyped_recovery_key_is_caught_by_its_check_character(user_key):
    _, code, _ = user_key
    i = 5
    wrong = code[:i] + receipts.ALPHABET[(receipts.ALPHABET.index(code[i]) + 1) % 32] + code[i + 1 :]
    with pytest.raises(keyring.InvalidRecoveryKey):
        keyring.normalise_recovery_code(wrong)
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    if swapped != code:
        with pytest.raises(keyring.InvalidRecoveryKey):
            keyring.normalise_recovery_code(swapped)


def test_another_well_formed_recovery_key_does_not_open(user_key):
    sealed, _, _ = user_key
    with pytest.raises(keyring.WrongRecoveryKey):
        keyring.open_with_recovery_code(
            sealed.private_sealed_recovery, keyring.new_recovery_code(), user_key_id=sealed.key_id
        )


def test_recovery_keys_carry_155_random_bits():
    codes = {keyring.new_recovery_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == keyring.RECOVERY_LENGTH == 32 for code in codes)


def test_session_seal_opens_only_with_its_cookie_key_and_user(user_key):
    _, _, private = user_key
    session_key = keyring.new_session_key()
    sealed = keyring.seal_for_session(private, session_key, user_id="u1")
    assert private not in sealed and base64.b64encode(private) not in sealed
    assert keyring.open_from_session(sealed, session_key, user_id="u1") == private
    with pytest.raises(envelope.DecryptionError):
        keyring.open_from_session(sealed, keyring.new_session_key(), user_id="u1")
    with pytest.raises(envelope.DecryptionError):
        keyring.open_from_session(sealed, session_key, user_id="u2")


def test_cookie_round_trip_and_malformed_cookies_are_ignored():
    session_key = keyring.new_session_key()
    assert keyring.decode_cookie(keyring.encode_cookie(session_key)) == session_key
    for bad in (None, "", "abc", "!" * 43, "A" * 200, keyring.encode_cookie(b"short")):
        assert keyring.decode_cookie(bad) is None


def test_check_keypair_refuses_a_private_key_of_another_pair(user_key):
    sealed, _, _ = user_key
    with pytest.raises(keyring.KeyMismatch):
        keyring.check_keypair(envelope.generate_keypair().private, sealed.public)
