"""How long triage takes: a histogram of the triage task's run time, for /metrics
(`observatory_triage_task_duration_seconds`). With the queue depth beside it, it tells how long a report
now waits to reach a caseworker's queue: depth x mean duration / triage workers.

Recorded by the triage worker after each task it finished (Celery's task_prerun/task_postrun signals,
observatory.operations.tasks) into counters in the cache, so that several workers on several hosts add to
one histogram and any web process can serve it. Only durations are kept, never a report id or a time of
day: the observations of a busy hour are indistinguishable, and nothing dates a submission (DESIGN §4).
The counters start again from zero when the cache restarts, which Prometheus treats as a counter reset.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

TIMED_TASKS = frozenset({"casework.triage_report"})
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
PREFIX = "observatory:operations:triage-seconds"
COUNT_KEY, SUM_KEY = f"{PREFIX}:count", f"{PREFIX}:sum-ms"


def _bucket_key(bound: float | None) -> str:
    return f"{PREFIX}:le:{'inf' if bound is None else bound}"


def _add(key: str, amount: int) -> None:
    cache.add(key, 0, timeout=None)  # atomic: only the first writer creates it
    cache.incr(key, amount)


def record(seconds: float) -> None:
    """One finished task. Never raises: a cache outage must not fail (and redeliver) a triage."""
    bound = next((b for b in BUCKETS if seconds <= b), None)
    try:
        _add(_bucket_key(bound), 1)
        _add(COUNT_KEY, 1)
        _add(SUM_KEY, round(seconds * 1000))
    except Exception as exc:  # noqa: BLE001 - the cache's errors come in many classes
        logger.warning("triage timing not recorded (%s)", type(exc).__name__)


def snapshot() -> tuple[list[tuple[str, int]], int, float]:
    """(cumulative buckets as Prometheus wants them, count, sum in seconds)."""
    keys = [_bucket_key(b) for b in (*BUCKETS, None)]
    values = cache.get_many([*keys, COUNT_KEY, SUM_KEY])
    buckets, running = [], 0
    for bound, key in zip((*BUCKETS, None), keys, strict=True):
        running += int(values.get(key) or 0)
        buckets.append(("+Inf" if bound is None else str(bound), running))
    return buckets, int(values.get(COUNT_KEY) or 0), int(values.get(SUM_KEY) or 0) / 1000


def reset() -> None:
    cache.delete_many([_bucket_key(b) for b in (*BUCKETS, None)] + [COUNT_KEY, SUM_KEY])
