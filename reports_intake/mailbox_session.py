"""The reporter's mailbox session (DESIGN §4): what keeps a reporter logged in without keeping their key.

After a receipt login the server-side session holds the report id and the reporter's private key
sealed (`envelope.seal_with_key`) under a random 32-byte key. That key lives only in its own cookie:
HttpOnly, SameSite=Strict, Secure unless DEBUG, sent to the mailbox URLs only, and gone when the browser
closes. A copy of the session store (database, backups) therefore opens nothing, and neither does the
cookie alone. The session itself expires after `IDLE_SECONDS` without a request.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from reports_intake import envelope

SESSION_KEY = "reports_intake.mailbox"
COOKIE_NAME = "mailbox_key"
IDLE_SECONDS = 30 * 60
KEY_BYTES = 32


@dataclass(frozen=True)
class MailboxSession:
    report_id: uuid.UUID
    reporter_private: bytes = field(repr=False)


def _context(report_id) -> bytes:
    return b"observatory/mailbox-session/v1\x00" + str(report_id).encode()


def _cookie_path() -> str:
    return reverse("reports_intake:login")


def start(request: HttpRequest, response: HttpResponse, report_id, reporter_private: bytes) -> None:
    """Log the reporter in: a new session id (no fixation), the sealed key in it, the key in a cookie."""
    key = secrets.token_bytes(KEY_BYTES)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "report_id": str(report_id),
        "sealed": base64.b64encode(
            envelope.seal_with_key(reporter_private, key, context=_context(report_id))
        ).decode(),
    }
    request.session.set_expiry(IDLE_SECONDS)
    response.set_cookie(
        COOKIE_NAME,
        base64.urlsafe_b64encode(key).decode(),
        path=_cookie_path(),
        secure=not settings.DEBUG,
        httponly=True,
        samesite="Strict",
    )


def current(request: HttpRequest) -> MailboxSession | None:
    """The logged-in mailbox, or None (no session, no key cookie, or a key that does not open it)."""
    stored = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    cookie = request.COOKIES.get(COOKIE_NAME)
    if not stored or not cookie:
        return None
    try:
        key = base64.urlsafe_b64decode(cookie.encode())
        report_id = uuid.UUID(stored["report_id"])
        sealed = base64.b64decode(stored["sealed"])
        if len(key) != KEY_BYTES:
            return None
        private = envelope.open_with_key(sealed, key, context=_context(report_id))
    except (binascii.Error, ValueError, KeyError, TypeError, envelope.EnvelopeError):
        return None
    request.session.set_expiry(IDLE_SECONDS)  # sliding expiry: each request keeps it open
    return MailboxSession(report_id=report_id, reporter_private=private)


def end(request: HttpRequest, response: HttpResponse) -> None:
    """Log out: forget the whole session (a reporter's session holds nothing else worth keeping), so the
    browser is left with no session cookie at all."""
    if hasattr(request, "session"):
        request.session.flush()
    response.delete_cookie(COOKIE_NAME, path=_cookie_path(), samesite="Strict")
