"""Content-free notices: a caseworker who opted in is told "a new case is waiting" (triage opened one,
or a case was referred to her organisation) and "the reporter wrote", by an e-mail that names no case,
no ground, no place and none of the reporter's words; nobody else is told."""

import pytest
from django.core import mail
from django.utils.translation import gettext

from observatory.accounts.models import Membership
from observatory.casework import actions
from observatory.casework.staff import keyring
from reports_intake.mailbox.actions import add_reporter_message, unlock_mailbox
from tests.factories import sign_in

from .conftest import NARRATIVE, PASSWORD

TRIAGED = {
    "language": "es", "grounds": ["racism"], "domain": "housing", "incident_type": "denial_of_service",
    "urgent": False, "urgency_reasons": [], "scores": {}, "pii": [], "needs_review": False,
    "model_version": "test",
}  # fmt: skip


def _opt_in(user, address):
    user.email = address
    user.save(update_fields=["email"])
    Membership.objects.filter(user=user).update(notify_by_email=True)


def _assert_content_free(message, report):
    text = message.subject + message.body
    case = report.case
    for secret in (str(case.id), str(case.id)[:8], str(report.id)[:8], NARRATIVE[:15], "Amina", "racism",
                   "housing", "Acoge"):  # fmt: skip
        assert secret not in text


def test_triage_tells_opted_in_office_members_a_case_is_waiting(
    report, olga, ana, django_capture_on_commit_callbacks
):
    _opt_in(olga, "olga@example.org")
    ana.email = "ana@example.org"  # opted in but an analyst: no casework, no notice
    ana.save(update_fields=["email"])
    Membership.objects.filter(user=ana).update(notify_by_email=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.apply_triage(report.id, TRIAGED)
    assert [m.to for m in mail.outbox] == [["olga@example.org"]]
    assert mail.outbox[0].subject == gettext("Observatory: a new case is waiting")
    _assert_content_free(mail.outbox[0], report)
    with django_capture_on_commit_callbacks(execute=True):
        actions.apply_triage(report.id, TRIAGED)  # redelivered: the case was already waiting
    assert len(mail.outbox) == 1


def test_nobody_who_did_not_opt_in_is_told(report, olga, django_capture_on_commit_callbacks):
    olga.email = "olga@example.org"
    olga.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.apply_triage(report.id, TRIAGED)
    assert mail.outbox == []


def test_referral_tells_the_receiving_organisation(report, office, cso, olga, carmen,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    _opt_in(carmen, "carmen@example.org")
    case = actions.open_case_for_report(report)
    org_private = keyring.organisation_private_key(
        olga, keyring.unlock_user_key(olga, PASSWORD), office.organisation
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.refer_case(case, from_organisation=office.organisation, to_organisation=cso.organisation,
                           by=olga, org_private=org_private, reason="Amina, vivienda")  # fmt: skip
    assert [m.to for m in mail.outbox] == [["carmen@example.org"]]
    _assert_content_free(mail.outbox[0], report)


def test_the_reporter_wrote_goes_to_the_assigned_organisation(
    reporter, office, cso, olga, carmen, django_capture_on_commit_callbacks
):
    _opt_in(olga, "olga@example.org")
    _opt_in(carmen, "carmen@example.org")
    report_id, private = unlock_mailbox(reporter.receipt)
    with django_capture_on_commit_callbacks(execute=True):
        add_reporter_message(report_id, private, "Me llamo Amina, os vuelvo a escribir.", [])
    assert [m.to for m in mail.outbox] == [["olga@example.org"]]  # unassigned: the office
    assert mail.outbox[0].subject == gettext("Observatory: the reporter wrote")
    _assert_content_free(mail.outbox[0], reporter.report)
    case = reporter.report.case
    case.assigned_organisation = cso.organisation
    case.save(update_fields=["assigned_organisation"])
    with django_capture_on_commit_callbacks(execute=True):
        add_reporter_message(report_id, private, "Otra cosa más.", [])
    assert [m.to for m in mail.outbox[1:]] == [["carmen@example.org"]]


@pytest.mark.parametrize("choice", [True, False])
def test_a_caseworker_opts_in_and_out_in_the_staff_pages(client, olga, enrolled, choice):
    sign_in(client, olga, enrolled)
    assert client.get("/staff/notifications/").status_code == 200
    response = client.post("/staff/notifications/", {"notify_by_email": "on"} if choice else {})
    assert response.status_code == 302
    assert Membership.objects.get(user=olga).notify_by_email is choice


def test_an_analyst_has_no_notice_page(client, ana, enrolled):
    sign_in(client, ana, enrolled)
    assert client.get("/staff/notifications/").status_code == 403
