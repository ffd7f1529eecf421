"""Every write of the case workflow: open a case (after triage), acknowledge, confirm labels, assign,
refer, accept/decline a referral, record actions and redress, message the reporter, close, reopen.

Each one writes its own audit entry inside its own transaction (`_audited`), so whoever calls it — a
view, a task, a command — changes a case only with the entry that says so (tests/casework/
test_audit_completeness.py fails for a write that does not). Triage's writes are the system's (actor
None).

A referral re-wraps the report's data key to the target organisation and never touches the payload;
caseworker notes and referral reasons are sealed under the data key (observatory.crypto.recipients).
The staff member's keys that open a case are in `observatory.casework.staff.keyring`.
Nothing here logs: every value passing through is either secret or linkable to a report.
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from nlp.actions import record_triage
from nlp.models import TriageResult
from observatory.accounts.models import Organisation
from observatory.audit import actions as audit
from observatory.audit.models import AuditAction
from observatory.casework import notifications
from observatory.casework.errors import AccessDenied, InvalidCode, InvalidTransition
from observatory.casework.models import (
    Case,
    CaseAction,
    LabelCorrection,
    Referral,
)
from observatory.casework.staff import keyring
from observatory.crypto import envelope, recipients
from observatory.taxonomy import (
    DOMAINS,
    GROUNDS,
    INCIDENT_TYPES,
    LEGAL_CLASSIFICATIONS,
    REASONS_NOT_REPORTED,
    REDRESS_ACTIONS,
)
from reports_intake.actions import append_timeline_event
from reports_intake.mailbox.actions import send_caseworker_message
from reports_intake.models import KeyWrap, Report, TimelineEvent

# --- Cases --------------------------------------------------------------------------------------------


open_note = recipients.open_case_note


def _require_case_access(case: Case, organisation: Organisation, by) -> None:
    """Every write but answering a referral: the case must be one the organisation works on
    (`Case.objects.workable_by`, the same rule the views use). An organisation with a pending referral
    only reads the case and accepts or declines (`_answer`)."""
    keyring.require_casework_member(by, organisation)
    if not Case.objects.workable_by(organisation).filter(pk=case.pk).exists():
        raise AccessDenied("this case is not this organisation's")


def _audited(by, obj, organisation, action: str = AuditAction.CHANGED) -> None:
    """The audit entry of a write, in the write's transaction: both commit or neither does."""
    audit.record(by, action, obj, organisation)


def _move(case: Case, status: str) -> None:
    if case.status != status and not case.can_move_to(status):
        raise InvalidTransition(f"{case.status} -> {status}")
    case.status = status


def _locked(case: Case) -> Case:
    # Lock the report too: timeline events take the next seq under the report's row lock.
    Report.objects.select_for_update().only("id").get(pk=case.report_id)
    return Case.objects.select_for_update().get(pk=case.pk)


def new_case(report: Report) -> list[Case]:
    """The case of a report being submitted, stored in the report's own statement (registered with
    reports_intake.actions.store_with_every_report): status NEW until triage fills it in, so an untriaged
    report — its worker down, its task lost — is in the office's queue from the start."""
    return [
        Case(
            report_id=report.id,
            status=Case.Status.NEW,
            ack_due_at=Case.ack_deadline(report.received_at),
            created_at=report.created_at,
            updated_at=report.updated_at,
            district_code=report.district_code,
            neighbourhood_code=report.neighbourhood_code,
            received_at=report.received_at,
        )
    ]


@transaction.atomic
def open_case_for_report(report: Report) -> Case:
    """The case for a report, created on first call (idempotent: safe from a task delivered twice).
    The acknowledgement deadline counts from the (hour-rounded) reception time."""
    case = Case.objects.filter(report=report).first()
    if case is not None:
        return case
    report = Report.objects.select_for_update().get(pk=report.pk)
    case, created = Case.objects.get_or_create(
        report=report,
        defaults={
            "status": Case.Status.TRIAGED if report.status == Report.Status.TRIAGED else Case.Status.NEW,
            "urgent": report.urgent,
            "ack_due_at": Case.ack_deadline(report.received_at),
            "created_at": report.created_at,
            "district_code": report.district_code,
            "neighbourhood_code": report.neighbourhood_code,
            "received_at": report.received_at,
        },
    )
    if created:
        _audited(None, case, None)
    return case


