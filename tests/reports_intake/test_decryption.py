"""Who can read a report: nobody with only the web process's keys and the database; the office and
the triage worker with their private keys, and then exactly what was submitted."""

import io
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import ExifTags, Image

from observatory.accounts import keys
from observatory.crypto import envelope
from reports_intake import uploads
from reports_intake.actions import Upload, decrypt_attachment, decrypt_report, submit_report
from reports_intake.models import KeyWrap, Report

CANARY = "CANARY-exif-4b1d9e"


def photo_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = CANARY
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 28.0, 12.0)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def submitted(intake_keys, boundaries, report_input):
    photo = uploads.sanitise(photo_with_metadata(), "image/jpeg")
    new = report_input(
        contact="+34 600 000 000",
        contact_consent=True,
        grounds=["racism", "religion"],
        domains=["housing"],
        attachments=[Upload("portal.jpg", "image/jpeg", photo)],
    )
    result = submit_report(new)
    return new, result, Report.objects.get(id=result.report_id)


def test_the_office_key_decrypts_exactly_what_was_submitted(intake_keys, submitted):
    new, _, report = submitted
    payload = decrypt_report(report, intake_keys.office_key.private, intake_keys.office_key_id)

    assert payload["narrative"] == new.narrative
    assert payload["incident_date"] == "2026-03-14"
    assert payload["point"] == list(new.point)
    assert (payload["grounds"], payload["domains"], payload["reporter_role"]) == (
        ["racism", "religion"],
        ["housing"],
        "victim",
    )
    assert (payload["contact"], payload["contact_consent"]) == ("+34 600 000 000", True)
    (attachment,) = payload["attachments"]
    name, content_type, data = decrypt_attachment(
        report, intake_keys.office_key.private, intake_keys.office_key_id, attachment["id"]
    )
    assert (name, content_type) == ("portal.jpg", "image/jpeg")
    assert data == new.attachments[0].data  # byte for byte, as sanitised
    assert CANARY.encode() not in data and b"Exif" not in data


def test_the_triage_key_decrypts_the_payload(intake_keys, submitted):
    new, _, report = submitted
    payload = decrypt_report(report, intake_keys.triage_key.private, intake_keys.triage_key_id)
    assert payload["narrative"] == new.narrative


def test_what_the_web_process_holds_opens_nothing(intake_keys, submitted, monkeypatch):
    _, _, report = submitted
    # The web process has public keys and the database. Try every 32-byte window of everything stored
    # about the report as the payload key: the data key must not be lying around in the clear.
    stored = b"".join(
        [
            bytes(report.payload),
            bytes(report.reporter_lookup),
            bytes(report.reporter_public_key),
            bytes(report.reporter_private_sealed),
            bytes(intake_keys.office.public_key),
            *(bytes(w) for w in KeyWrap.objects.filter(report=report).values_list("wrapped_dek", flat=True)),
        ]
    )
    blob, opened = bytes(report.payload), 0
    for start in range(len(stored) - 31):
        try:
            envelope.open_payload(
                stored[start : start + 32], blob, report_id=str(report.id), schema_version=1
            )
            opened += 1
        except envelope.DecryptionError:
            pass
    assert opened == 0

    # Public keys in place of private ones, or a stranger's key, open no wrap.
    for private in (bytes(intake_keys.office.public_key), envelope.generate_keypair().private):
        with pytest.raises((envelope.DecryptionError, envelope.UnsupportedFormat)):
            decrypt_report(report, private, intake_keys.office_key_id)
    # The web process has no way to the triage private key.
    monkeypatch.delenv("TRIAGE_PRIVATE_KEY_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured):
        keys.load_triage_private_key()


def test_a_wrap_copied_onto_another_report_does_not_open_it(intake_keys, submitted, report_input):
    _, _, report = submitted
    other = Report.objects.get(id=submit_report(report_input(incident_date=date(2026, 1, 2))).report_id)
    KeyWrap.objects.filter(report=other, recipient_key_id=intake_keys.office_key_id).update(
        wrapped_dek=KeyWrap.objects.get(report=report, recipient_key_id=intake_keys.office_key_id).wrapped_dek
    )
    with pytest.raises(envelope.DecryptionError):
        decrypt_report(other, intake_keys.office_key.private, intake_keys.office_key_id)


def test_an_altered_payload_does_not_open(intake_keys, submitted):
    _, _, report = submitted
    payload = bytearray(report.payload)
    payload[40] ^= 1
    report.payload = bytes(payload)
    with pytest.raises(envelope.DecryptionError):
        decrypt_report(report, intake_keys.office_key.private, intake_keys.office_key_id)


def test_triage_worker_loads_its_key_from_the_file_named_in_its_environment(tmp_path, monkeypatch):
    pair = envelope.generate_keypair()
    path = tmp_path / "triage.key"
    keys.write_private_key_file(path, pair)
    monkeypatch.setenv("TRIAGE_PRIVATE_KEY_FILE", str(path))

    loaded = keys.load_triage_private_key()
    assert (loaded.private, loaded.key_id) == (pair.private, envelope.key_id(pair.public))
    assert path.stat().st_mode & 0o777 == 0o600
    assert pair.private.hex() not in repr(loaded)
