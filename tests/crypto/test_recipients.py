"""The recipient rules: who can open what each operation seals."""

import uuid

import pytest

from observatory.crypto import envelope, recipients

REPORT_ID, MESSAGE_ID = uuid.uuid4(), uuid.uuid4()
BODY = {"text": "Tu cita es el día 3.", "attachments": [], "sent_at": "2026-12-02T07:51:00+00:00"}


def test_a_report_key_opens_for_each_recipient_and_for_no_other_report():
    office, triage, reporter = (envelope.generate_keypair() for _ in range(3))
    dek = envelope.new_data_key()
    wraps = recipients.wrap_report_key(
        dek, REPORT_ID, office=[office.public], triage=triage.public, reporter=reporter.public
    )
    by_id = {w.recipient_key_id: w for w in wraps}
    for pair in (office, triage, reporter):
        assert (
            recipients.open_report_key(
                by_id[envelope.key_id(pair.public)].wrapped_dek, pair.private, REPORT_ID
            )
            == dek
        )
    with pytest.raises(envelope.DecryptionError):  # a wrap moved onto another report
        recipients.open_report_key(wraps[0].wrapped_dek, office.private, uuid.uuid4())


def test_a_caseworker_message_opens_for_the_reporter_and_for_readers_of_the_report():
    reporter = envelope.generate_keypair()
    dek = envelope.new_data_key()
    sealed = recipients.seal_caseworker_message(
        BODY, REPORT_ID, MESSAGE_ID, reporter_public=reporter.public, dek=dek
    )
    assert b"cita" not in sealed
    assert (
        recipients.open_caseworker_message(sealed, REPORT_ID, MESSAGE_ID, reporter_private=reporter.private)
        == BODY
    )
    assert recipients.open_caseworker_message(sealed, REPORT_ID, MESSAGE_ID, dek=dek) == BODY
    with pytest.raises(envelope.DecryptionError):
        recipients.open_caseworker_message(sealed, REPORT_ID, MESSAGE_ID, dek=envelope.new_data_key())
    with pytest.raises(envelope.DecryptionError):  # bound to its message id
        recipients.open_caseworker_message(sealed, REPORT_ID, uuid.uuid4(), dek=dek)
    with pytest.raises(envelope.DecryptionError):
        recipients.open_caseworker_message(
            sealed, REPORT_ID, MESSAGE_ID, reporter_private=envelope.generate_keypair().private
        )


def test_a_case_note_opens_only_under_its_report_key_and_its_own_id():
    dek, note_id = envelope.new_data_key(), uuid.uuid4()
    sealed = recipients.seal_case_note("Llamé a la agencia.", dek, "case-action", note_id)
    assert recipients.open_case_note(sealed, dek, "case-action", note_id) == "Llamé a la agencia."
    assert recipients.seal_case_note("   ", dek, "case-action", note_id) is None
    assert recipients.open_case_note(None, dek, "case-action", note_id) == ""
    with pytest.raises(envelope.DecryptionError):
        recipients.open_case_note(sealed, dek, "referral", note_id)
