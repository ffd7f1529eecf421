"""The encryption envelope of a report (DESIGN §4).

A report's payload is sealed once under a random data key (DEK); the DEK is then wrapped with HPKE to
each recipient's public key. Reading, referring and re-keying only ever touch the small wraps, never
the payload. Every serialised object starts with a version or suite byte so formats can change later
without guessing.

`context` arguments bind a wrap or seal to the record it belongs to, so a blob copied onto another row
does not open. Every such string is built in `observatory.crypto.contexts`, and nowhere else.

Plain module: no Django, no database, no logging (nothing here may ever be logged).
"""

import json
import os
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from observatory.crypto import contexts

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16


class EnvelopeError(Exception):
    """Base class: something in the envelope could not be produced or read."""


class DecryptionError(EnvelopeError):
    """Wrong key, wrong context, or the data was altered, truncated or moved. Deliberately vague."""


class WrongPassword(DecryptionError):
    """The password does not open this blob."""


class UnsupportedFormat(EnvelopeError):
    """Unknown version or suite byte, or parameters outside what this code accepts."""


class PayloadTooLarge(EnvelopeError):
    pass


# --- Suites -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Suite:
    """One HPKE configuration and how its keys are stored as bytes (after the suite byte)."""

    hpke: hpke.Suite
    generate: Callable[[], tuple[bytes, bytes]]  # -> (private material, public material)
    load_private: Callable[[bytes], Any]
    load_public: Callable[[bytes], Any]


_MLKEM_SEED_BYTES = 64
_MLKEM768_PUBLIC_BYTES = 1184
_X25519_BYTES = 32


def _mlkem768_x25519_generate() -> tuple[bytes, bytes]:
    pq, classic = mlkem.MLKEM768PrivateKey.generate(), x25519.X25519PrivateKey.generate()
    # ML-KEM's raw private form is its 64-byte seed; the composite key has no serialisation of its own.
    private = pq.private_bytes_raw() + classic.private_bytes_raw()
    public = pq.public_key().public_bytes_raw() + classic.public_key().public_bytes_raw()
    return private, public


def _mlkem768_x25519_private(material: bytes) -> hpke.MLKEM768X25519PrivateKey:
    if len(material) != _MLKEM_SEED_BYTES + _X25519_BYTES:
        raise UnsupportedFormat("private key has the wrong length")
    return hpke.MLKEM768X25519PrivateKey(
        mlkem.MLKEM768PrivateKey.from_seed_bytes(material[:_MLKEM_SEED_BYTES]),
        x25519.X25519PrivateKey.from_private_bytes(material[_MLKEM_SEED_BYTES:]),
    )


def _mlkem768_x25519_public(material: bytes) -> hpke.MLKEM768X25519PublicKey:
    if len(material) != _MLKEM768_PUBLIC_BYTES + _X25519_BYTES:
        raise UnsupportedFormat("public key has the wrong length")
    return hpke.MLKEM768X25519PublicKey(
        mlkem.MLKEM768PublicKey.from_public_bytes(material[:_MLKEM768_PUBLIC_BYTES]),
        x25519.X25519PublicKey.from_public_bytes(material[_MLKEM768_PUBLIC_BYTES:]),
    )


# Suite ids are stored in every key and every wrap. Never reuse or renumber one; add a new id instead.
SUITE_MLKEM768_X25519_SHA256_AES256GCM = 1
SUITES: dict[int, _Suite] = {
    SUITE_MLKEM768_X25519_SHA256_AES256GCM: _Suite(
        hpke=hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
        generate=_mlkem768_x25519_generate,
        load_private=_mlkem768_x25519_private,
        load_public=_mlkem768_x25519_public,
    ),
}
DEFAULT_SUITE = SUITE_MLKEM768_X25519_SHA256_AES256GCM


def _suite_of(blob: bytes) -> tuple[int, _Suite]:
    if not blob or blob[0] not in SUITES:
        raise UnsupportedFormat("unknown suite")
    return blob[0], SUITES[blob[0]]


# --- Keys ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    """Serialised keys, each prefixed by its suite byte. `private` is kept out of repr()."""

    private: bytes = field(repr=False)
    public: bytes


def generate_keypair(suite: int = DEFAULT_SUITE) -> KeyPair:
    private, public = SUITES[suite].generate()
    prefix = bytes([suite])
    return KeyPair(private=prefix + private, public=prefix + public)


