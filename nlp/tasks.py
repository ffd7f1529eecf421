"""Triage tasks, on the `triage` queue: only the triage worker holds the triage private key."""

import logging

from celery import shared_task
from django.db import OperationalError

from nlp.actions import UNLABELLED, record_triage
from nlp.models import TriageResult
from observatory.keys import load_triage_private_key
from reports_intake.actions import decrypt_report
from reports_intake.models import Report

logger = logging.getLogger(__name__)


@shared_task(
    name="nlp.tasks.triage_report",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=10,
    ignore_result=True,
)
def triage_report(report_id: str, force: bool = False) -> None:
    """Decrypt a report with the triage key, run the triage pipeline and store its suggestion.

    Sent through the outbox when a report is submitted. Idempotent: a report already triaged by the
    current model is left alone (unless `force`, used by re-triage), so a redelivered message does
    nothing. A text the model cannot handle is stored as `needs_review`, so it still reaches a person.
    """
    from nlp.triage import load_model, triage

    report = Report.objects.filter(id=report_id).first()
    if report is None:
        return  # rolled back or deleted: nothing to do
    model = load_model()
    version = model.meta.get("model_version", "unknown")
    if not force and TriageResult.objects.filter(report=report, model_version=version).exists():
        return
    key = load_triage_private_key()
    payload = decrypt_report(report, key.private, key.key_id)
    try:
        result = triage(payload.get("narrative", ""), model=model)
        result["model_version"] = version
    except Exception:  # noqa: BLE001 - any model failure must still queue the report for a person
        logger.exception("triage failed; report queued for manual review")
        result = UNLABELLED
    record_triage(report.id, result)


@shared_task(name="nlp.tasks.retriage_unconfirmed", ignore_result=True)
def retriage_unconfirmed() -> int:
    """After a new model is trained: re-triage every report whose labels no person has confirmed yet.
    Sends one `triage_report` per report (ids only). Safe to run twice: each task is idempotent."""
    pending = Report.objects.exclude(case__labels_confirmed_at__isnull=False).values_list("id", flat=True)
    count = 0
    for report_id in pending.iterator():
        triage_report.apply_async(args=[str(report_id)], kwargs={"force": True}, queue="triage")
        count += 1
    return count
