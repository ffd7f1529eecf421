"""No write of the casework or of nlp changes a case without an audit entry (issue 16).

PostgreSQL itself watches: a trigger on every table that holds a case's state (the case row, its
actions, referrals, label corrections, the report's messages and key wraps) notes the case of each row
inserted, changed or deleted. Every public function of `observatory.casework.actions` and `nlp.actions`
is then run (a new function without a scenario here fails `test_every_action_has_a_scenario`), and each
case it touched must have a new audit entry naming it (or its referral). A plain `.update()` that
bypasses the actions is caught the same way (`test_a_write_around_the_actions_is_caught`)."""

import inspect
from datetime import date

import pytest
from django.db import connection

from nlp import actions as nlp_actions
from observatory.audit.models import AuditEntry
from observatory.casework import actions
from observatory.casework.models import Case, Referral
from observatory.casework.staff import keyring
from tests.factories import sign_in

from .conftest import PASSWORD

WATCHED = {  # table -> how a row names its case
    "casework_case": "r.id",
    "casework_caseaction": "r.case_id",
    "casework_referral": "r.case_id",
    "casework_labelcorrection": "r.case_id",
    "reports_intake_message": "(SELECT id FROM casework_case WHERE report_id = r.report_id)",
    "reports_intake_keywrap": "(SELECT id FROM casework_case WHERE report_id = r.report_id)",
}
# Not writes of a case by anyone: the case row built for the report's own INSERT at submission (the
# report's reception, no actor; auditing it would take the audit chain's lock on every submission), and
# the alert that sends an e-mail.
NOT_CASE_WRITES = {"new_case", "alert_office_urgent_report"}

TRIAGED = {
    "language": "es", "grounds": ["racism"], "domain": "housing", "incident_type": "denial_of_service",
    "urgent": True, "urgency_reasons": ["violence"], "scores": {}, "pii": [], "needs_review": False,
    "model_version": "test",
}  # fmt: skip


