"""Test 8 of the intake issue: the whole reporter journey in a real browser. A reporter answers every
step, sends the report (pow.js solves the proof of work), writes down the receipt, opens the mailbox
with it and sends a message — and in all that the browser contacts no origin but ours, breaks no
Content-Security-Policy rule, never puts the receipt in a URL, and keeps no cookie but CSRF's once the
reporter leaves the mailbox."""

import re

import pytest

pytestmark = pytest.mark.browser

NARRATIVE = (
    "En la inmobiliaria me dijeron que el piso ya no estaba disponible cuando oyeron mi acento, "
    "pero a mi compañera se lo ofrecieron al día siguiente."
)


def _continue(page):
    page.locator("form.intake-step button.primary").click()
    page.wait_for_load_state()


def test_reporter_sends_a_report_and_a_message_without_contacting_anyone_else(
    visit, boundaries, report_page, submission_keys, journey_settings
):
    from observatory.geography.models import Neighbourhood
    from reports_intake.models import Report

    page = visit.page
    assert page.goto(visit.url(report_page.url)).status == 200

    page.fill("[name=narrative]", NARRATIVE)
    _continue(page)
    page.check("input[name=when_kind][value=unknown]")
    _continue(page)
    page.check("input[name=where_kind][value=neighbourhood]")
    neighbourhood = Neighbourhood.objects.order_by("code").first()
    page.select_option("select[name=neighbourhood]", neighbourhood.code)
    _continue(page)
    page.check("input[name=reporter_role][value=victim]")
    page.check("input[name=grounds][value=racism]")
    _continue(page)
    _continue(page)  # contact: left empty, to stay anonymous

    assert page.locator("form[data-pow] input[name=pow_token]").count() == 1
    assert NARRATIVE[:40] in page.content()
    page.locator("#send-form button.primary").click()
    receipt = page.locator("#receipt")
    receipt.wait_for()
    written_down = receipt.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{1,4})+", written_down)
    assert Report.objects.count() == 1

    page.goto(visit.url("/mailbox/"))
    page.fill("[name=receipt]", written_down.lower().replace("-", " "))
    page.locator("form[data-pow] button.primary").click()
    page.wait_for_url(re.compile(r"/mailbox/inbox/"))
    assert NARRATIVE[:40] in page.content()

    page.fill("[name=text]", "Tengo también una foto del anuncio, la puedo enviar si hace falta.")
    page.locator("form[enctype='multipart/form-data'] button.primary").click()
    page.wait_for_url(re.compile(r"sent=1"))
    assert "Tengo también una foto del anuncio" in page.content()

    page.locator("form.logout button").click()
    page.wait_for_load_state()
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"csrftoken"}

    assert visit.foreign_requests() == []
    assert visit.csp_violations == []
    assert visit.errors == []
    assert visit.failed_responses == []
    assert any(url.endswith("/static/reports_intake/pow.js") for url in visit.requests)
    assert written_down not in " ".join(visit.requests)  # never in a URL
