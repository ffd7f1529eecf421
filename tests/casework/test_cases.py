"""The case workflow: labels confirmed as training examples, referral by re-wrapping the data key only,
redress actions with sealed notes, closing and reopening, and the queue's order."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from observatory.casework import actions, errors
from observatory.casework.models import Case, LabelCorrection, Referral
from observatory.casework.staff import keyring
from observatory.crypto import envelope
from reports_intake.actions import decrypt_report
from reports_intake.models import KeyWrap, Report, TimelineEvent

from .conftest import NARRATIVE, PASSWORD


def _org_key(user, org):
    return keyring.organisation_private_key(user, keyring.unlock_user_key(user, PASSWORD), org.organisation)


def test_case_opens_once_with_an_acknowledgement_deadline(report, settings):
    settings.CASE_ACK_DAYS = 7
    case = actions.open_case_for_report(report)
    assert actions.open_case_for_report(report) == case
    assert case.status == Case.Status.NEW
    assert case.ack_due_at == report.received_at + timedelta(days=7)
    assert not case.is_overdue()
    assert case.is_overdue(now=report.received_at + timedelta(days=8))


def test_confirmed_labels_are_kept_beside_triage_suggestions(report, office, olga):
    case = actions.open_case_for_report(report)
    case = actions.confirm_labels(
        case,
        organisation=office.organisation,
        by=olga,
        grounds=["racism", "language"],
        domain="housing",
        incident_type="denial_of_service",
        suggested={"grounds": ["racism"], "domain": "housing", "incident_type": "harassment"},
    )
    assert case.status == Case.Status.TRIAGED and case.labels_confirmed
    rows = {row.field: row for row in LabelCorrection.objects.filter(case=case)}
    assert rows["grounds"].changed and rows["grounds"].suggested == ["racism"]
    assert not rows["domain"].changed
    assert rows["incident_type"].changed and rows["incident_type"].confirmed == "denial_of_service"
    with pytest.raises(errors.InvalidCode):
        actions.confirm_labels(
            case,
            organisation=office.organisation,
            by=olga,
            grounds=["nope"],
            domain="housing",
            incident_type="other",
        )


def test_referral_rewraps_key_for_target_organisation_without_touching_the_payload(
    report, office, cso, olga, carmen
):
    case = actions.open_case_for_report(report)
    payload_before = bytes(Report.objects.get(pk=report.pk).payload)
    carmen_org_key = _org_key(carmen, cso)
    with pytest.raises(envelope.DecryptionError):
        decrypt_report(report, carmen_org_key, cso.organisation.key_id)

    referral = actions.refer_case(
        case,
        from_organisation=office.organisation,
        to_organisation=cso.organisation,
        by=olga,
        org_private=_org_key(olga, office),
        reason="Necesita asesoría jurídica en vivienda; habla árabe.",
    )
    report.refresh_from_db()
    assert bytes(report.payload) == payload_before
    assert decrypt_report(report, carmen_org_key, cso.organisation.key_id)["narrative"] == NARRATIVE
    assert KeyWrap.objects.filter(report=report, recipient_key_id=cso.organisation.key_id).count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.REFERRED
    assert report.timeline.filter(kind=TimelineEvent.Kind.REFERRED, organisation=cso.organisation).exists()
    # The reason is sealed under the report's key: the target reads it, the database shows nothing.
    assert b"asesor" not in bytes(referral.reason_sealed)
    dek = keyring.report_data_key(report, cso.organisation, carmen_org_key)
    assert actions.open_note(referral.reason_sealed, dek, "referral", referral.id).startswith("Necesita")

    actions.accept_referral(referral, by=carmen)
    case.refresh_from_db()
    assert case.assigned_organisation == cso.organisation and case.status == Case.Status.ASSIGNED


def test_only_the_target_answers_a_referral_and_declining_drops_its_wrap(report, office, cso, olga, carmen):
    case = actions.open_case_for_report(report)
    referral = actions.refer_case(
        case,
        from_organisation=office.organisation,
        to_organisation=cso.organisation,
        by=olga,
        org_private=_org_key(olga, office),
    )
    with pytest.raises(errors.AccessDenied):
        actions.accept_referral(referral, by=olga)
    actions.decline_referral(referral, by=carmen)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.DECLINED
    assert not KeyWrap.objects.filter(report=report, recipient_key_id=cso.organisation.key_id).exists()
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS
    with pytest.raises(errors.InvalidTransition):
        actions.accept_referral(referral, by=carmen)


def test_an_organisation_that_cannot_read_the_case_cannot_refer_it(report, office, cso, carmen):
    case = actions.open_case_for_report(report)
    with pytest.raises(errors.AccessDenied):
        actions.refer_case(
            case,
            from_organisation=cso.organisation,
            to_organisation=office.organisation,
            by=carmen,
            org_private=_org_key(carmen, cso),
        )


def test_redress_action_note_is_sealed_and_closing_needs_confirmed_labels(report, office, olga):
    case = actions.open_case_for_report(report)
    org_key = _org_key(olga, office)
    action = actions.record_action(
        case,
        organisation=office.organisation,
        by=olga,
        code="legal_advice",
        on=date(2026, 4, 2),
        note="Llamada con Amina, cita el martes.",
        org_private=org_key,
    )
    assert b"Amina" not in bytes(action.note_sealed)
    dek = keyring.report_data_key(report, office.organisation, org_key)
    assert (
        actions.open_note(action.note_sealed, dek, "case-action", action.id)
        == "Llamada con Amina, cita el martes."
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS
    with pytest.raises(errors.InvalidCode):
        actions.record_action(
            case, organisation=office.organisation, by=olga, code="magic", on=date(2026, 4, 2)
        )

    with pytest.raises(errors.InvalidTransition):
        actions.close_case(case, organisation=office.organisation, by=olga)
    actions.confirm_labels(
        case,
        organisation=office.organisation,
        by=olga,
        grounds=["racism"],
        domain="housing",
        incident_type="other",
    )
    case = actions.close_case(
        case,
        organisation=office.organisation,
        by=olga,
        legal_classification="administrative_offence",
        reported_to_police=False,
        reasons_not_reported=["fear_of_police"],
    )
    assert case.status == Case.Status.CLOSED and case.closed_at
    with pytest.raises(errors.InvalidTransition):
        actions.record_action(
            case, organisation=office.organisation, by=olga, code="apology", on=date(2026, 4, 3)
        )
    case = actions.reopen_case(case, organisation=office.organisation, by=olga)
    assert case.status == Case.Status.IN_PROGRESS and case.closed_at is None


def test_analyst_cannot_act_on_cases(report, office, ana):
    case = actions.open_case_for_report(report)
    with pytest.raises(errors.AccessDenied):
        actions.record_action(
            case, organisation=office.organisation, by=ana, code="apology", on=date(2026, 4, 3)
        )


def test_queue_puts_urgent_then_overdue_first(office, report, olga):
    from reports_intake.actions import NewReport, submit_report

    def another(**changes):
        base = dict(
            narrative="x",
            incident_date=None,
            incident_month=None,
            location_kind="online",
            neighbourhood_code=None,
            point=None,
            reporter_role="witness",
            grounds=["racism"],
            domains=["online"],
            contact=None,
            contact_consent=False,
            language="es",
            attachments=[],
        )
        return Report.objects.get(pk=submit_report(NewReport(**base)).report_id)

    calm = actions.open_case_for_report(report)
    overdue = actions.open_case_for_report(another())
    Case.objects.filter(pk=overdue.pk).update(ack_due_at=timezone.now() - timedelta(days=1))
    urgent = actions.open_case_for_report(another())
    Case.objects.filter(pk=urgent.pk).update(urgent=True)
    acknowledged = actions.acknowledge_case(calm, organisation=office.organisation, by=olga)
    assert acknowledged.acknowledged_at
    assert list(Case.objects.queue()) == [urgent, overdue, calm]
    assert list(Case.objects.overdue()) == [overdue]
