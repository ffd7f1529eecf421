"""Caseworker side: staff user keys, organisation key grants, and the case workflow around a report.

Nothing here holds plaintext of a report. Notes and referral reasons typed by caseworkers may name
people, so they are sealed under the report's data key (readable by exactly the organisations that can
read the report). Codes, statuses, dates and organisation assignments stay in the clear (DESIGN §4).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observatory.accounts.models import Membership, Organisation
from observatory.models import HourStampedModel, TimestampedModel
from observatory.taxonomy import DOMAINS, INCIDENT_TYPES, LEGAL_CLASSIFICATIONS, REDRESS_ACTIONS
from reports_intake.models import Report

# --- Keys ---------------------------------------------------------------------------------------------


class UserKey(TimestampedModel):
    """A staff user's keypair. The private half is stored only sealed: under the password (Argon2id)
    and under the printed recovery key (see casework.keyring)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="casework_key"
    )
    public_key = models.BinaryField(editable=False)
    key_id = models.CharField(max_length=32, unique=True, editable=False)
    private_sealed_password = models.BinaryField(editable=False)
    private_sealed_recovery = models.BinaryField(editable=False)
    recovery_issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"user key {self.key_id}"


class OrganisationKeyGrant(TimestampedModel):
    """An organisation's private key, HPKE-wrapped to one member's user key
    (context b"org-key:" + organisation key id). Holding a grant is what lets a member read the reports
    wrapped to the organisation; revoking drops the row."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="key_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_key_grants"
    )
    # Which organisation key and which user key the wrap joins; a rotation of either makes it stale.
    org_key_id = models.CharField(max_length=32)
    user_key_id = models.CharField(max_length=32)
    wrapped_private_key = models.BinaryField(editable=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_key_grant_per_member")
        ]

    def __str__(self) -> str:
        return f"key grant {self.organisation} -> {self.user}"


class OrganisationKeyCustody(TimestampedModel):
    """A partner organisation's private key wrapped to the office's organisation key (context
    b"org-key:" + the partner's key id, as a member's grant).

    Why the office may hold it: every report is wrapped to the office at submission and the office keeps
    its wrap through every referral, so this key opens nothing the office cannot already read. What it
    buys is an organisation that never depends on one person: the office creates a partner's key with
    public keys only, grants it to the partner's first member, and can rotate it after the last member
    holding it has left."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="key_custody")
    custodian = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    org_key_id = models.CharField(max_length=32)
    custodian_key_id = models.CharField(max_length=32)
    wrapped_private_key = models.BinaryField(editable=False)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "custodian"], name="one_custody_per_custodian")
        ]

    def __str__(self) -> str:
        return f"custody of {self.organisation} by {self.custodian}"


class Invitation(TimestampedModel):
    """A single-use enrolment link or code for a new member of an organisation. Only a hash of the token
    is stored; the link is shown (or e-mailed) once. `bootstrap_sealed`, for the first office admin of a
    new deployment only: the office's private key sealed under a key derived from the token, handed to
    the member who redeems it (nobody else holds it yet) and erased when redeemed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=32, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bootstrap_sealed = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation to {self.organisation} ({self.role})"

    def is_usable(self, now=None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())


class KeyRotation(TimestampedModel):
    """An organisation key being replaced after a member left (casework.members.revoke_member): every
    wrap of a report to the old key is re-wrapped to the new one by the task casework.rotate_key, in
    batches, resumable. The old private key, needed until the last wrap, is kept sealed under a key that
    lives only in the cache (`old_private_sealed`); both are erased when the rotation is done."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        STALLED = "stalled", _("Waiting for a member who holds the key")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="key_rotations")
    old_key_id = models.CharField(max_length=32)
    new_key_id = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    old_private_sealed = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"rotation of {self.organisation} {self.old_key_id} -> {self.new_key_id} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


