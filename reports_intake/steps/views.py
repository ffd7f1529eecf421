"""The public intake flow, served by cms.ReportPage (DESIGN §1, §4, §5).

The intake keeps no state on the server and sets no cookie but CSRF's until the report is sent: every
step posts all answers given so far (the other steps' answers as hidden fields), and every step
validates them all again, so a tampered hidden field is caught like a typed one. The receipt is only
ever in the body of the response to the final POST: never in a URL, a redirect, a cookie or a log.

The interface language is the URL's prefix (/ar/informar/); switching language posts the answers to the
same page under another prefix (see `reports_intake.requests.choose_language`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from observatory import errors
from observatory.geography.directory import places
from reports_intake import abuse
from reports_intake.actions import AlreadySubmitted, NewReport, Upload, submit_report
from reports_intake.requests import bad_input, choose_language, read_post
from reports_intake.steps.forms import (
    ALLOWED_FIELDS,
    ANSWER_STEPS,
    STEP_FORMS,
    STEP_TITLES,
    STEPS,
)

SUBMIT_PURPOSE = "submit"
START_TOKEN_MAX = 512  # a `started` token is ~120 characters; anything longer is not ours


def _initial(form_class, data) -> dict:
    """Unvalidated values for showing a step again without error messages (going back, changing)."""
    initial = {}
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        multiple = getattr(field.widget, "allow_multiple_selected", False)
        initial[name] = data.getlist(name) if multiple else data.get(name)
    return initial


# Where a kept page (`_filled`) takes what is this visitor's own: the hidden fields (their answers and
# tokens), the review's summary and challenge, the receipt.
HIDDEN_SLOT, SUMMARY_SLOT, POW_SLOT = (
    "hidden-fields-slot-for-this-visitor",
    "summary-slot-for-this-visitor",
    "challenge-slot-for-this-visitor",
)
RECEIPT_SLOT, SPELLED_SLOT = "receipt-slot-for-this-visitor", "spelled-out-slot-for-this-visitor"
# Which of a step page's context values go into which slot of its kept copy.
STEP_PAGE_SLOTS = {"hidden": HIDDEN_SLOT, "summary_markup": SUMMARY_SLOT, "pow_token": POW_SLOT}


def _hidden(request, data, shown: Iterable[str], *, step: str, return_to: str) -> str:
    """What every form of a step page carries, as hidden inputs (escaped HTML): the CSRF token, the step,
    the language, and every answer posted so far except those on screen. Built once here rather than in
    a template: the review page carries it in two forms, with a long narrative in each."""
    shown = set(shown)
    started = data.get("started", "") if data is not None else ""
    csrf = get_token(request)
    # When this form was opened, signed: the no-JavaScript path's proof at sending (abuse._assisted).
    started = started if 0 < len(started) <= START_TOKEN_MAX else abuse.new_start_token()
    pairs = [("csrfmiddlewaretoken", csrf), ("step", step), ("started", started)]
    if return_to:
        pairs.append(("return_to", return_to))
    for answer_step in ANSWER_STEPS:
        for name in STEP_FORMS[answer_step].field_names():
            if name in shown or data is None:
                continue
            pairs.extend((name, value) for value in data.getlist(name))
    return format_html_join("\n", '<input type="hidden" name="{}" value="{}">', pairs)


# (language, neighbourhood list, what) -> markup: an empty step, the later steps, a step page going
# forward with its slots, the receipt page. They render the same for everyone reading in one language,
# so each worker renders them once (about a hundred entries per report page); a reloaded neighbourhood
# list or a new page revision is a new key.
_kept_markup: dict[tuple, str] = {}


def _kept(key: tuple, build) -> str:
    key = (get_language(), id(places()), *key)
    markup = _kept_markup.get(key)
    if markup is None:
        markup = build()
        if len(_kept_markup) > 256:  # lists reloaded many times over: start again
            _kept_markup.clear()
        _kept_markup[key] = markup
    return markup


def _filled(key: tuple, build, values: dict[str, str]) -> str | None:
    """A kept page (`_kept`) with this request's own values put into its slots, in one pass (a value is
    never searched for slots: a narrative that quotes a slot's name stays as typed); None when the page
    lost a slot (a template that filters or drops one) and must be rendered in full."""
    markup = _kept(key, build)
    if any(slot not in markup for slot in values):
        return None
    return _slot_pattern(tuple(values)).sub(lambda match: values[match[0]], markup)


@functools.cache
def _slot_pattern(slots: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, slots)))


def _empty_step(step: str) -> str:
    """An answer step's fields, nothing answered yet: what the step path shows going forward, and what
    the page runs with JavaScript."""
    return _kept(
        (step,),
        lambda: render_to_string(f"reports_intake/steps/step_{step}.html", {"form": STEP_FORMS[step]()}),
    )


def _later_steps() -> str:
    """Every answer step after the first, empty, each in a hidden `<section>`: with JavaScript the first
    page runs the steps in the page (static/reports_intake/steps.js) and posts them all at once; without
    it the `<template>` holding them is inert and the reporter walks the steps on the server."""

    def build():
        sections = [
            {
                "step": step,
                "title": STEP_TITLES[step],
                "number": STEPS.index(step) + 1,
                "markup": _empty_step(step),
            }
            for step in ANSWER_STEPS[1:]
        ]
        return render_to_string(
            "reports_intake/steps/later_steps.html", {"sections": sections, "step_count": len(STEPS)}
        )

    return _kept(("later",), build)


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
        # Going forward the step is empty: its markup is the kept one, not rendered again.
        "step_markup": _empty_step(step)
        if step != "review" and not form.is_bound and not form.initial
        else "",
        "form": form,
        "hidden": _hidden(request, data, shown, step=step, return_to=return_to),
        "return_to": return_to,
        "previous_step": STEPS[index - 1] if index else "",
        "languages": settings.LANGUAGES,
        "error_links": form.error_links() if form.is_bound else [],
    }
    if step == "review":
        context["pow_token"] = abuse.new_challenge(SUBMIT_PURPOSE)
    elif step == ANSWER_STEPS[0] and data is None:  # a new report: the steps can run in the page
        context["later_steps"] = _later_steps()
    return context


def _render_step(
    request,
    page,
    *,
    step,
    data,
    bound=False,
    return_to="",
    extra=None,
    files=None,
    valid_forms=None,
):
    form_class = STEP_FORMS[step]
    if bound:
        form = form_class(data=data, files=files)
        form.is_valid()
    else:
        form = form_class(initial=_initial(form_class, data) if data is not None else None)
    context = _step_context(page, request, step=step, form=form, data=data, return_to=return_to)
    if step == "review":
        context["summary_markup"] = _summary_markup(_summary(data, valid_forms))
    context.update(extra or {})
    # Going forward (an empty step, or the review) without an error or a notice: the kept page.
    keep = not bound and not extra and (step == "review" or context["step_markup"])
    markup = _kept_step_page(request, page, context) if keep else None
    if markup is None:
        markup = render_to_string("cms/report_page.html", context, request)
    response = HttpResponse(markup)
    add_never_cache_headers(response)
    return response


def _kept_step_page(request, page, context) -> str | None:
    """A step page as a reporter going forward sees it: the same for everyone reading in one language but
    for what is theirs (`STEP_PAGE_SLOTS`: the hidden fields with their answers and tokens, the review's
    summary and proof-of-work challenge). Each worker renders it once per language, page revision and
    path, step and way back (`return_to`), and puts each visitor's values into its slots: a flood asks
    for these pages most."""
    slots = {name: slot for name, slot in STEP_PAGE_SLOTS.items() if name in context}

    def build():
        return render_to_string("cms/report_page.html", {**context, **slots}, request)

    # The path: the language switch's links are this path under the other prefixes.
    revision = (page.pk, page.latest_revision_id, page.last_published_at, request.path_info)
    key = ("step", context["step"], context["return_to"], *revision)
    return _filled(key, build, {slot: context[name] for name, slot in slots.items()})


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


def _summary_markup(sections: list[dict]) -> str:
    """The review's "check your answers" sections: each step's questions and answers, and its Change
    button (which posts the navigation form). Built here, not in a template: it is most of the review
    page's cost, and the rest of that page is kept (`_kept_step_page`)."""
    return format_html_join(
        "\n",
        '<section class="summary-section" aria-labelledby="summary-{0}">\n  <h2 id="summary-{0}">{1}</h2>\n'
        '  <dl class="summary">\n    {2}\n  </dl>\n  <button type="submit" form="review-nav" name="nav" '
        'value="change:{0}" class="link-button">{3}</button>\n</section>',
        (
            (
                section["step"],
                section["title"],
                format_html_join(
                    "\n    ",
                    '<div class="summary-row"><dt>{}</dt><dd dir="auto">{}</dd></div>',
                    (
                        (question, linebreaksbr(answer, autoescape=True))
                        for question, answer in section["rows"]
                    ),
                ),
                _("Change: %(title)s") % {"title": section["title"]},
            )
            for section in sections
        ),
    )


