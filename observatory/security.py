"""Security headers for every response (DESIGN §5), and `no_store` for pages that must not be cached.

Django's SecurityMiddleware already sends Referrer-Policy (SECURE_REFERRER_POLICY), HSTS
(SECURE_HSTS_SECONDS) and X-Content-Type-Options; X-Frame-Options comes from XFrameOptionsMiddleware.
This module adds what Django does not: Content-Security-Policy, Permissions-Policy and the
cross-origin isolation headers, and forces `no-store` on the private parts of the site.

The public site gets one strict policy: only our own origin, no inline script or style, no framing.
That keeps a reporter's browser from contacting anyone but us, even if a page were injected into.

Wagtail's admin (/admin/) cannot run under it: Wagtail 8 still renders inline <script> blocks (the
date and date-time choosers of every page's publishing schedule, InlinePanel, MultipleChooserPanel,
search promotions) and style="" attributes, and its page preview is framed by the editor. So /admin/
gets a second policy that differs only where Wagtail needs it: inline script and style, blob: images
(upload previews), and framing by our own origin when a view asks for it (X-Frame-Options:
SAMEORIGIN, as Wagtail's preview views do). It still allows no other origin for anything, no eval,
no plugins and no foreign form targets. The Django admin (/django-admin/) renders no inline script in
Django 5.2 and runs under the strict policy.

A policy a view sets itself (Wagtail's image and document serving send `default-src 'none'`) is kept.
"""

import functools
from collections.abc import Callable

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import get_language_from_path

PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
WAGTAIL_ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)
WAGTAIL_ADMIN_PREFIX = "/admin/"

# Powerful features nobody on this site needs. Geolocation too: reporters type or pick a place, and a
# permission prompt on a reporting site would itself be alarming. Unknown names are ignored by browsers.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "attribution-reporting",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "join-ad-interest-group",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "private-state-token-issuance",
        "private-state-token-redemption",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "run-ad-auction",
        "screen-wake-lock",
        "serial",
        "storage-access",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
)

# Defence in depth beside `no_store` on the views: nothing under these prefixes is ever cached. The
# mailbox is under each language's prefix (/ar/mailbox/…): checked on the path without it.
NO_STORE_PREFIXES = ("/mailbox/", "/staff/", "/admin/", "/django-admin/", "/exit/")
NO_STORE = "no-store, max-age=0"


def _set_no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = NO_STORE
    response["Pragma"] = "no-cache"
    if "Expires" in response:
        del response["Expires"]


def no_store(view: Callable) -> Callable:
    """Forbid every cache (browser, proxy, back/forward) from keeping the response: for the intake
    form, the receipt and the mailbox, which a shared or seized phone must not replay."""
    if iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(*args, **kwargs):
            response = await view(*args, **kwargs)
            _set_no_store(response)
            return response

        return async_wrapper

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        _set_no_store(response)
        return response

    return wrapper


def _unprefixed(path: str) -> str:
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


class SecurityHeadersMiddleware:
    """Place right after django.middleware.security.SecurityMiddleware (so it sees the final response
    of every view and of WhiteNoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path_info
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self._csp(path, response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("X-Permitted-Cross-Domain-Policies", "none")
        if _unprefixed(path).startswith(NO_STORE_PREFIXES) and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            _set_no_store(response)
        return response

    @staticmethod
    def _csp(path: str, response: HttpResponse) -> str:
        if not path.startswith(WAGTAIL_ADMIN_PREFIX):
            return PUBLIC_CSP
        framed_by_us = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        return WAGTAIL_ADMIN_CSP.format(ancestors="'self'" if framed_by_us else "'none'")


class NullOriginCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, made to work with `Referrer-Policy: no-referrer` (DESIGN §5).

    Under that policy the Fetch standard makes browsers send `Origin: null` with every form POST, and
    no Referer, so Django's origin check (and, on HTTPS, its Referer check) refuses every form. A
    forged cross-site POST can also say `Origin: null` (from a sandboxed frame), so the origin alone
    proves nothing either way; what does is the CSRF token check that still runs: the token must match
    the csrftoken cookie, and that cookie is SameSite=Strict, so a browser never attaches it to a
    request started by another site. Any other Origin value is checked exactly as Django does.
    """

    def _origin_verified(self, request):
        return request.META.get("HTTP_ORIGIN") == "null" or super()._origin_verified(request)

    def _check_referer(self, request):
        if request.META.get("HTTP_ORIGIN") == "null":
            return
        super()._check_referer(request)
