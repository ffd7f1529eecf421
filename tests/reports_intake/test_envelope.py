import io
import os

import pytest

from observatory.crypto import envelope
from observatory.crypto.envelope import (
    DecryptionError,
    UnsupportedFormat,
    WrongPassword,
    decrypt_stream,
    encrypt_stream,
    generate_keypair,
    key_id,
    new_data_key,
    new_file_key,
    open_payload,
    open_with_key,
    open_with_password,
    rewrap_key,
    seal_payload,
    seal_with_key,
    seal_with_password,
    unwrap_key,
    wrap_key,
)

REPORT = "0b7e8a52-3c1f-4f3e-9d67-6a1d2f0c9e11"
OTHER_REPORT = "5d0c2b8e-0000-4000-8000-000000000001"
PAYLOAD = {"narrative": "Me negaron el alquiler por ser marroquí", "location": [39.47, -0.376]}


@pytest.fixture(scope="module")
def office():
    return generate_keypair()


@pytest.fixture(scope="module")
def partner():
    return generate_keypair()


def flip(blob: bytes, index: int) -> bytes:
    return blob[:index] + bytes([blob[index] ^ 0x01]) + blob[index + 1 :]


# --- keys ----------------------------------------------------------------------------------------------


def test_keypair_serialisation_round_trips_through_seal_and_open(office):
    assert office.private[0] == office.public[0] == envelope.DEFAULT_SUITE
    dek = new_data_key()
    wrapped = wrap_key(dek, office.public, context=b"report:" + REPORT.encode())
    assert unwrap_key(bytes(wrapped), bytes(office.private), context=b"report:" + REPORT.encode()) == dek


def test_private_key_is_not_in_repr(office):
    assert office.private.hex() not in repr(office)
    assert "private" not in repr(office)


def test_key_id_is_stable_and_distinct(office, partner):
    assert key_id(office.public) == key_id(bytes(office.public))
    assert key_id(office.public) != key_id(partner.public)
    assert len(key_id(office.public)) == 32


def test_unknown_suite_is_refused(office):
    with pytest.raises(UnsupportedFormat):
        wrap_key(new_data_key(), b"\xff" + office.public[1:], context=b"x")


def test_data_keys_are_random_256_bit():
    keys = {new_data_key() for _ in range(100)} | {new_file_key() for _ in range(100)}
    assert len(keys) == 200
    assert all(len(k) == 32 for k in keys)


# --- payload -------------------------------------------------------------------------------------------


def test_payload_round_trips():
    dek = new_data_key()
    blob = seal_payload(dek, PAYLOAD, report_id=REPORT, schema_version=1)
    assert open_payload(dek, blob, report_id=REPORT, schema_version=1) == PAYLOAD


def test_payload_is_not_readable_in_the_blob():
    blob = seal_payload(new_data_key(), PAYLOAD, report_id=REPORT, schema_version=1)
    assert b"alquiler" not in blob and REPORT.encode() not in blob


def test_payload_moved_to_another_report_does_not_open():
    dek = new_data_key()
    blob = seal_payload(dek, PAYLOAD, report_id=REPORT, schema_version=1)
    with pytest.raises(DecryptionError):
        open_payload(dek, blob, report_id=OTHER_REPORT, schema_version=1)


def test_payload_with_another_schema_version_does_not_open():
    dek = new_data_key()
    blob = seal_payload(dek, PAYLOAD, report_id=REPORT, schema_version=1)
    with pytest.raises(DecryptionError):
        open_payload(dek, blob, report_id=REPORT, schema_version=2)


