import base64
import json

import pytest

from observatory.celery import app
from reports_intake import outbox
from reports_intake.actions import submit_report
from reports_intake.models import OutboxMessage, Report, TimelineEvent
from reports_intake.tasks import publish_outbox
from tests.reports_intake import delivery_tasks
from tests.reports_intake.brokers import RedisServer, Worker, publishing_to, spare_port, wait_for


@pytest.fixture
def broker():
    server = RedisServer().start()
    yield server
    server.stop()


def queued_messages(server: RedisServer, queue: str) -> list[dict]:
    return [json.loads(raw) for raw in server.client().lrange(queue, 0, -1)]


def test_message_carries_the_report_id_and_nothing_else(
    intake_keys, report_input, broker, django_capture_on_commit_callbacks
):
    with publishing_to(broker.url), django_capture_on_commit_callbacks(execute=True):
        submitted = submit_report(report_input(location_kind="online", point=None))

    (message,) = queued_messages(broker, "triage")  # casework.triage_report is routed to the triage queue
    args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
    assert (args, kwargs) == ([str(submitted.report_id)], {})
    assert message["headers"]["task"] == "casework.triage_report"
    assert OutboxMessage.objects.get(report_id=submitted.report_id).published_at is not None


def test_sweeper_publishes_what_the_broker_missed_and_only_once(
    intake_keys, report_input, broker, django_capture_on_commit_callbacks
):
    with (
        publishing_to(f"redis://127.0.0.1:{spare_port()}/0"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(5):
            submit_report(report_input(location_kind="not_given", point=None))
    pending = OutboxMessage.objects.filter(published_at__isnull=True)
    # After the first failure the process stops trying after commit for a while: one attempt in all.
    assert pending.count() == 5 and sorted(pending.values_list("attempts", flat=True)) == [0, 0, 0, 0, 1]

    with publishing_to(broker.url):
        assert outbox.publish_pending_outbox(batch=2) == 5  # three bounded batches
        assert outbox.publish_pending_outbox(batch=2) == 0
    assert len(queued_messages(broker, "triage")) == 5
    assert not OutboxMessage.objects.filter(published_at__isnull=True).exists()


def test_sweeper_task_is_a_beat_task_with_no_result(db):
    assert publish_outbox.name == "reports_intake.publish_outbox"
    assert publish_outbox.ignore_result


@pytest.fixture
def eager():
    """The demo's configuration: no broker, tasks run in-process."""
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_demo_mode_runs_the_consumer_in_process_after_commit(
    eager, intake_keys, report_input, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("DELIVERY_LOG", str(tmp_path / "deliveries"))
    monkeypatch.setitem(outbox.TOPICS, "triage", delivery_tasks.TASK_NAME)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_report(report_input(location_kind="online", point=None))
    assert Report.objects.get(id=submitted.report_id).status == "triaged"


def test_demo_mode_leaves_a_task_pending_when_its_consumer_is_not_installed(
    eager, intake_keys, report_input, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(outbox.TOPICS, "triage", "tests.delivery.not_installed")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_report(report_input(location_kind="online", point=None))
    assert OutboxMessage.objects.get(report_id=submitted.report_id).published_at is None


@pytest.mark.worker
def test_a_message_published_twice_is_processed_once(
    transactional_db, intake_keys, report_input, broker, monkeypatch, tmp_path
):
    deliveries = tmp_path / "deliveries"
    monkeypatch.setitem(outbox.TOPICS, "triage", delivery_tasks.TASK_NAME)
    worker = Worker(broker.url, tmp_path, env={"DELIVERY_LOG": str(deliveries)})
    try:
        with publishing_to(broker.url):
            submitted = submit_report(report_input(location_kind="online", point=None))
            report = Report.objects.filter(id=submitted.report_id)
            assert wait_for(lambda: report.get().status == "triaged", 30), worker.log()
            # The crash window of the outbox: published, but published_at never committed.
            OutboxMessage.objects.filter(report_id=submitted.report_id).update(published_at=None)
            assert outbox.publish_pending_outbox() == 1
            assert wait_for(lambda: deliveries.read_text().count("start") == 2, 30), worker.log()
    finally:
        worker.stop()
    assert TimelineEvent.objects.filter(report_id=submitted.report_id, kind="triaged").count() == 1


def test_a_task_lost_after_publication_is_published_again_while_its_report_waits(
    intake_keys, report_input, broker, django_capture_on_commit_callbacks
):
    with publishing_to(broker.url):
        with django_capture_on_commit_callbacks(execute=True):
            waiting = submit_report(report_input(location_kind="online", point=None))
            triaged = submit_report(report_input(location_kind="online", point=None))
        broker.client().delete("triage")  # the queue is lost: a broker restarted without persistence
        Report.objects.filter(id=triaged.report_id).update(status=Report.Status.TRIAGED)
        for _minute in range(outbox.REPUBLISH_AFTER_SWEEPS):  # beat sweeps once a minute
            assert outbox.publish_pending_outbox() == 0  # not yet: a worker may still be on it
        assert outbox.publish_pending_outbox() == 1
        assert outbox.publish_pending_outbox() == 0  # published again just now: not due yet

    (message,) = queued_messages(broker, "triage")
    args, _kwargs, _ = json.loads(base64.b64decode(message["body"]))
    assert args == [str(waiting.report_id)]


def test_a_task_published_recently_is_not_published_again(
    intake_keys, report_input, broker, django_capture_on_commit_callbacks
):
    with publishing_to(broker.url):
        with django_capture_on_commit_callbacks(execute=True):
            submit_report(report_input(location_kind="online", point=None))
        assert outbox.publish_pending_outbox() == 0
    assert len(queued_messages(broker, "triage")) == 1
