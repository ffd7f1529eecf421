"""The reporter's mailbox (DESIGN §4): receipt login, status and timeline, messages both ways, files.

A logged-in mailbox is a split session (`reports_intake.mailbox.session`): nothing in the session store
opens the reporter's key without the browser's cookie.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import (
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from observatory.crypto.receipts import InvalidReceipt
from observatory.geography.models import Neighbourhood
from observatory.security import no_store
from observatory.taxonomy import REDRESS_ACTIONS
from reports_intake import abuse, uploads
from reports_intake.actions import FileMissing, Upload
from reports_intake.mailbox import progress
from reports_intake.mailbox import session as sessions
from reports_intake.mailbox.actions import (
    UnknownReceipt,
    add_reporter_message,
    open_attachment,
    read_mailbox,
    unlock_mailbox,
)
from reports_intake.mailbox.forms import MailboxMessageForm, ReceiptForm
from reports_intake.models import Message, StoredFile, TimelineEvent
from reports_intake.requests import bad_input, choose_language, read_post
from reports_intake.steps.forms import (
    ROLE_CHOICES,
    WhereForm,
)

LOGIN_PURPOSE = "mailbox_login"


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
    choose_language(request)
    if request.method != "POST":
        if sessions.current(request) is not None:
            return redirect("reports_intake:mailbox")
        return _login_page(request, ReceiptForm())
    data, _files, problem = read_post(request)
    if problem:
        return bad_input(request, problem, back_url=reverse("reports_intake:login"))

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

    try:
        report_id, private = unlock_mailbox(form.canonical)
    except (UnknownReceipt, InvalidReceipt):
        form.unknown()
        return _login_page(request, form, status=400)
    # The language travels in the URL's prefix (reverse gives /<language>/mailbox/inbox/), never a cookie.
    response = redirect(reverse("reports_intake:mailbox"))
    sessions.start(request, response, report_id, private)
    return response


def _mailbox_or_login(view):
    def wrapped(request, *args, **kwargs):
        choose_language(request)
        session = sessions.current(request)
        if session is None:
            return redirect("reports_intake:login")
        return view(request, session, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _new_replies(messages) -> set:
    """The caseworkers' messages since the reporter's last own message (all of them if the reporter has
    not written): the mailbox's "new" badge. Nothing records when a reporter opened the mailbox or what
    they read (that would be a trace of their visits), so "new" means "after your last message"."""
    mine = [m.created_at for m in messages if m.author == Message.Author.REPORTER]
    last = max(mine) if mine else None
    replies = [m for m in messages if m.author != Message.Author.REPORTER]
    return {m.id for m in replies if last is None or m.created_at > last}


def _mailbox_page(request, session, form, status=200, sent=False):

    mailbox = read_mailbox(session.report_id, session.reporter_private)
    submission = mailbox.submission
    place = None
    if submission.neighbourhood_code:
        place = Neighbourhood.objects.filter(code=submission.neighbourhood_code).first()
    event_labels = dict(TimelineEvent.Kind.choices)
    new_reply_ids = _new_replies(mailbox.messages)
    state = progress.progress_of(session.report_id, [event.kind for event in mailbox.events])
    context = {
        "mailbox": mailbox,
        "state": state,
        "status_label": progress.STATE_LABELS[state.state],
        "status_explanation": progress.STATE_EXPLANATIONS[state.state],
        "outcome_labels": [REDRESS_ACTIONS.label(code) for code in state.outcomes if code in REDRESS_ACTIONS],
        # The office's promise (CASE_ACK_DAYS), dated from the hour the report was received.
        "ack_due": mailbox.received_at + timedelta(days=settings.CASE_ACK_DAYS),
        "ack_days": settings.CASE_ACK_DAYS,
        "events": [
            {
                "label": event_labels.get(e.kind, e.kind),
                "organisation": e.organisation,
                "created_at": e.created_at,
            }
            for e in mailbox.events
        ],
        "mailbox_messages": mailbox.messages,
        "new_replies": len(new_reply_ids),
        "new_reply_ids": new_reply_ids,
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
    data, files, problem = read_post(request)
    if problem:
        return bad_input(request, problem, back_url=reverse("reports_intake:mailbox"))
    # A browser sends an empty file input as attachments="" in POST, not in FILES.
    if set(data) - {"csrfmiddlewaretoken", "text", "lang", "attachments"} or set(files) - {"attachments"}:
        return bad_input(request, "unexpected", back_url=reverse("reports_intake:mailbox"))
    form = MailboxMessageForm(data=data, files=files)
    if not form.is_valid():
        return _mailbox_page(request, session, form, status=400)

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
    return redirect(reverse("reports_intake:mailbox") + "?sent=1")


@no_store
@require_http_methods(["GET", "HEAD"])
@_mailbox_or_login
def attachment(request: HttpRequest, session, file_id) -> HttpResponse:
    """A file of this report, always as a download: never rendered by the browser on our origin."""

    try:
        name, content_type, data = open_attachment(session.report_id, session.reporter_private, file_id)
    except (StoredFile.DoesNotExist, ValidationError):
        raise Http404 from None
    except FileMissing:  # its row is there, its ciphertext is not (check_orphans reports it daily)
        return render(request, "reports_intake/file_missing.html", status=404)
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
    choose_language(request)
    response = render(request, "reports_intake/mailbox_logged_out.html")
    sessions.end(request, response)
    return response
