"""Retention, legal hold and erasure (DESIGN §10): no report is kept forever.

Each report has a retention date from its outcome (settings.RETENTION_DAYS): a closed case is kept five
years after closing; a report never taken up as a case (every report is stored with a case in status
new; one still new or triaged whose labels were never confirmed) one year after reception; a case being
worked on is kept while open. A reporter's request from the mailbox (reports_intake.ErasureRequest)
brings the date forward to the end of a grace period. At that date the daily task `shred_expired`
crypto-shreds the report, unless an office admin has set a legal hold (reports_intake.LegalHold).

Shredding destroys every way to read the report: its key wraps (the data key sealed to the office, to
triage, to each referred organisation and to the reporter), the reporter's sealed private key and lookup
value (the receipt opens nothing any more), the sealed payload, every message, file, timeline event,
outbox row, triage suggestion and label correction, and the sealed notes and referral reasons on the
case. Files are deleted from storage once the transaction has committed.

What stays, and why. The bulletins count *cases with confirmed labels* (observatory.stats.tables): they
are built from the case's confirmed labels, status, dates, redress codes, record key and the report's
clear fields (hour of reception, incident month, district and neighbourhood codes, reporter role). A
confirmed case therefore keeps exactly those rows, already in the clear by design and free of content:
deleting them would change the counts of every later build of a period already published (a
correction, a year-to-date table), and the difference between the two versions would single out the
shredded case — the very leak the cell-key method exists to prevent. Everything else about such a case is
destroyed as above. A report never counted (labels never confirmed) is deleted outright with its case:
no row of it remains but the audit log's content-free entries naming the case id.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from observatory.accounts.models import Membership, Organisation
from observatory.audit.actions import AuditAction, record
from observatory.casework.models import Case, CaseAction, LabelCorrection, Referral
from reports_intake.actions import delete_files
from reports_intake.models import (
    ErasureRequest,
    KeyWrap,
    LegalHold,
    Message,
    OutboxMessage,
    Report,
    StoredFile,
    TimelineEvent,
)

# Audit object types: the log says what happened to which case or report, never why.
AUDIT_HOLD_SET = "retention.legal_hold_set"
AUDIT_HOLD_LIFTED = "retention.legal_hold_lifted"
AUDIT_SHREDDED = "retention.shredded"


class NotAllowed(Exception):
    """Only an admin of the intake office (or a system admin) sets and lifts legal holds."""


@dataclass(frozen=True)
class Retention:
    outcome: str  # "closed_case", "not_taken_up" (keys of settings.RETENTION_DAYS) or "open"
    due: datetime | None  # when the report will be shredded; None while the case is open or held
    held: bool
    erasure_requested_at: datetime | None
    shredded: bool
    days_after_closing: int  # for an open case: how long it will be kept once closed (labels confirmed)


def _case_of(report: Report) -> Case | None:
    return Case.objects.filter(report_id=report.pk).first()


NOT_TAKEN_UP = (Case.Status.NEW, Case.Status.TRIAGED)


def _outcome_due(report: Report, case: Case | None) -> tuple[str, datetime | None]:
    days = settings.RETENTION_DAYS
    if case is None or (case.status in NOT_TAKEN_UP and case.labels_confirmed_at is None):
        return "not_taken_up", report.received_at + timedelta(days=days["not_taken_up"])
    if case.status == Case.Status.CLOSED and case.closed_at is not None:
        return "closed_case", case.closed_at + timedelta(days=days["closed_case"])
    return "open", None


def is_shredded(report: Report) -> bool:
    # A live report always has wraps (office, triage, reporter); only shredding removes the last one.
    return not KeyWrap.objects.filter(report_id=report.pk).exists()


def retention_of(report: Report) -> Retention:
    """What the case page shows: outcome, the shredding date, a hold, a reporter's request."""
    case = _case_of(report)
    outcome, due = _outcome_due(report, case)
    erasure = ErasureRequest.objects.filter(report_id=report.pk).first()
    if erasure is not None:
        requested_due = erasure.created_at + timedelta(days=settings.RETENTION_ERASURE_GRACE_DAYS)
        due = requested_due if due is None else min(due, requested_due)
    held = LegalHold.objects.filter(report_id=report.pk).exists()
    return Retention(
        outcome=outcome,
        due=None if held else due,
        held=held,
        erasure_requested_at=erasure.created_at if erasure else None,
        shredded=is_shredded(report),
        days_after_closing=settings.RETENTION_DAYS["closed_case"],
    )


