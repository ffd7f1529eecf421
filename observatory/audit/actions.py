"""The one write of the audit log: `record`."""

import uuid

from django.db import connection, models, transaction
from django.utils import timezone

from observatory.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEntry

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


_HEAD = AuditChainHead._meta.db_table
_ENTRY = AuditEntry._meta.db_table
_ENTRY_COLUMNS = ("seq", "at", "actor_id", "organisation_id", "action", "object_type", "object_id")
# Move the chain head from (seq, hash) to the new entry and insert the entry, in one statement, only if
# the head is still where the entry was chained from. The UPDATE takes the head's row lock (held to the
# end of the transaction, as before); a writer that chained from a head another writer moved meanwhile
# updates and inserts nothing (READ COMMITTED re-checks the WHERE against the new head) and tries again.
_APPEND_SQL = f"""
WITH head AS (
    UPDATE {_HEAD} SET seq = %s, entry_hash = %s
    WHERE id = 1 AND seq = %s AND entry_hash = %s
    RETURNING id
)
INSERT INTO {_ENTRY} ({", ".join(_ENTRY_COLUMNS)}, previous_hash, entry_hash)
SELECT %s::bigint, %s::timestamptz, %s::bigint, %s::uuid, %s::varchar, %s::varchar, %s::varchar,
    %s::varchar, %s::varchar
FROM head
RETURNING id
"""
_OPTIMISTIC_ATTEMPTS = 3


def _chain(entry: AuditEntry, head_seq: int, head_hash: str) -> None:
    entry.seq = head_seq + 1
    entry.at = timezone.now()  # taken after reading the head: times never go back along the chain
    entry.previous_hash = head_hash
    entry.entry_hash = entry.compute_hash(head_hash)


def _append(entry: AuditEntry, head_seq: int, head_hash: str) -> bool:
    """Chain `entry` after the head read as (head_seq, head_hash) and write it; False if the head moved."""
    _chain(entry, head_seq, head_hash)
    params = [entry.seq, entry.entry_hash, head_seq, head_hash]
    params += [getattr(entry, column) for column in _ENTRY_COLUMNS] + [entry.previous_hash, entry.entry_hash]
    with connection.cursor() as cursor:
        cursor.execute(_APPEND_SQL, params)
        row = cursor.fetchone()
    if row is None:
        return False
    entry.pk = row[0]
    entry._state.adding = False
    return True


def _read_head(lock: bool) -> tuple[int, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, entry_hash FROM {_HEAD} WHERE id = 1" + (" FOR UPDATE" if lock else ""))
        return cursor.fetchone()


def _append_to_chain(entry: AuditEntry) -> AuditEntry:
    # Usually two statements (read the head, then append), each its own transaction outside a caller's.
    for _ in range(_OPTIMISTIC_ATTEMPTS):
        head = _read_head(lock=False)
        if head is None:
            break
        if _append(entry, *head):
            return entry
    # Busy chain (or no head row yet): queue on the head's row lock like any writer would.
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(id=1, defaults={"seq": 0, "entry_hash": GENESIS_HASH})
        head = _read_head(lock=True)
        if not _append(entry, *head):  # cannot happen while the lock is held
            raise RuntimeError("the audit chain head moved under its row lock")
    return entry


def record(actor, action: str, obj, organisation=None) -> AuditEntry:
    """Append one entry: `actor` (a user or None for the system) did `action` (an AuditAction code) to
    `obj` (a model instance, or a `(type, id)` pair for things that are not rows, such as an export)
    on behalf of `organisation`.

    Called inside the caller's transaction when there is one, so that an action and its audit entry
    commit or roll back together. The entry and the chain head move together in one statement, which
    takes the head's row lock (held to the end of the outermost transaction): concurrent writers keep one
    chain; keep audited transactions short."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    object_type, object_id = _object_ref(obj)
    organisation_id = _id(organisation)
    entry = AuditEntry(
        actor_id=_id(actor) if actor is not None and getattr(actor, "is_authenticated", True) else None,
        organisation_id=uuid.UUID(str(organisation_id)) if organisation_id else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
    )
    return _append_to_chain(entry)
