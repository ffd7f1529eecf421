"""Every write of the intake but the mailbox's: submitting a report and marking it triaged, and what the
triage worker and staff use to open a report (the mailbox is `reports_intake.mailbox.actions`).

Who each secret is sealed to is decided in `observatory.crypto.recipients`, and every binding string
comes from `observatory.crypto.contexts`; each attachment is stream-encrypted under its own key, which
lives in the sealed payload or message.

Nothing here logs: every value passing through is either secret or linkable to a report.
"""

import base64
import contextlib
import secrets
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from io import BytesIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from observatory.accounts import keys
from observatory.accounts.models import Organisation
from observatory.crypto import envelope, receipts, recipients
from observatory.db import insert_together
from observatory.geography import directory
from observatory.geography.actions import locate
from observatory.taxonomy import DOMAINS, GROUNDS, REPORTER_ROLES
from reports_intake import outbox
from reports_intake.models import KeyWrap, OutboxMessage, Report, SpentNonce, StoredFile, TimelineEvent
from reports_intake.uploads import MAX_FILES

SCHEMA_VERSION = 1
MESSAGE_SCHEMA_VERSION = recipients.MESSAGE_SCHEMA_VERSION
STORAGE_PREFIX = "intake/"


# --- Inputs and outputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """An attachment already checked and sanitised by the form (uploads.sanitise)."""

    name: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class NewReport:
    narrative: str = field(repr=False)
    incident_date: date | None = field(repr=False)  # exact date: encrypted only
    incident_month: date | None  # first day of the month (clear); derived from the date if given
    location_kind: str  # neighbourhood | online | not_given
    neighbourhood_code: str | None
    point: tuple[float, float] | None = field(repr=False)  # (longitude, latitude): encrypted only
    reporter_role: str
    grounds: list[str]
    domains: list[str]
    contact: str | None = field(repr=False)
    contact_consent: bool
    language: str
    attachments: list[Upload]


@dataclass(frozen=True)
class Submitted:
    report_id: uuid.UUID
    receipt: str = field(repr=False)  # formatted, shown once, never stored


# Rows a higher layer stores with every new report, in the report's own statement: build(report) -> a
# list of unsaved instances with their primary keys set. The casework registers its case at app ready
# (observatory.casework.apps), so a report is in the office's queue the moment it is stored, triaged or
# not, and the intake never imports the casework.
_stored_with_every_report: list[Callable[[Report], list]] = []


def store_with_every_report(build: Callable[[Report], list]) -> None:
    if build not in _stored_with_every_report:
        _stored_with_every_report.append(build)


class AlreadySubmitted(Exception):
    """The proof-of-work challenge sent with this report was already used by a stored report."""


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _spent_nonce(nonce: bytes) -> SpentNonce:
    """The row that spends a challenge, kept until after it expires: a challenge is valid for at most
    POW_TTL_SECONDS from now, and the time is rounded up to the hour (see SpentNonce)."""
    expires = timezone.now() + timedelta(seconds=settings.POW_TTL_SECONDS + 60)
    return SpentNonce(nonce=uuid.UUID(bytes=nonce), expires_at=_hour(expires) + timedelta(hours=1))


def _is_replay(error: IntegrityError) -> bool:
    return getattr(getattr(error.__cause__, "diag", None), "table_name", None) == SpentNonce._meta.db_table


def purge_spent_nonces() -> int:
    """Forget spent challenges that have expired (their tokens are refused as expired anyway)."""
    deleted, _ = SpentNonce.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


# --- Submission -----------------------------------------------------------------------------------


