"""Finding 2: the broker Redis stalls (SIGSTOP of this test's own redis-server: connections are accepted
by the kernel and never answered). A committed report must still return its receipt within seconds, the
site keeps answering, and the sweeper publishes the task once the broker is back. Production settings:
the broker deadlines are observatory.settings' CELERY_BROKER_* values."""

import os
import signal
import threading
import time

import pytest
from django.db import connections
from django.test import Client

from reports_intake import outbox
from reports_intake.models import OutboxMessage, Report
from tests.faults.conftest import receipt_in
from tests.reports_intake.brokers import RedisServer, publishing_to

pytestmark = pytest.mark.django_db(transaction=True)

BOUND_SECONDS = 10  # connect + send deadlines (2 s each) with room for a loaded machine


def _post_in_thread(client, url, body, result: dict):
    def run():
        started = time.monotonic()
        try:
            result["response"] = client.post(url, body)
        finally:
            result["seconds"] = time.monotonic() - started
            connections.close_all()  # this thread's own connection to the test database

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_stalled_broker_neither_blocks_the_site_nor_withholds_a_receipt(intake):
    broker = RedisServer().start()
    client = Client(raise_request_exception=False)
    first_body, second_body = intake.review(client), intake.review(client)
    first, second = {}, {}
    with publishing_to(broker.url):
        os.kill(broker.proc.pid, signal.SIGSTOP)
        try:
            sending = _post_in_thread(client, intake.page.url, first_body, first)
            sending.join(BOUND_SECONDS * 3)
            # While the broker is still stalled: another reporter and another page.
            page = client.get(intake.page.url)
            other = _post_in_thread(client, intake.page.url, second_body, second)
            other.join(BOUND_SECONDS * 3)
        finally:
            os.kill(broker.proc.pid, signal.SIGCONT)
            sending.join(120)
            other.join(120)
        try:
            took = f"{first['seconds']:.1f} s and {second['seconds']:.1f} s"
            print(f"\nreceipts under a stalled broker after {took}")
            for result in (first, second):
                assert result["seconds"] < BOUND_SECONDS, f"a submission took {result['seconds']:.0f} s"
                assert receipt_in(result["response"]), result["response"].status_code
            assert page.status_code == 200
            assert Report.objects.count() == 2
            # Published later, by the sweeper, now that the broker answers again.
            assert OutboxMessage.objects.filter(published_at__isnull=True).count() == 2
            outbox.reset_backoff()
            assert outbox.publish_pending_outbox() == 2
        finally:
            broker.stop()
