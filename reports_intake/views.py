"""The public intake flow (served by cms.ReportPage) and the reporter's mailbox (DESIGN §1, §4, §5).

The intake keeps no state on the server and sets no cookie but CSRF's until the report is sent: every
step posts all answers given so far (the other steps' answers as hidden fields), and every step
validates them all again, so a tampered hidden field is caught like a typed one. The receipt is only
ever in the body of the response to the final POST: never in a URL, a redirect, a cookie or a log.

The interface language travels the same way (`lang`, or `?lang=` on a first visit), because Django's
language cookie would be a cookie set before submission.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from observatory.i18n import with_numbers
from reports_intake import abuse, uploads
from reports_intake import mailbox_session as sessions
from reports_intake.forms import (
    ALLOWED_FIELDS,
    ANSWER_STEPS,
    MAX_FILE_MB,
    NARRATIVE_MAX,
    STEP_FORMS,
    STEP_TITLES,
    STEPS,
    MailboxMessageForm,
    ReceiptForm,
    WhereForm,
)

try:
    from observatory.security import no_store
except ImportError:  # pragma: no cover - until observatory/security.py existed

    def no_store(view):
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        return wrapped


SUBMIT_PURPOSE = "submit"
LOGIN_PURPOSE = "mailbox_login"
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


# --- Language, without a cookie -------------------------------------------------------------------


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _choose_language(request: HttpRequest, posted: str | None = None) -> str:
    """The interface language: posted in the form, else `?lang=`, else the browser's (LocaleMiddleware)."""
    for candidate in (posted, request.GET.get("lang")):
        if candidate in _language_codes():
            language = candidate
            break
    else:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in _language_codes():
            language = settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def _read_post(request: HttpRequest) -> tuple[object, object, str | None]:
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


# --- The intake steps -----------------------------------------------------------------------------


def _initial(form_class, data) -> dict:
    """Unvalidated values for showing a step again without error messages (going back, changing)."""
    initial = {}
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        multiple = getattr(field.widget, "allow_multiple_selected", False)
        initial[name] = data.getlist(name) if multiple else data.get(name)
    return initial


def _hidden(request, data, shown: Iterable[str], *, step: str, return_to: str) -> str:
    """What every form of a step page carries, as hidden inputs (escaped HTML): the CSRF token, the step,
    the language, and every answer posted so far except those on screen. Built once here rather than in
    a template: the review page carries it in two forms, with a long narrative in each."""
    shown = set(shown)
    pairs = [
        ("csrfmiddlewaretoken", get_token(request)),
        ("step", step),
        ("lang", translation.get_language()),
    ]
    if return_to:
        pairs.append(("return_to", return_to))
    for answer_step in ANSWER_STEPS:
        for name in STEP_FORMS[answer_step].field_names():
            if name in shown or data is None:
                continue
            pairs.extend((name, value) for value in data.getlist(name))
    return format_html_join("\n", '<input type="hidden" name="{}" value="{}">', pairs)


def _step_context(page, request, *, step, form, data, return_to=""):
    index = STEPS.index(step)
    shown = form.field_names() if step != "review" else ()
    context = {
        "page": page,
        "self": page,
        "step": step,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_title": STEP_TITLES[step],
        "step_template": f"reports_intake/steps/step_{step}.html",
        "form": form,
        "hidden": _hidden(request, data, shown, step=step, return_to=return_to),
        "return_to": return_to,
        "previous_step": STEPS[index - 1] if index else "",
        "languages": settings.LANGUAGES,
        "error_links": form.error_links() if form.is_bound else [],
    }
    if step == "review":
        context["pow_token"] = abuse.new_challenge(SUBMIT_PURPOSE)
    return context


