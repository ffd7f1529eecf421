"""A staff member's keys (DESIGN §4): their user key, the organisation keys granted to them, and the report
data keys these open.

- a user's private key is sealed under their password (Argon2id) and under their recovery key (HKDF)
  (observatory.crypto.user_keys); after login it lives in the split session (`staff.session`);
- an organisation's private key is wrapped to each member's user key (a grant);
- a report's data key is wrapped to each organisation that may read it.

Argon2id takes a few hundred milliseconds, so it runs before a transaction opens, never inside one.
Nothing here logs: every value passing through is either secret or linkable to a report.
"""

from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from observatory.accounts.models import Membership, Organisation
from observatory.casework.errors import AccessDenied, CaseworkError, NoUserKey, UserKeyExists
from observatory.casework.models import OrganisationKeyGrant, UserKey
from observatory.casework.staff import session as key_session
from observatory.crypto import contexts, envelope, recipients, user_keys
from observatory.crypto.envelope import WrongPassword
from reports_intake.models import KeyWrap, Report

# Roles whose work needs report plaintext, and so an organisation key. Analysts and publishers work from
# aggregates only (DESIGN §1) and are never granted one.
CASEWORK_ROLES = frozenset(
    {
        Membership.Role.OFFICE_CASEWORKER,
        Membership.Role.CSO_CASEWORKER,
        Membership.Role.ORG_ADMIN,
    }
)


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


def require_casework_member(
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


def organisation_public_key(organisation: Organisation) -> bytes:
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
    require_casework_member(user, organisation, membership)
    grant = OrganisationKeyGrant.objects.filter(organisation=organisation, user=user).first()
    return _open_grant(grant, organisation, user_private)


def open_organisation_key(wrapped: bytes, private: bytes, org_key_id: str, refusal: str) -> bytes:
    """An organisation's private key from a wrap of it (a member's grant, the office's custody)."""
    try:
        return envelope.unwrap_key(bytes(wrapped), private, context=contexts.organisation_key(org_key_id))
    except envelope.DecryptionError:
        raise AccessDenied(refusal) from None


def _open_grant(grant: OrganisationKeyGrant | None, organisation: Organisation, user_private: bytes) -> bytes:
    if grant is None or grant.org_key_id != organisation.key_id:
        raise AccessDenied("no key grant for this organisation")
    return open_organisation_key(
        grant.wrapped_private_key, user_private, grant.org_key_id, "this key does not open the grant"
    )


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
    require_casework_member(user, organisation, getattr(request, "membership", None))
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
    require_casework_member(member, organisation)
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
    user_keys.check_keypair(org_private, organisation_public_key(organisation))
    return _write_grant(organisation, org_private, user, granted_by=None)


@transaction.atomic
def grant_organisation_access(
    granting_user_private: bytes, organisation: Organisation, new_member, *, granted_by
) -> OrganisationKeyGrant:
    """An existing member (`granted_by`, whose unlocked private key is `granting_user_private`) opens the
    organisation key from their own grant and wraps it to `new_member`'s public key. The new member must
    already hold a casework membership and a user key (they get one at first sign-in)."""
    organisation_public_key(organisation)
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
