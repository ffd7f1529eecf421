"""Organisations and the people in them (issue 16): create a partner organisation with its keypair, invite
a member by a single-use code, redeem it, grant the organisation key, revoke a member and rotate the key,
recover a forgotten password, reset a lost second factor.

Every write is one function here, inside `transaction.atomic`, with its own audit entry in the same
transaction; views (casework.views_members), commands and the rotation task call them.

Keys (DESIGN §4):
- a new organisation's private key exists only wrapped: to the office's public key (custody,
  `OrganisationKeyCustody`), so creating one needs no private key at all; an office member opens it
  through the office key to grant it to the organisation's first member;
- an invitation stores only a hash of its code. The first office admin's invitation also carries the
  office private key sealed under a key derived from the code (`bootstrap_sealed`), erased on redemption;
- revoking a member drops their grant and sessions and starts a `KeyRotation`: a new keypair, the
  remaining members and the custodian re-granted at once, and every report wrap of the old key re-wrapped
  to the new one by `casework.rotate_key`, in batches. Meanwhile the old private key is kept twice, both
  erased at the end: sealed under a key that lives only in the cache (for the task), and wrapped to the new
  public key (so any holder of the new key can resume a rotation whose cache entry was lost).

Argon2id (a few hundred ms) runs before a transaction opens, never inside one. Nothing here logs.
"""

import hashlib
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django_otp import devices_for_user

from observatory.accounts import keys as system_keys
from observatory.accounts.models import Membership, Organisation
from observatory.audit import actions as audit
from observatory.audit.models import AuditAction
from observatory.casework.errors import AccessDenied, CaseworkError
from observatory.casework.models import (
    Invitation,
    KeyRotation,
    OrganisationKeyCustody,
    OrganisationKeyGrant,
    UserKey,
)
from observatory.casework.staff import keyring
from observatory.crypto import contexts, envelope, receipts, recipients, user_keys
from reports_intake.models import KeyWrap

INVITATION_DATA_CHARS = 26  # 130 bits, as a reporter's receipt
INVITATION_DAYS = 7
ROTATION_BATCH = 200
ROTATION_CACHE_KEY = "casework:rotation-key:{}"
ROTATION_CACHE_SECONDS = 14 * 24 * 3600
_PART_LENGTH = struct.Struct(">H")

# What each kind of organisation may invite.
INVITABLE_ROLES = {
    Organisation.Kind.OFFICE: (
        Membership.Role.OFFICE_CASEWORKER,
        Membership.Role.ORG_ADMIN,
        Membership.Role.ANALYST,
        Membership.Role.PUBLISHER,
    ),
    Organisation.Kind.CSO: (Membership.Role.CSO_CASEWORKER, Membership.Role.ORG_ADMIN),
}


class InvalidInvitation(CaseworkError):
    """Unknown, used or expired code. One answer for all three, so codes cannot be probed."""


def _audited(by, obj, organisation, action: str = AuditAction.CHANGED) -> None:
    audit.record(by, action, obj, organisation)


# --- Who may do what -----------------------------------------------------------------------------------


def is_office_admin(user) -> bool:
    return Membership.objects.filter(
        user=user, role=Membership.Role.ORG_ADMIN, organisation__kind=Organisation.Kind.OFFICE
    ).exists()


def can_administer(user, organisation: Organisation) -> bool:
    """The office's admins administer every organisation; an organisation's own admins, theirs."""
    return (
        is_office_admin(user)
        or Membership.objects.filter(
            user=user, organisation=organisation, role=Membership.Role.ORG_ADMIN
        ).exists()
    )


def _require_admin(by, organisation: Organisation) -> None:
    if by is not None and not can_administer(by, organisation):
        raise AccessDenied("not an administrator of this organisation")


def administered_organisations(user):
    if is_office_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ORG_ADMIN
    ).distinct()


# --- Organisation keys: whose, and through what --------------------------------------------------------


def office() -> Organisation | None:
    """The office that holds custody of partner keys (the first with a key, in a one-office deployment)."""
    return Organisation.objects.filter(kind=Organisation.Kind.OFFICE, public_key__isnull=False).first()