@transaction.atomic
def apply_triage(report_id, result: dict) -> Case:
    """Store triage's suggestion for a report and put it in the office's queue: every triaged report is a
    case (urgent first), whatever the model said. Idempotent, like the task that calls it."""
    stored = record_triage(report_id, result)
    case = _locked(open_case_for_report(Report.objects.get(id=report_id)))
    fields = []
    if case.status == Case.Status.NEW:
        _move(case, Case.Status.TRIAGED)
        fields.append("status")
        notifications.notify_on_commit(notifications.NEW_CASE, notifications.office_ids())
    if stored.urgent and not case.urgent:
        case.urgent = True
        fields.append("urgent")
    if fields:  # a redelivered task changes nothing and records nothing
        case.save(update_fields=fields)
        _audited(None, case, None)
    return case


@transaction.atomic
def acknowledge_case(case: Case, *, organisation: Organisation, by) -> Case:
    """A caseworker has read the report: stops the acknowledgement clock and tells the reporter (their
    timeline shows "opened by a caseworker"). Idempotent."""
    _require_case_access(case, organisation, by)
    case = _locked(case)
    if case.acknowledged_at is None:
        case.acknowledged_at = timezone.now()
        case.save(update_fields=["acknowledged_at"])
        append_timeline_event(case.report, TimelineEvent.Kind.OPENED, organisation)
        _audited(by, case, organisation)
    return case


def _codes(values: Iterable[str], code_list, name: str) -> list[str]:
    values = list(dict.fromkeys(values))
    unknown = [v for v in values if v not in code_list]
    if unknown:
        raise InvalidCode(f"unknown {name}: {unknown}")
    return values


@transaction.atomic
def confirm_labels(
    case: Case,
    *,
    organisation: Organisation,
    by,
    grounds: Iterable[str],
    domain: str,
    incident_type: str,
    urgent: bool | None = None,
    suggested: Mapping[str, object] | None = None,
) -> Case:
    """Confirm or correct triage's labels. Statistics count confirmed labels only. Each field is kept
    beside what triage `suggested` (keys grounds/domain/incident_type) as a training example."""
    _require_case_access(case, organisation, by)
    grounds = _codes(grounds, GROUNDS, "grounds")
    if not grounds:
        raise InvalidCode("at least one ground")
    _codes([domain], DOMAINS, "domain")
    _codes([incident_type], INCIDENT_TYPES, "incident_type")
    case = _locked(case)
    case.confirmed_grounds = grounds
    case.confirmed_domain = domain
    case.confirmed_incident_type = incident_type
    case.labels_confirmed_at = timezone.now()
    case.labels_confirmed_by = by
    fields = ["confirmed_grounds", "confirmed_domain", "confirmed_incident_type"]
    fields += ["labels_confirmed_at", "labels_confirmed_by", "status"]
    if urgent is not None:
        case.urgent = urgent
        fields.append("urgent")
    if case.status == Case.Status.NEW:
        _move(case, Case.Status.TRIAGED)
    case.save(update_fields=fields)
    suggested = suggested or {}
    confirmed = {"grounds": grounds, "domain": domain, "incident_type": incident_type}
    LabelCorrection.objects.bulk_create(
        LabelCorrection(
            case=case,
            field=field,
            suggested=suggested.get(field),
            confirmed=value,
            changed=_normalised(suggested.get(field)) != _normalised(value),
            confirmed_by=by,
        )
        for field, value in confirmed.items()
    )
    _audited(by, case, organisation)
    return case


def _normalised(value):
    return sorted(value) if isinstance(value, list | tuple) else value


@transaction.atomic
def assign_case(case: Case, *, organisation: Organisation, by, to: Organisation) -> Case:
    """The office assigns a case to itself (or to an organisation that can already read it)."""
    _require_case_access(case, organisation, by)
    if not KeyWrap.objects.filter(report_id=case.report_id, recipient_key_id=to.key_id).exists():
        raise AccessDenied(f"{to} cannot read this report: refer the case instead")
    case = _locked(case)
    _move(case, Case.Status.ASSIGNED)
    case.assigned_organisation = to
    case.save(update_fields=["status", "assigned_organisation"])
    _audited(by, case, organisation)
    return case


