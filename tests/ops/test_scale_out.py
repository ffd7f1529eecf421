"""Past one machine (issue 18, item 5): the web tier is stateless and the workers compete for one queue.
Two gunicorn processes and two Celery workers (each holding the triage key, as two triage hosts would)
run against one database and one broker; reporters submit concurrently through both web processes, and
every report is stored once and triaged once: no receipt without its report, no report left untriaged,
no task delivered twice, no case opened twice."""

import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from nlp.models import TriageResult
from observatory.accounts import keys
from observatory.casework.models import Case
from reports_intake import pow
from reports_intake.models import OutboxMessage, Report
from tests.factories import create_office
from tests.ops import stack
from tests.ops.test_deployment_smoke import ANSWERS, CSRF, POW_DIFFICULTY, POW_TOKEN, RECEIPT
from tests.waiting import wait_until

REPORTS = 24
CLIENTS = 8
TASK_RECEIVED = re.compile(r"Task casework\.triage_report\[([0-9a-f-]+)\] received")
TASK_SUCCEEDED = re.compile(r"Task casework\.triage_report\[([0-9a-f-]+)\] succeeded")


def _submit_one(base_url: str, report_path: str, number: int) -> str:
    """One reporter, a browser of its own (its own cookies), on one of the web processes."""
    with httpx.Client(base_url=base_url, timeout=60) as browser:
        page = browser.get(report_path)
        # The CSRF cookie is Secure (DEBUG off) and this is plain HTTP: sent by hand, as over TLS.
        browser.headers["Cookie"] = page.headers["set-cookie"].split(";", 1)[0]
        answers = {
            **ANSWERS,
            "narrative": f"{ANSWERS['narrative']} Informe número {number}.",
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        }
        review = browser.post(report_path, data={**answers, "step": "contact"}, headers={"Origin": "null"})
        match = POW_TOKEN.search(review.text)
        assert match, f"report {number}: no challenge ({review.status_code})"
        token = match.group(1) or match.group(2)
        sent = browser.post(
            report_path,
            data={
                **answers,
                "step": "review",
                "pow_token": token,
                "pow_solution": pow.solve(token, POW_DIFFICULTY),
            },
            headers={"Origin": "null"},
        )
        receipt = RECEIPT.search(sent.text)
        assert sent.status_code == 200 and receipt, f"report {number}: {sent.status_code}"
        return receipt.group(1)


@pytest.fixture
def two_of_each(transactional_db, tmp_path, triage_key_file):
    create_office(triage_key=keys.read_private_key_file(triage_key_file))
    report_path = stack.report_page_path()
    broker = stack.Redis(tmp_path, persistent=True)
    cache = stack.Redis(tmp_path, persistent=False)
    started: list[stack.Process] = [broker, cache]
    try:
        # No proxy here: the web processes are reached directly, so none is counted.
        env = stack.app_env(
            broker,
            cache,
            tmp_path / "media",
            INTAKE_SUBMITS_PER_CLIENT_HOUR="1000",  # every reporter here shares 127.0.0.1
        )
        webs = [stack.Gunicorn(env, tmp_path, workers=1) for _ in range(2)]
        started += webs
        worker_env = {**env, "TRIAGE_PRIVATE_KEY_FILE": str(triage_key_file)}
        for number in (1, 2):
            started.append(
                stack.Worker(worker_env, tmp_path, queues="triage,default", name=f"worker{number}")
            )
        for web in webs:
            web.wait_ready()
        yield report_path, webs, started[-2:], broker.client()
    finally:
        for process in reversed(started):
            process.stop()


def test_two_web_processes_and_two_workers_lose_nothing_and_do_nothing_twice(two_of_each):
    report_path, webs, workers, broker = two_of_each
    with ThreadPoolExecutor(CLIENTS) as pool:
        receipts = list(pool.map(lambda n: _submit_one(webs[n % 2].url, report_path, n), range(REPORTS)))
    assert len(set(receipts)) == REPORTS

    # Every report stored once, and every one triaged.
    wait_until(
        lambda: Report.objects.filter(status=Report.Status.TRIAGED).count() == REPORTS,
        240,
        what=f"{REPORTS} reports triaged",
    )
    assert Report.objects.count() == REPORTS
    assert not OutboxMessage.objects.filter(published_at__isnull=True).exists()

    # The broker drains: every message taken by one worker or the other, and finished. (Triage may send a
    # report's second, full pass as a message of its own; those count as messages like the first.)
    def drained():
        received = [task for worker in workers for task in TASK_RECEIVED.findall(worker.log())]
        finished = [task for worker in workers for task in TASK_SUCCEEDED.findall(worker.log())]
        queued = sum(broker.llen(queue) for queue in ("triage", "default")) + broker.hlen("unacked")
        return queued == 0 and sorted(received) == sorted(finished) and received

    received = wait_until(drained, 240, what="the broker drained and every task finished")
    # No message delivered twice: two consumers on one queue each got their own messages, and both got some.
    assert len(received) == len(set(received)) >= REPORTS
    assert all(TASK_RECEIVED.search(worker.log()) for worker in workers)

    # One triage result and one case per report, every case in the office's queue.
    assert TriageResult.objects.count() == REPORTS
    cases = Case.objects.all()
    assert cases.count() == REPORTS and len({case.report_id for case in cases}) == REPORTS
    assert {case.status for case in cases} == {Case.Status.TRIAGED}