def _render_step(
    request, page, *, step, data, bound=False, return_to="", extra=None, files=None, valid_forms=None
):
    form_class = STEP_FORMS[step]
    if bound:
        form = form_class(data=data, files=files)
        form.is_valid()
    else:
        form = form_class(initial=_initial(form_class, data) if data is not None else None)
    context = _step_context(page, request, step=step, form=form, data=data, return_to=return_to)
    if step == "review":
        context["summary"] = _summary(data, valid_forms)
    context.update(extra or {})
    response = render(request, "cms/report_page.html", context)
    add_never_cache_headers(response)
    return response


def _valid_forms(data, steps, known=None) -> tuple[dict, str | None]:
    """({step: valid form}, first invalid step or None). `known` holds forms of this request's `data`
    already found valid, which are not built and validated a second time."""
    forms = {}
    for step in steps:
        if known and step in known:
            forms[step] = known[step]
            continue
        form = STEP_FORMS[step](data=data)
        if not form.is_valid():
            return forms, step
        forms[step] = form
    return forms, None


def _summary(data, known=None) -> list[dict]:
    forms, invalid = _valid_forms(data, ANSWER_STEPS, known)
    return [
        {"step": step, "title": STEP_TITLES[step], "rows": forms[step].summary()}
        for step in ANSWER_STEPS
        if step in forms
    ]


def serve_report_page(request: HttpRequest, page) -> HttpResponse:
    """GET shows the first step; each POST validates everything so far and shows the next step."""
    if request.method in ("GET", "HEAD"):
        _choose_language(request)
        return _render_step(request, page, step=ANSWER_STEPS[0], data=None)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    data, files, problem = _read_post(request)
    if problem:
        _choose_language(request)
        return bad_input(request, problem, back_url=page.url)
    nav = data.get("nav", "")
    _choose_language(request, nav[len("lang:") :] if nav.startswith("lang:") else data.get("lang"))
    if set(data) - ALLOWED_FIELDS or set(files) - {"attachments"}:
        return bad_input(request, "unexpected", back_url=page.url)

    step = data.get("step") if data.get("step") in STEPS else ANSWER_STEPS[0]
    return_to = "review" if data.get("return_to") == "review" else ""

    # Every earlier step again: hidden fields are input like any other.
    earlier = STEPS[: STEPS.index(step)]
    valid, invalid = _valid_forms(data, earlier)
    if invalid:
        return _render_step(request, page, step=invalid, data=data, bound=True, return_to=return_to)

    if nav.startswith("lang:"):
        return _render_step(request, page, step=step, data=data, return_to=return_to)
    if nav == "back" and step != STEPS[0]:
        return _render_step(request, page, step=STEPS[STEPS.index(step) - 1], data=data)
    if nav.startswith("change:") and nav[len("change:") :] in ANSWER_STEPS:
        return _render_step(request, page, step=nav[len("change:") :], data=data, return_to="review")

    if step == "review":
        return _submit(request, page, data, files, valid)

    form = STEP_FORMS[step](data=data)
    if not form.is_valid():
        return _render_step(request, page, step=step, data=data, bound=True, return_to=return_to)
    valid[step] = form
    following = STEPS[STEPS.index(step) + 1]
    if return_to == "review" and _valid_forms(data, ANSWER_STEPS, valid)[1] is None:
        following = "review"
    return _render_step(request, page, step=following, data=data, return_to=return_to, valid_forms=valid)


