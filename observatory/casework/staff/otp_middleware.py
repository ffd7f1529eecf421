from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url


class RequireVerifiedStaffMiddleware:
    """One guard for every staff URL (Wagtail admin, Django admin, our staff pages): the user must have
    passed a django-otp second factor in this session. A password alone opens nothing, and a new admin
    URL cannot forget the check because the guard works on URL prefixes, not on views.

    Must run after django_otp.middleware.OTPMiddleware, which sets request.user.is_verified.
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
        return self.get_response(request)
