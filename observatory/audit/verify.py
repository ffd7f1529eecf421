"""Recompute the audit chain and find the first entry that does not fit (read-only)."""

from collections.abc import Iterable
from dataclasses import dataclass

from observatory.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    head_hash: str
    broken_seq: int | None = None  # the chain position where it first breaks
    broken_id: int | None = None  # the row found there (None when the row is missing)
    reason: str = ""


def verify_entries(entries: Iterable[AuditEntry], head: AuditChainHead | None) -> Verdict:
    """Walk `entries` in chain order. An edited row fails its own hash, a deleted row leaves a gap in
    the positions, a reordered row carries the wrong position or previous hash, and a deleted tail
    falls short of the chain head."""
    expected_seq, running, count = 1, GENESIS_HASH, 0
    for entry in entries:
        if entry.seq != expected_seq:
            return Verdict(
                False, count, running, expected_seq, None,
                f"entry #{expected_seq} is missing (the next one present is #{entry.seq}, row id {entry.pk})",
            )  # fmt: skip
        if entry.previous_hash != running:
            return Verdict(
                False, count, running, entry.seq, entry.pk,
                f"entry #{entry.seq} (row id {entry.pk}) does not follow the previous entry "
                "(reordered, or an earlier entry was rewritten)",
            )  # fmt: skip
        if entry.compute_hash(running) != entry.entry_hash:
            return Verdict(
                False, count, running, entry.seq, entry.pk,
                f"entry #{entry.seq} (row id {entry.pk}) does not match its hash (edited)",
            )  # fmt: skip
        running, expected_seq, count = entry.entry_hash, expected_seq + 1, count + 1
    if head is not None and (head.seq, head.entry_hash) != (count, running):
        if head.seq > count:
            reason = f"entry #{count + 1} is missing (the chain head says the log ends at #{head.seq})"
        else:
            reason = f"the chain head (#{head.seq}) does not match the last entry (#{count})"
        return Verdict(False, count, running, count + 1, None, reason)
    return Verdict(True, count, running)


def verify_audit_log() -> Verdict:
    head = AuditChainHead.objects.filter(id=1).first()
    return verify_entries(AuditEntry.objects.order_by("seq").iterator(chunk_size=5000), head)
