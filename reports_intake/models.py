"""What the intake stores: ciphertext, key wraps and the few facts that queues and statistics need.

Nothing here holds a narrative, a name, contact details, an exact date or place, an IP address or a user
agent (DESIGN §4). Every timestamp on these tables is rounded down to the hour (`hour_now`): an exact
`created_at` on any row written with a report would give away the submission time that `received_at`
rounds off. Rows written in the same hour are ordered by `seq` (timeline) or by the exact time sealed
inside the message (messages).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from observatory.accounts.models import Organisation
from observatory.models import HourStampedModel, hour_now
from observatory.taxonomy import REPORTER_ROLES


class Report(HourStampedModel):
    """One report: the sealed payload plus what may stay in the clear. `created_at` equals
    `received_at`; both are rounded down to the hour."""

    class LocationKind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("In a neighbourhood of the city")
        ONLINE = "online", _("Online")
        NOT_GIVEN = "not_given", _("Not given")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRIAGED = "triaged", _("Triaged")

    received_at = models.DateTimeField(default=hour_now, editable=False)
    incident_month = models.DateField(null=True, blank=True)
    location_kind = models.CharField(max_length=16, choices=LocationKind.choices)
    # NULL, not "", when no place is known: statistics group by these and must not count "" as a place.
    neighbourhood_code = models.CharField(max_length=16, null=True, blank=True)  # noqa: DJ001
    district_code = models.CharField(max_length=16, null=True, blank=True)  # noqa: DJ001
    reporter_role = models.CharField(max_length=16, choices=REPORTER_ROLES.choices())
    language = models.CharField(max_length=16)
    schema_version = models.PositiveSmallIntegerField()
    payload = models.BinaryField()
    # HKDF of the receipt: finds the report at mailbox login and reveals nothing else.
    reporter_lookup = models.BinaryField(unique=True)
    reporter_public_key = models.BinaryField()
    reporter_private_sealed = models.BinaryField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    urgent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="report_queue"),
            models.Index(fields=["urgent", "status"], name="report_urgent_queue"),
            models.Index(fields=["district_code", "neighbourhood_code"], name="report_place"),
            models.Index(fields=["incident_month"], name="report_incident_month"),
            # Statistics count reports by the period they were received in.
            models.Index(fields=["received_at"], name="report_received_at"),
        ]

    def __str__(self) -> str:
        return f"report {self.id}"


class KeyWrap(HourStampedModel):
    """The report's data key, HPKE-sealed to one recipient public key (office, triage, reporter, and
    later every organisation the case is referred to)."""

    # No index of its own: one_wrap_per_recipient (report, recipient_key_id) serves look-ups by report.
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="key_wraps", db_index=False)
    recipient_key_id = models.CharField(max_length=32)
    suite = models.PositiveSmallIntegerField()
    wrapped_dek = models.BinaryField()

    class Meta:
        ordering = ["report", "recipient_key_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "recipient_key_id"], name="one_wrap_per_recipient")
        ]

    def __str__(self) -> str:
        return f"key wrap {self.recipient_key_id} for report {self.report_id}"


class Message(HourStampedModel):
    """A message in the reporter's mailbox. A reporter's message is sealed under the report's data key;
    an organisation's message is HPKE-sealed to the reporter's public key (the sender holds no DEK)."""

    class Author(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        ORGANISATION = "organisation", _("Organisation")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=16, choices=Author.choices)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    sealed = models.BinaryField()

    class Meta:
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return f"{self.author} message {self.id}"


class StoredFile(HourStampedModel):
    """An encrypted attachment. Its key, name and type live in the sealed payload or message."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    storage_name = models.CharField(max_length=100, unique=True)  # random, no extension
    size = models.PositiveBigIntegerField()  # ciphertext size, padded to 64 KiB steps

    class Meta:
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return f"file {self.id}"


class TimelineEvent(HourStampedModel):
    """A content-free step in a report's life, shown to the reporter in the mailbox."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRIAGED = "triaged", _("Triaged")
        OPENED = "opened", _("Opened by a caseworker")
        REFERRED = "referred", _("Referred to an organisation")
        MESSAGE = "message", _("Message")
        CLOSED = "closed", _("Closed")

    # No index of its own: timeline_seq_unique (report, seq) serves look-ups by report.
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="timeline", db_index=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    seq = models.PositiveIntegerField()  # order within the report; timestamps are only to the hour

    class Meta:
        ordering = ["report", "seq"]
        constraints = [models.UniqueConstraint(fields=["report", "seq"], name="timeline_seq_unique")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.seq} of report {self.report_id}"


class OutboxMessage(HourStampedModel):
    """A task to publish once the report is committed (the transactional outbox). Published right
    after commit, or by the `publish_outbox` sweeper if the broker was away. Messages carry ids only."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="outbox")
    task_name = models.CharField(max_length=200)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Sweeps (one a minute) that found this row published and its report still untriaged: a clock for
    # "the task seems lost" that needs no exact timestamp (see outbox.requeue_lost).
    sweeps_unanswered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(published_at__isnull=True), name="outbox_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} for report {self.report_id}"


class SpentNonce(models.Model):
    """A proof-of-work challenge that was used to send a report, written in the same statement as the
    report (reports_intake.actions.submit_report): the challenge is spent if and only if its report is
    stored. A failed submission (database error, full disk, a request cut off) spends nothing, so the
    reporter's retry goes through; a replay hits the primary key and is refused. It lives in the
    database, not the cache, so a cache restart cannot make used challenges valid again.

    The primary key is the challenge's random nonce. No link to the report, and `expires_at` is rounded
    up to the hour (the challenge's expiry, issued minutes before sending, would date the report). Rows
    are purged after they expire (`purge_spent_nonces`), when the challenge itself is refused anyway."""

    nonce = models.UUIDField(primary_key=True, editable=False)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="spent_nonce_expiry")]

    def __str__(self) -> str:
        return "spent proof-of-work challenge"


class ErasureRequest(HourStampedModel):
    """The reporter asked, from the mailbox, for their report to be deleted (GDPR art. 17). After the grace
    period (settings.RETENTION_ERASURE_GRACE_DAYS) the daily retention task crypto-shreds the report
    unless a legal hold is set (observatory.operations.retention). No reason is asked or stored: staff
    see that deletion was requested and when, nothing more. Withdrawn by deleting the row."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="erasure_request")

    def __str__(self) -> str:
        return f"erasure request for report {self.report_id}"


class LegalHold(HourStampedModel):
    """An office admin's legal hold: while it exists the report is never shredded, neither at the end of
    its retention period nor on the reporter's request. PROTECT makes the database refuse to delete a
    held report too. Setting and lifting it are audited (observatory.operations.retention)."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="legal_hold")

    def __str__(self) -> str:
        return f"legal hold on report {self.report_id}"
