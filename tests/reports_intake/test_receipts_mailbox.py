"""The reporter's receipt and mailbox, checked as an attacker would: what is stored, what a guess or a
typo gets, and who can read the messages."""

import io

import pytest
from PIL import Image

from observatory.crypto import envelope, receipts
from reports_intake.actions import Upload, data_key, submit_report
from reports_intake.mailbox.actions import (
    UnknownReceipt,
    add_reporter_message,
    open_attachment,
    read_mailbox,
    send_caseworker_message,
    unlock_mailbox,
)
from reports_intake.models import Message, Report, StoredFile
from tests.reports_intake.dumps import leaks, pg_dump


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 200, 0)).save(out, "PNG")
    return out.getvalue()


def test_receipt_has_at_least_128_random_bits_and_differs_every_time(intake_keys, report_input):
    first = submit_report(report_input(location_kind="online", point=None)).receipt
    second = submit_report(report_input(location_kind="online", point=None)).receipt
    canonical = receipts.normalise_receipt(first)
    assert len(canonical) == receipts.LENGTH and receipts.RANDOM_BITS >= 128
    assert len(receipts.ALPHABET) ** receipts.DATA_CHARS >= 2**128
    assert first != second


def test_only_a_derived_lookup_is_stored(transactional_db, intake_keys, report_input):
    submitted = submit_report(report_input(location_kind="online", point=None))
    canonical = receipts.normalise_receipt(submitted.receipt)

    dump = pg_dump()
    for form in (canonical, submitted.receipt, canonical[:12], receipts.reporter_wrap_key(canonical).hex()):
        assert not leaks(form, dump), form
    assert receipts.reporter_wrap_key(canonical) not in dump
    assert receipts.lookup_value(canonical).hex() in dump.decode()  # bytea appears as hex in a dump


def test_receipt_unlocks_the_mailbox_in_any_spelling(intake_keys, report_input):
    submitted = submit_report(report_input(location_kind="online", point=None))
    typed = submitted.receipt.lower().replace("-", " ")
    report_id, private = unlock_mailbox(typed)
    assert report_id == submitted.report_id
    assert read_mailbox(report_id, private).submission.narrative == report_input().narrative


def test_a_valid_but_unknown_receipt_opens_nothing(intake_keys, report_input):
    submit_report(report_input(location_kind="online", point=None))
    with pytest.raises(UnknownReceipt):
        unlock_mailbox(receipts.format_receipt(receipts.new_receipt()))


def test_a_mistyped_character_is_caught_by_the_check(intake_keys, report_input):
    receipt = receipts.normalise_receipt(
        submit_report(report_input(location_kind="online", point=None)).receipt
    )
    wrong = "Z" if receipt[5] != "Z" else "Y"
    with pytest.raises(receipts.InvalidReceipt) as error:
        unlock_mailbox(receipt[:5] + wrong + receipt[6:])
    assert error.value.code == "check"


def _office_dek(intake_keys, report_id) -> bytes:
    """The report's data key as the office's caseworker holds it (the message is sealed for readers too)."""
    return data_key(
        Report.objects.get(id=report_id), intake_keys.office_key.private, intake_keys.office.key_id
    )


def test_reporter_and_caseworker_talk_through_the_mailbox(intake_keys, report_input):
    submitted = submit_report(report_input(location_kind="online", point=None))
    report_id, private = unlock_mailbox(submitted.receipt)

    send_caseworker_message(
        report_id,
        intake_keys.office,
        "Hola, ¿podemos llamarte el martes?",
        dek=_office_dek(intake_keys, report_id),
    )
    photo = png()
    add_reporter_message(report_id, private, "Sí, por la tarde. Adjunto la foto del cartel.", [
        Upload("cartel.png", "image/png", photo)
    ])  # fmt: skip

    mailbox = read_mailbox(report_id, private)
    assert [(m.author, m.organisation, m.text) for m in mailbox.messages] == [
        ("organisation", intake_keys.office.name, "Hola, ¿podemos llamarte el martes?"),
        ("reporter", None, "Sí, por la tarde. Adjunto la foto del cartel."),
    ]
    assert [e.kind for e in mailbox.events] == ["received", "message", "message"]
    assert [e.organisation for e in mailbox.events] == [None, intake_keys.office.name, None]
    (attachment,) = mailbox.messages[1].attachments
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "cartel.png",
        "image/png",
        len(photo),
    )
    assert open_attachment(report_id, private, attachment.file_id) == ("cartel.png", "image/png", photo)


def test_messages_are_unreadable_without_the_reporters_key(intake_keys, report_input):
    victim = submit_report(report_input(location_kind="online", point=None))
    stranger = submit_report(report_input(location_kind="online", point=None))
    report_id, private = unlock_mailbox(victim.receipt)
    _, stranger_private = unlock_mailbox(stranger.receipt)
    send_caseworker_message(
        report_id,
        intake_keys.office,
        "Tu cita es el día 3 en la calle Mayor.",
        dek=_office_dek(intake_keys, report_id),
    )
    add_reporter_message(report_id, private, "Gracias, allí estaré.", [Upload("a.png", "image/png", png())])

    for message in Message.objects.filter(report_id=report_id):
        assert b"calle Mayor" not in bytes(message.sealed) and b"Gracias" not in bytes(message.sealed)
    with pytest.raises(envelope.DecryptionError):
        read_mailbox(report_id, stranger_private)
    file_id = StoredFile.objects.get(report_id=report_id).id
    with pytest.raises(envelope.DecryptionError):
        open_attachment(report_id, stranger_private, file_id)
    # A file id from one mailbox is no use in another.
    with pytest.raises(StoredFile.DoesNotExist):
        open_attachment(stranger.report_id, stranger_private, file_id)
