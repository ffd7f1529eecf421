"""A secret kept through a web session in two halves that open nothing alone (DESIGN §4).

The browser holds a random 32-byte key in its own cookie (HttpOnly, SameSite=Strict, Secure outside
DEBUG, sent to one path only); the server-side session holds the secret sealed under that key. A copy of
the session store (database, backups) opens nothing without the browser's cookie, and the cookie opens
nothing without the store. Used by the reporter's mailbox (the reporter's private key) and by staff
sessions (the staff member's private key and a just-issued recovery key).

Each seal is bound to a purpose, to the key's public name and to whom the secret belongs, so a sealed
blob moved into another session, or from one purpose to another, does not open.

Plain module: no database, no logging (nothing here may ever be logged).
"""

import base64
import binascii
import os
from dataclasses import dataclass
from hashlib import sha256

from observatory.crypto import contexts, envelope

KEY_BYTES = envelope.KEY_BYTES
_MAX_COOKIE_CHARS = 64


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def key_id(key: bytes) -> str:
    """A public name for a session key (SHA-256 of 256 random bits reveals nothing about them)."""
    return sha256(contexts.SESSION_KEY_ID + key).hexdigest()[:32]


def encode_cookie(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def decode_cookie(value: str | None) -> bytes | None:
    """The key in a cookie value, or None for anything malformed (never an exception)."""
    if not value or len(value) > _MAX_COOKIE_CHARS:
        return None
    try:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


@dataclass(frozen=True)
class SplitSecret:
    """How one kind of secret is sealed into a session: `purpose` names it in the binding."""

    purpose: str

    def seal(self, secret: bytes, key: bytes, *, subject) -> str:
        """The server-side half, as text for the session store."""
        context = contexts.split_session(self.purpose, key_id(key), subject)
        return base64.b64encode(envelope.seal_with_key(secret, key, context=context)).decode()

    def open(self, sealed: str | None, key: bytes | None, *, subject) -> bytes | None:
        """The secret, or None: nothing stored, no cookie key, or halves that do not belong together."""
        if not sealed or key is None:
            return None
        context = contexts.split_session(self.purpose, key_id(key), subject)
        try:
            return envelope.open_with_key(base64.b64decode(sealed), key, context=context)
        except (binascii.Error, ValueError, envelope.EnvelopeError):
            return None


def cookie_options(*, path: str, secure: bool) -> dict:
    """The attributes of every key cookie: script cannot read it, no other site's request carries it, it
    goes to `path` only and, unless a max_age is added, it is gone when the browser closes."""
    return {"path": path, "secure": secure, "httponly": True, "samesite": "Strict"}
