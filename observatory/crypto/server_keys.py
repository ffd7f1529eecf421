"""Keys the web processes derive from secrets they are given through the environment or a secret file
(SECRET_KEY, or a dedicated key such as RATE_LIMIT_KEY or TOTP_SEAL_KEY), never from anything stored in
the database or Redis: what they protect stays closed to whoever copies those.

One derivation for all of them, HKDF-SHA256 with the purpose's own context (contexts.py), so a key made for
one purpose is useless for another. The one module of this package that reads Django settings: the
secrets it derives from are settings.

Changing the secret a key is derived from voids what it protects: session ids and backup codes (issue new
ones), proof-of-work challenges in flight, and sealed TOTP secrets (staff enrol their authenticator again).
Give TOTP_SEAL_KEY its own value to keep authenticators across a change of SECRET_KEY.
"""

import functools

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from observatory.crypto import contexts, envelope


@functools.lru_cache(maxsize=16)
def derive_from(material: str, context: bytes) -> bytes:
    """The derivation itself, from `material` given by the caller (what `derived_key` does with a setting)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context).derive(material.encode())


def derived_key(context: bytes, *, setting: str | None = None) -> bytes:
    """32 bytes for the purpose `context`: from settings.<setting> when that is set, else from SECRET_KEY."""
    material = getattr(settings, setting, "") if setting else ""
    return derive_from(material or settings.SECRET_KEY, context)


def seal_totp_secret(secret: bytes, user_id) -> bytes:
    """A staff authenticator's TOTP secret as the database keeps it: AES-256-GCM under a key derived from
    TOTP_SEAL_KEY (or SECRET_KEY), bound to its user, so a sealed secret copied onto another user's device
    does not open there."""
    key = derived_key(contexts.TOTP_SEAL_KEY, setting="TOTP_SEAL_KEY")
    return envelope.seal_with_key(secret, key, context=contexts.totp_secret(user_id))


def open_totp_secret(sealed: bytes, user_id) -> bytes:
    """The secret `seal_totp_secret` sealed; raises envelope.DecryptionError if the key changed or the
    blob was altered or moved."""
    key = derived_key(contexts.TOTP_SEAL_KEY, setting="TOTP_SEAL_KEY")
    return envelope.open_with_key(bytes(sealed), key, context=contexts.totp_secret(user_id))
