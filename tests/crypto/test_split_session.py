"""The split session shared by the reporter's mailbox and staff sessions: either half alone opens nothing."""

import base64

from observatory.crypto import split_session

SECRET = b"a private key, 32 bytes long...."
USER_KEY = split_session.SplitSecret("staff-user-key")


def test_a_sealed_secret_opens_only_with_its_cookie_key_and_subject():
    key = split_session.new_key()
    sealed = USER_KEY.seal(SECRET, key, subject="u1")
    assert SECRET not in base64.b64decode(sealed) and base64.b64encode(SECRET).decode() not in sealed
    assert USER_KEY.open(sealed, key, subject="u1") == SECRET
    assert USER_KEY.open(sealed, split_session.new_key(), subject="u1") is None
    assert USER_KEY.open(sealed, key, subject="u2") is None
    assert USER_KEY.open(sealed, None, subject="u1") is None
    assert USER_KEY.open(None, key, subject="u1") is None


def test_a_blob_sealed_for_one_purpose_does_not_open_as_another():
    key = split_session.new_key()
    sealed = split_session.SplitSecret("mailbox").seal(SECRET, key, subject="r1")
    assert USER_KEY.open(sealed, key, subject="r1") is None


def test_cookie_round_trip_and_malformed_cookies_are_ignored():
    key = split_session.new_key()
    assert split_session.decode_cookie(split_session.encode_cookie(key)) == key
    for bad in (None, "", "abc", "!" * 43, "A" * 200, split_session.encode_cookie(b"short")):
        assert split_session.decode_cookie(bad) is None


def test_a_damaged_server_half_opens_nothing():
    key = split_session.new_key()
    sealed = USER_KEY.seal(SECRET, key, subject="u1")
    assert USER_KEY.open(sealed[:-4] + "AAAA", key, subject="u1") is None
    assert USER_KEY.open("not base64!", key, subject="u1") is None