def serve_report_page(request: HttpRequest, page) -> HttpResponse:
    """GET shows the first step; each POST validates everything so far and shows the next step."""
    if request.method in ("GET", "HEAD"):
        choose_language(request)
        return _first_step(request, page)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    data, files, problem = read_post(request)
    if problem:
        choose_language(request)
        return bad_input(request, problem, back_url=page.url)
    nav = data.get("nav", "")
    choose_language(request)
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


def _first_step(request, page) -> HttpResponse:
    """The empty first step, the page every report starts from (kept, `_kept_step_page`). A visitor near
    the submission limit gets it with the notice."""
    limit = _limit_outlook(request)
    return _render_step(
        request, page, step=ANSWER_STEPS[0], data=None, extra={"limit": limit} if limit else None
    )


def _limit_outlook(request) -> dict | None:
    """Shown on the first step, before anything is written: minutes until a report from this connection
    would be accepted, with and without JavaScript (None: now). Counts nothing."""
    try:
        outlook = abuse.submission_outlook(request)
    except errors.UNAVAILABLE:  # the cache is down: sending will say so, nothing is lost
        return None
    if outlook["all"] is None and outlook["nojs"] is None:
        return None
    return {key: _minutes(seconds) if seconds else None for key, seconds in outlook.items()}


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def _kept_at_limit(request, page, data, retry_after: int) -> HttpResponse:
    """The limit was reached at the very end: nothing is sent, but nothing is lost either. The review page
    again, with every answer still in its forms (so "Send report" works once the wait is over) and in
    one block to copy, and the wait in the reporter's language."""
    response = _render_step(
        request,
        page,
        step="review",
        data=data,
        extra={"rate_limited": {"minutes": _minutes(retry_after)}, "kept_text": _kept_text(data)},
    )
    response.status_code = 429
    response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def _kept_text(data) -> str:
    """Every answer as plain text, question then answer, for the reporter to copy and keep."""
    lines = []
    for section in _summary(data):
        for question, answer in section["rows"]:
            lines += [f"{question}:", str(answer), ""]
    return "\n".join(lines).strip()


