"""Issue 19: with JavaScript the report's steps run in the page — one GET, then the review, then sending:
three page loads instead of seven — and without it the same form walks the steps on the server as
before. Both in Chromium, counting the page loads the browser really makes."""

import pytest

from tests.browser import axe
from tests.browser.conftest import new_visit
from tests.reports_intake.journey import pdf_bytes

pytestmark = pytest.mark.browser

NARRATIVE = "En la parada del autobús un hombre nos insultó a gritos por llevar pañuelo, delante de mi hija."


def _page_loads(session, report_path: str) -> list[tuple[str, str]]:
    return [(method, path) for method, path in session.documents if path.startswith(report_path)]


def _answer_what_and_when(visit, report_page):
    """Opens the report page and answers its first two steps in the page: the third is on screen."""
    page = visit.page
    page.goto(visit.url(report_page.url))
    page.fill("[name=narrative]", NARRATIVE)
    page.locator("form.intake-step button.primary").click()
    page.check("input[name=when_kind][value=unknown]")
    page.locator("form.intake-step button.primary").click()
    return page


def _visible_panel(page) -> str:
    return page.locator(".intake-panel:not([hidden])").get_attribute("data-step")


def test_with_javascript_the_steps_run_in_the_page_and_the_answers_are_posted_once(
    visit, boundaries, report_page, submission_keys, journey_settings
):
    from observatory.geography.models import Neighbourhood
    from reports_intake.models import Report

    page = visit.page
    page.goto(visit.url(report_page.url))
    assert _visible_panel(page) == "what"
    assert page.locator(".intake-panel").count() == 5
    page.fill("[name=narrative]", NARRATIVE)
    page.locator("form.intake-step button.primary").click()

    # Step 2, in the page: heading, caption and title follow; focus is on the heading.
    assert _visible_panel(page) == "when"
    heading = page.locator("main h1")
    assert heading.inner_text() == "Cuándo pasó"
    assert page.evaluate("document.activeElement === document.querySelector('main h1')")
    assert "Paso 2 de 6" in page.locator(".step-caption").inner_text()
    assert page.title().startswith("Cuándo pasó · ")
    assert not page.locator("input[name=narrative]").is_visible()
    assert axe.violations(page) == []

    # Continue without answering: the problem is said in Spanish, linked and focused, and nothing
    # is sent.
    page.locator("form.intake-step button.primary").click()
    summary = page.locator(".error-summary[role=alert]")
    assert summary.is_visible()
    assert "Responde a esta pregunta para continuar." in summary.inner_text()
    assert summary.locator("a").get_attribute("href") == "#id_when_kind_0"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert _visible_panel(page) == "when"
    assert axe.violations(page) == []

    page.check("input[name=when_kind][value=unknown]")
    page.locator("form.intake-step button.primary").click()
    assert page.locator(".error-summary").count() == 0
    assert _visible_panel(page) == "where"
    page.check("input[name=where_kind][value=neighbourhood]")
    neighbourhood = Neighbourhood.objects.order_by("code").first()
    page.select_option("select[name=neighbourhood]", neighbourhood.code)

    # Back and forward again in the page keep what was chosen.
    page.get_by_role("button", name="Atrás").click()
    assert _visible_panel(page) == "when"
    assert page.is_checked("input[name=when_kind][value=unknown]")
    page.locator("form.intake-step button.primary").click()
    assert page.locator("select[name=neighbourhood]").input_value() == neighbourhood.code
    page.locator("form.intake-step button.primary").click()
    page.check("input[name=reporter_role][value=victim]")
    page.check("input[name=grounds][value=racism]")
    page.locator("form.intake-step button.primary").click()
    assert _visible_panel(page) == "contact"
    assert _page_loads(visit, report_page.url) == [("GET", report_page.url)]
    # Nothing of the answers left the page or went into storage, the address or the history.
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("history.length") == 2  # about:blank, then the report page
    assert page.url == visit.url(report_page.url)

    page.locator("form.intake-step button.primary").click()  # contact left empty: the review
    page.locator("#send-form").wait_for()
    assert NARRATIVE[:40] in page.content()
    assert neighbourhood.name in page.content()
    page.locator("#send-form button.primary").click()
    page.locator("#receipt").wait_for()
    assert Report.objects.count() == 1
    assert _page_loads(visit, report_page.url) == [
        ("GET", report_page.url),
        ("POST", report_page.url),
        ("POST", report_page.url),
    ]
    # No file chosen: pow.js sent the report as a plain form, cheaper for the server than multipart.
    assert visit.posted_as == ["application/x-www-form-urlencoded"] * 2
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"csrftoken"}
    assert visit.errors == [] and visit.csp_violations == [] and visit.failed_responses == []