def submit_report(new: NewReport, *, now: datetime | None = None, nonce: bytes | None = None) -> Submitted:
    """Encrypt and store a report, its attachments, its first timeline event and its triage task, all or
    nothing; publish the task after the commit. `now` is for imports and the demo seeder only.

    `nonce` is the proof-of-work challenge the report was sent with (abuse.check_challenge with
    spend=False): it is spent in the same statement, so it is spent exactly when the report is stored.
    Raises AlreadySubmitted, storing nothing, if a stored report already spent it.

    The SQL cost is constant: a geography look-up for a map pin only, one INSERT statement for every row,
    then one UPDATE once the task is published, whatever the number of stored reports or attachments."""
    _validate(new)
    system_keys = keys.submission_keys()
    neighbourhood_code, district_code, point = _place(new)
    received = _hour(now or timezone.now())
    report_id = uuid.uuid4()
    receipt = receipts.new_receipt()
    reporter = envelope.generate_keypair()
    dek = envelope.new_data_key()

    stored: list[StoredFile] = []
    try:
        files_meta = store_files(new.attachments, report_id, received, stored)
        payload = {
            "narrative": new.narrative,
            "incident_date": new.incident_date.isoformat() if new.incident_date else None,
            "location_kind": new.location_kind,
            "neighbourhood_code": neighbourhood_code,
            "point": list(point) if point else None,
            "reporter_role": new.reporter_role,
            "grounds": list(new.grounds),
            "domains": list(new.domains),
            "contact": new.contact or None,
            "contact_consent": bool(new.contact and new.contact_consent),
            "language": new.language,
            "attachments": files_meta,
        }
        wraps = [
            KeyWrap(
                report_id=report_id,
                recipient_key_id=wrap.recipient_key_id,
                suite=wrap.suite,
                wrapped_dek=wrap.wrapped_dek,
                created_at=received,
                updated_at=received,
            )
            for wrap in recipients.wrap_report_key(
                dek,
                report_id,
                office=[office.public_key for office in system_keys.office],
                triage=system_keys.triage.public_key,
                reporter=reporter.public,
            )
        ]
        stamps = {"created_at": received, "updated_at": received}
        report = Report(
            id=report_id,
            received_at=received,
            incident_month=_incident_month(new),
            location_kind=new.location_kind,
            neighbourhood_code=neighbourhood_code,
            district_code=district_code,
            reporter_role=new.reporter_role,
            language=new.language,
            schema_version=SCHEMA_VERSION,
            payload=recipients.seal_report_payload(dek, payload, report_id, SCHEMA_VERSION),
            reporter_lookup=receipts.lookup_value(receipt),
            reporter_public_key=reporter.public,
            reporter_private_sealed=recipients.seal_reporter_private_key(
                reporter.private, receipt, report_id
            ),
            **stamps,
        )
        task = OutboxMessage(report_id=report_id, task_name=outbox.TOPICS["triage"], **stamps)
        received_event = TimelineEvent(report_id=report_id, kind=TimelineEvent.Kind.RECEIVED, seq=0, **stamps)
        # One statement, atomic on its own (observatory.db): the report, its wraps, files, first event and
        # outbox row are all stored or none is.
        spent = [_spent_nonce(nonce)] if nonce is not None else []
        try:
            # Within a caller's transaction, a savepoint keeps a refused replay from aborting it; on its
            # own (a web request) the statement is its own transaction and needs none.
            with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
                with_report = [build(report) for build in _stored_with_every_report]
                insert_together(spent, [report], wraps, stored, [received_event], [task], *with_report)
        except IntegrityError as error:
            if _is_replay(error):
                raise AlreadySubmitted from None
            raise
        outbox.publish_after_commit(task)
    except BaseException:
        delete_files(stored)
        raise
    return Submitted(report_id=report_id, receipt=receipts.format_receipt(receipt))


def _validate(new: NewReport) -> None:
    # The form has already said all this to the reporter; these are the invariants the data relies on.
    if new.location_kind not in Report.LocationKind.values:
        raise ValueError("unknown location kind")
    REPORTER_ROLES.validate(new.reporter_role)
    GROUNDS.validate_many(new.grounds)
    DOMAINS.validate_many(new.domains)
    if len(new.attachments) > MAX_FILES:
        raise ValueError("too many attachments")


def _incident_month(new: NewReport) -> date | None:
    month = new.incident_date or new.incident_month
    return month.replace(day=1) if month else None


def _place(new: NewReport) -> tuple[str | None, str | None, tuple[float, float] | None]:
    """(neighbourhood code, district code, point) — the codes stay in the clear, the point does not."""
    if new.location_kind != Report.LocationKind.NEIGHBOURHOOD:
        return None, None, None
    if new.point:
        neighbourhood = locate(*new.point)
        if neighbourhood is not None:
            return neighbourhood.code, neighbourhood.district.code, new.point
    if not new.neighbourhood_code:  # a pin outside the city: keep it (encrypted), store no code
        return None, None, new.point
    district_code = directory.district_of(new.neighbourhood_code)
    if district_code is None:
        raise ValueError("unknown neighbourhood code")
    return new.neighbourhood_code, district_code, new.point


def store_files(uploads: list[Upload], report_id, created: datetime, stored: list[StoredFile]) -> list[dict]:
    """Encrypt each upload under its own key to storage under a random name. Appends to `stored` as
    it goes, so the caller can delete what reached storage if anything later fails."""
    meta = []
    for upload in uploads:
        file_key = envelope.new_file_key()
        with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as ciphertext:
            size = envelope.encrypt_stream(BytesIO(upload.data), ciphertext, file_key)
            ciphertext.seek(0)
            name = _save(STORAGE_PREFIX + secrets.token_hex(16), ciphertext)
        item = StoredFile(
            report_id=report_id, storage_name=name, size=size, created_at=created, updated_at=created
        )
        stored.append(item)
        meta.append(
            {
                "id": str(item.id),
                "name": upload.name,
                "content_type": upload.content_type,
                "size": len(upload.data),
                "key": base64.b64encode(file_key).decode(),
            }
        )
    return meta


