"""The last-resort error pages (500, and 503 for a part of the service that is down), rendered without
the database or the cache: either may be what failed. No context processors run (they reach for the
session and the user), only the template and the language the request was in, which LocaleMiddleware
or the intake set from the request alone. The quick-exit link is in base.html, as on every page."""

from django.db import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from redis import RedisError

# A part of the service that is down or past its deadline, as a request sees it: the database (also a
# statement or lock timeout), the disk or object store, the cache Redis.
UNAVAILABLE = (DatabaseError, OSError, RedisError)


def error_page(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    with translation.override(getattr(request, "LANGUAGE_CODE", None) or translation.get_language()):
        html = loader.get_template(template).render(context or {})
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    return response


def server_error(request) -> HttpResponse:
    """handler500."""
    return error_page(request, "500.html", 500)