def _submit(request, page, data, files, valid=None) -> HttpResponse:
    from reports_intake.actions import NewReport, Upload, submit_report

    try:
        retry_after = abuse.check_challenge(
            request, SUBMIT_PURPOSE, then_count=abuse.submission_buckets(request)
        )
    except abuse.PowError as error:
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return abuse.too_many_requests(request, retry_after)
        if error.code == "replayed":
            response = render(request, "reports_intake/steps/already_sent.html", {"page": page, "self": page})
            add_never_cache_headers(response)
            return response
        message = _("The page was open for too long. Please choose your files again and press “Send report”.")
        return _render_step(request, page, step="review", data=data, extra={"error_links": [("", message)]})
    if retry_after is not None:
        return abuse.too_many_requests(request, retry_after)

    # serve_report_page has just validated every answer step of this very `data` (`valid`); any step
    # missing from it is validated here, so that half a report is never submitted.
    forms, invalid = _valid_forms(data, ANSWER_STEPS, valid)
    if invalid:  # cannot happen after the checks in serve_report_page, but never submit half a report
        return _render_step(request, page, step=invalid, data=data, bound=True)
    files_form = STEP_FORMS["review"](data=data, files=files)
    if not files_form.is_valid():
        return _render_step(request, page, step="review", data=data, bound=True, files=files)

    when, where = forms["when"].cleaned_data, forms["where"].cleaned_data
    who, contact = forms["who"].cleaned_data, forms["contact"].cleaned_data
    submitted = submit_report(
        NewReport(
            narrative=forms["what"].cleaned_data["narrative"],
            incident_date=when["date"],
            incident_month=when["month"],
            location_kind=where["location_kind"],
            neighbourhood_code=where["neighbourhood_code"],
            point=where["point"],
            reporter_role=who["reporter_role"],
            grounds=list(who["grounds"]),
            domains=list(who["domains"]),
            contact=contact["contact"] or None,
            contact_consent=contact["contact_consent"],
            language=contact["language"],
            attachments=[
                Upload(name=item.name, content_type=item.content_type, data=item.data)
                for item in files_form.cleaned_data["attachments"]
            ],
        )
    )
    response = render(
        request,
        "reports_intake/steps/receipt.html",
        {
            "page": page,
            "self": page,
            "receipt": submitted.receipt,
            # Screen readers read "ABCD-EFGH" as words; this says it one character at a time.
            "receipt_spelled": ", ".join(" ".join(group) for group in submitted.receipt.split("-")),
            "mailbox_url": reverse("reports_intake:login"),
        },
    )
    add_never_cache_headers(response)
    return response


# --- Mailbox --------------------------------------------------------------------------------------


def _login_page(request, form, status=200):
    context = {
        "form": form,
        "pow_token": abuse.new_challenge(LOGIN_PURPOSE),
        "error_links": [],
        "languages": settings.LANGUAGES,
    }
    if form.is_bound:
        context["error_links"] = form.error_links()
    return render(request, "reports_intake/mailbox_login.html", context, status=status)


@no_store
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """Receipt login. Throttled per client before the receipt is looked at, and guarded by proof of work."""
    _choose_language(request)
    if request.method != "POST":
        if sessions.current(request) is not None:
            return redirect("reports_intake:mailbox")
        return _login_page(request, ReceiptForm())
    data, _files, problem = _read_post(request)
    if problem:
        return bad_input(request, problem, back_url=reverse("reports_intake:login"))
    _choose_language(request, data.get("lang"))

    retry_after = abuse.limit_receipt_login(request)
    if retry_after is not None:
        return abuse.too_many_requests(request, retry_after)
    form = ReceiptForm(data=data)
    try:
        abuse.check_challenge(request, LOGIN_PURPOSE)
    except abuse.PowError as error:
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return abuse.too_many_requests(request, retry_after)
        form.is_valid()
        form.add_error(None, _("The page was open for too long. Please send your receipt again."))
        return _login_page(request, form, status=400)
    if not form.is_valid():
        return _login_page(request, form, status=400)

    from observatory.crypto.receipts import InvalidReceipt
    from reports_intake.actions import UnknownReceipt, unlock_mailbox

    try:
        report_id, private = unlock_mailbox(form.canonical)
    except (UnknownReceipt, InvalidReceipt):
        form.unknown()
        return _login_page(request, form, status=400)
    # The language travels in the URL: the mailbox sets no language cookie either.
    response = redirect(reverse("reports_intake:mailbox") + f"?lang={translation.get_language()}")
    sessions.start(request, response, report_id, private)
    return response