# --- Cases --------------------------------------------------------------------------------------------


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def overdue(self, now=None):
        """Open cases whose reporter has not been acknowledged by the deadline."""
        now = now or timezone.now()
        return self.open().filter(acknowledged_at__isnull=True, ack_due_at__lt=now)

    # The one place that decides case access (DESIGN §1): the views (casework.views.case_for), the
    # actions (casework.actions), the list, the export and the dashboards all go through these two.

    def visible_to(self, organisation: Organisation):
        """Cases an organisation may read: the office every case; another organisation the cases
        assigned to it and those referred to it that it has not answered yet (it reads them to decide)."""
        if organisation.kind == Organisation.Kind.OFFICE:
            return self
        pending = Referral.objects.filter(
            case=OuterRef("pk"), to_organisation=organisation, status=Referral.Status.PENDING
        )
        return self.filter(Q(assigned_organisation=organisation) | Exists(pending))

    def workable_by(self, organisation: Organisation):
        """Cases an organisation may change: the office every case, another organisation the cases
        assigned to it. A pending referral's receiver only accepts or declines (casework.actions)."""
        if organisation.kind == Organisation.Kind.OFFICE:
            return self
        return self.filter(assigned_organisation=organisation)

    def queue(self, now=None):
        """Open cases, urgent first, then those past their acknowledgement deadline, then oldest first."""
        now = now or timezone.now()
        overdue = Q(acknowledged_at__isnull=True, ack_due_at__lt=now)
        return (
            self.open()
            .annotate(is_overdue=models.ExpressionWrapper(overdue, output_field=models.BooleanField()))
            .order_by("-urgent", "-is_overdue", "ack_due_at", "id")
        )


def random_record_key() -> int:
    """A case's record key for cell-key perturbation of published counts (observatory.stats.perturbation):
    uniform in 0..255, drawn once when the case is created and never shown to anyone."""
    return secrets.randbelow(256)