def expired_report_ids(now: datetime | None = None) -> list:
    """Reports whose retention date has passed, not held, not yet shredded."""
    now = now or timezone.now()
    days = settings.RETENTION_DAYS
    grace = timedelta(days=settings.RETENTION_ERASURE_GRACE_DAYS)

    expired = (
        (
            Q(received_at__lt=now - timedelta(days=days["not_taken_up"]))
            & (
                Q(case__isnull=True)
                | Q(case__status__in=NOT_TAKEN_UP, case__labels_confirmed_at__isnull=True)
            )
        )
        | (Q(case__status=Case.Status.CLOSED, case__closed_at__lt=now - timedelta(days=days["closed_case"])))
        | Q(erasure_request__created_at__lt=now - grace)
    )
    return list(
        Report.objects.filter(expired, legal_hold__isnull=True)
        .filter(Exists(KeyWrap.objects.filter(report_id=OuterRef("pk"))))
        .order_by()
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class Shredded:
    report_id: object
    kept_for_statistics: bool  # True: the case's content-free rows stay (see the module docstring)


def shred_report(report_id) -> Shredded | None:
    """Crypto-shred one report now. None if it is held (or gone already). Files go after commit."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or LegalHold.objects.filter(report_id=report_id).exists():
            return None
        case = Case.objects.select_for_update().filter(report_id=report_id).first()
        files = list(StoredFile.objects.filter(report_id=report_id))
        counted = case is not None and case.labels_confirmed_at is not None
        if case is not None:
            record(None, AuditAction.CHANGED, (AUDIT_SHREDDED, case.pk))
        if counted:
            _strip_counted(report, case)
        else:
            if case is not None:
                case.delete()  # its actions, referrals and corrections go with it
            report.delete()  # wraps, messages, files, timeline, outbox, triage, erasure request
        names = [f.storage_name for f in files]
        transaction.on_commit(lambda: delete_files([StoredFile(storage_name=n) for n in names]))
    return Shredded(report_id=report_id, kept_for_statistics=counted)


def _strip_counted(report: Report, case: Case) -> None:
    """Destroy everything of a counted case but the clear fields the statistics read."""
    from nlp.models import TriageResult  # nlp is below operations; imported here to keep the list short

    KeyWrap.objects.filter(report_id=report.pk).delete()
    StoredFile.objects.filter(report_id=report.pk).delete()
    Message.objects.filter(report_id=report.pk).delete()
    TimelineEvent.objects.filter(report_id=report.pk).delete()
    OutboxMessage.objects.filter(report_id=report.pk).delete()
    ErasureRequest.objects.filter(report_id=report.pk).delete()
    TriageResult.objects.filter(report_id=report.pk).delete()
    # Training examples need the narrative, which is gone; the confirmed labels stay on the case.
    LabelCorrection.objects.filter(case_id=case.pk).delete()
    CaseAction.objects.filter(case_id=case.pk).update(note_sealed=None)
    Referral.objects.filter(case_id=case.pk).update(reason_sealed=None)
    Report.objects.filter(pk=report.pk).update(
        payload=b"",
        # Unique column: a fresh random value, so the old receipt's lookup finds nothing.
        reporter_lookup=os.urandom(32),
        reporter_public_key=b"",
        reporter_private_sealed=b"",
    )


def shred_expired(now: datetime | None = None) -> dict[str, int]:
    """The daily task's work: shred every expired report, one transaction each."""
    counts = {"deleted": 0, "kept_for_statistics": 0}
    for report_id in expired_report_ids(now):
        done = shred_report(report_id)
        if done is not None:
            counts["kept_for_statistics" if done.kept_for_statistics else "deleted"] += 1
    return counts


def _office_admin(user) -> Organisation:
    membership = (
        Membership.objects.filter(
            user=user,
            organisation__kind=Organisation.Kind.OFFICE,
            role__in=[Membership.Role.ORG_ADMIN, Membership.Role.SYSTEM_ADMIN],
        )
        .select_related("organisation")
        .first()
    )
    if membership is None or not user.is_active:
        raise NotAllowed(f"{user} is not an admin of the intake office")
    return membership.organisation


@transaction.atomic
def set_legal_hold(actor, report: Report) -> LegalHold:
    office = _office_admin(actor)
    hold, created = LegalHold.objects.get_or_create(report=report)
    if created:
        record(actor, AuditAction.CHANGED, (AUDIT_HOLD_SET, report.pk), organisation=office)
    return hold


@transaction.atomic
def lift_legal_hold(actor, report: Report) -> bool:
    office = _office_admin(actor)
    deleted, _ = LegalHold.objects.filter(report=report).delete()
    if deleted:
        record(actor, AuditAction.CHANGED, (AUDIT_HOLD_LIFTED, report.pk), organisation=office)
    return bool(deleted)
