"""Every write of the caseworker side: staff user keys, organisation key grants, session unlock, and the
case workflow (open, confirm labels, refer, accept/decline, record actions, close, reopen).

Key conventions (observatory.crypto: recipients decides who each secret is sealed to, contexts binds it):
- a user's private key is sealed under their password (Argon2id) and under their recovery key (HKDF);
- an organisation's private key is wrapped to each member's user key, context b"org-key:<org key id>";
- a report's DEK is wrapped to each organisation that may read it, context b"report:<report id>";
  a referral re-wraps it to the target's public key and never touches the payload;
- caseworker notes and referral reasons are sealed under the DEK, context b"case-action:<id>" and
  b"referral:<id>".

Argon2id takes a few hundred milliseconds, so it runs before a transaction opens, never inside one.
Nothing here logs: every value passing through is either secret or linkable to a report.
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import date

from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from observatory.accounts.models import Membership, Organisation
from observatory.casework import session as key_session
from observatory.casework.models import (
    Case,
    CaseAction,
    LabelCorrection,
    OrganisationKeyGrant,
    Referral,
    UserKey,
)
from observatory.crypto import contexts, envelope, recipients, user_keys
from observatory.crypto.envelope import WrongPassword
from observatory.taxonomy import (
    DOMAINS,
    GROUNDS,
    INCIDENT_TYPES,
    LEGAL_CLASSIFICATIONS,
    REASONS_NOT_REPORTED,
    REDRESS_ACTIONS,
)
from reports_intake.actions import append_timeline_event
from reports_intake.models import KeyWrap, Report, TimelineEvent

# Roles whose work needs report plaintext, and so an organisation key. Analysts and publishers work from
# aggregates only (DESIGN §1) and are never granted one.
CASEWORK_ROLES = frozenset(
    {
        Membership.Role.OFFICE_CASEWORKER,
        Membership.Role.CSO_CASEWORKER,
        Membership.Role.ORG_ADMIN,
    }
)


class CaseworkError(Exception):
    """Base class for refusals the UI turns into a message."""


class NoUserKey(CaseworkError):
    """The user has no keypair yet (it is created at their first sign-in)."""


class UserKeyExists(CaseworkError):
    pass


class AccessDenied(CaseworkError):
    """Not a member with a casework role, no key grant, or the case is not this organisation's."""


class InvalidTransition(CaseworkError):
    pass


class InvalidCode(CaseworkError, ValueError):
    pass


__all__ = [
    "AccessDenied",
    "CaseworkError",
    "InvalidCode",
    "InvalidTransition",
    "NoUserKey",
    "UserKeyExists",
    "WrongPassword",
]


# --- User keys ----------------------------------------------------------------------------------------


def _store_new_user_key(user, password: str) -> tuple[str, bytes]:
    sealed, recovery_code, private = user_keys.new_user_key(password)  # Argon2id: outside the transaction
    with transaction.atomic():
        if UserKey.objects.select_for_update().filter(user=user).exists():
            raise UserKeyExists("this user already has a key")
        UserKey.objects.create(
            user=user,
            public_key=sealed.public,
            key_id=sealed.key_id,
            private_sealed_password=sealed.private_sealed_password,
            private_sealed_recovery=sealed.private_sealed_recovery,
        )
    return user_keys.format_recovery_code(recovery_code), private


def create_user_key(user, password: str) -> str:
    """Create the user's keypair, sealed under `password` and a new recovery key. Returns the recovery key
    formatted for printing; it is shown once and never stored."""
    recovery_code, _ = _store_new_user_key(user, password)
    return recovery_code


def _user_key(user) -> UserKey:
    try:
        return UserKey.objects.get(user=user)
    except UserKey.DoesNotExist:
        raise NoUserKey("no key for this user") from None


def unlock_user_key(user, password: str) -> bytes:
    """The user's private key, or `WrongPassword`. Re-seals under today's Argon2id parameters when the
    stored blob used weaker ones (the only write, and only then)."""
    user_key = _user_key(user)
    blob = bytes(user_key.private_sealed_password)
    private = user_keys.open_with_password(blob, password)
    if user_keys.needs_password_upgrade(blob):
        upgraded = user_keys.seal_with_password(private, password)
        with transaction.atomic():
            UserKey.objects.filter(pk=user_key.pk, private_sealed_password=blob).update(
                private_sealed_password=upgraded, updated_at=timezone.now()
            )
    return private


