"""The triage worker's heartbeat: beat sends it every minute to the `triage` queue (settings), the triage
worker runs it and stamps the time in the cache, and /readyz reads the stamp. A fresh stamp proves beat,
the broker and the triage worker are all working."""

from celery import shared_task

from observatory.operations import health


# expires (settings' beat entry) drops the heartbeats that piled up while the worker was away.
@shared_task(name="observatory.triage_heartbeat", ignore_result=True)
def triage_heartbeat() -> None:
    health.record_heartbeat()


# Daily (settings' beat entry). Safe to run twice: a shredded report is no longer expired.
@shared_task(name="observatory.shred_expired", ignore_result=True)
def shred_expired() -> dict[str, int]:
    from observatory.operations import retention  # imports the models: not at worker start-up

    return retention.shred_expired()
