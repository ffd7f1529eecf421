"""Staff user keys: the keypair every caseworker holds, how it is sealed at rest, and how it travels
through a logged-in session (DESIGN §4).

At rest a user's private key exists only sealed twice:
  * under their password (Argon2id, `envelope.seal_with_password`), opened at each login;
  * under a printed **recovery key** (shown once), for a forgotten password. The recovery key has 155
    random bits, so a fast KDF (HKDF) is enough, as for reporter receipts.

In a session it exists only as a split secret (`observatory.crypto.split_session`): sealed in the
session store under a key that lives in the browser's cookie alone.

Plain module: no Django, no database, no logging (nothing here may ever be logged).
"""

import os
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from observatory.crypto import contexts, envelope, receipts
from observatory.crypto.envelope import DecryptionError, WrongPassword

# Same alphabet and Damm check character as reporter receipts (reports_intake.receipts): digits and
# capitals without I, L, O, U, so the printed key survives being read aloud or typed from paper.
RECOVERY_DATA_CHARS = 31
RECOVERY_BITS = RECOVERY_DATA_CHARS * 5  # 155
RECOVERY_LENGTH = RECOVERY_DATA_CHARS + 1  # 32 characters = 8 groups of 4


class InvalidRecoveryKey(ValueError):
    """The text typed is not a well-formed recovery key (length, alphabet or check character)."""


class WrongRecoveryKey(DecryptionError):
    """A well-formed recovery key that does not open this user's key."""


class KeyMismatch(DecryptionError):
    """A private key that does not belong to the public key it is stored with."""


@dataclass(frozen=True)
class SealedUserKey:
    """What the database keeps for one staff user. Nothing here opens without a password or the
    printed recovery key."""

    public: bytes
    key_id: str
    private_sealed_password: bytes = field(repr=False)
    private_sealed_recovery: bytes = field(repr=False)


# --- Recovery keys ------------------------------------------------------------------------------------


def new_recovery_code() -> str:
    """A fresh canonical recovery key: 31 random characters and one check character, no separators."""
    return receipts.new_code(RECOVERY_DATA_CHARS)


def format_recovery_code(canonical: str) -> str:
    """`XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`, for printing."""
    return receipts.format_code(canonical)


def normalise_recovery_code(text: str) -> str:
    """The canonical recovery key for what someone typed, or `InvalidRecoveryKey`."""
    try:
        return receipts.normalise_code(text, RECOVERY_LENGTH)
    except receipts.InvalidReceipt as exc:
        raise InvalidRecoveryKey("check" if exc.code == "check" else "length or alphabet") from None


def _recovery_wrap_key(recovery_code: str) -> bytes:
    canonical = normalise_recovery_code(recovery_code)
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=contexts.RECOVERY_KEY)
    return hkdf.derive(canonical.encode())


def seal_with_recovery_code(private: bytes, recovery_code: str, *, user_key_id: str) -> bytes:
    return envelope.seal_with_key(
        private, _recovery_wrap_key(recovery_code), context=contexts.recovery(user_key_id)
    )


def open_with_recovery_code(sealed: bytes, recovery_code: str, *, user_key_id: str) -> bytes:
    """The private key, or `InvalidRecoveryKey` (mistyped) / `WrongRecoveryKey` (someone else's)."""
    try:
        return envelope.open_with_key(
            sealed, _recovery_wrap_key(recovery_code), context=contexts.recovery(user_key_id)
        )
    except DecryptionError:
        raise WrongRecoveryKey("cannot open") from None


# --- User keys ----------------------------------------------------------------------------------------


def check_keypair(private: bytes, public: bytes) -> None:
    """Raise `KeyMismatch` unless `private` opens what is sealed to `public` (one HPKE round trip,
    well under a millisecond). Guards against re-sealing, granting or bootstrapping the wrong key."""
    probe = os.urandom(16)
    try:
        wrapped = envelope.wrap_key(probe, public, context=contexts.KEYPAIR_CHECK)
        opened = envelope.unwrap_key(wrapped, private, context=contexts.KEYPAIR_CHECK)
    except (DecryptionError, envelope.UnsupportedFormat):
        raise KeyMismatch("private and public keys do not match") from None
    if opened != probe:  # pragma: no cover - AEAD makes this unreachable
        raise KeyMismatch("private and public keys do not match")


def new_user_key(password: str) -> tuple[SealedUserKey, str, bytes]:
    """A fresh keypair sealed under `password` and under a new recovery key.

    Returns (what to store, the canonical recovery key to show once, the private key for this session).
    """
    pair = envelope.generate_keypair()
    recovery_code = new_recovery_code()
    user_key_id = envelope.key_id(pair.public)
    sealed = SealedUserKey(
        public=pair.public,
        key_id=user_key_id,
        private_sealed_password=envelope.seal_with_password(pair.private, password),
        private_sealed_recovery=seal_with_recovery_code(pair.private, recovery_code, user_key_id=user_key_id),
    )
    return sealed, recovery_code, pair.private


def open_with_password(sealed_password: bytes, password: str) -> bytes:
    """The private key, or `WrongPassword`. Costs one Argon2id derivation (0.2-0.35 s)."""
    return envelope.open_with_password(sealed_password, password)


def seal_with_password(private: bytes, password: str) -> bytes:
    return envelope.seal_with_password(private, password)


needs_password_upgrade = envelope.password_needs_upgrade


__all__ = [
    "InvalidRecoveryKey",
    "KeyMismatch",
    "SealedUserKey",
    "WrongPassword",
    "WrongRecoveryKey",
    "check_keypair",
    "format_recovery_code",
    "new_recovery_code",
    "new_user_key",
    "normalise_recovery_code",
    "open_with_password",
    "open_with_recovery_code",
    "seal_with_password",
    "seal_with_recovery_code",
]
