"""Background work of the intake. Task messages carry ids only; every task is safe to run twice."""

import logging

from celery import shared_task

from reports_intake import actions
from reports_intake.outbox import publish_pending_outbox

logger = logging.getLogger(__name__)


@shared_task(name="reports_intake.publish_outbox", ignore_result=True)
def publish_outbox() -> int:
    """Publish outbox rows that were not published right after their commit (the broker was away, or
    the web process died in between), and again those whose task was lost after publication (see
    `outbox.requeue_lost`). Runs every minute from beat. Running it twice, or on two hosts at
    once, is harmless: rows locked by another sweeper are skipped, and consumers ignore a second copy."""
    return publish_pending_outbox()


@shared_task(name="reports_intake.purge_spent_nonces", ignore_result=True)
def purge_spent_nonces() -> int:
    """Forget spent proof-of-work challenges once they have expired. Hourly from beat."""
    return actions.purge_spent_nonces()


@shared_task(name="reports_intake.check_orphans", ignore_result=True)
def check_orphans() -> dict[str, int]:
    """Count leftovers both ways (`manage.py check_orphans` lists them) and warn when there are any. Daily
    from beat. Logs counts only: a storage name or a row id in a log would link the log to a report."""
    orphans = actions.find_orphans()
    counts = {
        "files_without_rows": len(orphans.files_without_rows),
        "rows_without_files": len(orphans.rows_without_files),
    }
    if counts["files_without_rows"] or counts["rows_without_files"]:
        logger.warning(
            "storage check: %d file(s) without a row, %d attachment row(s) without a file; "
            "run `manage.py check_orphans`",
            counts["files_without_rows"],
            counts["rows_without_files"],
        )
    return counts
