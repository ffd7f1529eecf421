"""The site's languages: which one a request is in (URL prefix, else Accept-Language, never a cookie), the
language switcher's links, and translated messages that quote a limit defined in code."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import get_language_from_path, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header


def _fill(message, numbers: dict[str, int]) -> str:
    return message % {name: number_format(value, force_grouping=True) for name, value in numbers.items()}


_fill_lazy = lazy(_fill, str)


def with_numbers(message, **numbers: int):
    """`message` (a gettext_lazy string with %(name)s placeholders) filled with `numbers` written as the
    reader's language writes them (10,000 / 10.000). Lazy: translated and filled when shown, not at import,
    so a form field defined at import still speaks the language of each request."""
    return _fill_lazy(message, numbers)


# --- Which language a request is in (DESIGN §9) ----------------------------------------------------
# The URL prefix (/ar/…) is the only memory of a choice: no language cookie is read or written, so that
# a phone keeps no trace of the visit. A bare URL follows the browser's Accept-Language.


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_from_accept(header: str, allowed) -> str:
    """The first language of an Accept-Language header that is among `allowed` (ca-ES → ca, ar-MA → ar),
    else the first of `allowed`."""
    for code, _quality in parse_accept_lang_header(header or ""):
        if code == "*":
            break
        try:
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        if variant in allowed:
            return variant
    return allowed[0]


def path_language(path: str) -> str | None:
    return get_language_from_path(path)


def path_in_language(path: str, language: str) -> str:
    """`path` (a path of this site) under `language`'s prefix: /es/informar/ → /ar/informar/."""
    current = path_language(path)
    rest = path[len(current) + 1 :] if current else path
    return f"/{language}{rest if rest.startswith('/') else '/' + rest}"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware without the language cookie: the language is the URL prefix, else (a bare
    URL, which the parent then redirects to its prefixed form) the browser's Accept-Language. Staff pages
    stay unprefixed and are shown in one of STAFF_LANGUAGES. An old `?lang=xx` link is redirected to the
    same page under /xx/."""

    def process_request(self, request):
        path = request.path_info
        language = path_language(path)
        wanted = request.GET.get("lang")
        if wanted in language_codes() and request.method in ("GET", "HEAD") and not _is_staff(path):
            query = request.GET.copy()
            del query["lang"]
            target = path_in_language(path, wanted) if language else f"/{wanted}{path}"
            return HttpResponseRedirect(target + (f"?{query.urlencode()}" if query else ""))
        if language is None:
            allowed = settings.STAFF_LANGUAGES if _is_staff(path) else language_codes()
            language = language_from_accept(request.META.get("HTTP_ACCEPT_LANGUAGE", ""), list(allowed))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None

    def process_response(self, request, response):
        # Django sends a 404 on a bare URL to the same path under a language prefix when that resolves, and
        # with Wagtail's catch-all page route every prefixed path resolves: an unknown staff case, a refused
        # /metrics or a missing open-data file would become a redirect to a public page. Only public pages
        # are under a prefix, so only they are redirected.
        if path_language(request.path_info) is None and request.path_info.startswith(_UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)


# Paths outside i18n_patterns (observatory/urls.py).
_UNPREFIXED = (
    "/staff/",
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/open-data/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/exit/",
)


def _is_staff(path: str) -> bool:
    return path.startswith(settings.STAFF_URL_PREFIXES)


def language_links(request, current: str) -> list[dict]:
    """The language switcher's entries for this page: every other language, at this path under its prefix.
    Empty on a page without a prefix (staff pages, which follow the browser)."""
    if request is None or path_language(request.path_info) is None:
        return []
    return [
        {"code": code, "name": name, "url": path_in_language(request.path_info, code)}
        for code, name in settings.LANGUAGES
        if code != current
    ]
