from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from nlp.models import TriageResult
from reports_intake.actions import mark_triaged
from reports_intake.models import Report

# A result for a text the model could not handle: labels left to a person, never a dropped report.
UNLABELLED = {
    "language": "und",
    "grounds": [],
    "domain": "other",
    "incident_type": "other",
    "urgent": False,
    "urgency_reasons": [],
    "scores": {},
    "pii": [],
    "needs_review": True,
    "model_version": "none",
}


@transaction.atomic
def record_triage(report_id, result: dict) -> TriageResult:
    """Store the model's suggestion (replacing an earlier one, e.g. after re-training) and move a new
    report to `triaged`. Urgent reports raise a content-free alert to the office. The case it opens in
    the office's queue is the casework's (`observatory.casework.actions.apply_triage`)."""
    stored, _ = TriageResult.objects.update_or_create(
        report_id=report_id,
        defaults={
            "model_version": result.get("model_version", "unknown"),
            "language": result["language"],
            "grounds": list(result["grounds"]),
            "domain": result["domain"],
            "incident_type": result["incident_type"],
            "urgent": bool(result["urgent"]),
            "urgency_reasons": list(result["urgency_reasons"]),
            "scores": result.get("scores", {}),
            "needs_review": bool(result.get("needs_review", False)),
            "pii_spans": len(result.get("pii", [])),
        },
    )
    first_time = mark_triaged(report_id, urgent=stored.urgent)
    if not first_time and stored.urgent:
        Report.objects.filter(id=report_id, urgent=False).update(urgent=True)
    if first_time and stored.urgent:
        transaction.on_commit(alert_office_urgent_report)
    return stored


def alert_office_urgent_report() -> None:
    """Tell the office an urgent report is waiting, without any content or id: the queue shows it."""
    recipients = settings.OFFICE_ALERT_EMAILS
    if recipients:
        send_mail(
            "Observatory: an urgent report is waiting",
            f"An urgent report is at the top of the intake queue: {settings.WAGTAILADMIN_BASE_URL}/staff/",
            None,
            recipients,
            fail_silently=True,
        )