def organisation_key_for(user, user_private: bytes, organisation: Organisation) -> bytes:
    """`organisation`'s private key for `user`: from their own grant, or, for an office member, from the
    office's custody of a partner's key. `AccessDenied` otherwise."""
    grant = OrganisationKeyGrant.objects.filter(organisation=organisation, user=user).first()
    if grant is not None and grant.org_key_id == organisation.key_id:
        return keyring.organisation_private_key(user, user_private, organisation)
    custody = (
        OrganisationKeyCustody.objects.filter(organisation=organisation, org_key_id=organisation.key_id)
        .select_related("custodian")
        .first()
    )
    if custody is None:
        raise AccessDenied("you hold no key of this organisation")
    custodian_private = keyring.organisation_private_key(user, user_private, custody.custodian)
    return _open_custody(custody, custodian_private)


def _open_custody(custody: OrganisationKeyCustody, custodian_private: bytes) -> bytes:
    if custody.custodian_key_id != custody.custodian.key_id:
        raise AccessDenied("the custody wrap is stale")
    return keyring.open_organisation_key(
        custody.wrapped_private_key, custodian_private, custody.org_key_id, "the custody wrap does not open"
    )


def key_from_custody(organisation: Organisation, custodian_private: bytes) -> bytes:
    """A partner's private key through the office's custody, for whoever holds the office key itself
    (the demo, from its key file)."""
    custody = OrganisationKeyCustody.objects.select_related("custodian").get(
        organisation=organisation, org_key_id=organisation.key_id
    )
    return _open_custody(custody, custodian_private)


def holds_key(user, user_private: bytes | None, organisation: Organisation) -> bool:
    if user_private is None:
        return False
    try:
        organisation_key_for(user, user_private, organisation)
    except AccessDenied:
        return False
    return True


def _write_custody(organisation: Organisation, org_private: bytes, custodian: Organisation | None) -> None:
    if custodian is None or custodian.pk == organisation.pk:
        return
    wrapped = envelope.wrap_key(
        org_private,
        keyring.organisation_public_key(custodian),
        context=contexts.organisation_key(organisation.key_id),
    )
    OrganisationKeyCustody.objects.update_or_create(
        organisation=organisation,
        custodian=custodian,
        defaults={
            "org_key_id": organisation.key_id,
            "custodian_key_id": custodian.key_id,
            "wrapped_private_key": wrapped,
        },
    )


# --- Organisations -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationProfile:
    name: str
    contact: str = ""
    grounds: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(profile: OrganisationProfile, *, by, slug: str = "") -> Organisation:
    """A partner organisation with a fresh keypair. Its private key is wrapped to the office (custody)
    and then forgotten: this needs public keys only, so a command can run it as well as an admin.
    `by` None: a management command (the operator)."""
    if by is not None and not is_office_admin(by):
        raise AccessDenied("only the office's administrators create organisations")
    custodian = office()
    if custodian is None:
        raise CaseworkError("the office has no key yet: run `manage.py create_first_admin` first")
    pair = envelope.generate_keypair()
    organisation = Organisation.objects.create(
        name=profile.name.strip(),
        slug=slug or _unique_slug(profile.name),
        kind=Organisation.Kind.CSO,
        contact=profile.contact.strip(),
        grounds=list(profile.grounds),
        services=list(profile.services),
        languages=list(profile.languages),
        public_key=pair.public,
        key_id=envelope.key_id(pair.public),
    )
    _write_custody(organisation, pair.private, custodian)
    _audited(by, organisation, organisation)
    return organisation


# --- Invitations ---------------------------------------------------------------------------------------


def invitation_hash(code: str) -> str:
    canonical = receipts.normalise_code(code, INVITATION_DATA_CHARS + 1)
    return hashlib.sha256(contexts.INVITATION_LOOKUP + canonical.encode()).hexdigest()


def _bootstrap_key(code: str) -> bytes:
    canonical = receipts.normalise_code(code, INVITATION_DATA_CHARS + 1)
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=contexts.INVITATION_BOOTSTRAP)
    return hkdf.derive(canonical.encode())


def _bootstrap_context(invitation_id) -> bytes:
    return f"invitation-bootstrap:{invitation_id}".encode()


