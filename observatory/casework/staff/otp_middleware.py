from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import resolve_url

from observatory.casework.staff import session as key_session

# Under /staff/ and both admins, what changes or carries case data out needs the unlocked key too, not the
# session alone: every POST (messages, status, labels, referrals, redress; pages, snippets, users in the
# admins) and the export. A stolen `sessionid` without the key cookies (`obs_sk`, one per prefix) then
# reads at most what the pages show, and changes nothing.
STAFF_WRITE_PREFIXES = tuple(key_session.COOKIE_NAMES)
STAFF_EXPORT_PATHS = ("/staff/cases/export.csv",)
STAFF_KEYLESS_PATHS = (
    "/staff/login/",
    "/staff/logout/",
    "/staff/enrol/",
    "/admin/login/",
    "/admin/logout/",
    "/django-admin/login/",
    "/django-admin/logout/",
)


class RequireVerifiedStaffMiddleware:
    """One guard for every staff URL (Wagtail admin, Django admin, our staff pages): the user must have
    passed a django-otp second factor in this session. A password alone opens nothing, and a new admin
    URL cannot forget the check because the guard works on URL prefixes, not on views.

    Staff writes and the export also need the unlocked key (`_needs_key`).

    Must run after django_otp.middleware.OTPMiddleware, which sets request.user.is_verified, and after
    SessionKeyCookieMiddleware, which reads `obs_sk`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.STAFF_URL_PREFIXES)
        self.open_paths = tuple(settings.STAFF_OPEN_PATHS)

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.prefixes) and not path.startswith(self.open_paths):
            user = request.user
            if not (user.is_authenticated and user.is_verified()):
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{resolve_url(settings.OTP_LOGIN_URL)}?{query}")
            if _needs_key(request) and not key_session.is_unlocked(request):
                return HttpResponseForbidden("Sign in again: this session cannot open your key.")
        return self.get_response(request)


def _needs_key(request) -> bool:
    path = request.path_info
    if not path.startswith(STAFF_WRITE_PREFIXES) or path.startswith(STAFF_KEYLESS_PATHS):
        return False
    return request.method not in ("GET", "HEAD", "OPTIONS") or path in STAFF_EXPORT_PATHS
