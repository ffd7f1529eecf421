"""The audit log: one row per thing a staff member did to a case, chained by SHA-256.

An entry holds who (user id), for which organisation, what (an action code), to which object (type and
id) and when. Never content, never an IP address or user agent: the log says that Olga decrypted case X
at 10:42, not what she read, and it must be safe to hand to an auditor.

`entry_hash = SHA-256(previous_hash || canonical serialisation of the entry)`, so editing, deleting or
reordering any row breaks every hash after it (`manage.py verify_audit_log` names the first). The chain
head (one row) holds the last position and hash: writers lock it, so concurrent writers keep one chain,
and a truncated tail is noticed. The chain proves nothing against someone who can rewrite the whole
table and the head: print the head hash (`verify_audit_log` does) and keep it somewhere else.
"""

import hashlib
import json
from datetime import UTC

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    DECRYPTED = "decrypted", _("Decrypted")
    EXPORTED = "exported", _("Exported")
    REFERRED = "referred", _("Referred")
    CHANGED = "changed", _("Changed")
    MESSAGED = "messaged", _("Messaged the reporter")


class AuditEntry(models.Model):
    # Plain ids, not foreign keys: deleting a user or an organisation must not cascade into the log or
    # rewrite it (SET_NULL would be an UPDATE of a chained row).
    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False)
    actor_id = models.BigIntegerField(null=True, editable=False)
    organisation_id = models.UUIDField(null=True, editable=False)
    action = models.CharField(max_length=16, choices=AuditAction.choices, editable=False)
    object_type = models.CharField(max_length=64, editable=False)
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        app_label = "audit"
        ordering = ["seq"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_object"),
            models.Index(fields=["actor_id", "seq"], name="audit_actor"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def canonical(self) -> bytes:
        """The entry as hashed: sorted-key compact JSON of every field but the hashes, UTC times."""
        return json.dumps(
            {
                "seq": self.seq,
                "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                "actor": self.actor_id,
                "organisation": str(self.organisation_id) if self.organisation_id else None,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()

    def compute_hash(self, previous_hash: str) -> str:
        return hashlib.sha256(previous_hash.encode() + self.canonical()).hexdigest()


class AuditChainHead(models.Model):
    """The single row every writer locks: the last entry's position and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        app_label = "audit"

    def __str__(self) -> str:
        return f"audit chain head #{self.seq}"