@transaction.atomic
def invite_member(
    organisation: Organisation,
    role: str,
    *,
    by,
    days: int = INVITATION_DAYS,
    org_private: bytes | None = None,
) -> tuple[Invitation, str]:
    """A single-use enrolment code for a new member of `organisation` in `role`. Returns the invitation
    and the code, formatted for reading out; the code is shown once and only its hash is stored.

    `org_private` (the first office admin only, from create_first_admin): sealed into the invitation under
    a key derived from the code, and granted to whoever redeems it."""
    _require_admin(by, organisation)
    if role not in INVITABLE_ROLES[organisation.kind]:
        raise CaseworkError(f"{role} is not a role of this kind of organisation")
    code = receipts.new_code(INVITATION_DATA_CHARS)
    invitation = Invitation(
        organisation=organisation,
        role=role,
        token_hash=invitation_hash(code),
        invited_by=by,
        expires_at=timezone.now() + timezone.timedelta(days=days),
    )
    if org_private is not None:
        user_keys.check_keypair(org_private, keyring.organisation_public_key(organisation))
        invitation.bootstrap_sealed = envelope.seal_with_key(
            org_private, _bootstrap_key(code), context=_bootstrap_context(invitation.id)
        )
    invitation.save()
    _audited(by, invitation, organisation)
    return invitation, receipts.format_code(code)


def usable_invitation(code: str) -> Invitation | None:
    try:
        token_hash = invitation_hash(code)
    except receipts.InvalidReceipt:
        return None
    invitation = Invitation.objects.filter(token_hash=token_hash).select_related("organisation").first()
    return invitation if invitation is not None and invitation.is_usable() else None


@dataclass(frozen=True)
class Enrolment:
    user: object
    membership: Membership
    recovery_code: str  # formatted for printing; shown once
    private_key: bytes  # for this session only


def redeem_invitation(code: str, *, username: str, password: str) -> Enrolment:
    """Create the invited member: Django user, membership, user key sealed under `password`; the code is
    spent. The second factor is enrolled next, at the first sign-in (casework.staff.enrolment).

    Raises InvalidInvitation, or Django's ValidationError for a taken user name or a weak password."""
    User = get_user_model()
    if usable_invitation(code) is None:
        raise InvalidInvitation("unknown, used or expired")
    username = User.normalize_username(username.strip())
    try:
        User._meta.get_field("username").run_validators(username)  # letters, digits and @.+-_ only
    except ValidationError:
        raise ValidationError("not a valid user name", code="username_invalid") from None
    if not username or User.objects.filter(username__iexact=username).exists():
        raise ValidationError("that user name is taken", code="username_taken")
    password_validation.validate_password(password, User(username=username))
    sealed, recovery_code, private = user_keys.new_user_key(password)  # Argon2id: outside the transaction
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token_hash=invitation_hash(code)).first()
        if invitation is None or not invitation.is_usable():
            raise InvalidInvitation("unknown, used or expired")
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("that user name is taken", code="username_taken")
        user = User.objects.create_user(username, password=password, is_staff=True)
        organisation = invitation.organisation
        membership = Membership.objects.create(user=user, organisation=organisation, role=invitation.role)
        UserKey.objects.create(
            user=user,
            public_key=sealed.public,
            key_id=sealed.key_id,
            private_sealed_password=sealed.private_sealed_password,
            private_sealed_recovery=sealed.private_sealed_recovery,
        )
        if invitation.bootstrap_sealed:
            org_private = envelope.open_with_key(
                bytes(invitation.bootstrap_sealed),
                _bootstrap_key(code),
                context=_bootstrap_context(invitation.id),
            )
            keyring.bootstrap_organisation_access(organisation, org_private, user)
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.bootstrap_sealed = None
        invitation.save(update_fields=["used_at", "used_by", "bootstrap_sealed", "updated_at"])
        _audited(user, invitation, organisation)
    return Enrolment(user, membership, user_keys.format_recovery_code(recovery_code), private)


@transaction.atomic
def withdraw_invitation(invitation: Invitation, *, by) -> None:
    _require_admin(by, invitation.organisation)
    Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        expires_at=timezone.now(), bootstrap_sealed=None, updated_at=timezone.now()
    )
    _audited(by, invitation, invitation.organisation)