def _mailbox_or_login(view):
    def wrapped(request, *args, **kwargs):
        _choose_language(request)
        session = sessions.current(request)
        if session is None:
            return redirect("reports_intake:login")
        return view(request, session, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _mailbox_page(request, session, form, status=200, sent=False):
    from observatory.geography.models import Neighbourhood
    from reports_intake.actions import read_mailbox
    from reports_intake.forms import ROLE_CHOICES
    from reports_intake.models import Report, TimelineEvent

    mailbox = read_mailbox(session.report_id, session.reporter_private)
    submission = mailbox.submission
    place = None
    if submission.neighbourhood_code:
        place = Neighbourhood.objects.filter(code=submission.neighbourhood_code).first()
    event_labels = dict(TimelineEvent.Kind.choices)
    context = {
        "mailbox": mailbox,
        "status_label": dict(Report.Status.choices).get(mailbox.status, mailbox.status),
        "events": [
            {
                "label": event_labels.get(e.kind, e.kind),
                "organisation": e.organisation,
                "created_at": e.created_at,
            }
            for e in mailbox.events
        ],
        "mailbox_messages": mailbox.messages,
        "submission": submission,
        "place": place,
        "role_label": dict(ROLE_CHOICES).get(submission.reporter_role, ""),
        "location_label": dict(WhereForm.base_fields["where_kind"].choices).get(submission.location_kind, ""),
        "form": form,
        "error_links": form.error_links() if form.is_bound else [],
        "sent": sent,
        "languages": settings.LANGUAGES,
    }
    return render(request, "reports_intake/mailbox.html", context, status=status)


@no_store
@require_http_methods(["GET", "HEAD", "POST"])
@_mailbox_or_login
def mailbox(request: HttpRequest, session) -> HttpResponse:
    """The reporter's mailbox: status, timeline, messages; POST sends a message and/or files."""
    if request.method != "POST":
        return _mailbox_page(request, session, MailboxMessageForm(), sent=request.GET.get("sent") == "1")
    data, files, problem = _read_post(request)
    if problem:
        return bad_input(request, problem, back_url=reverse("reports_intake:mailbox"))
    # A browser sends an empty file input as attachments="" in POST, not in FILES.
    if set(data) - {"csrfmiddlewaretoken", "text", "lang", "attachments"} or set(files) - {"attachments"}:
        return bad_input(request, "unexpected", back_url=reverse("reports_intake:mailbox"))
    form = MailboxMessageForm(data=data, files=files)
    if not form.is_valid():
        return _mailbox_page(request, session, form, status=400)

    from reports_intake.actions import Upload, add_reporter_message

    add_reporter_message(
        session.report_id,
        session.reporter_private,
        form.cleaned_data["text"].strip(),
        [
            Upload(name=i.name, content_type=i.content_type, data=i.data)
            for i in form.cleaned_data["attachments"]
        ],
    )
    # Post/redirect/get, so that reloading the page does not send the message twice.
    return redirect(reverse("reports_intake:mailbox") + f"?sent=1&lang={translation.get_language()}")


@no_store
@require_http_methods(["GET", "HEAD"])
@_mailbox_or_login
def attachment(request: HttpRequest, session, file_id) -> HttpResponse:
    """A file of this report, always as a download: never rendered by the browser on our origin."""
    from reports_intake.actions import open_attachment
    from reports_intake.models import StoredFile

    try:
        name, content_type, data = open_attachment(session.report_id, session.reporter_private, file_id)
    except (StoredFile.DoesNotExist, ValidationError):
        raise Http404 from None
    response = HttpResponse(
        data,
        content_type=content_type if content_type in uploads.ALLOWED_TYPES else "application/octet-stream",
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    add_never_cache_headers(response)
    return response


@no_store
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    _choose_language(request)
    response = render(request, "reports_intake/mailbox_logged_out.html")
    sessions.end(request, response)
    return response
