from celery import shared_task


@shared_task(name="observatory.ping")
def ping(token: str) -> str:
    """Health check: proves a worker consumed a message from the broker. Safe to run any number of times."""
    return f"pong:{token}"
