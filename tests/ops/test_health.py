"""Probes and metrics (DESIGN §10): /healthz needs nothing but the process; /readyz turns 503 when the
broker stops or the outbox backlog passes its threshold, and back to 200; /metrics carries no label that
is a client address or report text."""

import ipaddress
import logging
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from observatory.casework import actions as casework
from observatory.celery import app
from observatory.operations import health, triage_timing
from reports_intake import outbox
from reports_intake.actions import submit_report
from reports_intake.models import OutboxMessage, Report
from tests import factories
from tests.reports_intake.brokers import RedisServer, Worker, publishing_to, wait_for


def test_healthz_answers_without_database_or_cache(client):
    # No `db` fixture: pytest-django fails any query, so a 200 here used no database.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def private_broker(settings):
    """A redis-server of our own as the broker, so stopping it touches nobody else."""
    redis = RedisServer().start()
    settings.CELERY_BROKER_URL = redis.url
    yield redis
    redis.stop()


def _readyz(client):
    started = time.monotonic()
    response = client.get("/readyz")
    return response.status_code, response.json(), time.monotonic() - started


def test_readyz_follows_the_broker_and_the_triage_worker_heartbeat(
    db, client, private_broker, tmp_path, caplog, settings
):
    cache.delete(health.HEARTBEAT_CACHE_KEY)
    status, body, _ = _readyz(client)
    assert status == 503 and body["checks"]["triage_heartbeat"]["ok"] is False  # never seen yet

    # Beat's entry, sent as beat sends it: routed to the triage queue, run by a triage worker.
    entry = settings.CELERY_BEAT_SCHEDULE["triage-heartbeat"]
    worker = Worker(private_broker.url, tmp_path, queues="triage")
    try:
        with publishing_to(private_broker.url):
            app.send_task(entry["task"], **entry["options"])
        assert wait_for(lambda: health.heartbeat_age() is not None, 30), worker.log()
    finally:
        worker.stop()
    status, body, _ = _readyz(client)
    assert status == 200, body
    assert body["status"] == "ready" and all(check["ok"] for check in body["checks"].values())

    private_broker.stop()
    # django.request does not propagate (settings), so listen on it directly.
    request_log = logging.getLogger("django.request")
    request_log.addHandler(caplog.handler)
    try:
        status, body, elapsed = _readyz(client)
    finally:
        request_log.removeHandler(caplog.handler)
    assert status == 503 and body["checks"]["broker"]["ok"] is False
    assert elapsed < 3  # the probe's own deadline, not the client's retries
    assert set(body["checks"]["broker"]) == {"ok", "error"}  # a class name, never a URL
    assert not caplog.records  # a failing probe is not logged

    restarted = RedisServer(port=private_broker.port).start()
    try:
        status, body, _ = _readyz(client)
    finally:
        restarted.stop()
    assert status == 200, body


def test_readyz_turns_503_past_the_outbox_backlog_and_back_once_published(
    office, client, private_broker, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.HEALTH_OUTBOX_BACKLOG_MAX = 2
    health.record_heartbeat()
    # In a test transaction nothing commits, so no task is published after commit: all three stay pending,
    # as during a broker outage.
    for _ in range(3):
        submit_report(factories.new_report())
    status, body, _ = _readyz(client)
    assert status == 503
    assert body["checks"]["outbox_backlog"] == {"ok": False, "value": 3, "max": 2}

    outbox.reset_backoff()
    with publishing_to(private_broker.url):
        assert outbox.publish() == (3, False)
    assert not OutboxMessage.objects.filter(published_at__isnull=True).exists()
    status, body, _ = _readyz(client)
    assert status == 200, body
    assert body["checks"]["outbox_backlog"] == {"ok": True, "value": 0, "max": 2}


CLIENT_ADDRESS = "203.0.113.77"
FORWARDED_ADDRESS = "198.51.100.23"


def _labels(text: str) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            for name, value in sample.labels.items():
                labels.setdefault(name, set()).add(value)
    return labels


def _value(text: str, name: str, **labels) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    raise AssertionError(f"{name}{labels} not in /metrics")


def test_metrics_show_the_work_and_no_address_or_report_text(
    office, client, settings, tmp_path, private_broker
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.METRICS_TOKEN = "scrape-token-for-tests"
    health.record_heartbeat()
    with publishing_to(private_broker.url):  # two messages no worker consumes
        for token in ("a", "b"):
            app.send_task("observatory.ping", args=[token], queue="default", ignore_result=True)
    now = timezone.now()
    submit_report(factories.new_report(narrative=factories.REPORTER_NARRATIVE))  # this hour: not counted yet
    submit_report(factories.new_report(), now=now - timedelta(hours=1))
    old = submit_report(factories.new_report(), now=now - timedelta(days=10))
    casework.open_case_for_report(Report.objects.get(pk=old.report_id))  # acknowledgement now overdue

    headers = {"REMOTE_ADDR": CLIENT_ADDRESS, "HTTP_X_FORWARDED_FOR": FORWARDED_ADDRESS}
    assert client.get("/metrics", **headers).status_code == 404  # no token, no metrics
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **headers).status_code == 404
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}", **headers)
    assert response.status_code == 200
    text = response.content.decode()

    assert _value(text, "observatory_reports", status="received") == 2
    assert _value(text, "observatory_reports_received_previous_hour") == 1
    assert _value(text, "observatory_outbox_backlog") == 3
    assert _value(text, "observatory_oldest_untriaged_report_age_seconds") >= 10 * 86400
    assert _value(text, "observatory_cases_overdue_acknowledgement") == 1
    assert _value(text, "observatory_up", dependency="broker") == 1
    assert _value(text, "observatory_queue_depth", queue="default") == 2
    assert _value(text, "observatory_queue_depth", queue="triage") == 0
    assert _value(text, "observatory_triage_heartbeat_age_seconds") < 60

    # Every label takes its values from a fixed list; none is an address or a piece of a report.
    assert _labels(text) == {
        "dependency": {"database", "cache", "broker"},
        "status": set(Report.Status.values),
        "queue": set(health.queue_names()),
        "le": {str(bound) for bound in triage_timing.BUCKETS} | {"+Inf"},  # the histogram's fixed bounds
    }
    for values in _labels(text).values():
        for value in values:
            with pytest.raises(ValueError):
                ipaddress.ip_address(value)
    assert CLIENT_ADDRESS not in text and FORWARDED_ADDRESS not in text
    assert "Amina" not in text and "Russafa" not in text


def test_the_readiness_probe_leaves_the_callers_statement_timeout_alone(db, client):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
    client.get("/readyz")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone()[0] == "0"