# --- Grants ----------------------------------------------------------------------------------------------


def pending_grants(organisation: Organisation):
    """Casework members with a user key but no current grant of the organisation key: they are waiting
    for a member who holds it to sign in and grant it."""
    current = OrganisationKeyGrant.objects.filter(
        organisation=organisation,
        user=OuterRef("user"),
        org_key_id=organisation.key_id,
        user_key_id=F("user__casework_key__key_id"),
    )
    return (
        Membership.objects.filter(organisation=organisation, role__in=keyring.CASEWORK_ROLES)
        .filter(user__casework_key__isnull=False)
        .exclude(Exists(current))
        .select_related("user")
        .order_by("created_at")
    )


@transaction.atomic
def grant_access(organisation: Organisation, member, *, by, org_private: bytes) -> OrganisationKeyGrant:
    """Wrap the organisation key (opened by `by` through `organisation_key_for`) to `member`'s user key."""
    user_keys.check_keypair(org_private, keyring.organisation_public_key(organisation))
    grant = keyring._write_grant(organisation, org_private, member, granted_by=by)
    _audited(by, grant, organisation)
    return grant


# --- Leaving: sessions, second factor, revocation ----------------------------------------------------


def end_sessions(user) -> int:
    """Delete every session signed in as `user` (the table keeps hashed ids, so this decodes each live
    one; a few thousand rows at most). Their saved cookies then open nothing."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def reset_second_factor(member, *, by) -> None:
    """Another admin clears `member`'s authenticator and backup codes after a lost phone: their next
    sign-in is by password alone and leads to enrolment again. Their sessions end."""
    organisations = [
        m.organisation for m in Membership.objects.filter(user=member).select_related("organisation")
    ]
    if by is not None:
        if by.pk == member.pk:
            raise AccessDenied("another administrator must reset your second factor")
        if not any(can_administer(by, org) for org in organisations):
            raise AccessDenied("not an administrator of this member's organisation")
    for device in list(devices_for_user(member, confirmed=None)):
        device.delete()
    end_sessions(member)
    _audited(by, ("auth.user-second-factor", member.pk), organisations[0] if organisations else None)


@transaction.atomic
def revoke_member(organisation: Organisation, member, *, by, org_private: bytes | None) -> KeyRotation | None:
    """`member` leaves `organisation`: membership and grant dropped, sessions ended, and, if the
    organisation has a key, a rotation started (returned). `org_private`: the organisation's current
    private key, opened by `by`; required when there is a key to rotate."""
    _require_admin(by, organisation)
    if by is not None and by.pk == member.pk:
        raise AccessDenied("you cannot revoke yourself")
    membership = Membership.objects.filter(user=member, organisation=organisation).first()
    if membership is None:
        raise CaseworkError("not a member of this organisation")
    rotation = None
    if organisation.key_id:
        if org_private is None:
            raise AccessDenied("revoking needs the organisation key, to rotate it")
        rotation = _start_rotation(organisation, org_private, by=by, leaving=member)
    ref = ("accounts.membership", str(membership.pk))
    membership.delete()  # the grant goes with it (casework.staff.signals)
    OrganisationKeyGrant.objects.filter(organisation=organisation, user=member).delete()
    end_sessions(member)
    _audited(by, ref, organisation)
    return rotation


# --- Key rotation ------------------------------------------------------------------------------------------


def _pack(*parts: bytes) -> bytes:
    return b"".join(_PART_LENGTH.pack(len(part)) + part for part in parts)


def _unpack(blob: bytes) -> list[bytes]:
    blob, parts, offset = bytes(blob), [], 0
    while offset < len(blob):
        (length,) = _PART_LENGTH.unpack_from(blob, offset)
        offset += _PART_LENGTH.size
        parts.append(blob[offset : offset + length])
        offset += length
    return parts


def _seal_old_key(rotation: KeyRotation, old_private: bytes, new_public: bytes) -> bytes:
    """The old private key, twice: under a fresh key put in the cache only (for the task), and wrapped to
    the new public key (for a member who resumes after the cache lost it)."""
    cache_key = envelope.new_data_key()
    cache.set(ROTATION_CACHE_KEY.format(rotation.pk), cache_key.hex(), ROTATION_CACHE_SECONDS)
    for_task = envelope.seal_with_key(old_private, cache_key, context=contexts.rotation_cache(rotation.pk))
    handover = envelope.wrap_key(
        old_private, new_public, context=contexts.rotation_handover(rotation.old_key_id)
    )
    return _pack(for_task, handover)


def _old_key_from_cache(rotation: KeyRotation) -> bytes | None:
    hex_key = cache.get(ROTATION_CACHE_KEY.format(rotation.pk))
    if not hex_key or not rotation.old_private_sealed:
        return None
    for_task = _unpack(rotation.old_private_sealed)[0]
    try:
        return envelope.open_with_key(
            for_task, bytes.fromhex(hex_key), context=contexts.rotation_cache(rotation.pk)
        )
    except (envelope.EnvelopeError, ValueError):
        return None


def _old_key_from_handover(rotation: KeyRotation, new_private: bytes) -> bytes:
    handover = _unpack(rotation.old_private_sealed)[1]
    try:
        return envelope.unwrap_key(
            handover, new_private, context=contexts.rotation_handover(rotation.old_key_id)
        )
    except envelope.DecryptionError:
        raise AccessDenied("this key does not open the rotation") from None


def _start_rotation(organisation: Organisation, old_private: bytes, *, by, leaving) -> KeyRotation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    user_keys.check_keypair(old_private, keyring.organisation_public_key(organisation))
    pair = envelope.generate_keypair()
    old_key_id, new_key_id = organisation.key_id, envelope.key_id(pair.public)
    # Rotations still running hand their own old key over to the new key too, so that a holder of the
    # new key can still finish them (their task wraps to whatever key is current when a batch runs).
    for running in KeyRotation.objects.select_for_update().filter(
        organisation=organisation, status__in=[KeyRotation.Status.RUNNING, KeyRotation.Status.STALLED]
    ):
        earlier_old = _old_key_from_handover(running, old_private)
        running.old_private_sealed = _seal_old_key(running, earlier_old, pair.public)
        running.new_key_id = new_key_id
        running.save(update_fields=["old_private_sealed", "new_key_id", "updated_at"])
    organisation.public_key = pair.public
    organisation.key_id = new_key_id
    organisation.save(update_fields=["public_key", "key_id", "updated_at"])
    # Everyone who held the old key and stays gets the new one now; members still waiting stay waiting.
    holders = OrganisationKeyGrant.objects.filter(organisation=organisation, org_key_id=old_key_id).exclude(
        user=leaving
    )
    for grant in holders.select_related("user"):
        keyring._write_grant(organisation, pair.private, grant.user, granted_by=by)
    OrganisationKeyGrant.objects.filter(organisation=organisation).exclude(org_key_id=new_key_id).delete()
    for custody in OrganisationKeyCustody.objects.filter(organisation=organisation).select_related(
        "custodian"
    ):
        _write_custody(organisation, pair.private, custody.custodian)
    # The office holds custody of partner keys: those wraps move to the office's new key now.
    for custody in OrganisationKeyCustody.objects.select_for_update().filter(custodian=organisation):
        context = contexts.organisation_key(custody.org_key_id)
        partner_private = envelope.unwrap_key(
            bytes(custody.wrapped_private_key), old_private, context=context
        )
        custody.wrapped_private_key = envelope.wrap_key(partner_private, pair.public, context=context)
        custody.custodian_key_id = new_key_id
        custody.save(update_fields=["wrapped_private_key", "custodian_key_id", "updated_at"])
    rotation = KeyRotation(
        organisation=organisation,
        old_key_id=old_key_id,
        new_key_id=new_key_id,
        total=KeyWrap.objects.filter(recipient_key_id=old_key_id).count(),
        started_by=by,
    )
    rotation.old_private_sealed = _seal_old_key(rotation, old_private, pair.public)
    rotation.save()
    if organisation.kind == Organisation.Kind.OFFICE:
        system_keys.clear_cache()
    _audited(by, rotation, organisation)
    transaction.on_commit(lambda: _enqueue(rotation.pk))
    return rotation


def _enqueue(rotation_id, countdown: int = 0) -> None:
    from observatory.casework.tasks import rotate_key

    rotate_key.apply_async(args=[str(rotation_id)], countdown=countdown)


def rotate_batch(rotation_id, batch_size: int = ROTATION_BATCH) -> str:
    """Re-wrap up to `batch_size` report wraps of a rotation's old key to the organisation's current key,
    in one transaction. Returns "more", "done", "stalled" or "wait" (an earlier rotation of the same
    organisation must finish first, or new reports may still reach an office's old key).

    Safe to run twice and from two workers: rows are taken with SKIP LOCKED and counted as moved."""
    with transaction.atomic():
        rotation = KeyRotation.objects.select_for_update().filter(pk=rotation_id).first()
        if rotation is None or rotation.status == KeyRotation.Status.DONE:
            return "done"
        organisation = Organisation.objects.select_for_update().get(pk=rotation.organisation_id)
        old_private = _old_key_from_cache(rotation)
        if old_private is None:
            if rotation.status != KeyRotation.Status.STALLED:
                rotation.status = KeyRotation.Status.STALLED
                rotation.save(update_fields=["status", "updated_at"])
            return "stalled"
        new_public, new_key_id = bytes(organisation.public_key), organisation.key_id
        old_wraps = KeyWrap.objects.filter(recipient_key_id=rotation.old_key_id)
        # A report that already has a wrap to the new key (a referral meanwhile) needs no second one.
        old_wraps.filter(
            Exists(KeyWrap.objects.filter(report_id=OuterRef("report_id"), recipient_key_id=new_key_id))
        ).delete()
        batch = list(old_wraps.order_by("report_id").select_for_update(skip_locked=True)[:batch_size])
        for wrap in batch:
            wrap.wrapped_dek = recipients.rewrap_report_key(
                wrap.wrapped_dek, old_private, new_public, wrap.report_id
            )
            wrap.recipient_key_id = new_key_id
            wrap.suite = new_public[0]
        KeyWrap.objects.bulk_update(batch, ["wrapped_dek", "recipient_key_id", "suite"])
        remaining = old_wraps.exists()
        rotation.done = min(rotation.total, rotation.done + len(batch)) if rotation.total else 0
        if remaining:
            rotation.status = KeyRotation.Status.RUNNING
            rotation.save(update_fields=["done", "status", "updated_at"])
            return "more"
        earlier = KeyRotation.objects.filter(
            organisation=organisation, created_at__lt=rotation.created_at
        ).exclude(status=KeyRotation.Status.DONE)
        office_grace = (
            organisation.kind == Organisation.Kind.OFFICE
            and not settings.CELERY_TASK_ALWAYS_EAGER  # one process (the demo): its cache was cleared
            and (timezone.now() - rotation.created_at).total_seconds() < system_keys.CACHE_SECONDS + 5
        )
        if earlier.exists() or office_grace:
            # Web processes cache the office's public key for a minute: reports submitted meanwhile
            # may still be wrapped to the old one, so the office's rotation ends only after that.
            rotation.save(update_fields=["done", "updated_at"])
            return "wait"
        rotation.done = rotation.total
        rotation.status = KeyRotation.Status.DONE
        rotation.finished_at = timezone.now()
        rotation.old_private_sealed = None  # the old key is destroyed: nothing holds it any more
        rotation.save(update_fields=["done", "status", "finished_at", "old_private_sealed", "updated_at"])
        _audited(None, rotation, organisation)
        # Now, not on commit: if this transaction rolled back, the rotation would stall and be resumed
        # from the handover wrap, which is what an unreadable cache entry leads to anyway.
        cache.delete(ROTATION_CACHE_KEY.format(rotation.pk))
    return "done"


@transaction.atomic
def resume_rotation(rotation: KeyRotation, *, by, org_private: bytes) -> KeyRotation:
    """A stalled rotation (its cache entry lost): a holder of the organisation's current key opens the
    old key from the handover wrap, seals it for the task again and restarts it."""
    rotation = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
    if rotation.status == KeyRotation.Status.DONE:
        return rotation
    organisation = rotation.organisation
    if (
        not can_administer(by, organisation)
        and not Membership.objects.filter(
            user=by, organisation=organisation, role__in=keyring.CASEWORK_ROLES
        ).exists()
    ):
        raise AccessDenied("not a member of this organisation")
    user_keys.check_keypair(org_private, keyring.organisation_public_key(organisation))
    old_private = _old_key_from_handover(rotation, org_private)
    rotation.old_private_sealed = _seal_old_key(rotation, old_private, bytes(organisation.public_key))
    rotation.status = KeyRotation.Status.RUNNING
    rotation.save(update_fields=["old_private_sealed", "status", "updated_at"])
    _audited(by, rotation, organisation)
    transaction.on_commit(lambda: _enqueue(rotation.pk))
    return rotation


# --- Passwords ---------------------------------------------------------------------------------------------


def recover_password(username: str, recovery_code: str, new_password: str) -> str:
    """A forgotten password: the printed recovery key opens the user key, which is sealed under
    `new_password`; returns the NEW recovery key (the old one stops working). Raises
    user_keys.InvalidRecoveryKey / WrongRecoveryKey (also for an unknown user name: one answer), or
    Django's ValidationError for a weak password. The second factor is still asked at sign-in."""
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None or not UserKey.objects.filter(user=user).exists():
        user_keys.normalise_recovery_code(recovery_code)  # a mistyped key says so either way
        raise user_keys.WrongRecoveryKey("cannot open")
    new_code = keyring.recover_with_recovery_key(user, recovery_code, new_password)
    with transaction.atomic():
        end_sessions(user)
        _audited(user, ("auth.user-password", user.pk), None)
    return new_code


def change_password(user, old_password: str, new_password: str) -> None:
    """The Django password and the seal of the user key change together (keyring.change_password)."""
    keyring.change_password(user, old_password, new_password)
    with transaction.atomic():
        _audited(user, ("auth.user-password", user.pk), None)


# --- First start -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstStart:
    office: Organisation
    invitation: Invitation
    code: str
    office_key: envelope.KeyPair


def create_first_admin(office_name: str, *, triage_key=None, office_key=None, days: int = 2) -> FirstStart:
    """A new deployment's office and its keypair, the active triage key (`triage_key`, a KeyPair whose
    private half the caller has written for the triage worker), and an invitation for the first office
    admin, who receives the office key when redeeming it. `office_key`: reuse a keypair from an earlier
    key ceremony. Refuses when an office admin exists already."""
    if Membership.objects.filter(
        role=Membership.Role.ORG_ADMIN, organisation__kind=Organisation.Kind.OFFICE
    ).exists():
        raise CaseworkError("an office administrator exists already: they invite everyone else")
    with transaction.atomic():
        office_org = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
        if office_org is None:
            office_org = Organisation.objects.create(
                name=office_name, slug=_unique_slug(office_name), kind=Organisation.Kind.OFFICE
            )
        if office_org.key_id:
            if office_key is None or envelope.key_id(office_key.public) != office_org.key_id:
                raise CaseworkError("the office has a key already: pass its private key file")
            pair = office_key
        else:
            pair = office_key or envelope.generate_keypair()
            if triage_key is None:
                raise CaseworkError("a new office needs a triage key too")
            system_keys.install_keys(office_org, pair, triage_key)
            office_org.refresh_from_db()
        # An earlier first-start invitation not redeemed yet stops working: one carrier of the key at most.
        Invitation.objects.filter(organisation=office_org, bootstrap_sealed__isnull=False).update(
            bootstrap_sealed=None, expires_at=timezone.now(), updated_at=timezone.now()
        )
        invitation, code = invite_member(
            office_org, Membership.Role.ORG_ADMIN, by=None, days=days, org_private=pair.private
        )
    return FirstStart(office_org, invitation, code, pair)


def members_of(organisation: Organisation):
    grants = OrganisationKeyGrant.objects.filter(
        organisation=organisation, user=OuterRef("user"), org_key_id=organisation.key_id
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(holds_grant=Exists(grants))
        .order_by("user__username")
    )


def open_invitations(organisation: Organisation):
    return Invitation.objects.filter(
        organisation=organisation, used_at__isnull=True, expires_at__gt=timezone.now()
    )