def change_password(user, old_password: str, new_password: str) -> None:
    """Change the Django password and re-seal the private key under the new one, together.

    Raises `WrongPassword` if `old_password` is not the current password, and Django's ValidationError
    if the new one fails the password validators. The recovery key is unchanged."""
    if not user.check_password(old_password):
        raise WrongPassword("current password is wrong")
    password_validation.validate_password(new_password, user)
    user_key = UserKey.objects.filter(user=user).first()
    resealed = None
    if user_key is not None:
        old_blob = bytes(user_key.private_sealed_password)
        resealed = user_keys.seal_with_password(
            user_keys.open_with_password(old_blob, old_password), new_password
        )
    with transaction.atomic():
        if user_key is not None:
            # Compare-and-swap: a concurrent change that re-sealed first wins, this one fails cleanly.
            updated = UserKey.objects.filter(pk=user_key.pk, private_sealed_password=old_blob).update(
                private_sealed_password=resealed, updated_at=timezone.now()
            )
            if updated != 1:
                raise CaseworkError("the key changed meanwhile; try again")
        user.set_password(new_password)
        user.save(update_fields=["password"])


def recover_with_recovery_key(user, recovery_code: str, new_password: str) -> str:
    """After a forgotten password: open the private key with the printed recovery key, set `new_password`
    (Django password and key seal) and issue a NEW recovery key, returned formatted for printing.

    The used recovery key stops working: it has just been typed somewhere and may have been seen.
    Raises `user_keys.InvalidRecoveryKey` (mistyped), `user_keys.WrongRecoveryKey`, `NoUserKey`, or Django's
    ValidationError for a weak password. The caller rate-limits attempts and still asks for the second
    factor at sign-in."""
    user_key = _user_key(user)
    private = user_keys.open_with_recovery_code(
        bytes(user_key.private_sealed_recovery), recovery_code, user_key_id=user_key.key_id
    )
    user_keys.check_keypair(private, bytes(user_key.public_key))
    password_validation.validate_password(new_password, user)
    new_code = user_keys.new_recovery_code()
    sealed_password = user_keys.seal_with_password(private, new_password)
    sealed_recovery = user_keys.seal_with_recovery_code(private, new_code, user_key_id=user_key.key_id)
    with transaction.atomic():
        UserKey.objects.filter(pk=user_key.pk).update(
            private_sealed_password=sealed_password,
            private_sealed_recovery=sealed_recovery,
            recovery_issued_at=timezone.now(),
            updated_at=timezone.now(),
        )
        user.set_password(new_password)
        user.save(update_fields=["password"])
    return user_keys.format_recovery_code(new_code)


# --- Session unlock -----------------------------------------------------------------------------------


def unlock_into_session(request, user, password: str) -> bool:
    """Called by the staff login view right after a successful sign-in, with the password just checked.

    First sign-in: creates the user's key and keeps the new recovery key (sealed) for the enrolment page
    to show once. Later sign-ins: opens the key. Either way the private key goes into the session sealed
    under a fresh cookie-only key (casework.session). Returns False, and marks the session locked, when
    the password does not open the key (the password was reset outside the app: the recovery key is
    then needed); sign-in itself is not refused for that."""
    if not UserKey.objects.filter(user=user).exists():
        try:
            recovery_code, private = _store_new_user_key(user, password)
        except UserKeyExists:  # a second sign-in raced this one and created it: open theirs
            return unlock_into_session(request, user, password)
        key_session.store_private_key(request, user, private)
        key_session.stash_recovery_code(request, recovery_code)
        return True
    try:
        private = unlock_user_key(user, password)
    except WrongPassword:
        key_session.mark_locked(request)
        return False
    key_session.store_private_key(request, user, private)
    return True


# --- Organisation keys --------------------------------------------------------------------------------


