"""The caseworker side in a real browser, end to end: the office caseworker signs in with her password
and a TOTP code, confirms triage's labels and refers the case to a CSO; the CSO caseworker signs in,
accepts, records mediation and service restored, and messages the reporter; the reporter opens the
mailbox with the receipt and reads the message. All under the strict CSP, talking only to us."""

import re
from datetime import date

import pytest
from django_otp.oath import totp

from observatory.accounts.models import SealedTOTPDevice
from tests.factories import STAFF_PASSWORD as PASSWORD
from tests.factories import create_caseworker, create_office, create_organisation

pytestmark = pytest.mark.browser

NARRATIVE = "En el bar de la plaza no me dejaron entrar; al portero le oí decir que no querían moros."
REPLY = "Hemos hablado con el local y le pedirán disculpas. Puede volver cuando quiera."


@pytest.fixture
def journey_settings(settings):
    settings.POW_DIFFICULTY = 8
    settings.ABUSE_RATE_LIMITS = {name: (1000, 3600) for name in ("submit", "nojs", "receipt-login")}


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    """The office (olga) and a CSO (carmen), keys and authenticators set up, and one triaged report."""
    from nlp.models import TriageResult
    from observatory.accounts import keys
    from observatory.accounts.models import Membership
    from observatory.casework import actions
    from reports_intake.actions import NewReport, submit_report
    from reports_intake.models import Report

    settings.MEDIA_ROOT = str(tmp_path)
    office = create_office()
    cso = create_organisation("Asociación Acoge", "acoge")

    def staff(username, org, role):
        user = create_caseworker(username, org, role)
        return user, SealedTOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    olga = staff("olga", office, Membership.Role.OFFICE_CASEWORKER)
    carmen = staff("carmen", cso, Membership.Role.CSO_CASEWORKER)
    submitted = submit_report(
        NewReport(
            narrative=NARRATIVE, incident_date=date(2026, 5, 2), incident_month=None, location_kind="online",
            neighbourhood_code=None, point=None, reporter_role="victim", grounds=["anti_muslim"],
            domains=["goods_services"], contact=None, contact_consent=False, language="es", attachments=[],
        )
    )  # fmt: skip
    report = Report.objects.get(pk=submitted.report_id)
    TriageResult.objects.create(
        report=report, model_version="test", language="es", grounds=["anti_muslim", "racism"],
        domain="goods_services", incident_type="denial_of_service", scores={},
    )  # fmt: skip
    case = actions.open_case_for_report(report)
    yield {
        "olga": olga,
        "carmen": carmen,
        "cso": cso.organisation,
        "case": case,
        "receipt": submitted.receipt,
    }
    keys.clear_cache()


def _sign_in(visit, user, device):
    page = visit.page
    page.goto(visit.url("/staff/login/"))
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.fill("[name=otp_token]", f"{totp(device.bin_key):06d}")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def _submit(page, action_suffix: str):
    page.locator(f"form[action$='{action_suffix}'] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_office_refers_cso_redresses_and_reporter_reads_the_reply(
    chromium, live_server, people, journey_settings
):
    from observatory.casework.models import Case, CaseAction

    case = people["case"]
    case_path = f"/staff/cases/{case.id}/"

    def visit():
        from tests.browser.conftest import new_visit

        return new_visit(chromium, live_server.url)

    # The office caseworker: sign in with TOTP, confirm triage as suggested, refer to the CSO.
    context, office = visit()
    _sign_in(office, *people["olga"])
    office.page.goto(office.url(case_path))
    assert NARRATIVE in office.page.content()
    _submit(office.page, "/labels/")
    office.page.select_option("select[name=to_organisation]", str(people["cso"].pk))
    office.page.fill(
        "form[action$='/refer/'] textarea[name=reason]", "Asesoría jurídica: derecho de admisión."
    )
    _submit(office.page, "/refer/")
    case.refresh_from_db()
    assert case.labels_confirmed and sorted(case.confirmed_grounds) == ["anti_muslim", "racism"]
    assert case.status == Case.Status.REFERRED
    assert not office.csp_violations and not office.foreign_requests() and not office.failed_responses
    context.close()

    # The CSO caseworker: accept, record mediation and service restored, message the reporter.
    context, cso = visit()
    _sign_in(cso, *people["carmen"])
    cso.page.goto(cso.url(case_path))
    assert "Asesoría jurídica: derecho de admisión." in cso.page.content()
    _submit(cso.page, "/accept/")
    for code in ("mediation", "service_restored"):
        cso.page.select_option("select[name=code]", code)
        cso.page.fill("input[name=on]", "2026-05-20")
        _submit(cso.page, "/actions/")
    cso.page.fill("form[action$='/messages/'] textarea[name=text]", REPLY)
    _submit(cso.page, "/messages/")
    assert list(CaseAction.objects.filter(case=case).values_list("code", flat=True)) == [
        "mediation",
        "service_restored",
    ]
    assert not cso.csp_violations and not cso.foreign_requests() and not cso.failed_responses
    context.close()

    # The reporter: the receipt opens the mailbox, where the reply is.
    context, reporter = visit()
    page = reporter.page
    page.goto(reporter.url("/mailbox/"))
    page.fill("[name=receipt]", people["receipt"])
    page.locator("form[data-pow] button.primary").click()
    page.wait_for_url(re.compile(r"/mailbox/inbox/"))
    assert REPLY in page.content()
    assert "Asociación Acoge" in page.content()
    assert not reporter.csp_violations and not reporter.foreign_requests()
    context.close()
