"""After submitting (issue 15, item 7): the receipt says what happens next and where to use it, and the
mailbox shows the case's real state, in the reporter's language."""

import datetime

import pytest
from django.utils import timezone

from observatory.accounts.models import Membership
from observatory.casework import actions as casework
from observatory.casework.models import Case, CaseAction
from reports_intake import actions
from reports_intake.mailbox import session as sessions
from tests.factories import OrgWithKey, create_caseworker, create_organisation, new_report
from tests.reports_intake.journey import (
    NARRATIVE,
    fill,
    find_form,
    in_language,
    install_submission_keys,
    login,
    walk_to_review,
)


def test_the_receipt_says_what_happens_next_and_prints_the_mailbox_address(client, intake):
    page, answers = intake
    review = walk_to_review(client, page, answers, lang="en")
    sent = client.post(
        in_language(page.url, "en"), fill(find_form(review.content.decode(), form_id="send-form"))
    )
    html = sent.content.decode()
    assert "What happens next" in html
    assert "confirms it in your mailbox within 7 days" in html
    assert '<span dir="ltr">http://testserver/en/mailbox/</span>' in html
    assert 'class="receipt" id="receipt" dir="ltr"' in html


@pytest.fixture
def mailbox(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.POW_DIFFICULTY = 4
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    office, office_key = install_submission_keys()
    submitted = actions.submit_report(new_report(narrative=NARRATIVE))
    return submitted, OrgWithKey(office, office_key)


def _state(client, submitted, lang="en") -> str:
    if sessions.COOKIE_NAME not in client.cookies:
        login(client, submitted.receipt, lang=lang)
    html = client.get(in_language("/es/mailbox/inbox/", lang)).content.decode()
    return html[html.index('id="status-title"') : html.index('id="messages-title"')]


def test_the_mailbox_follows_the_case_from_received_to_closed_with_its_outcome(client, mailbox):
    submitted, office_with_key = mailbox
    office = office_with_key.organisation
    case = Case.objects.get(report_id=submitted.report_id)
    received = _state(client, submitted)
    assert "<strong>Received</strong>" in received
    due = (case.report.received_at + datetime.timedelta(days=7)).astimezone(timezone.get_current_timezone())
    assert "within 7 days" in received and str(due.day) in received

    worker = create_caseworker("ana", office_with_key, Membership.Role.OFFICE_CASEWORKER)
    casework.acknowledge_case(case, organisation=office, by=worker)
    assert "<strong>Read by the office</strong>" in _state(client, submitted)

    partner = create_organisation("Asociación Rumiñahui", "ruminahui").organisation
    Case.objects.filter(pk=case.pk).update(status=Case.Status.REFERRED, assigned_organisation=partner)
    referred = _state(client, submitted)
    assert "<strong>Referred to an organisation</strong>" in referred and "Asociación Rumiñahui" in referred

    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_PROGRESS)
    assert "<strong>In progress</strong>" in _state(client, submitted)

    CaseAction.objects.create(
        case=case, code="legal_advice", date=datetime.date(2026, 1, 5), organisation=partner
    )
    CaseAction.objects.create(
        case=case, code="mediation", date=datetime.date(2026, 1, 9), organisation=partner
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_at=timezone.now())
    closed = _state(client, submitted)
    assert "<strong>Closed</strong>" in closed and "Legal advice, Mediation" in closed
    assert "Triaged" not in closed
