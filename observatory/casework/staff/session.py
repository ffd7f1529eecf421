"""A staff member's private key inside a logged-in session (DESIGN §4).

A split secret (`observatory.crypto.split_session`): the browser holds the session key in the cookie
`obs_sk` (path /staff/), and the same key in one cookie for each admin (`COOKIE_NAMES`), set by
`SessionKeyCookieMiddleware`; the server-side session holds the private key sealed under it.

A new session key is drawn at every unlock, so a cookie stolen from an earlier session opens nothing in
a later one. Logging out flushes the session (the sealed half) and the middleware expires the cookie.
"""

from observatory.crypto import split_session

COOKIE_NAME = "obs_sk"
SEALED_SESSION_KEY = "casework.sealed_user_key"
RECOVERY_SESSION_KEY = "casework.pending_recovery_key"
LOCKED_SESSION_KEY = "casework.key_locked"
# What the middleware reads and writes on the request object.
REQUEST_COOKIE_ATTR = "casework_session_key"
REQUEST_NEW_COOKIE_ATTR = "_casework_new_session_key"
COOKIE_PATH = "/staff/"
# The key goes to the staff pages and to both admins (their writes need it too), never to public pages.
# A cookie has one path, and a response sets one cookie per name: one name per path.
COOKIE_NAMES = {COOKIE_PATH: COOKIE_NAME, "/admin/": "obs_sk_wagtail", "/django-admin/": "obs_sk_admin"}
USER_KEY = split_session.SplitSecret("staff-user-key")
RECOVERY_CODE = split_session.SplitSecret("staff-recovery-code")


def cookie_name(path: str) -> str:
    """The key cookie a request to `path` carries (`obs_sk` outside the staff prefixes)."""
    for prefix, name in COOKIE_NAMES.items():
        if path.startswith(prefix):
            return name
    return COOKIE_NAME


def _session_key_for_write(request) -> bytes:
    """The session key this response will leave in the cookie: a fresh one per unlock."""
    key = getattr(request, REQUEST_NEW_COOKIE_ATTR, None)
    if key is None:
        key = split_session.new_key()
        setattr(request, REQUEST_NEW_COOKIE_ATTR, key)
        setattr(request, REQUEST_COOKIE_ATTR, key)
    return key


def _current_session_key(request) -> bytes | None:
    return getattr(request, REQUEST_NEW_COOKIE_ATTR, None) or getattr(request, REQUEST_COOKIE_ATTR, None)


def store_private_key(request, user, private: bytes) -> None:
    """Keep `private` for this session, sealed under a new cookie-only session key."""
    key = _session_key_for_write(request)
    request.session[SEALED_SESSION_KEY] = USER_KEY.seal(private, key, subject=user.pk)
    request.session.pop(LOCKED_SESSION_KEY, None)


def private_key(request) -> bytes | None:
    """This session's private key, or None (not unlocked, cookie missing or from another session)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return USER_KEY.open(
        request.session.get(SEALED_SESSION_KEY), _current_session_key(request), subject=user.pk
    )


def is_unlocked(request) -> bool:
    return private_key(request) is not None


def mark_locked(request) -> None:
    """Signed in, but the password did not open the key (it was reset outside the app): the pages that
    need the key ask for the recovery key instead."""
    request.session[LOCKED_SESSION_KEY] = True
    request.session.pop(SEALED_SESSION_KEY, None)


def stash_recovery_code(request, recovery_code: str) -> None:
    """Keep a just-issued recovery key until the enrolment page shows it once. Sealed like the private
    key: the session store alone must not hold anything that opens the user's key."""
    key = _session_key_for_write(request)
    request.session[RECOVERY_SESSION_KEY] = RECOVERY_CODE.seal(
        recovery_code.encode(), key, subject=request.user.pk
    )


def pop_recovery_code(request) -> str | None:
    """The pending recovery key, removed from the session (so it is shown once), or None."""
    sealed = request.session.pop(RECOVERY_SESSION_KEY, None)
    opened = RECOVERY_CODE.open(sealed, _current_session_key(request), subject=request.user.pk)
    return opened.decode() if opened is not None else None


def has_pending_recovery_code(request) -> bool:
    return RECOVERY_SESSION_KEY in request.session
