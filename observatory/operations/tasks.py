"""The triage worker's heartbeat: beat sends it every minute to the `triage` queue (settings), the triage
worker runs it and stamps the time in the cache, and /readyz reads the stamp. A fresh stamp proves beat,
the broker and the triage worker are all working."""

import time

from celery import shared_task
from celery.signals import task_postrun, task_prerun

from observatory.operations import health, triage_timing


# expires (settings' beat entry) drops the heartbeats that piled up while the worker was away.
@shared_task(name="observatory.triage_heartbeat", ignore_result=True)
def triage_heartbeat() -> None:
    health.record_heartbeat()


# Daily (settings' beat entry). Safe to run twice: a shredded report is no longer expired.
@shared_task(name="observatory.shred_expired", ignore_result=True)
def shred_expired() -> dict[str, int]:
    from observatory.operations import retention  # imports the models: not at worker start-up

    return retention.shred_expired()


# The triage task's run time, for /metrics (observatory.operations.triage_timing). Both signals fire in
# the pool process that runs the task; only tasks that finished are counted.
_started: dict[str, float] = {}


@task_prerun.connect
def _start_triage_clock(task_id=None, task=None, **kwargs):
    if task is not None and task.name in triage_timing.TIMED_TASKS:
        _started[task_id] = time.monotonic()


@task_postrun.connect
def _stop_triage_clock(task_id=None, task=None, state=None, **kwargs):
    started = _started.pop(task_id, None)
    if started is not None and state == "SUCCESS":
        triage_timing.record(time.monotonic() - started)
