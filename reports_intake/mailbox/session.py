"""The reporter's mailbox session (DESIGN §4): what keeps a reporter logged in without keeping their key.

After a receipt login the session holds the report id and the reporter's private key as a split secret
(`observatory.crypto.split_session`): sealed server-side under a key that lives only in the cookie
`mailbox_key`, sent to the mailbox URLs only and gone when the browser closes. The session itself
expires after `IDLE_SECONDS` without a request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from observatory.crypto import split_session

SESSION_KEY = "reports_intake.mailbox"
COOKIE_NAME = "mailbox_key"
IDLE_SECONDS = 30 * 60
REPORTER_KEY = split_session.SplitSecret("mailbox")


@dataclass(frozen=True)
class MailboxSession:
    report_id: uuid.UUID
    reporter_private: bytes = field(repr=False)


def _cookie_path() -> str:
    return reverse("reports_intake:login")


def start(request: HttpRequest, response: HttpResponse, report_id, reporter_private: bytes) -> None:
    """Log the reporter in: a new session id (no fixation), the sealed key in it, the key in a cookie."""
    key = split_session.new_key()
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "report_id": str(report_id),
        "sealed": REPORTER_KEY.seal(reporter_private, key, subject=report_id),
    }
    request.session.set_expiry(IDLE_SECONDS)
    response.set_cookie(
        COOKIE_NAME,
        split_session.encode_cookie(key),
        **split_session.cookie_options(path=_cookie_path(), secure=not settings.DEBUG),
    )


def current(request: HttpRequest) -> MailboxSession | None:
    """The logged-in mailbox, or None (no session, no key cookie, or a key that does not open it)."""
    stored = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    cookie = request.COOKIES.get(COOKIE_NAME)
    if not stored or not cookie:
        return None
    try:
        report_id = uuid.UUID(stored["report_id"])
        sealed = stored["sealed"]
    except (ValueError, KeyError, TypeError):
        return None
    private = REPORTER_KEY.open(sealed, split_session.decode_cookie(cookie), subject=report_id)
    if private is None:
        return None
    request.session.set_expiry(IDLE_SECONDS)  # sliding expiry: each request keeps it open
    return MailboxSession(report_id=report_id, reporter_private=private)


def end(request: HttpRequest, response: HttpResponse) -> None:
    """Log out: forget the whole session (a reporter's session holds nothing else worth keeping), so the
    browser is left with no session cookie at all."""
    if hasattr(request, "session"):
        request.session.flush()
    response.delete_cookie(COOKIE_NAME, path=_cookie_path(), samesite="Strict")
