import os
import subprocess
import sys
import uuid

from celery import Celery
from django.conf import settings

from observatory.tasks import ping
from tests.conftest import REPO


def test_task_sent_through_broker_is_run_by_the_worker(celery_worker, transactional_db):
    token = uuid.uuid4().hex
    result = ping.delay(token)
    assert result.get(timeout=30) == f"pong:{token}"
    # The worker process ran it, not this process: eager mode is off in the test settings.
    assert result.status == "SUCCESS"
    assert celery_worker.poll() is None


def test_rabbitmq_broker_also_delivers_tasks(tmp_path, monkeypatch):
    """Deployments may choose RabbitMQ: the same task code runs through an AMQP broker and a worker on it."""
    amqp_url = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
    queue = f"test-amqp-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, CELERY_BROKER_URL=amqp_url)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "observatory",
            "worker",
            "-Q",
            queue,
            "-c",
            "1",
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ],
        cwd=REPO,
        env=env,
        stdout=open(tmp_path / "worker.log", "w"),
        stderr=subprocess.STDOUT,
    )
    # Celery lets CELERY_BROKER_URL in the environment override any broker given in code.
    monkeypatch.setenv("CELERY_BROKER_URL", amqp_url)
    try:
        app = Celery("observatory-amqp-check", broker=amqp_url, backend=settings.CELERY_RESULT_BACKEND)
        app.conf.task_serializer = "json"
        result = app.send_task("observatory.ping", args=["rabbit"], queue=queue)
        assert result.get(timeout=60) == "pong:rabbit"
    finally:
        worker.terminate()
        worker.wait(timeout=20)
