"""The reporter's mailbox session (DESIGN §4): what keeps a reporter logged in without keeping their key.

After a receipt login the session holds the report id and the reporter's private key, together, as a
split secret (`observatory.crypto.split_session`): sealed server-side under a key that lives only in the
cookie `mailbox_key`, HttpOnly and SameSite=Strict, gone when the browser closes. Its path is the whole
site: the mailbox is at /<language>/mailbox/ in each of the six languages, and quick exit (/exit/) must
see it. The session itself expires after `IDLE_SECONDS` without a request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from observatory.crypto import split_session

SESSION_KEY = "reports_intake.mailbox"
COOKIE_NAME = "mailbox_key"
IDLE_SECONDS = 30 * 60
REPORTER_KEY = split_session.SplitSecret("mailbox")
_SUBJECT = "session"  # the report id is inside the sealed value, so it cannot be the binding


@dataclass(frozen=True)
class MailboxSession:
    report_id: uuid.UUID
    reporter_private: bytes = field(repr=False)


def _cookie_path() -> str:
    return "/"


def start(request: HttpRequest, response: HttpResponse, report_id, reporter_private: bytes) -> None:
    """Log the reporter in: a new session id (no fixation), the sealed key in it, the key in a cookie."""
    key = split_session.new_key()
    request.session.cycle_key()
    # The report id is sealed with the key: a dump of the session table must not say whose report a
    # session was reading (issue 13).
    sealed = REPORTER_KEY.seal(uuid.UUID(str(report_id)).bytes + reporter_private, key, subject=_SUBJECT)
    request.session[SESSION_KEY] = {"sealed": sealed}
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
        sealed = stored["sealed"]
    except (KeyError, TypeError):
        return None
    opened = REPORTER_KEY.open(sealed, split_session.decode_cookie(cookie), subject=_SUBJECT)
    if opened is None or len(opened) <= 16:
        return None
    report_id, private = uuid.UUID(bytes=opened[:16]), opened[16:]
    request.session.set_expiry(IDLE_SECONDS)  # sliding expiry: each request keeps it open
    return MailboxSession(report_id=report_id, reporter_private=private)


def end(request: HttpRequest, response: HttpResponse) -> None:
    """Log out: forget the whole session (a reporter's session holds nothing else worth keeping), so the
    browser is left with no session cookie at all."""
    if hasattr(request, "session"):
        request.session.flush()
    response.delete_cookie(COOKIE_NAME, path=_cookie_path(), samesite="Strict")
