from datetime import date

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from cms.actions import build_bulletin
from observatory.stats.periods import Period


def due_periods(today) -> list[Period]:
    """The quarter that ended before ``today``, and in its first quarter the year that ended too."""
    quarter = (today.month - 1) // 3 + 1
    last = Period(today.year - 1, 4) if quarter == 1 else Period(today.year, quarter - 1)
    return [last, Period(today.year - 1)] if quarter == 1 else [last]


# A database or disk error (a restart, a failover, a full disk) is retried with backoff, up to about a
# day: beat sends this once a quarter, so a run lost to a blip would otherwise wait three months.
@shared_task(
    name="cms.build_due_bulletins",
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=30,
)
def build_due_bulletins(today: str | None = None) -> list[str]:
    """Build the bulletin of the quarter just ended (and in January the annual one) as draft pages.

    Runs from Celery beat on the first day of each quarter (see the schedule in settings), so the
    quarter is complete; an analyst then edits the draft and a publisher publishes it. Safe to run twice
    or late: an unchanged rebuild changes nothing, and a live bulletin is never altered (a rebuild with
    new figures becomes a correction draft). ``today`` (ISO date) is for backfills and tests.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    return [build_bulletin(period).summary for period in due_periods(day)]