def _require_casework_member(
    user, organisation: Organisation, membership: Membership | None = None
) -> Membership:
    """`user`'s casework membership of `organisation`, or `AccessDenied`. `membership`, when given, is one
    the caller has just read for this user (the request's): it is used, instead of reading it again, only
    if it is this user's membership of this organisation."""
    if membership is None or membership.user_id != user.pk or membership.organisation_id != organisation.pk:
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None or membership.role not in CASEWORK_ROLES:
        raise AccessDenied("not a caseworker of this organisation")
    return membership


def _organisation_public_key(organisation: Organisation) -> bytes:
    if not organisation.public_key or not organisation.key_id:
        raise AccessDenied(f"{organisation} has no key yet: run the key ceremony")
    return bytes(organisation.public_key)


def organisation_private_key(
    user, user_private: bytes, organisation: Organisation, *, membership: Membership | None = None
) -> bytes:
    """The organisation's private key, opened from `user`'s grant with their unlocked private key.
    Raises `AccessDenied` without a current membership and grant (read-only; used by every case read).
    `membership`: the user's membership as already read in this request, if any (see
    `_require_casework_member`)."""
    _require_casework_member(user, organisation, membership)
    grant = OrganisationKeyGrant.objects.filter(organisation=organisation, user=user).first()
    return _open_grant(grant, organisation, user_private)


def _open_grant(grant: OrganisationKeyGrant | None, organisation: Organisation, user_private: bytes) -> bytes:
    if grant is None or grant.org_key_id != organisation.key_id:
        raise AccessDenied("no key grant for this organisation")
    try:
        return envelope.unwrap_key(
            bytes(grant.wrapped_private_key),
            user_private,
            context=contexts.organisation_key(grant.org_key_id),
        )
    except envelope.DecryptionError:
        raise AccessDenied("this key does not open the grant") from None


def session_organisation_key(request, organisation: Organisation) -> bytes:
    """The organisation's private key for the signed-in user of `request`, or `AccessDenied`."""
    private = key_session.private_key(request)
    if private is None:
        raise AccessDenied("the session is locked: sign in again")
    return organisation_private_key(
        request.user, private, organisation, membership=getattr(request, "membership", None)
    )


def session_report_data_key(request, organisation: Organisation, report: Report) -> bytes:
    """`report_data_key` through `session_organisation_key`, reading the grant and the report's wrap in
    one query (the case page). Same checks, same `AccessDenied`."""
    private = key_session.private_key(request)
    if private is None:
        raise AccessDenied("the session is locked: sign in again")
    user = request.user
    _require_casework_member(user, organisation, getattr(request, "membership", None))
    # At most one row each (unique constraints); order_by() drops the models' default orderings, which
    # would join the report and the organisation just to sort.
    wrap = KeyWrap.objects.filter(report_id=report.id, recipient_key_id=organisation.key_id).order_by()
    grant = (
        OrganisationKeyGrant.objects.filter(organisation=organisation, user=user)
        .order_by()
        .annotate(report_wrapped_dek=Subquery(wrap.values("wrapped_dek")[:1]))
        .first()
    )
    org_private = _open_grant(grant, organisation, private)
    return _open_wrap(grant.report_wrapped_dek, report, organisation, org_private)


def _write_grant(organisation: Organisation, org_private: bytes, member, granted_by) -> OrganisationKeyGrant:
    _require_casework_member(member, organisation)
    member_key = _user_key(member)
    wrapped = envelope.wrap_key(
        org_private, bytes(member_key.public_key), context=contexts.organisation_key(organisation.key_id)
    )
    grant, _ = OrganisationKeyGrant.objects.update_or_create(
        organisation=organisation,
        user=member,
        defaults={
            "org_key_id": organisation.key_id,
            "user_key_id": member_key.key_id,
            "wrapped_private_key": wrapped,
            "granted_by": granted_by,
        },
    )
    return grant


@transaction.atomic
def bootstrap_organisation_access(
    organisation: Organisation, org_private: bytes, user
) -> OrganisationKeyGrant:
    """Give `user` (a caseworker member with a key) the organisation key straight from the private key file
    the key ceremony wrote. After the first grant, members grant each other (grant_organisation_access)
    and the file can go to offline storage."""
    user_keys.check_keypair(org_private, _organisation_public_key(organisation))
    return _write_grant(organisation, org_private, user, granted_by=None)


