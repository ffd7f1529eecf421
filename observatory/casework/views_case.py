"""One case: the page (decrypted with the session's organisation key), its attachments, and every
write a caseworker makes from it. Each write is one action of casework.actions, which records its own
audit entry; each GET that shows plaintext is audited as `decrypted`."""

import functools
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from nlp.models import TriageResult
from observatory.accounts.models import Organisation
from observatory.audit import actions as audit
from observatory.audit.models import AuditAction
from observatory.casework import actions, errors
from observatory.casework.forms import ActionForm, CloseForm, LabelsForm, MessageForm, ReferForm
from observatory.casework.models import Referral
from observatory.casework.staff import keyring
from observatory.casework.templatetags.casework_labels import neighbourhood_name
from observatory.casework.views import case_for, rendered_widgets, staff_view
from observatory.crypto import recipients
from observatory.taxonomy import (
    DOMAINS,
    GROUNDS,
    INCIDENT_TYPES,
    REDRESS_ACTIONS,
    REPORTER_ROLES,
    police_code,
)
from reports_intake.actions import FileMissing, read_file
from reports_intake.models import Message, Report, StoredFile


@dataclass(frozen=True)
class Opened:
    """What the session's organisation key opens of one report."""

    dek: bytes
    payload: dict


def _open(request, case) -> Opened | None:
    """The report's data key and payload through the signed-in user's organisation key, or None when
    the session is locked or the organisation holds no wrap of this report."""
    try:
        dek = keyring.session_report_data_key(request, request.organisation, case.report)
    except errors.AccessDenied:
        return None
    report = case.report
    payload = recipients.open_report_payload(dek, report.payload, report.id, report.schema_version)
    return Opened(dek, payload)


def _message_body(message: Message, dek: bytes) -> dict:
    """A message either way, through the report's data key (observatory.crypto.recipients)."""
    if message.author == Message.Author.REPORTER:
        return recipients.open_reporter_message(dek, message.sealed, message.report_id, message.id)
    return recipients.open_caseworker_message(message.sealed, message.report_id, message.id, dek=dek)


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    kind: str  # action | referral | message_in | message_out
    title: str
    organisation: str
    text: str = ""
    attachments: tuple = ()
    referral: Referral | None = None
    # False when only the hour is known: a message whose sealed time the session cannot open falls back
    # to its hour-rounded row time (reports_intake.models); it sorts at the start of that hour.
    precise: bool = True


def _timeline(case, opened: Opened | None, organisation: Organisation, referrals) -> list[TimelineItem]:
    # Each query orders by its model's ordering minus the leading case/report, which is fixed here and
    # would only join the case or report row to sort by its own ordering.
    dek = opened.dek if opened else None
    items = []
    for action in case.actions.select_related("organisation").order_by("date", "created_at"):
        items.append(
            TimelineItem(
                action.created_at,
                "action",
                f"{action.date:%Y-%m-%d} · {REDRESS_ACTIONS.label(action.code)}",
                action.organisation.name,
                actions.open_note(action.note_sealed, dek, "case-action", action.id) if dek else "",
            )
        )
    for referral in referrals:
        items.append(
            TimelineItem(
                referral.created_at,
                "referral",
                _("Referred to %(org)s (%(status)s)")
                % {"org": referral.to_organisation.name, "status": referral.get_status_display()},
                referral.from_organisation.name,
                actions.open_note(referral.reason_sealed, dek, "referral", referral.id) if dek else "",
                referral=referral,
            )
        )
    for message in case.report.messages.select_related("organisation").order_by("created_at"):
        body = _message_body(message, dek) if dek else None
        if message.author == Message.Author.REPORTER:
            at = datetime.fromisoformat(body["sent_at"]) if body else message.created_at
            items.append(
                TimelineItem(
                    at,
                    "message_in",
                    _("Message from the reporter"),
                    "",
                    body["text"] if body else "",
                    tuple(body["attachments"]) if body else (),
                    precise=body is not None,
                )
            )
        else:
            at = datetime.fromisoformat(body["sent_at"]) if body else message.created_at
            items.append(
                TimelineItem(
                    at,
                    "message_out",
                    _("Message to the reporter"),
                    message.organisation.name if message.organisation else "",
                    body["text"] if body else "",
                    precise=body is not None,
                )
            )
    return sorted(items, key=lambda item: item.at)


def _triage(case):
    report = case.report
    if Report.triage.is_cached(report):  # read with the case (case_detail): None when there is none
        return getattr(report, "triage", None)
    return TriageResult.objects.filter(report_id=case.report_id).first()


def _suggested(case) -> dict:
    triage = _triage(case)
    if triage is None:
        return {}
    return {
        "grounds": list(triage.grounds),
        "domain": triage.domain,
        "incident_type": triage.incident_type,
        "urgent": triage.urgent,
        "urgency_reasons": list(triage.urgency_reasons),
        "needs_review": triage.needs_review,
        "scores": triage.scores,
        "model_version": triage.model_version,
    }