class Case(HourStampedModel):
    """The caseworkers' file on one report. Created and updated only in casework.actions.

    Hour-rounded created_at/updated_at like the report's own rows: a case may be opened by triage right
    after submission, and an exact timestamp here would give away the submission time."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Triaged")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    # Allowed moves. Reopening goes from closed back to in_progress (reopen_case).
    TRANSITIONS = {
        Status.NEW: {Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REFERRED, Status.CLOSED},
        Status.TRIAGED: {Status.ASSIGNED, Status.IN_PROGRESS, Status.REFERRED, Status.CLOSED},
        Status.ASSIGNED: {Status.IN_PROGRESS, Status.REFERRED, Status.CLOSED},
        Status.IN_PROGRESS: {Status.REFERRED, Status.CLOSED},
        Status.REFERRED: {Status.ASSIGNED, Status.IN_PROGRESS, Status.REFERRED, Status.CLOSED},
        Status.CLOSED: {Status.IN_PROGRESS},
    }

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="case")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    assigned_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_cases"
    )
    urgent = models.BooleanField(default=False)
    ack_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    legal_classification = models.CharField(
        max_length=32, choices=LEGAL_CLASSIFICATIONS.choices(), blank=True, default=""
    )
    reported_to_police = models.BooleanField(null=True, blank=True)  # None: not known
    reasons_not_reported = models.JSONField(default=list, blank=True)  # taxonomy.REASONS_NOT_REPORTED codes
    confirmed_grounds = models.JSONField(default=list, blank=True)
    confirmed_domain = models.CharField(max_length=32, choices=DOMAINS.choices(), blank=True, default="")
    confirmed_incident_type = models.CharField(
        max_length=32, choices=INCIDENT_TYPES.choices(), blank=True, default=""
    )
    labels_confirmed_at = models.DateTimeField(null=True, blank=True)
    labels_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_key = models.PositiveSmallIntegerField(default=random_record_key, editable=False)
    # The report's place codes, copied when the case is opened (they never change): the case list
    # filters and searches by place on its own indexes, where a join to the reports walked every case.
    district_code = models.CharField(max_length=16, null=True, blank=True, editable=False)  # noqa: DJ001
    neighbourhood_code = models.CharField(max_length=16, null=True, blank=True, editable=False)  # noqa: DJ001
    # The report's (hour-rounded) reception time, copied the same way: the statistics count one period from
    # an index on the cases themselves (observatory.stats.tables), instead of hashing every case to join it
    # to the reports of the period.
    received_at = models.DateTimeField(editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "ack_due_at"]
        indexes = [
            models.Index(fields=["status", "-urgent", "ack_due_at"], name="case_queue"),
            models.Index(fields=["assigned_organisation", "status"], name="case_org_queue"),
            # The case list with no status filter, and the overdue list (open, not yet acknowledged).
            models.Index(fields=["-urgent", "ack_due_at", "id"], name="case_list_order"),
            models.Index(
                fields=["ack_due_at"],
                condition=models.Q(acknowledged_at__isnull=True) & ~models.Q(status="closed"),
                name="case_overdue",
            ),
            # The case list's other sort orders (casework.queue.SORTS), each way (an index reads backwards)
            # and its date range (created_at is the report's hour of reception).
            models.Index(fields=["created_at", "id"], name="case_created"),
            models.Index(fields=["ack_due_at", "id"], name="case_deadline"),
            # The list's ground filter and search words (jsonb containment), and its domain filter: a
            # rare ground or domain is read from these instead of walking the list order past every case.
            GinIndex(fields=["confirmed_grounds"], name="case_grounds", opclasses=["jsonb_path_ops"]),
            models.Index(fields=["confirmed_domain"], name="case_domain"),
            models.Index(fields=["district_code", "neighbourhood_code"], name="case_place"),
            models.Index(fields=["neighbourhood_code"], name="case_neighbourhood"),
            models.Index(fields=["received_at"], name="case_received_at"),
            # A status filter in the list's default order, total (case_queue lacks the id).
            models.Index(fields=["status", "-urgent", "ack_due_at", "id"], name="case_status_order"),
        ]

    def __str__(self) -> str:
        return f"case {self.id}"

    @staticmethod
    def ack_deadline(received_at):
        return received_at + timedelta(days=settings.CASE_ACK_DAYS)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status != self.Status.CLOSED and self.acknowledged_at is None and self.ack_due_at < now

    @property
    def labels_confirmed(self) -> bool:
        return self.labels_confirmed_at is not None


class CaseAction(TimestampedModel):
    """One dated action or redress outcome (DESIGN §6 redress codes). The optional note is sealed under
    the report's data key, context b"case-action:" + action id."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(max_length=32, choices=REDRESS_ACTIONS.choices())
    date = models.DateField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note_sealed = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["case", "date", "created_at"]
        # The statistics count a period's actions by their date (observatory.stats.tables).
        indexes = [models.Index(fields=["date"], name="case_action_date")]

    def __str__(self) -> str:
        return f"{self.code} on {self.date}"


class Referral(TimestampedModel):
    """A case handed from one organisation to another. The target can read the report as soon as the
    referral is made (the data key is re-wrapped to it); accepting makes it the case's organisation.
    The reason is sealed under the report's data key, context b"referral:" + referral id."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_out"
    )
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals_in")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason_sealed = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "to_organisation"],
                condition=Q(status="pending"),
                name="one_pending_referral_per_target",
            )
        ]

    def __str__(self) -> str:
        return f"referral {self.from_organisation} -> {self.to_organisation} ({self.status})"


class LabelCorrection(TimestampedModel):
    """What triage suggested and what a caseworker confirmed, per field: the training examples for the
    next triage model. One row per field per confirmation, agreements included (they are examples too)."""

    class Field(models.TextChoices):
        GROUNDS = "grounds", _("Grounds")
        DOMAIN = "domain", _("Domain")
        INCIDENT_TYPE = "incident_type", _("Incident type")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="label_corrections")
    field = models.CharField(max_length=16, choices=Field.choices)
    suggested = models.JSONField(null=True, blank=True)  # None: triage suggested nothing
    confirmed = models.JSONField()
    changed = models.BooleanField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "created_at", "field"]
        indexes = [models.Index(fields=["field", "changed"], name="label_correction_field")]

    def __str__(self) -> str:
        return f"{self.field}: {self.suggested} -> {self.confirmed}"
