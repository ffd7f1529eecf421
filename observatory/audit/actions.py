"""The one write of the audit log: `record`."""

import uuid

from django.db import models, transaction
from django.utils import timezone

from observatory.audit.models import AuditAction, AuditChainHead, AuditEntry

__all__ = ["AuditAction", "record"]


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        object_type, object_id = obj
        return str(object_type), str(object_id)
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    raise TypeError(f"cannot audit a {type(obj).__name__}: pass a model instance or (type, id)")


def _id(value):
    return getattr(value, "pk", value)


@transaction.atomic
def record(actor, action: str, obj, organisation=None) -> AuditEntry:
    """Append one entry: `actor` (a user or None for the system) did `action` (an AuditAction code) to
    `obj` (a model instance, or a `(type, id)` pair for things that are not rows, such as an export)
    on behalf of `organisation`.

    Called inside the caller's transaction when there is one, so that an action and its audit entry
    commit or roll back together. Writers serialise on the chain head's row lock (held to the end of
    the outermost transaction): keep audited transactions short."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    object_type, object_id = _object_ref(obj)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    organisation_id = _id(organisation)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=_id(actor) if actor is not None and getattr(actor, "is_authenticated", True) else None,
        organisation_id=uuid.UUID(str(organisation_id)) if organisation_id else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        previous_hash=head.entry_hash,
    )
    entry.entry_hash = entry.compute_hash(head.entry_hash)
    entry.save(force_insert=True)
    head.seq, head.entry_hash = entry.seq, entry.entry_hash
    head.save(update_fields=["seq", "entry_hash"])
    return entry