def test_with_javascript_a_chosen_file_is_sent_as_multipart_and_stored(
    visit, boundaries, report_page, submission_keys, journey_settings, tmp_path
):
    from reports_intake.models import Report

    page = _answer_what_and_when(visit, report_page)
    page.check("input[name=where_kind][value=online]")
    page.locator("form.intake-step button.primary").click()
    page.check("input[name=reporter_role][value=victim]")
    page.locator("form.intake-step button.primary").click()
    page.locator("form.intake-step button.primary").click()
    page.locator("#send-form").wait_for()
    note = tmp_path / "nota.pdf"
    note.write_bytes(pdf_bytes())
    page.set_input_files("#send-form input[type=file]", str(note))
    page.locator("#send-form button.primary").click()
    page.locator("#receipt").wait_for()
    assert visit.posted_as == ["application/x-www-form-urlencoded", "multipart/form-data"]
    assert Report.objects.get().files.count() == 1
    assert visit.errors == [] and visit.csp_violations == [] and visit.failed_responses == []


def test_switching_language_in_a_step_of_the_page_keeps_the_answers_and_the_step(
    visit, boundaries, report_page, submission_keys, journey_settings
):
    page = _answer_what_and_when(visit, report_page)
    page.locator(".language-switch button[lang=fr]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("input[name=step]").first.input_value() == "where"
    assert page.locator("input[name=where_kind]").count() == 4  # the step it was on, now in French
    hidden = {
        element.get_attribute("name"): element.get_attribute("value")
        for element in page.locator("form.intake-step input[type=hidden]").all()
    }
    assert hidden["narrative"] == NARRATIVE
    assert hidden["when_kind"] == "unknown"
    # Steps not reached were not posted: the reply language will default to French, not Spanish.
    assert "language" not in hidden and "reporter_role" not in hidden


def test_without_javascript_the_same_form_walks_the_steps_on_the_server(
    chromium, live_server, boundaries, report_page, submission_keys, journey_settings
):
    from observatory.geography.models import Neighbourhood
    from reports_intake.models import Report

    context, visit = new_visit(chromium, live_server.url, java_script_enabled=False)
    page = visit.page
    try:
        page.goto(visit.url(report_page.url))
        # The later steps are inert in their <template>: not shown, not in the form, not read out.
        assert page.locator("input[name=when_kind]").count() == 0
        assert not page.locator("#intake-later-steps").is_visible()
        page.fill("[name=narrative]", NARRATIVE)
        page.locator("form.intake-step button.primary").click()
        page.check("input[name=when_kind][value=unknown]")
        page.locator("form.intake-step button.primary").click()
        page.check("input[name=where_kind][value=neighbourhood]")
        page.select_option("select[name=neighbourhood]", Neighbourhood.objects.order_by("code").first().code)
        page.locator("form.intake-step button.primary").click()
        page.check("input[name=reporter_role][value=victim]")
        page.locator("form.intake-step button.primary").click()
        page.locator("form.intake-step button.primary").click()
        page.locator("#send-form button.primary").click()
        page.locator("#receipt").wait_for()
        assert Report.objects.count() == 1
        loads = _page_loads(visit, report_page.url)
        assert loads == [("GET", report_page.url)] + [("POST", report_page.url)] * 6
        assert visit.posted_as[-1] == "multipart/form-data"  # the form's own encoding, without pow.js
    finally:
        context.close()
