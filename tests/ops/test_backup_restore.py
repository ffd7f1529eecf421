"""Backups that restore (DESIGN §10): a populated database is backed up, restored into a new empty
database by `manage.py restore` as an administrator runs it, and there a caseworker still decrypts the
case and its attachment and the reporter's receipt still opens the mailbox. A corrupted archive is
refused with nothing written, and no private key is in an archive in clear."""

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from nlp.actions import UNLABELLED
from observatory.accounts import keys
from observatory.accounts.models import Membership
from observatory.casework import actions as casework
from observatory.casework.staff import keyring
from observatory.crypto import envelope
from observatory.crypto.keyfiles import read_private_key_file, write_private_key_file
from observatory.operations import backup
from reports_intake.actions import Upload, submit_report
from reports_intake.mailbox.actions import unlock_mailbox
from reports_intake.models import Report, StoredFile
from tests import factories

REPO = Path(__file__).resolve().parents[2]
NARRATIVE = "En la entrevista de trabajo me dijeron que no contratan a gitanos. Me llamo Rosario Heredia."
ATTACHMENT = b"%PDF-1.4\nCarta de la empresa: no contratamos a personas como usted.\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only


def _admin_connection():
    db = django_settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )  # fmt: skip


@pytest.fixture
def empty_database():
    """A new database on the test server with PostGIS only, as an administrator prepares one; dropped
    afterwards. Yields its name."""
    name = f"obs_helper_ops_restore_{uuid.uuid4().hex[:8]}"
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db = django_settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=name, autocommit=True
    ) as conn:
        conn.execute("CREATE EXTENSION postgis")
    try:
        yield name
    finally:
        with _admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tables(name: str) -> int:
    db = django_settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=name) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'"
        ).fetchone()[0]


def _env(database: str, media_root: Path) -> dict[str, str]:
    db = django_settings.DATABASES["default"]
    return {
        **os.environ,
        "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{database}",
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "observatory.settings_test",
    }


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def populated(office, settings, tmp_path):
    """A submitted report with an attachment, its case, and a caseworker holding a grant of the office
    key, all committed; MEDIA_ROOT in tmp_path."""
    keys.clear_cache()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    olga = factories.create_caseworker("olga", office, Membership.Role.OFFICE_CASEWORKER)
    upload = Upload(name="carta.pdf", content_type="application/pdf", data=ATTACHMENT)
    submitted = submit_report(factories.new_report(narrative=NARRATIVE, attachments=[upload]))
    report = Report.objects.get(pk=submitted.report_id)
    # Triaged here, not by whichever worker of the test session takes the task: the backup must hold a
    # known case state (a later delivery of the task changes nothing, it is idempotent).
    casework.apply_triage(report.id, {**UNLABELLED, "model_version": "test"})
    return {
        "office": office,
        "olga": olga,
        "report": report,
        "receipt": submitted.receipt,
        "file": StoredFile.objects.get(report=report),
    }


@pytest.fixture
def backup_key(tmp_path, settings):
    """The backup keypair as `backup_keygen` makes it: private half 'offline', public half configured."""
    private, public = tmp_path / "offline" / "backup.key", tmp_path / "backup-public.key"
    out = io.StringIO()
    call_command("backup_keygen", out=private, public_out=public, stdout=out)
    assert oct(private.stat().st_mode & 0o777) == "0o600"
    settings.BACKUP_PUBLIC_KEY_FILE = str(public)
    return private