def key_id(public: bytes) -> str:
    """A stable 128-bit fingerprint of a serialised public key, as 32 hex characters."""
    return sha256(contexts.KEY_ID + public).hexdigest()[:32]


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


new_file_key = new_data_key


def _check_key(key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise ValueError("keys are 32 bytes")


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    _check_key(key)
    nonce = os.urandom(NONCE_BYTES)  # random 96-bit nonces are safe: every key seals only a few messages
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes, error: type[DecryptionError]) -> bytes:
    _check_key(key)
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError):  # ValueError: a truncated blob left a short nonce
        raise error("cannot decrypt") from None


# --- Payload ------------------------------------------------------------------------------------------

PAYLOAD_V1 = 1
PAYLOAD_MIN_BUCKET = 1024
PAYLOAD_BUCKET_STEP = 64 * 1024
PAYLOAD_MAX_BYTES = 1024 * 1024
_LENGTH = struct.Struct(">I")


def payload_bucket(size: int) -> int:
    """Padded size for `size` bytes: powers of two from 1 KiB to 64 KiB, then 64 KiB steps.

    The ciphertext length then says only which bucket a report falls in, not how long its narrative is.
    """
    bucket = PAYLOAD_MIN_BUCKET
    while bucket < size and bucket < PAYLOAD_BUCKET_STEP:
        bucket *= 2
    if size <= bucket:
        return bucket
    return -(-size // PAYLOAD_BUCKET_STEP) * PAYLOAD_BUCKET_STEP


def _payload_aad(version: int, report_id: str, schema_version: int) -> bytes:
    # Fixed-width fields first and the id last, so no two (id, schema) pairs share an encoding.
    return contexts.PAYLOAD_AAD + bytes([version]) + _LENGTH.pack(schema_version) + report_id.encode()


def seal_payload(dek: bytes, payload: dict, *, report_id: str, schema_version: int) -> bytes:
    """Serialise, pad and seal a report payload. Pass `report_id` as `str(uuid)` everywhere."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    if len(body) > PAYLOAD_MAX_BYTES:
        raise PayloadTooLarge(f"payload over {PAYLOAD_MAX_BYTES} bytes")
    framed = _LENGTH.pack(len(body)) + body
    padded = framed.ljust(payload_bucket(len(framed)), b"\x00")
    nonce, ciphertext = _seal(dek, padded, _payload_aad(PAYLOAD_V1, report_id, schema_version))
    return bytes([PAYLOAD_V1]) + nonce + ciphertext


def open_payload(dek: bytes, blob: bytes, *, report_id: str, schema_version: int) -> dict:
    if not blob or blob[0] != PAYLOAD_V1:
        raise UnsupportedFormat("unknown payload version")
    nonce, ciphertext = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    padded = _open(dek, nonce, ciphertext, _payload_aad(blob[0], report_id, schema_version), DecryptionError)
    (length,) = _LENGTH.unpack_from(padded)
    return json.loads(padded[_LENGTH.size : _LENGTH.size + length])


# --- Key wraps (HPKE) ---------------------------------------------------------------------------------


def _wrap_info(suite_id: int, context: bytes) -> bytes:
    return contexts.WRAP_AAD + bytes([suite_id]) + context


def wrap_key(secret: bytes, recipient_public: bytes, *, context: bytes) -> bytes:
    """HPKE-seal a key (a DEK, or an organisation's private key) to a recipient's public key.

    `context` names what is wrapped, e.g. b"report:" + report id, so a wrap copied onto another record
    does not open.
    """
    suite_id, suite = _suite_of(recipient_public)
    public = suite.load_public(recipient_public[1:])
    return bytes([suite_id]) + suite.hpke.encrypt(secret, public, info=_wrap_info(suite_id, context))


def unwrap_key(wrapped: bytes, recipient_private: bytes, *, context: bytes) -> bytes:
    suite_id, suite = _suite_of(wrapped)
    if recipient_private[:1] != wrapped[:1]:
        raise DecryptionError("key and wrap belong to different suites")
    private = suite.load_private(recipient_private[1:])
    try:
        return suite.hpke.decrypt(wrapped[1:], private, info=_wrap_info(suite_id, context))
    except (InvalidTag, ValueError):
        raise DecryptionError("cannot unwrap") from None


def rewrap_key(wrapped: bytes, holder_private: bytes, new_public: bytes, *, context: bytes) -> bytes:
    """Referral: whoever can unwrap the key wraps it again to another recipient; the payload is untouched."""
    return wrap_key(unwrap_key(wrapped, holder_private, context=context), new_public, context=context)


# --- Secrets sealed under a symmetric key ------------------------------------------------------------

SEALED_V1 = 1


def _sealed_aad(context: bytes) -> bytes:
    return contexts.SEALED_AAD + context


def seal_with_key(secret: bytes, key: bytes, *, context: bytes) -> bytes:
    """AES-256-GCM under a 32-byte key (a session key, a receipt-derived key, a recovery key)."""
    nonce, ciphertext = _seal(key, secret, _sealed_aad(context))
    return bytes([SEALED_V1]) + nonce + ciphertext


def open_with_key(blob: bytes, key: bytes, *, context: bytes) -> bytes:
    if not blob or blob[0] != SEALED_V1:
        raise UnsupportedFormat("unknown sealed version")
    return _open(
        key, blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], _sealed_aad(context), DecryptionError
    )


# --- Secrets sealed under a password (Argon2id) -----------------------------------------------------

PASSWORD_V1 = 1
# RFC 9106's second recommended option is t=3, 64 MiB, p=4; one more pass brings a derivation to
# 0.2-0.35 s on the 2-core machines this runs on (see bench/bench_envelope.py). Raise these as hardware
# grows: old blobs keep their own parameters and `password_needs_upgrade` tells login to re-seal.
# These module values are the cost of every new seal. Only observatory/settings_test.py lowers them (for
# the test process and the workers it starts, so staff fixtures stay fast): this module reads no settings
# and no environment, so production can run with a lower cost only by changing code, and
# tests/test_argon2_cost.py checks that the production settings leave them alone. Each blob carries its
# own parameters, so a blob sealed at either cost opens under the other.
ARGON2_ITERATIONS = 4
ARGON2_LANES = 4
ARGON2_MEMORY_KIB = 64 * 1024
_SALT_BYTES = 16
_PASSWORD_HEADER = struct.Struct(">BIII16s")  # version, iterations, lanes, memory KiB, salt
# Bounds on parameters read back from storage, so a corrupted or hostile row cannot exhaust memory.
_ARGON2_MAX_ITERATIONS = 64
_ARGON2_MAX_LANES = 16
_ARGON2_MAX_MEMORY_KIB = 1024 * 1024


def _password_key(password: str, salt: bytes, iterations: int, lanes: int, memory_kib: int) -> bytes:
    # NFC so that the same password typed on two keyboards (composed vs decomposed accents) matches.
    secret = unicodedata.normalize("NFC", password).encode()
    kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=iterations, lanes=lanes, memory_cost=memory_kib)
    return kdf.derive(secret)


def _password_header(blob: bytes) -> tuple[int, int, int, bytes]:
    if len(blob) < _PASSWORD_HEADER.size or blob[0] != PASSWORD_V1:
        raise UnsupportedFormat("unknown password blob version")
    _, iterations, lanes, memory_kib, salt = _PASSWORD_HEADER.unpack_from(blob)
    if not (
        1 <= iterations <= _ARGON2_MAX_ITERATIONS
        and 1 <= lanes <= _ARGON2_MAX_LANES
        and 8 * lanes <= memory_kib <= _ARGON2_MAX_MEMORY_KIB
    ):
        raise UnsupportedFormat("Argon2id parameters out of bounds")
    return iterations, lanes, memory_kib, salt


def seal_with_password(secret: bytes, password: str) -> bytes:
    salt = os.urandom(_SALT_BYTES)
    header = _PASSWORD_HEADER.pack(PASSWORD_V1, ARGON2_ITERATIONS, ARGON2_LANES, ARGON2_MEMORY_KIB, salt)
    key = _password_key(password, salt, ARGON2_ITERATIONS, ARGON2_LANES, ARGON2_MEMORY_KIB)
    nonce, ciphertext = _seal(key, secret, header)  # the header is the AAD: parameters cannot be swapped
    return header + nonce + ciphertext


def open_with_password(blob: bytes, password: str) -> bytes:
    iterations, lanes, memory_kib, salt = _password_header(blob)
    key = _password_key(password, salt, iterations, lanes, memory_kib)
    body = blob[_PASSWORD_HEADER.size :]
    header = blob[: _PASSWORD_HEADER.size]
    return _open(key, body[:NONCE_BYTES], body[NONCE_BYTES:], header, WrongPassword)


def password_needs_upgrade(blob: bytes) -> bool:
    """True when the blob was sealed with weaker parameters than today's; re-seal it after a login."""
    iterations, lanes, memory_kib, _ = _password_header(blob)
    return iterations < ARGON2_ITERATIONS or memory_kib < ARGON2_MEMORY_KIB


# --- Attachments: chunked stream encryption ----------------------------------------------------------

STREAM_V1 = 1
STREAM_CHUNK = 64 * 1024
_STREAM_PREFIX_BYTES = 7  # + 4-byte chunk counter + 1-byte last-chunk flag = the 12-byte GCM nonce
_STREAM_HEADER_BYTES = 1 + _STREAM_PREFIX_BYTES
_STREAM_MAX_CHUNKS = 2**32
_PAD_MARKER = b"\x80"


def _chunk_nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    # The STREAM construction (Hoang et al. 2015): a chunk only opens at its own position, and only
    # the final chunk opens with the last flag, so reordering, dropping or truncating chunks all fail.
    if counter >= _STREAM_MAX_CHUNKS:
        raise EnvelopeError("stream too long")
    return prefix + _LENGTH.pack(counter) + (b"\x01" if last else b"\x00")


def _read_exact(src: BinaryIO, size: int) -> bytes:
    parts, missing = [], size
    while missing:
        part = src.read(missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def encrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes) -> int:
    """Encrypt `src` into `dst` in 64 KiB chunks; returns the bytes written.

    The plaintext is padded (0x80 then zeros) to a whole number of chunks, so the stored size reveals
    the file size only to the next 64 KiB. Memory use is one chunk whatever the file size.
    """
    _check_key(key)
    aesgcm = AESGCM(key)
    header = bytes([STREAM_V1]) + os.urandom(_STREAM_PREFIX_BYTES)
    prefix = header[1:]
    dst.write(header)
    written, counter = len(header), 0
    while True:
        chunk = _read_exact(src, STREAM_CHUNK)
        last = len(chunk) < STREAM_CHUNK  # a full chunk is never last: padding always needs a byte
        if last:
            chunk = (chunk + _PAD_MARKER).ljust(STREAM_CHUNK, b"\x00")
        sealed = aesgcm.encrypt(_chunk_nonce(prefix, counter, last), chunk, header)
        dst.write(sealed)
        written += len(sealed)
        if last:
            return written
        counter += 1


def decrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes) -> int:
    """Decrypt what `encrypt_stream` wrote; returns the plaintext bytes written.

    Chunks are written as they are verified: if this raises, discard whatever reached `dst`.
    """
    _check_key(key)
    aesgcm = AESGCM(key)
    header = _read_exact(src, _STREAM_HEADER_BYTES)
    if len(header) != _STREAM_HEADER_BYTES or header[0] != STREAM_V1:
        raise UnsupportedFormat("unknown stream version")
    prefix, sealed_size = header[1:], STREAM_CHUNK + TAG_BYTES
    written, counter = 0, 0
    current = _read_exact(src, sealed_size)
    while True:
        if len(current) != sealed_size:
            raise DecryptionError("stream truncated")
        following = _read_exact(src, sealed_size)
        last = not following
        try:
            chunk = aesgcm.decrypt(_chunk_nonce(prefix, counter, last), current, header)
        except InvalidTag:
            raise DecryptionError("stream altered, reordered or truncated") from None
        if last:
            chunk = chunk.rstrip(b"\x00")
            if not chunk.endswith(_PAD_MARKER):
                raise DecryptionError("bad stream padding")
            chunk = chunk[: -len(_PAD_MARKER)]
        dst.write(chunk)
        written += len(chunk)
        if last:
            return written
        counter += 1
        current = following


__all__ = [
    "DEFAULT_SUITE",
    "DecryptionError",
    "EnvelopeError",
    "KeyPair",
    "PayloadTooLarge",
    "UnsupportedFormat",
    "WrongPassword",
    "decrypt_stream",
    "encrypt_stream",
    "generate_keypair",
    "key_id",
    "new_data_key",
    "new_file_key",
    "open_payload",
    "open_with_key",
    "open_with_password",
    "password_needs_upgrade",
    "payload_bucket",
    "rewrap_key",
    "seal_payload",
    "seal_with_key",
    "seal_with_password",
    "unwrap_key",
    "wrap_key",
]
