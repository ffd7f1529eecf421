import uuid

from observatory.tasks import ping


def test_task_sent_through_broker_is_run_by_the_worker(celery_worker, transactional_db):
    token = uuid.uuid4().hex
    result = ping.delay(token)
    assert result.get(timeout=30) == f"pong:{token}"
    # The worker process ran it, not this process: eager mode is off in the test settings.
    assert result.status == "SUCCESS"
    assert celery_worker.poll() is None
