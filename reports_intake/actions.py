"""Every write of the intake: submitting a report, the reporter's mailbox, and marking a report triaged.

Who each secret is sealed to is decided in `observatory.crypto.recipients`, and every binding string
comes from `observatory.crypto.contexts`; each attachment is stream-encrypted under its own key, which
lives in the sealed payload or message.

Nothing here logs: every value passing through is either secret or linkable to a report.
"""

import base64
import secrets
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from observatory.accounts import keys
from observatory.accounts.models import Organisation
from observatory.crypto import envelope, receipts, recipients
from observatory.db import insert_together
from observatory.geography import directory
from observatory.geography.actions import locate
from observatory.models import hour_now
from observatory.taxonomy import DOMAINS, GROUNDS, REPORTER_ROLES
from reports_intake import outbox
from reports_intake.models import KeyWrap, Message, OutboxMessage, Report, StoredFile, TimelineEvent
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


class UnknownReceipt(Exception):
    """A well-formed receipt that opens no report."""


@dataclass(frozen=True)
class Attachment:
    file_id: uuid.UUID
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class Submission:
    """What the reporter sent, as they see it back in the mailbox (file keys left out)."""

    narrative: str
    incident_date: date | None
    incident_month: date | None
    location_kind: str
    neighbourhood_code: str | None
    reporter_role: str
    grounds: list[str]
    domains: list[str]
    contact: str | None
    contact_consent: bool
    language: str
    attachments: list[Attachment]


@dataclass(frozen=True)
class MailboxEvent:
    kind: str
    organisation: str | None
    created_at: datetime


@dataclass(frozen=True)
class MailboxMessage:
    id: uuid.UUID
    author: str
    organisation: str | None
    text: str
    attachments: list[Attachment]
    created_at: datetime


@dataclass(frozen=True)
class Mailbox:
    report_id: uuid.UUID
    status: str
    received_at: datetime
    submission: Submission
    events: list[MailboxEvent]
    messages: list[MailboxMessage]


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


# --- Submission -----------------------------------------------------------------------------------


