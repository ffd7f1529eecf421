"""Self-hosted proof-of-work for the intake form and receipt login (DESIGN §5).

The server hands out a signed challenge; the browser (static/reports_intake/pow.js) finds a counter such
that SHA-256(token ":" counter) starts with `difficulty` zero bits, and the server checks it with one
hash. Challenges are stateless (HMAC-signed, expiring); only a spent nonce is remembered, by the caller,
until the challenge expires. Nothing here identifies the client.

Token: base64url(version, difficulty, expiry, nonce, purpose) "." base64url(HMAC-SHA256 tag).
"""

import base64
import binascii
import hashlib
import hmac
import os
import struct
from collections.abc import Callable

VERSION = 1
MAX_DIFFICULTY = 32
_NONCE_BYTES = 16
_BODY = struct.Struct(">BBQ16s")  # version, difficulty, expiry (unix seconds), nonce; purpose follows
_MAX_SOLUTION_DIGITS = 20
_MAX_TOKEN_CHARS = 512

CODES = ("malformed", "forged", "expired", "wrong_purpose", "insufficient", "replayed")


class PowError(ValueError):
    """`code` is one of CODES."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _tag(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, b"observatory/pow/v1\x00" + body, hashlib.sha256).digest()


def issue_challenge(secret: bytes, *, purpose: str, difficulty: int, ttl_seconds: int, now: float) -> str:
    """A signed challenge for `purpose` (e.g. "submit", "receipt-login"), valid for `ttl_seconds`."""
    if not 0 <= difficulty <= MAX_DIFFICULTY:
        raise ValueError(f"difficulty must be between 0 and {MAX_DIFFICULTY}")
    expiry = int(now) + ttl_seconds
    body = _BODY.pack(VERSION, difficulty, expiry, os.urandom(_NONCE_BYTES)) + purpose.encode()
    return _b64encode(body) + "." + _b64encode(_tag(secret, body))


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def _work(token: str, counter: str) -> bytes:
    return hashlib.sha256(f"{token}:{counter}".encode()).digest()


def verify_solution(
    secret: bytes,
    token: str,
    solution: str,
    *,
    purpose: str,
    now: float,
    claim_once: Callable[[bytes], bool] | None = None,
) -> None:
    """Return if the solution is good and the challenge unused, else raise `PowError`.

    `claim_once(nonce)` must atomically record the nonce and return False if it was already recorded
    (for example Django's `cache.add(key, 1, timeout=ttl)`); it is called last, so a bad solution does
    not burn the challenge. Without it, the caller spends the nonce (`nonce_of`) itself, right after
    this returns (abuse.check_challenge does, in the same round trip as its rate limits).
    """
    if len(token) > _MAX_TOKEN_CHARS or token.count(".") != 1:
        raise PowError("malformed")
    encoded_body, encoded_tag = token.split(".")
    try:
        body, tag = _b64decode(encoded_body), _b64decode(encoded_tag)
    except (binascii.Error, ValueError):
        raise PowError("malformed") from None
    if len(body) < _BODY.size:
        raise PowError("malformed")
    if not hmac.compare_digest(tag, _tag(secret, body)):
        raise PowError("forged")
    version, difficulty, expiry, nonce = _BODY.unpack_from(body)
    if version != VERSION:
        raise PowError("malformed")
    if not hmac.compare_digest(body[_BODY.size :], purpose.encode()):
        raise PowError("wrong_purpose")
    if now >= expiry:
        raise PowError("expired")
    if not (solution.isascii() and solution.isdigit() and len(solution) <= _MAX_SOLUTION_DIGITS):
        raise PowError("malformed")
    if leading_zero_bits(_work(token, solution)) < difficulty:
        raise PowError("insufficient")
    if claim_once is not None and not claim_once(nonce):
        raise PowError("replayed")


def nonce_of(token: str) -> bytes:
    """The challenge's single-use nonce. Only for a token whose signature was already checked."""
    return _BODY.unpack_from(_b64decode(token.split(".")[0]))[3]


def expiry_of(token: str) -> int:
    """The challenge's expiry (unix seconds). Only for a token whose signature was already checked."""
    return _BODY.unpack_from(_b64decode(token.split(".")[0]))[2]


def solve(token: str, difficulty: int) -> str:
    """The smallest counter that solves the challenge (pow.js searches in the same order)."""
    counter = 0
    prefix = hashlib.sha256(f"{token}:".encode())
    while True:
        attempt = prefix.copy()
        attempt.update(str(counter).encode())
        if leading_zero_bits(attempt.digest()) >= difficulty:
            return str(counter)
        counter += 1
