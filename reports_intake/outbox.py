"""The transactional outbox: a task is recorded in the same transaction as the report it is about, and
published to the broker after the commit — right away if the broker answers, otherwise by the
`publish_outbox` sweeper. A report is therefore never lost to a broker outage, and no task ever points
at a report that was rolled back.

Delivery is at least once: a row whose publication succeeded but whose `published_at` was not committed
is published again. Consumers check the report's state, so a second delivery does nothing.

Messages carry the report id only. Log lines carry no id either: a timestamped id in a log would give
away the exact submission time that the database rounds to the hour.
"""

import logging
import time

from django.db import connection, transaction
from django.db.models import F

from observatory.celery import app as celery_app
from observatory.models import hour_now
from reports_intake.models import OutboxMessage, Report

logger = logging.getLogger(__name__)

# Topic -> Celery task name. Sent by name, so the consumer need not be importable by the web process.
TOPICS = {"triage": "casework.triage_report"}
BATCH = 200
MAX_BATCHES_PER_SWEEP = 25
# After a failed publish, this process stops trying right after commit for a while: reaching a dead
# Redis costs seconds (redis-py retries the connection), and a submission must not wait for that.
BROKER_BACKOFF_SECONDS = 30.0
_skip_until = 0.0
# A task can also be lost after it was published: a broker restarted without its queue, a queue purged by
# hand, a worker killed mid-task (Redis gives its message to another worker only after the visibility
# timeout, settings.CELERY_VISIBILITY_TIMEOUT_SECONDS = 10 minutes). A report still untriaged after this
# many sweeps since its task went out has it published again. With beat's sweep every minute, a lost task
# is republished within about REPUBLISH_AFTER_SWEEPS + 1 = 16 minutes of its publication, after the
# visibility timeout, so a task merely waiting for a restarted worker is not doubled. Counted in sweeps,
# not by timestamps: rows written with a report carry hour-rounded times only (DESIGN §4).
REPUBLISH_AFTER_SWEEPS = 15


def reset_backoff() -> None:
    global _skip_until
    _skip_until = 0.0


def publish_after_commit(message: OutboxMessage) -> None:
    """Try to publish one new row once the current transaction commits. Never raises: a broker outage
    must not fail a submission that is already safely stored."""
    transaction.on_commit(lambda: _publish_new(message.id, message.task_name, message.report_id))


def _publish_new(outbox_id, task_name: str, report_id) -> None:
    """The submission's own row: send, then mark it published in one statement. It takes no row lock,
    so a sweep running at this very moment may send it too; consumers ignore the second delivery."""
    global _skip_until
    if time.monotonic() < _skip_until:
        return  # the broker failed moments ago; the sweeper will publish this row
    try:
        run = _send(task_name, str(report_id))
    except LookupError:  # eager mode and the consumer is not installed: leave the row pending
        return
    except Exception as error:  # noqa: BLE001 - connection errors come in many classes (kombu, redis, amqp)
        _skip_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        OutboxMessage.objects.filter(id=outbox_id).update(attempts=F("attempts") + 1)
        # The error's class only: enough to tell a timeout from a refusal, and it carries no id.
        logger.warning("outbox: publishing failed (%s); the sweeper will retry", type(error).__name__)
        return
    # The ORM's update() spends four times the database round trip building this statement, on every
    # submission: written out, it is the same UPDATE, its values prepared by the model's own fields.
    meta = OutboxMessage._meta
    now = meta.get_field("published_at").get_db_prep_value(hour_now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {meta.db_table} SET published_at = %s, updated_at = %s,"
            " attempts = attempts + 1 WHERE id = %s AND published_at IS NULL",
            [now, now, meta.pk.get_db_prep_value(outbox_id, connection)],
        )
    if run is not None:
        run()


def requeue_lost() -> int:
    """Count one more sweep for every published row whose report is still untriaged, and mark pending
    again those past `REPUBLISH_AFTER_SWEEPS`. Consumers do nothing for a report already triaged, so a
    task that was merely slow costs one idle delivery. Two statements, over the untriaged reports only."""
    waiting = OutboxMessage.objects.filter(published_at__isnull=False, report__status=Report.Status.RECEIVED)
    lost = waiting.filter(sweeps_unanswered__gte=REPUBLISH_AFTER_SWEEPS).update(
        published_at=None, sweeps_unanswered=0, updated_at=hour_now()
    )
    waiting.update(sweeps_unanswered=F("sweeps_unanswered") + 1)
    return lost


def publish_pending_outbox(batch: int = BATCH) -> int:
    """Publish every pending row, and every row whose task seems lost (`requeue_lost`), `batch` at a
    time (bounded per run). Returns how many were published. Safe to run concurrently: rows being
    published elsewhere are skipped, not waited for."""
    requeue_lost()
    total = 0
    for _ in range(MAX_BATCHES_PER_SWEEP):
        published, more = publish(limit=batch)
        total += published
        if not more:
            break
    return total


def publish(*, limit: int = BATCH) -> tuple[int, bool]:
    """Publish the oldest `limit` pending rows. Returns (published, maybe_more); maybe_more is False
    when the batch ran dry or the broker failed."""
    global _skip_until
    eager_runs = []
    failed = ""
    with transaction.atomic():
        pending = OutboxMessage.objects.select_for_update(skip_locked=True).filter(published_at__isnull=True)
        rows = list(pending.order_by("created_at").values_list("id", "task_name", "report_id")[:limit])
        published = []
        for outbox_id, task_name, report_id in rows:
            try:
                run = _send(task_name, str(report_id))
            except LookupError:  # eager mode and the consumer is not installed: leave the row pending
                continue
            except Exception as error:  # noqa: BLE001 - connection errors come in many classes
                failed = type(error).__name__
                OutboxMessage.objects.filter(id=outbox_id).update(attempts=F("attempts") + 1)
                break
            if run is not None:
                eager_runs.append(run)
            published.append(outbox_id)
        if published:
            now = hour_now()
            OutboxMessage.objects.filter(id__in=published).update(
                published_at=now, updated_at=now, attempts=F("attempts") + 1
            )
    if failed:
        _skip_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning(
            "outbox: the broker is unreachable (%s); %d message(s) left for the sweeper",
            failed,
            len(rows) - len(published),
        )
    for run in eager_runs:
        run()
    return len(published), not failed and bool(published) and len(rows) == limit


def _send(task_name: str, report_id: str):
    """Send to the broker, or in eager mode (the demo, no broker) return a callable that runs the task
    in-process after the commit. An eager task that is not installed stays pending."""
    if celery_app.conf.task_always_eager:
        # A worker imports every app's tasks.py at start; an in-process run must do the same first.
        celery_app.loader.import_default_modules()
        task = celery_app.tasks.get(task_name)
        if task is None:
            raise LookupError("task not installed")

        def run():
            try:
                task.apply(args=[report_id], throw=True)
            except Exception:  # noqa: BLE001 - as with a real worker, a failing task does not fail the caller
                logger.warning("outbox: an in-process task failed", exc_info=False)

        return run
    # retry=False: fail fast inside a web request; the sweeper is the retry. ignore_result: nobody waits
    # for one, and otherwise Celery subscribes this process to the result of every task it sends.
    celery_app.send_task(task_name, args=[report_id], retry=False, ignore_result=True)
    return None
