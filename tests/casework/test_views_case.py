"""The case page and its writes, as caseworkers and attackers see them: the office reads the decrypted
report and works the case; a caseworker of another organisation gets 404s until the case is referred
to her; an analyst never gets the page; every read of plaintext and every write leaves an audit entry."""

import pytest

from observatory.casework import actions
from observatory.casework.models import Case, CaseAction, LabelCorrection, Referral
from reports_intake.actions import NewReport, Upload, submit_report
from reports_intake.mailbox.actions import read_mailbox, unlock_mailbox
from reports_intake.models import Message, Report, StoredFile
from tests.factories import sign_in

from .conftest import NARRATIVE


def audit_trail(obj=None):
    from observatory.audit.models import AuditEntry

    entries = AuditEntry.objects.order_by("seq")
    if obj is not None:
        entries = entries.filter(object_id=str(obj.pk))
    return list(entries.values_list("action", flat=True))


@pytest.fixture
def case(report):
    return actions.open_case_for_report(report)


@pytest.fixture
def photo_case(office, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    submitted = submit_report(
        NewReport(
            narrative="Pintada en el portal. Adjunto foto.",
            incident_date=None,
            incident_month=None,
            location_kind="online",
            neighbourhood_code=None,
            point=None,
            reporter_role="witness",
            grounds=["anti_muslim"],
            domains=["neighbourhood"],
            contact=None,
            contact_consent=False,
            language="es",
            attachments=[Upload("pintada.txt", "text/plain", b"PINTADA-BYTES")],
        )
    )
    report = Report.objects.get(pk=submitted.report_id)
    return actions.open_case_for_report(report), submitted.receipt


def test_office_caseworker_reads_the_decrypted_report_and_it_is_audited(client, olga, enrolled, case):
    sign_in(client, olga, enrolled)
    response = client.get(f"/staff/cases/{case.id}/")
    assert response.status_code == 200
    assert NARRATIVE in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert audit_trail(case) == ["decrypted"]


def test_another_organisations_caseworker_gets_404_for_the_case_and_every_write(
    client, carmen, enrolled, case
):
    sign_in(client, carmen, enrolled)
    assert client.get(f"/staff/cases/{case.id}/").status_code == 404
    for action in ("acknowledge", "labels", "actions", "refer", "close", "reopen", "messages"):
        assert client.post(f"/staff/cases/{case.id}/{action}/", {"text": "hola"}).status_code == 404
    assert not Message.objects.exists()
    assert audit_trail(case) == []


def test_analyst_never_gets_the_case_page(client, ana, enrolled, case):
    sign_in(client, ana, enrolled)
    response = client.get(f"/staff/cases/{case.id}/")
    assert response.status_code == 403
    assert NARRATIVE not in response.content.decode()


def test_confirm_refer_accept_record_message_close_and_reopen(client, olga, carmen, cso, enrolled, case):
    sign_in(client, olga, enrolled)
    url = f"/staff/cases/{case.id}/"
    client.post(url + "acknowledge/")
    client.post(
        url + "labels/",
        {"grounds": ["racism", "language"], "domain": "housing", "incident_type": "denial_of_service"},
    )
    case.refresh_from_db()
    assert case.labels_confirmed and case.acknowledged_at and case.confirmed_grounds == ["racism", "language"]
    assert LabelCorrection.objects.filter(case=case).count() == 3
    client.post(
        url + "refer/", {"to_organisation": cso.organisation.pk, "reason": "Necesita abogada de vivienda"}
    )
    referral = Referral.objects.get(case=case)
    assert referral.status == Referral.Status.PENDING

    carmen_client = sign_in(client.__class__(), carmen, enrolled)
    page = carmen_client.get(url).content.decode()
    assert NARRATIVE in page and "Necesita abogada de vivienda" in page
    carmen_client.post(url + f"referrals/{referral.id}/accept/")
    case.refresh_from_db()
    assert case.assigned_organisation == cso.organisation
    carmen_client.post(
        url + "actions/", {"code": "mediation", "on": "2026-04-02", "note": "Hablé con la agencia."}
    )
    carmen_client.post(url + "actions/", {"code": "service_restored", "on": "2026-04-09", "note": ""})
    assert list(CaseAction.objects.filter(case=case).values_list("code", flat=True)) == [
        "mediation",
        "service_restored",
    ]
    assert "Hablé con la agencia." in carmen_client.get(url).content.decode()
    carmen_client.post(url + "messages/", {"text": "La agencia le volverá a enseñar el piso."})
    assert Message.objects.filter(report=case.report, author="organisation").count() == 1
    # Sealed for the case's readers too: the sender (and any colleague) reads the thread back.
    assert "La agencia le volverá a enseñar el piso." in carmen_client.get(url).content.decode()
    carmen_client.post(
        url + "close/",
        {"legal_classification": "administrative_offence", "reported_to_police": "no",
         "reasons_not_reported": ["fear_of_police"]},
    )  # fmt: skip
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.reported_to_police is False
    carmen_client.post(url + "reopen/")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert set(audit_trail()) >= {"decrypted", "changed", "referred", "messaged"}


def test_refusals_become_messages_not_errors(client, olga, enrolled, case):
    sign_in(client, olga, enrolled)
    response = client.post(
        f"/staff/cases/{case.id}/close/", {"legal_classification": "undetermined"}, follow=True
    )
    assert response.status_code == 200
    assert "confirm the labels before closing" in response.content.decode()
    case.refresh_from_db()
    assert case.status != Case.Status.CLOSED


def test_attachment_is_downloaded_decrypted_and_never_inline(client, olga, carmen, enrolled, photo_case):
    case, _ = photo_case
    stored = StoredFile.objects.get(report=case.report)
    sign_in(client, olga, enrolled)
    response = client.get(f"/staff/cases/{case.id}/files/{stored.id}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PINTADA-BYTES"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert audit_trail(stored) == ["decrypted"]

    other = sign_in(client.__class__(), carmen, enrolled)
    assert other.get(f"/staff/cases/{case.id}/files/{stored.id}/").status_code == 404


def test_reporter_reads_the_caseworkers_message(client, olga, enrolled, photo_case):
    case, receipt = photo_case
    sign_in(client, olga, enrolled)
    client.post(f"/staff/cases/{case.id}/messages/", {"text": "Hemos recibido su informe."})
    report_id, private = unlock_mailbox(receipt)
    assert [m.text for m in read_mailbox(report_id, private).messages] == ["Hemos recibido su informe."]


def test_locked_session_shows_codes_but_no_plaintext(client, olga, enrolled, case):
    sign_in(client, olga, enrolled)
    client.cookies.pop("obs_sk")
    response = client.get(f"/staff/cases/{case.id}/")
    assert response.status_code == 200
    assert NARRATIVE not in response.content.decode()
    assert audit_trail(case) == ["viewed"]