def test_tampered_payload_does_not_open():
    dek = new_data_key()
    blob = seal_payload(dek, PAYLOAD, report_id=REPORT, schema_version=1)
    for index in (1, 13, len(blob) // 2, len(blob) - 1):
        with pytest.raises(DecryptionError):
            open_payload(dek, flip(blob, index), report_id=REPORT, schema_version=1)
    with pytest.raises(DecryptionError):
        open_payload(dek, blob[:-1], report_id=REPORT, schema_version=1)
    with pytest.raises(UnsupportedFormat):
        open_payload(dek, flip(blob, 0), report_id=REPORT, schema_version=1)


def test_payload_under_wrong_key_does_not_open():
    blob = seal_payload(new_data_key(), PAYLOAD, report_id=REPORT, schema_version=1)
    with pytest.raises(DecryptionError):
        open_payload(new_data_key(), blob, report_id=REPORT, schema_version=1)


def test_padding_hides_length_within_a_bucket():
    dek = new_data_key()
    short = seal_payload(dek, {"narrative": "x" * 1100}, report_id=REPORT, schema_version=1)
    long = seal_payload(dek, {"narrative": "x" * 1900}, report_id=REPORT, schema_version=1)
    tiny = seal_payload(dek, {}, report_id=REPORT, schema_version=1)
    assert len(short) == len(long)
    assert len(tiny) < len(short)


def test_bucket_sizes():
    assert envelope.payload_bucket(1) == 1024
    assert envelope.payload_bucket(1024) == 1024
    assert envelope.payload_bucket(1025) == 2048
    assert envelope.payload_bucket(64 * 1024) == 64 * 1024
    assert envelope.payload_bucket(64 * 1024 + 1) == 128 * 1024
    assert envelope.payload_bucket(200 * 1024) == 256 * 1024


def test_oversized_payload_is_refused():
    with pytest.raises(envelope.PayloadTooLarge):
        seal_payload(new_data_key(), {"n": "x" * (2 * 1024 * 1024)}, report_id=REPORT, schema_version=1)


# --- wraps and referral --------------------------------------------------------------------------------


def test_wrap_for_another_report_does_not_open(office):
    wrapped = wrap_key(new_data_key(), office.public, context=b"report:" + REPORT.encode())
    with pytest.raises(DecryptionError):
        unwrap_key(wrapped, office.private, context=b"report:" + OTHER_REPORT.encode())


def test_wrap_does_not_open_with_another_private_key(office, partner):
    wrapped = wrap_key(new_data_key(), office.public, context=b"r")
    with pytest.raises(DecryptionError):
        unwrap_key(wrapped, partner.private, context=b"r")


def test_tampered_wrap_does_not_open(office):
    wrapped = wrap_key(new_data_key(), office.public, context=b"r")
    for index in (1, 500, len(wrapped) - 1):
        with pytest.raises(DecryptionError):
            unwrap_key(flip(wrapped, index), office.private, context=b"r")


def test_referral_rewraps_key_and_leaves_payload_untouched(office, partner):
    context = b"report:" + REPORT.encode()
    dek = new_data_key()
    payload_blob = seal_payload(dek, PAYLOAD, report_id=REPORT, schema_version=1)
    stored_payload = bytes(payload_blob)
    office_wrap = wrap_key(dek, office.public, context=context)

    partner_wrap = rewrap_key(office_wrap, office.private, partner.public, context=context)

    assert payload_blob == stored_payload
    partner_dek = unwrap_key(partner_wrap, partner.private, context=context)
    assert open_payload(partner_dek, payload_blob, report_id=REPORT, schema_version=1) == PAYLOAD


def test_organisation_private_key_can_be_wrapped_to_a_member(office):
    member = generate_keypair()
    wrapped = wrap_key(office.private, member.public, context=b"org-key:" + key_id(office.public).encode())
    recovered = unwrap_key(wrapped, member.private, context=b"org-key:" + key_id(office.public).encode())
    assert recovered == office.private


# --- symmetric seals -----------------------------------------------------------------------------------


def test_seal_with_key_round_trips_and_binds_context():
    key, secret = new_data_key(), os.urandom(97)
    blob = seal_with_key(secret, key, context=b"session:1")
    assert open_with_key(blob, key, context=b"session:1") == secret
    with pytest.raises(DecryptionError):
        open_with_key(blob, key, context=b"session:2")
    with pytest.raises(DecryptionError):
        open_with_key(blob, new_data_key(), context=b"session:1")
    with pytest.raises(DecryptionError):
        open_with_key(flip(blob, 20), key, context=b"session:1")


def test_password_seal_round_trips_and_rejects_wrong_password():
    secret = os.urandom(97)
    blob = seal_with_password(secret, "correct horse battery")
    assert open_with_password(blob, "correct horse battery") == secret
    with pytest.raises(WrongPassword):
        open_with_password(blob, "correct horse battery!")
    assert not envelope.password_needs_upgrade(blob)


def test_password_is_unicode_normalised():
    blob = seal_with_password(b"k", "contrase\u00f1a")  # composed ñ
    assert open_with_password(blob, "contrasen\u0303a") == b"k"  # decomposed n + tilde


def test_password_parameters_cannot_be_changed_by_editing_the_blob():
    blob = seal_with_password(b"k", "pw")
    edited = blob[:1] + (envelope.ARGON2_ITERATIONS + 1).to_bytes(4, "big") + blob[5:]
    with pytest.raises(WrongPassword):
        open_with_password(edited, "pw")


def test_absurd_password_parameters_are_refused_before_deriving():
    blob = seal_with_password(b"k", "pw")
    huge_memory = blob[:9] + (2**31).to_bytes(4, "big") + blob[13:]
    with pytest.raises(UnsupportedFormat):
        open_with_password(huge_memory, "pw")


# The production cost (64 MiB, slow on purpose) is tested in tests/test_argon2_cost.py.


# --- streams -------------------------------------------------------------------------------------------

CHUNK = envelope.STREAM_CHUNK


def encrypt(data: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    written = encrypt_stream(io.BytesIO(data), out, key)
    assert written == len(out.getvalue())
    return out.getvalue()


def decrypt(blob: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    assert decrypt_stream(io.BytesIO(blob), out, key) == len(out.getvalue())
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_stream_round_trips(size):
    key, data = new_file_key(), os.urandom(size)
    assert decrypt(encrypt(data, key), key) == data


def test_stream_data_ending_in_zero_bytes_round_trips():
    key, data = new_file_key(), b"abc" + b"\x00" * 100
    assert decrypt(encrypt(data, key), key) == data


def test_stream_padding_hides_size_within_a_chunk():
    key = new_file_key()
    assert len(encrypt(os.urandom(10), key)) == len(encrypt(os.urandom(CHUNK - 1), key))


def sealed_chunks(blob: bytes) -> tuple[bytes, list[bytes]]:
    size = CHUNK + 16
    header, body = blob[:8], blob[8:]
    return header, [body[i : i + size] for i in range(0, len(body), size)]


def test_stream_truncated_by_whole_chunks_is_detected():
    key = new_file_key()
    header, chunks = sealed_chunks(encrypt(os.urandom(3 * CHUNK), key))
    assert len(chunks) == 4
    with pytest.raises(DecryptionError):
        decrypt(header + b"".join(chunks[:2]), key)
    with pytest.raises(DecryptionError):
        decrypt(header, key)


def test_stream_truncated_mid_chunk_is_detected():
    key = new_file_key()
    blob = encrypt(os.urandom(2 * CHUNK), key)
    with pytest.raises(DecryptionError):
        decrypt(blob[:-1], key)


def test_stream_reordered_or_dropped_chunks_are_detected():
    key = new_file_key()
    header, chunks = sealed_chunks(encrypt(os.urandom(3 * CHUNK), key))
    with pytest.raises(DecryptionError):
        decrypt(header + chunks[1] + chunks[0] + chunks[2] + chunks[3], key)
    with pytest.raises(DecryptionError):
        decrypt(header + chunks[0] + chunks[2] + chunks[3], key)


def test_stream_with_appended_chunk_is_detected():
    key = new_file_key()
    header, chunks = sealed_chunks(encrypt(os.urandom(2 * CHUNK), key))
    with pytest.raises(DecryptionError):
        decrypt(header + b"".join(chunks) + chunks[0], key)


def test_stream_chunks_spliced_from_another_file_are_detected():
    key = new_file_key()
    header_a, chunks_a = sealed_chunks(encrypt(os.urandom(2 * CHUNK), key))
    _, chunks_b = sealed_chunks(encrypt(os.urandom(2 * CHUNK), key))
    with pytest.raises(DecryptionError):
        decrypt(header_a + chunks_a[0] + chunks_b[1] + chunks_a[2], key)


def test_stream_under_wrong_key_or_tampered_is_detected():
    key = new_file_key()
    blob = encrypt(os.urandom(1000), key)
    with pytest.raises(DecryptionError):
        decrypt(blob, new_file_key())
    with pytest.raises(DecryptionError):
        decrypt(flip(blob, 100), key)
