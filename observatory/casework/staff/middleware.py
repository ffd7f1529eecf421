from django.conf import settings
from django.utils.cache import patch_cache_control

from observatory.casework.staff import session as key_session
from observatory.crypto import split_session


class SessionKeyCookieMiddleware:
    """Carries the per-session key between the browser cookie `obs_sk` and the request (see
    casework.session). Reads it on the way in; on the way out sets a freshly drawn one after an unlock,
    and expires a cookie whose sealed half is gone (after logout, or a session that expired).

    Place after AuthenticationMiddleware (it only needs request.session; position relative to the OTP
    middlewares does not matter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        setattr(
            request,
            key_session.REQUEST_COOKIE_ATTR,
            split_session.decode_cookie(request.COOKIES.get(key_session.cookie_name(request.path_info))),
        )
        response = self.get_response(request)
        new_key = getattr(request, key_session.REQUEST_NEW_COOKIE_ATTR, None)
        session = getattr(request, "session", None)
        holds_sealed = session is not None and (
            key_session.SEALED_SESSION_KEY in session or key_session.RECOVERY_SESSION_KEY in session
        )
        if new_key is not None and holds_sealed:
            for path, name in key_session.COOKIE_NAMES.items():
                response.set_cookie(
                    name,
                    split_session.encode_cookie(new_key),
                    max_age=None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE,
                    **split_session.cookie_options(path=path, secure=not settings.DEBUG),
                )
        elif not holds_sealed:
            for path, name in key_session.COOKIE_NAMES.items():
                if name in request.COOKIES:
                    response.delete_cookie(name, path=path, samesite="Strict")
        if new_key is not None:
            # A response that sets a key must never be cached by anything on the way.
            patch_cache_control(response, no_store=True)
        return response