def _labels_initial(case, suggested: dict) -> dict:
    if case.labels_confirmed:
        return {
            "grounds": case.confirmed_grounds,
            "domain": case.confirmed_domain,
            "incident_type": case.confirmed_incident_type,
            "urgent": case.urgent,
        }
    return {
        "grounds": suggested.get("grounds", []),
        "domain": suggested.get("domain", ""),
        "incident_type": suggested.get("incident_type", ""),
        "urgent": case.urgent,
    }


def _answers(payload: dict) -> list[tuple[str, str]]:
    def labels(code_list, codes):
        return ", ".join(str(code_list.label(c)) for c in codes if c in code_list) or "—"

    where = payload.get("location_kind")
    kinds = dict(Report.LocationKind.choices)
    rows = [
        (_("Date of the incident"), payload.get("incident_date") or "—"),
        (_("Where"), kinds.get(where, where) or "—"),
        (_("Neighbourhood"), neighbourhood_name(payload.get("neighbourhood_code")) or "—"),
        (_("Reported by"), labels(REPORTER_ROLES, [payload.get("reporter_role")])),
        (_("Grounds (reporter)"), labels(GROUNDS, payload.get("grounds", []))),
        (_("Domains (reporter)"), labels(DOMAINS, payload.get("domains", []))),
        (_("Language"), _language_name(payload.get("language"))),
    ]
    if payload.get("contact") and payload.get("contact_consent"):
        rows.append((_("Contact (the reporter agreed to be contacted)"), payload["contact"]))
    return rows


def _language_name(code) -> str:
    if not code:
        return "—"
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@staff_view(casework=True)
def case_detail(request, case_id):
    case = case_for(request, case_id, select_related=("report__triage",))
    organisation = request.organisation
    opened = _open(request, case)
    suggested = _suggested(case)
    referrals = list(
        case.referrals.select_related("from_organisation", "to_organisation").order_by("created_at")
    )
    pending_in = next(
        (
            r
            for r in referrals
            if r.to_organisation_id == organisation.pk and r.status == Referral.Status.PENDING
        ),
        None,
    )
    audit.record(request.user, AuditAction.DECRYPTED if opened else AuditAction.VIEWED, case, organisation)
    labels_form = LabelsForm(initial=_labels_initial(case, suggested))
    action_form = ActionForm()
    refer_form = ReferForm(organisation=organisation)
    to = refer_form.fields["to_organisation"]  # one plain query (a ModelChoiceField iterates a cursor)
    to.choices = [
        *([("", to.empty_label)] if to.empty_label is not None else []),
        *((o.pk, to.label_from_instance(o)) for o in to.queryset),
    ]
    close_form = CloseForm(
        initial={
            "legal_classification": case.legal_classification or "undetermined",
            "reported_to_police": police_code(case.reported_to_police),
            "reasons_not_reported": case.reasons_not_reported,
        }
    )
    message_form = MessageForm()
    open_case = case.status != case.Status.CLOSED
    widgets = {"labels": rendered_widgets(labels_form)}
    if open_case:  # the other forms show on open cases only
        widgets |= {
            "action": rendered_widgets(action_form),
            "refer": rendered_widgets(refer_form),
            "close": rendered_widgets(close_form),
            "message": rendered_widgets(message_form),
        }
    context = {
        "case": case,
        "report": case.report,
        "opened": opened,
        "narrative": opened.payload["narrative"] if opened else "",
        "answers": _answers(opened.payload) if opened else [],
        "attachments": opened.payload.get("attachments", []) if opened else [],
        "timeline": _timeline(case, opened, organisation, referrals),
        "suggested": suggested,
        "suggested_labels": {
            "grounds": ", ".join(str(GROUNDS.label(g)) for g in suggested.get("grounds", []) if g in GROUNDS),
            "domain": DOMAINS.label(suggested["domain"]) if suggested.get("domain") in DOMAINS else "",
            "incident_type": INCIDENT_TYPES.label(suggested["incident_type"])
            if suggested.get("incident_type") in INCIDENT_TYPES
            else "",
        },
        "labels_form": labels_form,
        "action_form": action_form,
        "refer_form": refer_form,
        "close_form": close_form,
        "message_form": message_form,
        "widgets": widgets,
        "action_fields": [(f, widgets["action"][f.name]) for f in action_form] if open_case else [],
        "refer_fields": [(f, widgets["refer"][f.name]) for f in refer_form] if open_case else [],
        "pending_in": pending_in,
        "overdue": case.is_overdue(),
    }
    return render(request, "casework/case_detail.html", context)


