"""Reading what a reporter's browser sends, for the intake steps and the mailbox alike: hostile or
broken input is refused with a page that says plainly what was wrong and that nothing was kept, and
the interface language travels in the URL's prefix, because Django's language cookie would be a
cookie set before a report is sent (DESIGN §5).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from observatory.i18n import with_numbers
from reports_intake import uploads
from reports_intake.form_base import MAX_FILE_MB
from reports_intake.steps.forms import (
    NARRATIVE_MAX,
)

# Five files at the limit, the text fields and the multipart overhead. Bigger bodies are refused before
# they are read (nginx refuses them earlier still: see deploy/).
MAX_REQUEST_BYTES = uploads.MAX_FILES * uploads.MAX_FILE_BYTES + 1024 * 1024
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

BAD_INPUT_MESSAGES = {
    "too_big": with_numbers(
        _(
            "What you sent is too large. Files can be up to %(max_mb)s MB each, %(max_files)s files at "
            "most, and the text up to %(max_chars)s characters."
        ),
        max_mb=MAX_FILE_MB,
        max_files=uploads.MAX_FILES,
        max_chars=NARRATIVE_MAX,
    ),
    "too_many_fields": _("The form contained far more answers than it has questions."),
    "too_many_files": with_numbers(_("You can send up to %(max)s files."), max=uploads.MAX_FILES),
    "unreadable": _("The form could not be read. It may have been cut off by a slow connection."),
    "unexpected": _("The form contained something it does not ask for."),
    "content_type": _("This page only accepts its own form."),
}
BAD_INPUT_STATUS = {"too_big": 413, "content_type": 415}


def choose_language(request: HttpRequest) -> str:
    """The interface language: the URL's prefix (/ar/…) as observatory.i18n.LocaleMiddleware read it, or
    on a URL without one the browser's. Forms do not carry it: the page's URL does, so switching language
    posts the answers to the same page under the other prefix (includes/language_switch.html)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def read_post(request: HttpRequest) -> tuple[object, object, str | None]:
    """(POST, FILES, None) or (None, None, error code) without ever raising on hostile input."""
    content_type = request.content_type or ""
    if content_type not in FORM_CONTENT_TYPES:
        return None, None, "content_type"
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None, None, "unreadable"
    if length > MAX_REQUEST_BYTES:
        return None, None, "too_big"
    try:
        return request.POST, request.FILES, None
    except RequestDataTooBig:
        return None, None, "too_big"
    except TooManyFieldsSent:
        return None, None, "too_many_fields"
    except TooManyFilesSent:
        return None, None, "too_many_files"
    except (MultiPartParserError, UnreadablePostError, UnicodeDecodeError, ValueError):
        return None, None, "unreadable"


def bad_input(request: HttpRequest, code: str, *, back_url: str) -> HttpResponse:
    """A refusal that says plainly what was wrong and that nothing was kept."""
    response = render(
        request,
        "reports_intake/bad_input.html",
        {"message": BAD_INPUT_MESSAGES[code], "back_url": back_url},
        status=BAD_INPUT_STATUS.get(code, 400),
    )
    add_never_cache_headers(response)
    return response
