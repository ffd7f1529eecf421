"""Finding 3: the whole triage worker group is SIGKILLed in the middle of `casework.triage_report`
(production task, production settings: the visibility timeout and the outbox sweeper as configured).
The report is in the office's queue from the moment it is stored, and once a worker is back the task is
published again within the stated bound (outbox.REPUBLISH_AFTER_SWEEPS sweeps of beat) and triaged once.

The worker is held mid-task by an ACCESS EXCLUSIVE lock on the triage results table, which the task
reads first and the submission never touches."""

import contextlib
import os
import signal
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings

from nlp.models import TriageResult
from observatory.accounts import keys
from observatory.casework.models import Case
from observatory.casework.queue import filtered_cases
from reports_intake import outbox
from reports_intake.actions import submit_report
from reports_intake.models import Report
from tests.factories import create_office, new_report
from tests.reports_intake.brokers import REPO, RedisServer, publishing_to
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _database(**extra) -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], **extra)


class TriageWorker:
    """`celery worker -Q triage -c 1` as deploy/compose.yaml runs it (prefork), on the private broker."""

    def __init__(self, broker_url: str, triage_key_file, log_dir):
        db = settings.DATABASES["default"]
        self.log_file = log_dir / f"triage-{uuid.uuid4().hex[:6]}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "observatory.settings_test",
            "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": broker_url,
            "TRIAGE_PRIVATE_KEY_FILE": str(triage_key_file),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "observatory", "worker", "-Q", "triage", "-c", "1"]
            + [
                "-n",
                f"triage-{uuid.uuid4().hex[:6]}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            cwd=REPO,
            env=env,
            stdout=open(self.log_file, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes the pool children too
        )
        wait_until(lambda: "ready." in self.log() or self.proc.poll() is not None, 60, what="worker start")
        assert self.proc.poll() is None, self.log()

    def log(self) -> str:
        return self.log_file.read_text()

    def kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill_group()


def _waiting_for_a_lock() -> bool:
    with _database(autocommit=True) as other:
        return bool(
            other.execute(
                "SELECT 1 FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchall()
        )


def test_a_killed_triage_worker_group_leaves_the_report_queued_and_triaged_within_the_bound(
    triage_key_file, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path)
    office = create_office(triage_key=keys.read_private_key_file(triage_key_file)).organisation
    broker = RedisServer().start()
    workers = [TriageWorker(broker.url, triage_key_file, tmp_path)]
    lock = _database()
    try:
        with publishing_to(broker.url):  # one producer pool for the whole test
            lock.execute(f"LOCK TABLE {TriageResult._meta.db_table} IN ACCESS EXCLUSIVE MODE")
            submitted = submit_report(new_report(location_kind="online", point=None))

            # In the office's queue at once, before any triage.
            case = Case.objects.get(report_id=submitted.report_id)
            assert case.status == Case.Status.NEW
            assert case in filtered_cases(office, {})

            wait_until(_waiting_for_a_lock, 60, what="the triage task to start and wait for the lock")
            workers[0].kill_group()  # the whole worker group, mid-task: nothing acknowledged
            lock.rollback()
            assert broker.client().hlen("unacked") == 1  # Redis holds it until the visibility timeout

            workers.append(TriageWorker(broker.url, triage_key_file, tmp_path))
            report = Report.objects.filter(id=submitted.report_id)
            sweeps, republished = 0, 0
            while not republished and sweeps <= outbox.REPUBLISH_AFTER_SWEEPS:
                republished = outbox.publish_pending_outbox()  # what beat runs once a minute
                sweeps += 1
            print(f"\nthe lost task was published again at sweep {sweeps} (one a minute from beat)")
            wait_until(
                lambda: report.get().status == Report.Status.TRIAGED, 60, what="triage by the new worker"
            )
    finally:
        lock.close()
        for worker in workers:
            worker.stop()
        broker.stop()
    assert Case.objects.get(report_id=submitted.report_id).status == Case.Status.TRIAGED
    assert TriageResult.objects.filter(report_id=submitted.report_id).count() == 1

    # The stated bound, from the production settings.
    sweep_every = settings.CELERY_BEAT_SCHEDULE["publish-outbox"]["schedule"]
    assert sweeps == outbox.REPUBLISH_AFTER_SWEEPS + 1
    assert settings.CELERY_VISIBILITY_TIMEOUT_SECONDS < outbox.REPUBLISH_AFTER_SWEEPS * sweep_every <= 16 * 60