def submit_report(new: NewReport, *, now: datetime | None = None) -> Submitted:
    """Encrypt and store a report, its attachments, its first timeline event and its triage task, all or
    nothing; publish the task after the commit. `now` is for imports and the demo seeder only.

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
        files_meta = _store_files(new.attachments, report_id, received, stored)
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
        insert_together([report], wraps, stored, [received_event], [task])
        outbox.publish_after_commit(task)
    except BaseException:
        _delete_files(stored)
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


def _store_files(uploads: list[Upload], report_id, created: datetime, stored: list[StoredFile]) -> list[dict]:
    """Encrypt each upload under its own key to storage under a random name. Appends to `stored` as
    it goes, so the caller can delete what reached storage if anything later fails."""
    meta = []
    for upload in uploads:
        file_key = envelope.new_file_key()
        with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as ciphertext:
            size = envelope.encrypt_stream(BytesIO(upload.data), ciphertext, file_key)
            ciphertext.seek(0)
            name = default_storage.save(STORAGE_PREFIX + secrets.token_hex(16), File(ciphertext))
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


def _delete_files(stored: list[StoredFile]) -> None:
    for item in stored:
        try:
            default_storage.delete(item.storage_name)
        except OSError:
            pass  # the orphan is ciphertext whose key was never stored: unreadable


def _read_file(stored: StoredFile, file_key_b64: str) -> bytes:
    out = BytesIO()
    with default_storage.open(stored.storage_name, "rb") as src:
        envelope.decrypt_stream(src, out, base64.b64decode(file_key_b64))
    return out.getvalue()


# --- Staff and triage -----------------------------------------------------------------------------


def decrypt_report(report: Report, private_key: bytes, recipient_key_id: str) -> dict:
    """The report's payload, for whoever holds a private key the DEK was wrapped to (the triage worker,
    the office, an organisation the case was referred to). Raises envelope.DecryptionError otherwise."""
    dek = _dek(report, private_key, recipient_key_id)
    return recipients.open_report_payload(dek, report.payload, report.id, report.schema_version)


def decrypt_attachment(
    report: Report, private_key: bytes, recipient_key_id: str, file_id
) -> tuple[str, str, bytes]:
    """(name, content type, data) of an attachment submitted with the report, for a key holder."""
    payload = decrypt_report(report, private_key, recipient_key_id)
    meta = _find_attachment(payload["attachments"], file_id)
    stored = StoredFile.objects.get(id=file_id, report=report)
    return meta["name"], meta["content_type"], _read_file(stored, meta["key"])


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


def _dek(report: Report, private_key: bytes, recipient_key_id: str) -> bytes:
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


def _find_attachment(items: list[dict], file_id) -> dict:
    for item in items:
        if item["id"] == str(file_id):
            return item
    raise StoredFile.DoesNotExist


# --- Reporter mailbox -----------------------------------------------------------------------------


def unlock_mailbox(receipt: str) -> tuple[uuid.UUID, bytes]:
    """(report id, reporter private key) for a receipt. Raises receipts.InvalidReceipt for a mistyped
    receipt and UnknownReceipt for one that opens nothing."""
    canonical = receipts.normalise_receipt(receipt)
    row = Report.objects.filter(reporter_lookup=receipts.lookup_value(canonical)).values_list(
        "id", "reporter_private_sealed"
    )
    found = row.first()
    if found is None:
        raise UnknownReceipt
    report_id, sealed = found
    private = recipients.open_reporter_private_key(sealed, canonical, report_id)
    return report_id, private


def _reporter_dek(report: Report, reporter_private: bytes) -> bytes:
    return _dek(report, reporter_private, envelope.key_id(bytes(report.reporter_public_key)))


def read_mailbox(report_id, reporter_private: bytes) -> Mailbox:
    """Everything the reporter may see: status, timeline, messages both ways and their own submission."""
    report = Report.objects.get(id=report_id)
    dek = _reporter_dek(report, reporter_private)
    payload = recipients.open_report_payload(dek, report.payload, report.id, report.schema_version)
    events = [
        MailboxEvent(
            kind=e.kind, organisation=e.organisation.name if e.organisation else None, created_at=e.created_at
        )
        for e in report.timeline.select_related("organisation")
    ]
    messages = []
    for message in report.messages.select_related("organisation"):
        body = _open_message(message, dek, reporter_private)
        messages.append(
            MailboxMessage(
                id=message.id,
                author=message.author,
                organisation=message.organisation.name if message.organisation else None,
                text=body["text"],
                attachments=[_attachment(item) for item in body["attachments"]],
                created_at=datetime.fromisoformat(body["sent_at"]),
            )
        )
    messages.sort(key=lambda m: m.created_at)
    return Mailbox(
        report_id=report.id,
        status=report.status,
        received_at=report.received_at,
        submission=Submission(
            narrative=payload["narrative"],
            incident_date=date.fromisoformat(payload["incident_date"]) if payload["incident_date"] else None,
            incident_month=report.incident_month,
            location_kind=payload["location_kind"],
            neighbourhood_code=payload["neighbourhood_code"],
            reporter_role=payload["reporter_role"],
            grounds=payload["grounds"],
            domains=payload["domains"],
            contact=payload["contact"],
            contact_consent=payload["contact_consent"],
            language=payload["language"],
            attachments=[_attachment(item) for item in payload["attachments"]],
        ),
        events=events,
        messages=messages,
    )


def _attachment(item: dict) -> Attachment:
    return Attachment(
        file_id=uuid.UUID(item["id"]), name=item["name"], content_type=item["content_type"], size=item["size"]
    )


def _open_message(message: Message, dek: bytes, reporter_private: bytes) -> dict:
    if message.author == Message.Author.REPORTER:
        return recipients.open_reporter_message(dek, message.sealed, message.report_id, message.id)
    return recipients.open_caseworker_message(
        message.sealed, message.report_id, message.id, reporter_private=reporter_private
    )


@transaction.atomic
def add_reporter_message(
    report_id, reporter_private: bytes, text: str, attachments: list[Upload]
) -> uuid.UUID:
    """A message (and files) from the reporter, sealed under the report's DEK so that every organisation
    that can read the report can read it."""
    if len(attachments) > MAX_FILES:
        raise ValueError("too many attachments")
    report = Report.objects.select_for_update().get(id=report_id)
    dek = _reporter_dek(report, reporter_private)
    message_id = uuid.uuid4()
    stored: list[StoredFile] = []
    try:
        created = hour_now()
        files_meta = _store_files(attachments, report.id, created, stored)
        body = {"text": text, "attachments": files_meta, "sent_at": timezone.now().isoformat()}
        sealed = recipients.seal_reporter_message(dek, body, report.id, message_id)
        message = Message.objects.create(
            id=message_id, report=report, author=Message.Author.REPORTER, sealed=sealed
        )
        for item in stored:
            item.message = message
        StoredFile.objects.bulk_create(stored)
        append_timeline_event(report, TimelineEvent.Kind.MESSAGE)
    except BaseException:
        _delete_files(stored)
        raise
    return message_id


@transaction.atomic
def send_caseworker_message(report_id, organisation: Organisation, text: str) -> uuid.UUID:
    """A message from an organisation to the reporter, sealed to the reporter's public key: the sender
    needs no key of its own, and only the reporter can read it."""
    report = Report.objects.select_for_update().get(id=report_id)
    message_id = uuid.uuid4()
    body = {"text": text, "attachments": [], "sent_at": timezone.now().isoformat()}
    sealed = recipients.seal_caseworker_message(
        body, report.id, message_id, reporter_public=report.reporter_public_key
    )
    Message.objects.create(
        id=message_id,
        report=report,
        author=Message.Author.ORGANISATION,
        organisation=organisation,
        sealed=sealed,
    )
    append_timeline_event(report, TimelineEvent.Kind.MESSAGE, organisation)
    return message_id


def open_attachment(report_id, reporter_private: bytes, file_id) -> tuple[str, str, bytes]:
    """(name, content type, data) of a file the reporter sent or received. StoredFile.DoesNotExist if
    the file does not belong to this report."""
    stored = StoredFile.objects.select_related("report", "message").get(id=file_id, report_id=report_id)
    dek = _reporter_dek(stored.report, reporter_private)
    if stored.message is None:
        payload = recipients.open_report_payload(
            dek, stored.report.payload, report_id, stored.report.schema_version
        )
        items = payload["attachments"]
    else:
        items = _open_message(stored.message, dek, reporter_private)["attachments"]
    meta = _find_attachment(items, file_id)
    return meta["name"], meta["content_type"], _read_file(stored, meta["key"])
