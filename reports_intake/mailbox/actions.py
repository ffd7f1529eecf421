"""Every write and read of the reporter's mailbox: unlocking it with a receipt, reading status, timeline
and messages, messages both ways (a caseworker's is sent from the casework), and files.

Nothing here logs: every value passing through is either secret or linkable to a report.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from observatory.accounts.models import Organisation
from observatory.crypto import envelope, receipts, recipients
from observatory.models import hour_now
from reports_intake.actions import (
    Upload,
    append_timeline_event,
    data_key,
    delete_files,
    find_attachment,
    read_file,
    store_files,
)
from reports_intake.models import Message, Report, StoredFile, TimelineEvent
from reports_intake.uploads import MAX_FILES


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
    return data_key(report, reporter_private, envelope.key_id(bytes(report.reporter_public_key)))


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
        files_meta = store_files(attachments, report.id, created, stored)
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
        delete_files(stored)
        raise
    return message_id


@transaction.atomic
def send_caseworker_message(report_id, organisation: Organisation, text: str, *, dek: bytes) -> uuid.UUID:
    """A message from an organisation to the reporter, sealed for the reporter and for everyone who can
    read the report (`dek`: its data key, opened by the sender's organisation key)."""
    report = Report.objects.select_for_update().get(id=report_id)
    message_id = uuid.uuid4()
    body = {"text": text, "attachments": [], "sent_at": timezone.now().isoformat()}
    sealed = recipients.seal_caseworker_message(
        body, report.id, message_id, reporter_public=report.reporter_public_key, dek=dek
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
    meta = find_attachment(items, file_id)
    return meta["name"], meta["content_type"], read_file(stored, meta["key"])
