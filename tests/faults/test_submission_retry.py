"""Finding 1 (and the database half of finding 2): a submission that fails — the database connection
terminated under it, a table lock held past the deadline, a full disk — stores nothing, tells the
reporter so, and their retry stores the report once; a replay after success is refused, also after the
cache was flushed (the proof of work is spent in the database, with the report)."""

import subprocess
import threading
import time
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from reports_intake.actions import purge_spent_nonces
from reports_intake.models import Report, SpentNonce, StoredFile
from tests.faults.conftest import receipt_in
from tests.reports_intake.journey import photo_with_gps
from tests.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("web_database")]

NOT_SAVED = "Tu informe no se ha guardado"  # the failure page, in the reporter's language (Spanish)
ALREADY_SENT = "ya se ha enviado"


def _admin_connection() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    )


class TableLock:
    """ACCESS EXCLUSIVE on the reports table from another connection, for at most `hold` seconds (so
    a test of code without deadlines ends too); `waiters()` are the backends queued behind it."""

    def __init__(self, hold: float):
        self.hold, self.released = hold, threading.Event()
        self.conn = _admin_connection()
        self.conn.execute("BEGIN")
        self.conn.execute(f"LOCK TABLE {Report._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        self.thread = threading.Thread(target=self._release_later, daemon=True)
        self.thread.start()

    def _release_later(self):
        self.released.wait(self.hold)
        self.conn.execute("ROLLBACK")
        self.conn.close()

    def release(self):
        self.released.set()
        self.thread.join(10)

    def waiters(self) -> list[int]:
        with _admin_connection() as other:
            rows = other.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            ).fetchall()
        return [pid for (pid,) in rows]


def _terminate_first_waiter(lock: TableLock, done: threading.Event):
    pids = wait_until(lock.waiters, 20, what="the submission to wait for the table lock")
    with _admin_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pids[0]])
    done.set()


def _retry_stores_once_and_replay_is_refused(client, url, body, files=None):
    # What Django does when a real request ends (the test client skips it): drop a broken connection.
    close_old_connections()
    retried = client.post(url, {**body, **({"attachments": files()} if files else {})})
    assert retried.status_code == 200 and receipt_in(retried), retried.content.decode()[:800]
    assert Report.objects.count() == 1
    replay = client.post(url, {**body, **({"attachments": files()} if files else {})})
    assert ALREADY_SENT in replay.content.decode() and not receipt_in(replay)
    assert Report.objects.count() == 1


def test_retry_after_the_database_connection_was_terminated_stores_the_report_once(intake):
    client = Client(raise_request_exception=False)
    body = intake.review(client)
    lock, terminated = TableLock(hold=30), threading.Event()
    killer = threading.Thread(target=_terminate_first_waiter, args=(lock, terminated), daemon=True)
    killer.start()
    try:
        failed = client.post(intake.page.url, body)
    finally:
        killer.join(30)
        lock.release()
    assert terminated.is_set() and not receipt_in(failed)
    _retry_stores_once_and_replay_is_refused(client, intake.page.url, body)
    assert failed.status_code == 503, failed.status_code
    assert NOT_SAVED in failed.content.decode()


def test_a_table_lock_ends_the_submission_at_the_deadline_and_the_retry_stores_it_once(intake):
    client = Client(raise_request_exception=False)
    body = intake.review(client)
    lock = TableLock(hold=40)
    started = time.monotonic()
    try:
        failed = client.post(intake.page.url, body)
    finally:
        took = time.monotonic() - started
        lock.release()
    print(f"\nsubmission behind a held table lock answered after {took:.1f} s")
    assert not receipt_in(failed) and Report.objects.count() == 0
    _retry_stores_once_and_replay_is_refused(client, intake.page.url, body)
    assert failed.status_code == 503 and NOT_SAVED in failed.content.decode()
    assert took < 15, f"the submission waited {took:.0f} s for the lock"


@pytest.fixture
def small_disk(tmp_path, settings):
    """MEDIA_ROOT on a real tmpfs of 96 KiB: one padded 64 KiB ciphertext fits, a second does not."""
    root = tmp_path / "small-disk"
    root.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(root)], check=True)
    settings.MEDIA_ROOT = str(root)
    yield root
    subprocess.run(["umount", str(root)], check=True)


def test_retry_after_a_full_disk_stores_the_report_once(intake, small_disk):
    client = Client(raise_request_exception=False)
    body = intake.review(client)
    photo = photo_with_gps()

    def files():
        return [SimpleUploadedFile(f"foto{i}.jpg", photo, content_type="image/jpeg") for i in range(2)]

    failed = client.post(intake.page.url, {**body, "attachments": files()})
    assert not receipt_in(failed)
    assert Report.objects.count() == 0 and StoredFile.objects.count() == 0
    assert list((small_disk / "intake").iterdir()) == []  # no partial ciphertext left behind

    subprocess.run(["mount", "-o", "remount,size=1m", str(small_disk)], check=True)  # space freed
    _retry_stores_once_and_replay_is_refused(client, intake.page.url, body, files)
    assert StoredFile.objects.count() == 2
    assert failed.status_code == 503 and NOT_SAVED in failed.content.decode()


def test_a_replay_after_the_cache_was_flushed_is_refused(intake):
    client = Client()
    body = intake.review(client)
    sent = client.post(intake.page.url, body)
    assert receipt_in(sent)
    cache.clear()  # the cache Redis restarted empty (this run's own database: REDIS_URL db 2)
    replay = client.post(intake.page.url, body)
    assert ALREADY_SENT in replay.content.decode() and not receipt_in(replay)
    assert Report.objects.count() == 1


def test_spent_challenges_are_forgotten_only_after_they_expire(intake):
    client = Client()
    sent = client.post(intake.page.url, intake.review(client))
    assert receipt_in(sent)
    (spent,) = SpentNonce.objects.all()
    # Kept past the challenge's own expiry (POW_TTL_SECONDS), rounded up to the hour.
    assert spent.expires_at >= timezone.now() + timedelta(seconds=settings.POW_TTL_SECONDS)
    assert spent.expires_at.minute == spent.expires_at.second == 0
    assert purge_spent_nonces() == 0
    SpentNonce.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert purge_spent_nonces() == 1
