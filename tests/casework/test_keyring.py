"""The plain keyring module: user keys sealed by password and recovery key, and session sealing."""

import pytest

from observatory.crypto import envelope, receipts, user_keys

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(scope="module")
def user_key():
    return user_keys.new_user_key(PASSWORD)


def test_new_user_key_opens_with_the_password_and_matches_its_public_key(user_key):
    sealed, _, private = user_key
    assert user_keys.open_with_password(sealed.private_sealed_password, PASSWORD) == private
    assert sealed.key_id == envelope.key_id(sealed.public)
    user_keys.check_keypair(private, sealed.public)


def test_wrong_password_opens_nothing(user_key):
    sealed, _, _ = user_key
    with pytest.raises(user_keys.WrongPassword):
        user_keys.open_with_password(sealed.private_sealed_password, PASSWORD + "!")


def test_recovery_key_is_printed_in_groups_and_opens_the_private_key(user_key):
    sealed, code, private = user_key
    printed = user_keys.format_recovery_code(code)
    assert len(printed.split("-")) == 8 and all(len(group) == 4 for group in printed.split("-"))
    typed = printed.lower().replace("-", " ")
    assert user_keys.normalise_recovery_code(typed) == code
    opened = user_keys.open_with_recovery_code(
        sealed.private_sealed_recovery, typed, user_key_id=sealed.key_id
    )
    assert opened == private


def test_a_mistyped_recovery_key_is_caught_by_its_check_character(user_key):
    _, code, _ = user_key
    i = 5
    wrong = code[:i] + receipts.ALPHABET[(receipts.ALPHABET.index(code[i]) + 1) % 32] + code[i + 1 :]
    with pytest.raises(user_keys.InvalidRecoveryKey):
        user_keys.normalise_recovery_code(wrong)
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    if swapped != code:
        with pytest.raises(user_keys.InvalidRecoveryKey):
            user_keys.normalise_recovery_code(swapped)


def test_another_well_formed_recovery_key_does_not_open(user_key):
    sealed, _, _ = user_key
    with pytest.raises(user_keys.WrongRecoveryKey):
        user_keys.open_with_recovery_code(
            sealed.private_sealed_recovery, user_keys.new_recovery_code(), user_key_id=sealed.key_id
        )


def test_recovery_keys_carry_155_random_bits():
    codes = {user_keys.new_recovery_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == user_keys.RECOVERY_LENGTH == 32 for code in codes)


def test_check_keypair_refuses_a_private_key_of_another_pair(user_key):
    sealed, _, _ = user_key
    with pytest.raises(user_keys.KeyMismatch):
        user_keys.check_keypair(envelope.generate_keypair().private, sealed.public)