@transaction.atomic
def refer_case(
    case: Case,
    *,
    from_organisation: Organisation,
    to_organisation: Organisation,
    by,
    org_private: bytes,
    reason: str = "",
) -> Referral:
    """Hand a case to another organisation: the report's DEK is re-wrapped from `from_organisation`'s wrap
    to `to_organisation`'s public key (`rewrap_key`); the payload ciphertext is not touched. The target
    can read the report from now on; accepting makes the case theirs. `org_private` is the referring
    organisation's private key (session_organisation_key)."""
    if from_organisation.pk == to_organisation.pk:
        raise InvalidTransition("a case cannot be referred to its own organisation")
    _require_case_access(case, from_organisation, by)
    target_public = keyring.organisation_public_key(to_organisation)
    case = _locked(case)
    _move(case, Case.Status.REFERRED)
    source = KeyWrap.objects.filter(
        report_id=case.report_id, recipient_key_id=from_organisation.key_id
    ).first()
    if source is None:
        raise AccessDenied("the report is not wrapped to the referring organisation")
    try:
        wrapped = recipients.rewrap_report_key(source.wrapped_dek, org_private, target_public, case.report_id)
    except envelope.DecryptionError:
        raise AccessDenied("this key does not open the report") from None
    KeyWrap.objects.update_or_create(
        report_id=case.report_id,
        recipient_key_id=to_organisation.key_id,
        defaults={"suite": target_public[0], "wrapped_dek": wrapped},
    )
    referral_id = uuid.uuid4()
    dek = recipients.open_report_key(source.wrapped_dek, org_private, case.report_id) if reason else b""
    referral = Referral.objects.create(
        id=referral_id,
        case=case,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        referred_by=by,
        reason_sealed=recipients.seal_case_note(reason, dek, "referral", referral_id) if reason else None,
    )
    case.save(update_fields=["status"])
    append_timeline_event(case.report, TimelineEvent.Kind.REFERRED, to_organisation)
    _audited(by, referral, from_organisation, AuditAction.REFERRED)
    notifications.notify_on_commit(notifications.NEW_CASE, [to_organisation])
    return referral


def _answer(referral: Referral, by, status: str) -> Referral:
    keyring.require_casework_member(by, referral.to_organisation)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.PENDING:
        raise InvalidTransition(f"referral already {referral.status}")
    referral.status = status
    referral.answered_at = timezone.now()
    referral.answered_by = by
    referral.save(update_fields=["status", "answered_at", "answered_by", "updated_at"])
    _audited(by, referral, referral.to_organisation)
    return referral


@transaction.atomic
def accept_referral(referral: Referral, *, by) -> Referral:
    """The target organisation takes the case: it becomes the assigned organisation."""
    referral = _answer(referral, by, Referral.Status.ACCEPTED)
    case = _locked(referral.case)
    _move(case, Case.Status.ASSIGNED)
    case.assigned_organisation = referral.to_organisation
    case.save(update_fields=["status", "assigned_organisation"])
    return referral


@transaction.atomic
def decline_referral(referral: Referral, *, by) -> Referral:
    """The target organisation does not take the case. Its wrap of the DEK is dropped (it may have read
    the report meanwhile; that cannot be undone) and the case goes back to the referring side."""
    referral = _answer(referral, by, Referral.Status.DECLINED)
    case = _locked(referral.case)
    target = referral.to_organisation
    if case.assigned_organisation_id != target.id and target.kind != Organisation.Kind.OFFICE:
        KeyWrap.objects.filter(report_id=case.report_id, recipient_key_id=target.key_id).delete()
    _move(case, Case.Status.IN_PROGRESS)
    case.save(update_fields=["status"])
    return referral


