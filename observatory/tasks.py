from celery import shared_task

# Registered here because workers discover tasks in each app's tasks.py, and operations is no app.
from observatory.operations.tasks import shred_expired, triage_heartbeat  # noqa: F401


@shared_task(name="observatory.ping")
def ping(token: str) -> str:
    """Health check: proves a worker consumed a message from the broker. Safe to run any number of times."""
    return f"pong:{token}"