def _save(name: str, ciphertext) -> str:
    """Save under `name`, or raise leaving nothing: a storage that fails mid-write (a full disk) keeps
    the partial file, which no row would ever point to."""
    try:
        return default_storage.save(name, File(ciphertext))
    except BaseException:
        try:
            default_storage.delete(name)
        except OSError:
            pass  # the same unreadable orphan as in delete_files; check_orphans lists it
        raise


def delete_files(stored: list[StoredFile]) -> None:
    for item in stored:
        try:
            default_storage.delete(item.storage_name)
        except OSError:
            pass  # the orphan is ciphertext whose key is gone or never stored; check_orphans lists it


def delete_file_after_commit(stored: StoredFile) -> None:
    """Remove a deleted row's ciphertext once the deletion commits (post_delete, reports_intake.apps):
    a file whose row is gone is an orphan no one can open, and a rolled-back deletion keeps its file."""
    name = stored.storage_name
    transaction.on_commit(lambda: delete_files([StoredFile(storage_name=name)]))


@dataclass(frozen=True)
class Orphans:
    files_without_rows: list[str]  # storage names under intake/ that no StoredFile row points to
    rows_without_files: list[str]  # StoredFile ids whose ciphertext is missing from storage


def find_orphans() -> Orphans:
    """Both kinds of leftover, for `manage.py check_orphans`. Lists storage once and reads the table's
    names once, so it costs one directory listing and one query whatever the number of files."""
    folder = STORAGE_PREFIX.rstrip("/")
    names = default_storage.listdir(folder)[1] if default_storage.exists(folder) else []
    on_disk = {STORAGE_PREFIX + name for name in names}
    rows = dict(StoredFile.objects.values_list("storage_name", "id"))
    return Orphans(
        files_without_rows=sorted(on_disk - rows.keys()),
        rows_without_files=sorted(str(rows[name]) for name in rows.keys() - on_disk),
    )


class FileMissing(Exception):
    """The row exists but its ciphertext is not in storage (lost, restored without files): `check_orphans`
    lists these."""


def read_file(stored: StoredFile, file_key_b64: str) -> bytes:
    out = BytesIO()
    try:
        src = default_storage.open(stored.storage_name, "rb")
    except FileNotFoundError:
        raise FileMissing from None
    with src:
        envelope.decrypt_stream(src, out, base64.b64decode(file_key_b64))
    return out.getvalue()


# --- Staff and triage -----------------------------------------------------------------------------


def decrypt_report(report: Report, private_key: bytes, recipient_key_id: str) -> dict:
    """The report's payload, for whoever holds a private key the DEK was wrapped to (the triage worker,
    the office, an organisation the case was referred to). Raises envelope.DecryptionError otherwise."""
    dek = data_key(report, private_key, recipient_key_id)
    return recipients.open_report_payload(dek, report.payload, report.id, report.schema_version)


def decrypt_attachment(
    report: Report, private_key: bytes, recipient_key_id: str, file_id
) -> tuple[str, str, bytes]:
    """(name, content type, data) of an attachment submitted with the report, for a key holder."""
    payload = decrypt_report(report, private_key, recipient_key_id)
    meta = find_attachment(payload["attachments"], file_id)
    stored = StoredFile.objects.get(id=file_id, report=report)
    return meta["name"], meta["content_type"], read_file(stored, meta["key"])


@transaction.atomic
def mark_triaged(report_id, *, urgent: bool = False) -> bool:
    """Record that triage ran. Idempotent: False (and nothing written) if the report is already past
    `received`, so a task delivered twice is processed once."""
    report = Report.objects.select_for_update().get(id=report_id)
    if report.status != Report.Status.RECEIVED:
        return False
    report.status = Report.Status.TRIAGED
    report.urgent = urgent
    report.save(update_fields=["status", "urgent"])
    append_timeline_event(report, TimelineEvent.Kind.TRIAGED)
    return True


def data_key(report: Report, private_key: bytes, recipient_key_id: str) -> bytes:
    wrap = KeyWrap.objects.filter(report_id=report.id, recipient_key_id=recipient_key_id).first()
    if wrap is None:
        raise envelope.DecryptionError("no key wrap for this recipient")
    return recipients.open_report_key(wrap.wrapped_dek, private_key, report.id)


def append_timeline_event(
    report: Report, kind: str, organisation: Organisation | None = None
) -> TimelineEvent:
    # The caller holds the report row lock, so seq cannot be taken twice.
    last = TimelineEvent.objects.filter(report=report).aggregate(last=Max("seq"))["last"]
    return TimelineEvent.objects.create(
        report=report, kind=kind, organisation=organisation, seq=0 if last is None else last + 1
    )


def find_attachment(items: list[dict], file_id) -> dict:
    for item in items:
        if item["id"] == str(file_id):
            return item
    raise StoredFile.DoesNotExist
