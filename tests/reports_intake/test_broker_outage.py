"""The delivery guarantee, tested the way it fails in production: the broker goes away, and a worker
dies in the middle of a task. A private redis-server per test; the shared one on 6379 is never touched."""

import logging
import time

import pytest

from reports_intake import outbox
from reports_intake.actions import submit_report
from reports_intake.models import OutboxMessage, Report, TimelineEvent
from tests.reports_intake import delivery_tasks
from tests.reports_intake.brokers import RedisServer, Worker, publishing_to, wait_for
from tests.waiting import wait_until

pytestmark = pytest.mark.worker


@pytest.fixture
def consumer(monkeypatch, tmp_path):
    """Outbox triage rows go to the stand-in consumer, which logs each execution to a file."""
    monkeypatch.setitem(outbox.TOPICS, "triage", delivery_tasks.TASK_NAME)
    log = tmp_path / "deliveries"
    log.touch()
    return log


def unacknowledged_for_longer_than(broker, seconds: float) -> bool:
    """Whether the oldest unacknowledged message on the private broker was delivered over `seconds`
    ago (kombu's Redis transport keeps delivery times in the `unacked_index` sorted set)."""
    oldest = broker.client().zrange("unacked_index", 0, 0, withscores=True)
    return bool(oldest) and time.time() - oldest[0][1] > seconds


def triaged_events(report_id) -> int:
    return TimelineEvent.objects.filter(report_id=report_id, kind="triaged").count()


def test_submission_succeeds_while_the_broker_is_down_and_is_delivered_once_it_is_back(
    transactional_db, intake_keys, report_input, consumer, tmp_path, caplog
):
    broker = RedisServer().start()
    broker.stop()
    with publishing_to(broker.url), caplog.at_level(logging.WARNING, logger="reports_intake.outbox"):
        submitted = submit_report(report_input(location_kind="online", point=None))
        row = OutboxMessage.objects.get(report_id=submitted.report_id)
        assert row.published_at is None and row.attempts == 1
        assert str(submitted.report_id) not in caplog.text and "sweeper" in caplog.text

        broker.start()
        worker = Worker(broker.url, tmp_path, env={"DELIVERY_LOG": str(consumer)})
        try:
            assert outbox.publish_pending_outbox() == 1
            report = Report.objects.filter(id=submitted.report_id)
            assert wait_for(lambda: report.get().status == "triaged", 30), worker.log()
            assert outbox.publish_pending_outbox() == 0
            assert not wait_for(lambda: consumer.read_text().count("start") > 1, 3)
        finally:
            worker.stop()
            broker.stop()
    assert consumer.read_text().count("start") == 1
    assert triaged_events(submitted.report_id) == 1


def test_task_of_a_killed_worker_is_redelivered_and_completed_once(
    transactional_db, intake_keys, report_input, consumer, tmp_path
):
    broker = RedisServer().start()
    env = {"DELIVERY_LOG": str(consumer), "DELIVERY_SLEEP_FIRST": "120"}
    # A short visibility timeout: Redis hands an unacknowledged message to another worker after it.
    first = Worker(broker.url, tmp_path, visibility_timeout=2, env=env)
    second = None
    try:
        with publishing_to(broker.url):
            submitted = submit_report(report_input(location_kind="online", point=None))
        assert wait_for(lambda: "start" in consumer.read_text(), 30), first.log()
        first.kill()  # SIGKILL mid-task: no chance to acknowledge, reject or clean up
        assert Report.objects.get(id=submitted.report_id).status == "received"
        # Let the visibility timeout lapse first: a worker restores expired unacknowledged messages as it
        # starts, whereas its periodic restore can take much longer on a loaded machine.
        wait_until(
            lambda: unacknowledged_for_longer_than(broker, 2),
            30,
            what="the killed worker's message to outlive its visibility timeout",
        )

        second = Worker(broker.url, tmp_path, visibility_timeout=2, env=env)
        report = Report.objects.filter(id=submitted.report_id)
        assert wait_for(lambda: report.get().status == "triaged", 60), second.log()
    finally:
        for worker in (first, second):
            if worker:
                worker.stop()
        broker.stop()
    assert consumer.read_text().count("start") == 2
    assert triaged_events(submitted.report_id) == 1


def test_task_of_a_killed_pool_process_is_redelivered_and_completed_once(
    transactional_db, intake_keys, report_input, consumer, tmp_path
):
    import os
    import signal

    broker = RedisServer().start()
    env = {"DELIVERY_LOG": str(consumer), "DELIVERY_SLEEP_FIRST": "120"}
    worker = Worker(broker.url, tmp_path, pool="prefork", env=env)
    try:
        with publishing_to(broker.url):
            submitted = submit_report(report_input(location_kind="online", point=None))
        assert wait_for(lambda: "start" in consumer.read_text(), 30), worker.log()
        children = [
            int(p) for p in open(f"/proc/{worker.proc.pid}/task/{worker.proc.pid}/children").read().split()
        ]
        for child in children:
            os.kill(child, signal.SIGKILL)  # reject_on_worker_lost: the main process requeues the message
        report = Report.objects.filter(id=submitted.report_id)
        assert wait_for(lambda: report.get().status == "triaged", 60), worker.log()
    finally:
        worker.stop()
        broker.stop()
    assert consumer.read_text().count("start") == 2
    assert triaged_events(submitted.report_id) == 1