def _already_sent(request, page) -> HttpResponse:
    response = render(request, "reports_intake/steps/already_sent.html", {"page": page, "self": page})
    add_never_cache_headers(response)
    return response


def _not_saved(request, page) -> HttpResponse:
    """The submission failed on our side (a database error or deadline, a full disk) and nothing was
    stored, not even the spent proof of work: say so, and that sending the same form again is safe.
    Rendered like the other error pages, without the database (observatory.errors): it may be what failed."""
    # A connection that broke under this request is dropped now, not at the end of the next one.
    close_old_connections()
    # get_url(request): the site root paths the routing middleware read, not the (perhaps absent) cache.
    response = errors.error_page(
        request, "503.html", 503, {"not_saved": True, "retry_url": page.get_url(request)}
    )
    response["Retry-After"] = "60"
    return response


def _submit(request, page, data, files, valid=None) -> HttpResponse:
    try:
        # The proof of work is checked here but spent by submit_report, in the report's own statement.
        retry_after = abuse.check_challenge(
            request, SUBMIT_PURPOSE, then_count=abuse.submission_buckets(request), spend=False
        )
    except errors.UNAVAILABLE:  # the cache that counts the limits is down: nothing is stored
        return _not_saved(request, page)
    except abuse.PowError as error:
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return _kept_at_limit(request, page, data, retry_after)
        if error.code == "replayed":
            return _already_sent(request, page)
        message = _("The page was open for too long. Please choose your files again and press “Send report”.")
        return _render_step(request, page, step="review", data=data, extra={"error_links": [("", message)]})
    if retry_after is not None:
        return _kept_at_limit(request, page, data, retry_after)

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
    new = NewReport(
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
    try:
        submitted = submit_report(new, nonce=abuse.posted_nonce(request))
    except AlreadySubmitted:
        return _already_sent(request, page)
    except errors.UNAVAILABLE:
        # Nothing was stored (submit_report is one statement, files removed): the retry is accepted.
        return _not_saved(request, page)
    response = HttpResponse(_receipt_page(request, page, submitted.receipt))
    add_never_cache_headers(response)
    return response


def _receipt_page(request, page, receipt: str) -> str:
    """The receipt, shown once. The page is the same for every report read in one language on one host
    but for the receipt, so it is kept like the first page and the receipt put into its two slots."""
    # Screen readers read "ABCD-EFGH" as words; this says it one character at a time.
    spelled = ", ".join(" ".join(group) for group in receipt.split("-"))
    mailbox_url = reverse("reports_intake:login")
    # Printed with the receipt: where to use it, written out in full.
    mailbox_address = request.build_absolute_uri(mailbox_url)

    def build(receipt=RECEIPT_SLOT, spelled=SPELLED_SLOT):
        context = {
            "page": page,
            "self": page,
            "receipt": receipt,
            "receipt_spelled": spelled,
            "mailbox_url": mailbox_url,
            "mailbox_address": mailbox_address,
            "ack_days": settings.CASE_ACK_DAYS,
        }
        return render_to_string("reports_intake/steps/receipt.html", context, request)

    key = ("receipt", page.pk, page.latest_revision_id, page.last_published_at, mailbox_address)
    filled = _filled(key, build, {RECEIPT_SLOT: receipt, SPELLED_SLOT: spelled})
    return filled if filled is not None else build(receipt, spelled)