@pytest.fixture
def watched(db):
    """Install the triggers (inside the test's transaction: rolled back with it) and return a reader of
    the cases written since the last read."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE case_writes (case_id uuid)")
        for table, case_of in WATCHED.items():
            cursor.execute(
                f"""
                CREATE FUNCTION pg_temp.note_{table}() RETURNS trigger AS $$
                DECLARE r record;
                BEGIN
                    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
                    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN RETURN NULL; END IF;
                    INSERT INTO case_writes SELECT {case_of};
                    RETURN NULL;
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER note_writes AFTER INSERT OR UPDATE OR DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION pg_temp.note_{table}();
                """
            )

    def written() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM case_writes RETURNING case_id")
            return {str(row[0]) for row in cursor.fetchall() if row[0] is not None}

    return written


def _audited_since(seq: int) -> set[str]:
    cases = set()
    for entry in AuditEntry.objects.filter(seq__gt=seq):
        if entry.object_type == "casework.case":
            cases.add(entry.object_id)
        elif entry.object_type == "casework.referral":
            cases.add(str(Referral.objects.get(pk=entry.object_id).case_id))
    return cases


def _last_seq() -> int:
    last = AuditEntry.objects.order_by("-seq").first()
    return last.seq if last else 0


def _check(watched, run) -> set[str]:
    """Run `run`; return the cases it wrote that have no new audit entry."""
    watched()
    seq = _last_seq()
    run()
    written = watched()
    assert written, "the scenario wrote nothing: it tests nothing"
    return written - _audited_since(seq)


def _public_functions(module) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and value.__module__ == module.__name__
    }


def _scenarios(office, cso, olga, carmen, report):
    """name -> (setup, write): each write of the actions on the reporter's report, in an order where each
    can run; `setup` (or None) prepares the case around the actions and is not checked."""
    unlocked = keyring.unlock_user_key(olga, PASSWORD)
    org_private = keyring.organisation_private_key(olga, unlocked, office.organisation)
    office_org, cso_org = office.organisation, cso.organisation

    def case():
        return Case.objects.get(report=report)

    def referral():
        return Referral.objects.filter(case=case(), status=Referral.Status.PENDING).latest("created_at")

    def refer():
        actions.refer_case(case(), from_organisation=office_org, to_organisation=cso_org, by=olga,
                           org_private=org_private, reason="ver nota")  # fmt: skip

    def message():
        dek = keyring.report_data_key(report, office_org, org_private)
        actions.message_reporter(case(), organisation=office_org, by=olga, text="¿Podemos hablar?", dek=dek)

    return {
        # The report's case exists since submission: open one for a report that has none.
        "open_case_for_report": (
            lambda: Case.objects.filter(report=report).delete(),
            lambda: actions.open_case_for_report(report),
        ),
        "record_triage": (None, lambda: nlp_actions.record_triage(report.id, TRIAGED)),
        "apply_triage": (None, lambda: actions.apply_triage(report.id, TRIAGED)),
        "acknowledge_case": (
            None,
            lambda: actions.acknowledge_case(case(), organisation=office_org, by=olga),
        ),
        "confirm_labels": (
            None,
            lambda: actions.confirm_labels(
                case(),
                organisation=office_org,
                by=olga,
                grounds=["racism"],
                domain="housing",
                incident_type="denial_of_service",
            ),
        ),  # fmt: skip
        "assign_case": (
            None,
            lambda: actions.assign_case(case(), organisation=office_org, by=olga, to=office_org),
        ),
        "record_action": (
            None,
            lambda: actions.record_action(
                case(),
                organisation=office_org,
                by=olga,
                code="legal_advice",
                on=date(2026, 3, 20),
                note="llamada",
                org_private=org_private,
            ),
        ),  # fmt: skip
        "message_reporter": (None, message),
        "refer_case": (None, refer),
        "decline_referral": (None, lambda: actions.decline_referral(referral(), by=carmen)),
        "accept_referral": (refer, lambda: actions.accept_referral(referral(), by=carmen)),
        "close_case": (None, lambda: actions.close_case(case(), organisation=office_org, by=olga)),
        "reopen_case": (None, lambda: actions.reopen_case(case(), organisation=office_org, by=olga)),
        "confirm_suggested_labels": (
            lambda: Case.objects.filter(pk=case().pk).update(labels_confirmed_at=None),
            lambda: actions.confirm_suggested_labels([case().pk], organisation=office_org, by=olga),
        ),
    }


# nlp stores the suggestion only (the case it opens is casework's apply_triage): it must touch no case.
WRITES_NO_CASE = {"record_triage"}


def test_every_action_has_a_scenario(office, cso, olga, carmen, report):
    public = (_public_functions(actions) | _public_functions(nlp_actions)) - NOT_CASE_WRITES
    assert public == set(_scenarios(office, cso, olga, carmen, report))


def test_every_write_of_a_case_has_its_audit_entry(watched, office, cso, olga, carmen, report):
    unaudited, silent = {}, []
    for name, (setup, write) in _scenarios(office, cso, olga, carmen, report).items():
        if setup:
            setup()
        watched()  # forget the setup's writes
        seq = _last_seq()
        write()
        written = watched()
        if name in WRITES_NO_CASE:
            assert written == set(), f"{name} wrote a case"
            continue
        if not written:
            silent.append(name)  # a scenario that writes nothing would test nothing
        if missing := written - _audited_since(seq):
            unaudited[name] = missing
    assert silent == []
    assert unaudited == {}


def test_a_write_around_the_actions_is_caught(watched, report):
    """The check itself can fail: the old nlp path (`Case.objects...update(urgent=True)`) is caught."""
    case = Case.objects.get(report=report)
    assert _check(watched, lambda: Case.objects.filter(pk=case.pk).update(urgent=True)) == {str(case.pk)}


def test_a_view_write_goes_through_an_audited_action(watched, client, olga, enrolled, report):
    """The staff pages too: acknowledging from the case page writes the case and its entry."""
    sign_in(client, olga, enrolled)
    case = Case.objects.get(report=report)
    assert _check(watched, lambda: client.post(f"/staff/cases/{case.pk}/acknowledge/")) == set()
