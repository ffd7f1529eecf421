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