@staff_view(casework=True)
def case_attachment(request, case_id, file_id):
    """A file the reporter sent, decrypted and verified in memory (files are at most 10 MB and plaintext
    must not touch the disk), then sent as a download, never rendered inline."""
    case = case_for(request, case_id)
    stored = get_object_or_404(StoredFile.objects.select_related("message"), pk=file_id, report=case.report)
    opened = _open(request, case)
    if opened is None:
        messages.error(request, _("Your session cannot open this case's key: sign in again."))
        return redirect("casework:case", case_id=case.id)
    if stored.message is None:
        items = opened.payload.get("attachments", [])
    else:
        body = _message_body(stored.message, opened.dek)
        items = body["attachments"] if body else []
    meta = next((item for item in items if item["id"] == str(stored.id)), None)
    if meta is None:
        raise Http404
    with transaction.atomic():
        audit.record(request.user, AuditAction.DECRYPTED, stored, request.organisation)
    try:
        data = read_file(stored, meta["key"])
    except FileMissing:
        messages.error(request, _("This file is missing from storage. Please tell the administrator."))
        return redirect("casework:case", case_id=case.id)
    response = FileResponse(
        BytesIO(data), as_attachment=True, filename=meta["name"], content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Writes -------------------------------------------------------------------------------------------


def case_write(view=None, *, answering_referral: bool = False):
    """POST only (after the case lookup, so that another organisation's case is a 404 for any method),
    casework role, the case looked up for this organisation (404 otherwise; `answering_referral`: a
    pending referral's receiver too); a refusal from casework.actions becomes a message, never a 500;
    always back to the case page."""
    if view is None:
        return functools.partial(case_write, answering_referral=answering_referral)

    @functools.wraps(view)
    def wrapper(request, case_id, **kwargs):
        # First: another organisation's case is a 404 for any method.
        case = case_for(request, case_id, answering_referral=answering_referral)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            view(request, case, **kwargs)
        except errors.CaseworkError as refusal:
            messages.error(request, _("Not done: %(reason)s") % {"reason": refusal})
        return redirect("casework:case", case_id=case.id)

    return staff_view(casework=True)(wrapper)


def _invalid(request, form) -> None:
    errors = "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
    )
    messages.error(request, _("Not done: %(errors)s") % {"errors": errors})


@case_write
def acknowledge(request, case):
    actions.acknowledge_case(case, organisation=request.organisation, by=request.user)
    messages.success(request, _("Acknowledged: the reporter sees that a caseworker opened the report."))


@case_write
def confirm_labels(request, case):
    form = LabelsForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    suggested = _suggested(case)
    actions.confirm_labels(
        case,
        organisation=request.organisation,
        by=request.user,
        grounds=form.cleaned_data["grounds"],
        domain=form.cleaned_data["domain"],
        incident_type=form.cleaned_data["incident_type"],
        urgent=form.cleaned_data["urgent"],
        suggested={k: suggested[k] for k in ("grounds", "domain", "incident_type") if k in suggested},
    )
    messages.success(request, _("Labels confirmed."))


@case_write
def record_action(request, case):
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    org_private = None
    if form.cleaned_data["note"].strip():
        org_private = keyring.session_organisation_key(request, request.organisation)
    actions.record_action(
        case,
        organisation=request.organisation,
        by=request.user,
        code=form.cleaned_data["code"],
        on=form.cleaned_data["on"],
        note=form.cleaned_data["note"],
        org_private=org_private,
    )
    messages.success(request, _("Action recorded."))


@case_write
def refer(request, case):
    form = ReferForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        return _invalid(request, form)
    org_private = keyring.session_organisation_key(request, request.organisation)
    referral = actions.refer_case(
        case,
        from_organisation=request.organisation,
        to_organisation=form.cleaned_data["to_organisation"],
        by=request.user,
        org_private=org_private,
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Referred to %(org)s.") % {"org": referral.to_organisation.name})


def _incoming(request, case, referral_id) -> Referral:
    return get_object_or_404(
        Referral,
        pk=referral_id,
        case=case,
        to_organisation=request.organisation,
        status=Referral.Status.PENDING,
    )


@case_write(answering_referral=True)
def accept_referral(request, case, referral_id):
    referral = _incoming(request, case, referral_id)
    actions.accept_referral(referral, by=request.user)
    messages.success(request, _("Referral accepted: the case is now your organisation's."))


@case_write(answering_referral=True)
def decline_referral(request, case, referral_id):
    referral = _incoming(request, case, referral_id)
    actions.decline_referral(referral, by=request.user)
    messages.success(request, _("Referral declined."))


@case_write
def close(request, case):
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    actions.close_case(
        case,
        organisation=request.organisation,
        by=request.user,
        legal_classification=form.cleaned_data["legal_classification"],
        reported_to_police=form.police_flag(),
        reasons_not_reported=form.cleaned_data["reasons_not_reported"],
    )
    messages.success(request, _("Case closed."))


@case_write
def reopen(request, case):
    actions.reopen_case(case, organisation=request.organisation, by=request.user)
    messages.success(request, _("Case reopened."))


@case_write
def message_reporter(request, case):
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    try:  # the message is sealed for the case's readers too: it needs the data key, not the payload
        dek = keyring.session_report_data_key(request, request.organisation, case.report)
    except errors.AccessDenied:
        messages.error(request, _("Your session cannot open this case's key: sign in again."))
        return redirect("casework:case", case_id=case.id)
    actions.message_reporter(
        case, organisation=request.organisation, by=request.user, text=form.cleaned_data["text"], dek=dek
    )
    messages.success(request, _("Message sent. The reporter reads it in their mailbox with their receipt."))
