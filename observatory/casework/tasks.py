"""Triage tasks, on the `triage` queue: only the triage worker holds the triage private key.

They live with the casework, not in `nlp`, because triage ends by opening a case in the office's queue:
`nlp` itself is pure triage (and the suggestion it stores), below the casework layer."""

import logging

from celery import shared_task
from django.db import OperationalError

from nlp.actions import UNLABELLED
from nlp.models import TriageResult
from nlp.triage import load_model, triage_many
from observatory.accounts.keys import load_triage_private_key
from observatory.casework.actions import apply_triage
from reports_intake.actions import decrypt_report
from reports_intake.models import Report

logger = logging.getLogger(__name__)


@shared_task(
    name="casework.triage_report",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=10,
    ignore_result=True,
)
def triage_report(report_id: str, force: bool = False, full_pass: bool = False) -> None:
    """Decrypt a report with the triage key, run the triage pipeline and store its suggestion.

    Sent through the outbox when a report is submitted. With a model that has a sentence encoder it runs
    in two passes, so that a flood of submissions is ordered at once: first the TF-IDF heads alone
    (about 3 ms of CPU for a 150-word report, with the first pass's own thresholds and `model_version`),
    stored at once so that an urgent report is flagged and alerted before the queue drains; then the
    task sends itself again (`full_pass`) to the back of the `triage` queue, and the full pass with the
    encoder (about half a second of CPU) replaces the suggestion. An urgent flag, once raised, stays
    (`apply_triage` never lowers it), and a full pass that fails leaves the first pass's suggestion.
    Re-triage (`force`) runs the full pass alone: those reports are already in the queue.

    Idempotent: a report already triaged by the current model is left alone (unless `force`), so a
    redelivered message does nothing; a redelivered first pass whose result is stored only sends the
    full pass again (which then finds nothing to do if it already ran). Whatever fails here — no model,
    no key, a text the model cannot handle — the report is still stored as `needs_review` and opened as
    a case, so it reaches a person and is never dropped.
    """
    report = Report.objects.filter(id=report_id).first()
    if report is None:
        return  # rolled back or deleted: nothing to do
    try:
        model = load_model()
        version = model.meta.get("model_version", "unknown")
        encoded = "triage_encoder" in model.pipe_names
        first_version = model.meta.get("first_pass_model_version") if encoded else None
    except Exception:  # noqa: BLE001 - see the docstring
        model, version, first_version = None, None, None
        logger.error("triage model unavailable; report queued for manual review")
    done = TriageResult.objects.filter(report=report)
    if not force and (done.filter(model_version=version).exists() or (version is None and done.exists())):
        return
    first = bool(first_version) and not full_pass and not force
    full_pass_message = {"args": [str(report.id)], "kwargs": {"full_pass": True}, "queue": "triage"}
    if first and done.filter(model_version=first_version).exists():
        triage_report.apply_async(**full_pass_message)
        return
    try:
        key = load_triage_private_key()
        payload = decrypt_report(report, key.private, key.key_id)
        if model is None:
            raise RuntimeError("no model")
        (result,) = triage_many([payload.get("narrative", "")], model=model, first_pass=first)
        result = {**result, "model_version": first_version if first else version}
    except Exception as exc:  # noqa: BLE001 - see the docstring
        # The exception's type only: a message could quote the text.
        logger.error("triage failed (%s); report queued for manual review", type(exc).__name__)
        if full_pass and done.exists():
            return  # the first pass's suggestion stays, for a person to confirm
        result, first = UNLABELLED, False
    apply_triage(report.id, result)
    if first:
        triage_report.apply_async(**full_pass_message)


@shared_task(name="casework.retriage_unconfirmed", ignore_result=True)
def retriage_unconfirmed() -> int:
    """After a new model is trained: re-triage every report whose labels no person has confirmed yet.
    Sends one `triage_report` per report (ids only). Safe to run twice: each task is idempotent."""
    pending = Report.objects.exclude(case__labels_confirmed_at__isnull=False).values_list("id", flat=True)
    count = 0
    for report_id in pending.iterator():
        triage_report.apply_async(args=[str(report_id)], kwargs={"force": True}, queue="triage")
        count += 1
    return count


def corrected_examples() -> list[dict]:
    """Every case whose labels a caseworker confirmed, as a training example (``nlp.corrections``): the
    confirmed grounds, domain and incident type, the case's urgent flag, and the narrative decrypted
    here, in memory, with the triage key. Registered with nlp in ``CaseworkConfig.ready``; called only
    by the process that trains."""
    from observatory.casework.models import Case, LabelCorrection

    key = load_triage_private_key()
    confirmed = {}
    for row in LabelCorrection.objects.filter(case__labels_confirmed_at__isnull=False).order_by("created_at"):
        confirmed.setdefault(row.case_id, {})[row.field] = row.confirmed  # the latest confirmation wins
    examples = []
    cases = Case.objects.filter(id__in=confirmed).select_related("report", "report__triage")
    for case in cases:
        labels = confirmed[case.id]
        if not {"domain", "incident_type"} <= set(labels):
            continue
        triage_result = getattr(case.report, "triage", None)
        narrative = decrypt_report(case.report, key.private, key.key_id).get("narrative", "")
        examples.append(
            {
                "id": f"case-{case.id}",
                "text": narrative.replace("[[", "[ ["),  # never read as the corpus's personal-data markup
                "language": triage_result.language if triage_result else "",
                "grounds": labels.get("grounds") or [],
                "domain": labels["domain"],
                "incident_type": labels["incident_type"],
                "urgent": case.urgent,
                "urgency_reasons": (triage_result.urgency_reasons if triage_result and case.urgent else []),
            }
        )
    return examples


@shared_task(name="casework.retrain_triage", ignore_result=True)
def retrain_triage() -> str:
    """Train a candidate on the corpus plus confirmed corrections, on the triage worker (the key holder);
    promote it if it is not worse than the active model (``nlp.registry``), then re-triage what no person
    has confirmed. Returns the version now active."""
    from nlp import registry
    from nlp.corrections import confirmed_corrections

    candidate = registry.train_candidate(confirmed_corrections())
    try:
        registry.promote_if_not_worse(candidate)
    except registry.Refused:
        logger.warning("triage candidate %s refused", candidate.version)
        return registry.TriageModel.objects.get(status="active").version
    retriage_unconfirmed.delay()
    return candidate.version


@shared_task(
    name="casework.rotate_key",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=10,
    ignore_result=True,
)
def rotate_key(rotation_id: str) -> str:
    """Move every report wrap of a rotated organisation key to the new key (casework.members), batch by
    batch, re-sending itself between batches so one long rotation never holds a worker or a transaction.

    Sent when a member is revoked (and when a member resumes a stalled rotation). Resumable and safe to
    run twice: progress is the wraps still under the old key, so a worker killed mid-batch loses only
    that batch's uncommitted transaction and the redelivered message carries on. Without its cache
    entry it marks the rotation stalled and stops; a member who holds the new key resumes it."""
    from observatory.casework.members import rotate_batch

    outcome = rotate_batch(rotation_id)
    if outcome == "more":
        rotate_key.apply_async(args=[rotation_id])
    elif outcome == "wait" and not rotate_key.app.conf.task_always_eager:
        # Run in-process (the demo), a countdown is not honoured: the next revocation's task finishes it.
        rotate_key.apply_async(args=[rotation_id], countdown=15)
    return outcome