def _backup(tmp_path) -> Path:
    call_command("backup", directory=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob(f"*{backup.SUFFIX}")
    return archive


class _Collect(backup.Sink):
    def __init__(self):
        self.members: dict[str, bytearray] = {}

    def begin(self, name, kind):
        self.current = self.members.setdefault(name, bytearray())

    def data(self, chunk):
        self.current += chunk


def test_backup_restores_into_an_empty_database_where_case_and_mailbox_still_open(
    populated, backup_key, tmp_path, empty_database
):
    archive = _backup(tmp_path)
    verified = io.StringIO()
    call_command("verify_backup", archive, key=backup_key, stdout=verified)
    assert "intact" in verified.getvalue()
    assert populated["office"].organisation.key_id in verified.getvalue()  # the offline key a restore needs

    # The live database has tables: restore refuses it, whatever the archive.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", archive, key=backup_key, stdout=io.StringIO())

    media = tmp_path / "restored-media"
    env = _env(empty_database, media)
    restored = _manage("restore", str(archive), "--key", str(backup_key), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "1 file(s)" in restored.stdout

    given = {
        "report_id": str(populated["report"].id),
        "file_id": str(populated["file"].id),
        "receipt": populated["receipt"],
        "caseworker": "olga",
    }
    check = subprocess.run(
        [sys.executable, "-m", "tests.ops.restored_checks"], cwd=REPO, env=env, input=json.dumps(given),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    seen = json.loads(check.stdout)
    assert seen == {
        "case_status": "triaged",
        "narrative": NARRATIVE,
        "attachment_name": "carta.pdf",
        "attachment_sha256": hashlib.sha256(ATTACHMENT).hexdigest(),
        "mailbox_report_id": str(populated["report"].id),
        "mailbox_narrative": NARRATIVE,
    }
    # The attachment came back as the ciphertext it was, under its stored name.
    original = Path(django_settings.MEDIA_ROOT) / populated["file"].storage_name
    assert (media / populated["file"].storage_name).read_bytes() == original.read_bytes()

    # --force restores over a populated database (pg_restore --clean), and it still opens.
    again = _manage("restore", str(archive), "--key", str(backup_key), "--force", env=env)
    assert again.returncode == 0, again.stderr
    check = subprocess.run(
        [sys.executable, "-m", "tests.ops.restored_checks"], cwd=REPO, env=env, input=json.dumps(given),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert json.loads(check.stdout) == seen


def _corrupt(archive: Path, offset: int) -> Path:
    """A copy with one bit flipped at `offset` (negative: from the end)."""
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01
    copy = archive.with_name(f"corrupt{offset}{backup.SUFFIX}")
    copy.write_bytes(bytes(data))
    return copy


def test_a_corrupted_archive_is_refused_and_nothing_is_written(
    populated, backup_key, tmp_path, empty_database
):
    archive = _backup(tmp_path)
    media = tmp_path / "restored-media"
    env = _env(empty_database, media)
    # In the last chunk, after the dump (the manifest): a one-pass restore would have committed the
    # database by the time it found out; and in the middle of the dump.
    for bad in (_corrupt(archive, -50), _corrupt(archive, archive.stat().st_size // 2)):
        refused = _manage("restore", str(bad), "--key", str(backup_key), env=env)
        assert refused.returncode != 0
        assert "corrupted, truncated or was altered" in refused.stderr
        with pytest.raises(CommandError, match="corrupted"):
            call_command("verify_backup", bad, key=backup_key, stdout=io.StringIO())
    truncated = archive.with_name(f"truncated{backup.SUFFIX}")
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size - 1000])
    assert _manage("restore", str(truncated), "--key", str(backup_key), env=env).returncode != 0
    assert _tables(empty_database) == 0
    assert not media.exists() or not any(media.rglob("*"))

    # Another backup key: named, refused, nothing read.
    other = tmp_path / "other.key"
    call_command("backup_keygen", out=other, public_out=tmp_path / "other.pub", stdout=io.StringIO())
    with pytest.raises(CommandError, match="sealed to backup key"):
        call_command("verify_backup", archive, key=other, stdout=io.StringIO())


def _dump_as_sql(dump: bytes, tmp_path: Path) -> str:
    """The custom-format dump as plain SQL (its table data is compressed otherwise): bytea as hex."""
    path = tmp_path / "dump.pgdump"
    path.write_bytes(dump)
    return subprocess.run(
        ["pg_restore", "--file=-", str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_no_private_key_and_no_plaintext_is_in_an_archive(populated, backup_key, tmp_path):
    archive = _backup(tmp_path)
    collected = _Collect()
    backup.read_archive(archive, read_private_key_file(backup_key), collected)
    sql = _dump_as_sql(bytes(collected.members[backup.DATABASE]), tmp_path)
    everything = sql.encode() + b"".join(
        bytes(v) for k, v in collected.members.items() if k != backup.DATABASE
    )

    office = populated["office"]
    _, reporter_private = unlock_mailbox(populated["receipt"])
    privates = {
        "office": office.key.private,
        "triage": office.triage_key.private,
        "caseworker": keyring.unlock_user_key(populated["olga"], factories.STAFF_PASSWORD),
        "reporter": reporter_private,
        "backup": read_private_key_file(backup_key).private,
    }
    # The search can fail: public keys are there, as hex in the dump and base64 in keys.json.
    assert bytes(office.key.public).hex().encode() in everything
    assert (
        json.loads(collected.members[backup.KEYS])["organisations"][0]["key_id"] == office.organisation.key_id
    )
    for who, private in privates.items():
        for form in (private.hex(), private[1:].hex(), base64.b64encode(private).decode()):
            assert form.encode() not in everything, f"{who} private key in the archive"
    assert NARRATIVE.encode() not in everything and b"Rosario" not in everything
    assert ATTACHMENT not in everything and b"no contratamos" not in everything


def test_a_private_key_file_under_media_root_stops_the_backup(populated, backup_key, tmp_path, settings):
    stray = Path(settings.MEDIA_ROOT) / "keys" / "office.key"
    write_private_key_file(stray, envelope.generate_keypair())
    with pytest.raises(CommandError, match="private key file"):
        call_command("backup", directory=tmp_path / "backups", stdout=io.StringIO())
    assert not any((tmp_path / "backups").iterdir())  # no partial archive left behind


def test_backup_keygen_refuses_a_private_key_inside_the_project(tmp_path):
    with pytest.raises(CommandError, match="outside the project"):
        call_command(
            "backup_keygen",
            out=REPO / "var" / "backup.key",
            public_out=tmp_path / "p.key",
            stdout=io.StringIO(),
        )
    assert not (REPO / "var" / "backup.key").exists()
