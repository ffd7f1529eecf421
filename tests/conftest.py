"""Shared fixtures. The suite runs on the real stack (observatory.settings_test refuses anything else):
PostGIS for data, Redis as broker, and a Celery worker process started here against the test database."""

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from observatory.accounts.models import Membership, Organisation, SealedTOTPDevice
from reports_intake.actions import submit_report
from reports_intake.models import Report
from tests import factories
from tests.waiting import wait_until

REPO = Path(__file__).resolve().parent.parent
BOUNDARIES = REPO / "observatory" / "geography" / "data" / "valencia-barris-barrios.geojson"


def pytest_sessionstart(session):
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001 - any failure means the same thing to the person running tests
        pytest.exit(
            f"The Celery broker {settings.CELERY_BROKER_URL} is unreachable ({exc}). "
            "Tests need a real broker: run them with `make test`.",
            returncode=3,
        )


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request or a test that activated another one
    must not change what `resolve('/es/…')` (LocalePrefixPattern matches the active language) or a
    rendered string gives in the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Values cached per process (observatory.process_cache) must not outlive a test's rolled-back rows."""
    from observatory import process_cache

    process_cache.clear_all()
    yield
    process_cache.clear_all()


@pytest.fixture
def boundaries(db):
    """Valencia's 88 neighbourhoods in 19 districts, loaded through the management command."""
    from django.core.management import call_command

    call_command("load_boundaries", str(BOUNDARIES), stdout=open(os.devnull, "w"))


@pytest.fixture(scope="session")
def triage_key_file(tmp_path_factory) -> Path:
    """The triage private key, in a file only the worker process is told about (as in production)."""
    from observatory.accounts.keys import write_private_key_file
    from observatory.crypto.envelope import generate_keypair

    path = tmp_path_factory.mktemp("triage-key") / "triage.key"
    write_private_key_file(path, generate_keypair())
    return path


def _worker_env(test_db_name: str, triage_key: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TRIAGE_PRIVATE_KEY_FILE"] = str(triage_key)
    db = settings.DATABASES["default"]
    env["DATABASE_URL"] = f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{test_db_name}"
    env["DJANGO_SETTINGS_MODULE"] = "observatory.settings_test"
    return env


@pytest.fixture(scope="module")
def _worker_process(django_db_setup, django_db_blocker, triage_key_file):
    """A real `celery worker` process consuming from the real broker and writing to the test database,
    for one test module: alive for the whole session, it would also run the tasks that other modules'
    reports publish, and write while their tests flush the database."""
    from observatory.celery import app

    app.control.purge()
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    log = open(REPO / "var" / "test-worker.log", "w") if (REPO / "var").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "observatory",
            "worker",
            "-Q",
            "default,triage",
            "-c",
            "2",
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ],
        cwd=REPO,
        env=_worker_env(settings.DATABASES["default"]["NAME"], triage_key_file),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the Celery worker exited with {proc.returncode} at start (see var/test-worker.log)")
        if app.control.ping(timeout=1.0):
            break
    else:
        proc.kill()
        pytest.fail("the Celery worker did not answer a ping within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def celery_worker(transactional_db, _worker_process):
    """The module's worker (`_worker_process`), for a test on committed rows. After the test it waits until
    the worker has run everything the test set off (triage's full pass follows the first one from the back
    of the queue), so that no task writes while the database is flushed."""
    from observatory.celery import app

    yield _worker_process
    queues = ("default", "triage")

    def idle() -> bool:
        with app.connection_for_write() as connection:
            channel = connection.default_channel
            for queue in queues:
                try:
                    if channel.queue_declare(queue=queue, passive=True).message_count:
                        return False
                except connection.channel_errors:  # never declared: nothing was sent to it
                    pass
        inspect = app.control.inspect(timeout=1.0)
        busy = [*(inspect.active() or {}).values(), *(inspect.reserved() or {}).values()]
        return not any(busy)

    wait_until(idle, timeout=120, what="the Celery worker finishing the test's tasks")


# --- The roles, one set for every suite (as Healthchecks' hc/test.py) ---------------------------------
# The office (Oficina de No Discriminación) with its keys; a partner CSO; an office caseworker and a CSO
# caseworker, each holding a grant of her organisation's key; an analyst at the office, who holds none;
# and a reporter, whose report went through the real submission. Staff keys are sealed at the test
# Argon2id cost (observatory/settings_test.py), so a staff fixture costs milliseconds.


@pytest.fixture
def office(db) -> factories.OrgWithKey:
    """The office, with its keypair and an active triage key installed (private halves: tests only)."""
    return factories.create_office()


@pytest.fixture
def cso(db) -> factories.OrgWithKey:
    """A partner civil-society organisation, with its own keypair."""
    return factories.create_organisation("Asociación Acoge", "acoge", Organisation.Kind.CSO)


@pytest.fixture
def office_caseworker(office):
    """Office caseworker with a user key and a grant of the office key."""
    return factories.create_caseworker("olga", office, Membership.Role.OFFICE_CASEWORKER)


@pytest.fixture
def cso_caseworker(cso):
    """Caseworker of another organisation (the CSO), with a grant of her CSO's key only."""
    return factories.create_caseworker("carmen", cso, Membership.Role.CSO_CASEWORKER)


@pytest.fixture
def analyst(office):
    """Analyst at the office: works from aggregates, never holds an organisation key."""
    return factories.create_staff("ana", office.organisation, Membership.Role.ANALYST)


@pytest.fixture
def enrolled(db):
    """enrolled(user) -> the user's confirmed TOTP device."""

    def make(user):
        return SealedTOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    return make


@pytest.fixture
def staff_client(client, enrolled):
    """staff_client(user) -> the test client signed in as `user` with password and a real TOTP code."""
    return lambda user: factories.sign_in(client, user, enrolled)


@dataclass(frozen=True)
class Reporter:
    report: Report
    receipt: str


@pytest.fixture
def reporter(office, tmp_path, settings) -> Reporter:
    """A report submitted online (no boundaries needed), wrapped to the office and triage keys, and the
    receipt its reporter was shown."""
    settings.MEDIA_ROOT = str(tmp_path)
    submitted = submit_report(factories.new_report(narrative=factories.REPORTER_NARRATIVE))
    return Reporter(Report.objects.get(pk=submitted.report_id), submitted.receipt)