@transaction.atomic
def record_action(
    case: Case,
    *,
    organisation: Organisation,
    by,
    code: str,
    on: date,
    note: str = "",
    org_private: bytes | None = None,
) -> CaseAction:
    """Record a dated action or redress outcome (DESIGN §6). A note needs `org_private` (it is sealed under
    the report's DEK, so only organisations that can read the report can read it)."""
    _require_case_access(case, organisation, by)
    _codes([code], REDRESS_ACTIONS, "redress action")
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise InvalidTransition("reopen the case to record an action")
    action_id = uuid.uuid4()
    sealed = None
    if (note or "").strip():
        if org_private is None:
            raise AccessDenied("a note needs the organisation key")
        sealed = recipients.seal_case_note(
            note, keyring.report_data_key(case.report, organisation, org_private), "case-action", action_id
        )
    action = CaseAction.objects.create(
        id=action_id,
        case=case,
        code=code,
        date=on,
        organisation=organisation,
        recorded_by=by,
        note_sealed=sealed,
    )
    if case.status in (Case.Status.NEW, Case.Status.TRIAGED, Case.Status.ASSIGNED):
        _move(case, Case.Status.IN_PROGRESS)
        case.save(update_fields=["status"])
    _audited(by, case, organisation)
    return action


@transaction.atomic
def close_case(
    case: Case,
    *,
    organisation: Organisation,
    by,
    legal_classification: str | None = None,
    reported_to_police: bool | None = None,
    reasons_not_reported: Iterable[str] | None = None,
) -> Case:
    """Close a case. Its labels must be confirmed first: bulletins count confirmed labels only."""
    _require_case_access(case, organisation, by)
    case = _locked(case)
    if not case.labels_confirmed:
        raise InvalidTransition("confirm the labels before closing")
    _move(case, Case.Status.CLOSED)
    fields = ["status", "closed_at"]
    if legal_classification is not None:
        case.legal_classification = _codes([legal_classification], LEGAL_CLASSIFICATIONS, "classification")[0]
        fields.append("legal_classification")
    if reported_to_police is not None:
        case.reported_to_police = reported_to_police
        fields.append("reported_to_police")
    if reasons_not_reported is not None:
        case.reasons_not_reported = _codes(reasons_not_reported, REASONS_NOT_REPORTED.values, "reason")
        fields.append("reasons_not_reported")
    case.closed_at = timezone.now()
    case.save(update_fields=fields)
    append_timeline_event(case.report, TimelineEvent.Kind.CLOSED, organisation)
    _audited(by, case, organisation)
    return case


@transaction.atomic
def reopen_case(case: Case, *, organisation: Organisation, by) -> Case:
    _require_case_access(case, organisation, by)
    case = _locked(case)
    if case.status != Case.Status.CLOSED:
        raise InvalidTransition("only a closed case can be reopened")
    _move(case, Case.Status.IN_PROGRESS)
    case.closed_at = None
    case.save(update_fields=["status", "closed_at"])
    _audited(by, case, organisation)
    return case


@transaction.atomic
def message_reporter(case: Case, *, organisation: Organisation, by, text: str, dek: bytes):
    """A message to the reporter, sealed to the reporter and under the report's data key `dek` (opened
    by the sender's organisation key), so the sender and every colleague who can read the case can
    re-read the thread. Returns the message id."""
    _require_case_access(case, organisation, by)
    if case.status == Case.Status.CLOSED:
        raise InvalidTransition("reopen the case to message the reporter")
    message_id = send_caseworker_message(case.report_id, organisation, text, dek=dek)
    _audited(by, case, organisation, AuditAction.MESSAGED)
    return message_id


def confirm_suggested_labels(case_ids, *, organisation: Organisation, by) -> list[Case]:
    """The queue's bulk confirmation: each case's labels confirmed as triage suggested them, one
    `confirm_labels` (and one audit entry) per case, all in one transaction. Cases this organisation
    may not write, with labels already confirmed, or with no usable suggestion are skipped, not
    refused: the queue may have moved since the page was drawn. Returns the cases confirmed."""
    confirmed = []
    with transaction.atomic():
        cases = (
            Case.objects.workable_by(organisation)
            .filter(id__in=list(case_ids), labels_confirmed_at__isnull=True)
            .exclude(status=Case.Status.CLOSED)
            .order_by("id")
        )
        suggestions = {
            t.report_id: t for t in TriageResult.objects.filter(report_id__in=cases.values("report_id"))
        }
        for case in cases:
            triage = suggestions.get(case.report_id)
            if triage is None or not triage.grounds or triage.needs_review:
                continue
            suggested = {
                "grounds": list(triage.grounds),
                "domain": triage.domain,
                "incident_type": triage.incident_type,
            }
            confirmed.append(
                confirm_labels(case, organisation=organisation, by=by, suggested=suggested, **suggested)
            )
    return confirmed