@transaction.atomic
def grant_organisation_access(
    granting_user_private: bytes, organisation: Organisation, new_member, *, granted_by
) -> OrganisationKeyGrant:
    """An existing member (`granted_by`, whose unlocked private key is `granting_user_private`) opens the
    organisation key from their own grant and wraps it to `new_member`'s public key. The new member must
    already hold a casework membership and a user key (they get one at first sign-in)."""
    _organisation_public_key(organisation)
    org_private = organisation_private_key(granted_by, granting_user_private, organisation)
    return _write_grant(organisation, org_private, new_member, granted_by=granted_by)


@transaction.atomic
def revoke_organisation_access(organisation: Organisation, member) -> bool:
    """Drop `member`'s wrap of the organisation key: from now on their password opens nothing of this
    organisation's. Returns whether there was a grant.

    This is not the complete answer for a hostile ex-member: while they held the grant they could read
    the organisation's private key (and a backup still holds their old wrap). Only a key rotation closes
    that: a new organisation keypair, every report DEK re-wrapped to it, grants re-issued to the remaining
    members. Rotation is left for later; until then, revoke and rotate by key ceremony."""
    deleted, _ = OrganisationKeyGrant.objects.filter(organisation=organisation, user=member).delete()
    return bool(deleted)


# --- Cases --------------------------------------------------------------------------------------------


def report_data_key(report: Report, organisation: Organisation, org_private: bytes) -> bytes:
    """The report's DEK through the organisation's wrap, or `AccessDenied` (read-only)."""
    wrap = KeyWrap.objects.filter(report=report, recipient_key_id=organisation.key_id).first()
    return _open_wrap(wrap.wrapped_dek if wrap is not None else None, report, organisation, org_private)


def _open_wrap(wrapped_dek, report: Report, organisation: Organisation, org_private: bytes) -> bytes:
    if wrapped_dek is None or not organisation.key_id:
        raise AccessDenied("the report is not wrapped to this organisation")
    try:
        return recipients.open_report_key(wrapped_dek, org_private, report.id)
    except envelope.DecryptionError:
        raise AccessDenied("this key does not open the report") from None


open_note = recipients.open_case_note


def _require_case_access(case: Case, organisation: Organisation, by) -> None:
    _require_casework_member(by, organisation)
    if organisation.kind == Organisation.Kind.OFFICE or case.assigned_organisation_id == organisation.id:
        return
    if case.referrals.filter(to_organisation=organisation, status=Referral.Status.PENDING).exists():
        return
    raise AccessDenied("this case is not this organisation's")


def _move(case: Case, status: str) -> None:
    if case.status != status and not case.can_move_to(status):
        raise InvalidTransition(f"{case.status} -> {status}")
    case.status = status


def _locked(case: Case) -> Case:
    # Lock the report too: timeline events take the next seq under the report's row lock.
    Report.objects.select_for_update().only("id").get(pk=case.report_id)
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def open_case_for_report(report: Report) -> Case:
    """The case for a report, created on first call (idempotent: safe from a task delivered twice).
    The acknowledgement deadline counts from the (hour-rounded) reception time."""
    case = Case.objects.filter(report=report).first()
    if case is not None:
        return case
    report = Report.objects.select_for_update().get(pk=report.pk)
    case, _ = Case.objects.get_or_create(
        report=report,
        defaults={
            "status": Case.Status.TRIAGED if report.status == Report.Status.TRIAGED else Case.Status.NEW,
            "urgent": report.urgent,
            "ack_due_at": Case.ack_deadline(report.received_at),
        },
    )
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
    target_public = _organisation_public_key(to_organisation)
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
    return referral


def _answer(referral: Referral, by, status: str) -> Referral:
    _require_casework_member(by, referral.to_organisation)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.PENDING:
        raise InvalidTransition(f"referral already {referral.status}")
    referral.status = status
    referral.answered_at = timezone.now()
    referral.answered_by = by
    referral.save(update_fields=["status", "answered_at", "answered_by", "updated_at"])
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
            note, report_data_key(case.report, organisation, org_private), "case-action", action_id
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
    return case
