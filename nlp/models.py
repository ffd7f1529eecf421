from django.db import models

from observatory.models import HourStampedModel
from reports_intake.models import Report


class TriageResult(HourStampedModel):
    """What the model suggested for a report: codes and scores only, never text. Caseworkers confirm or
    correct these on the case (casework keeps the confirmed labels and the corrections)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="triage")
    model_version = models.CharField(max_length=64)
    language = models.CharField(max_length=16)
    grounds = models.JSONField(default=list)
    domain = models.CharField(max_length=32)
    incident_type = models.CharField(max_length=32)
    urgent = models.BooleanField(default=False)
    urgency_reasons = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    # True when the model could not label the text with confidence (unserved language, empty, failure).
    needs_review = models.BooleanField(default=False)
    pii_spans = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["model_version"], name="triage_model_version")]

    def __str__(self) -> str:
        return f"triage of {self.report_id} ({self.model_version})"


class TriageModel(HourStampedModel):
    """The model registry: every triage model ``train_triage`` built, with the figures it was judged on
    (``nlp.registry``). One is active (the one in ``var/models/triage``, which the triage worker loads);
    a candidate that scores worse than it is refused and kept for the record; a model replaced by a
    newer one is retired and can be restored with ``manage.py train_triage --restore-previous``."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "candidate"
        ACTIVE = "active", "active"
        RETIRED = "retired", "retired"
        REFUSED = "refused", "refused"

    version = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CANDIDATE)
    directory = models.CharField(max_length=255)  # the saved pipeline under var/models/registry/
    encoder = models.CharField(max_length=32, blank=True)
    extra_examples = models.PositiveIntegerField(default=0)  # caseworker corrections trained on
    scores = models.JSONField(default=dict)  # the figures compared before promotion
    refusal = models.JSONField(default=list)  # why a candidate was refused
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-promoted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="active"), name="one_active_triage_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.status})"
