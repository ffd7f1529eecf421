"""The intake as a reporter without JavaScript meets it: short steps, clear errors in their language,
no cookie but CSRF's before sending, and a receipt shown once that never appears in a URL."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from observatory.geography.models import Neighbourhood
from reports_intake import abuse, pow
from reports_intake.mailbox import actions as mailbox_actions
from reports_intake.models import Report
from tests.reports_intake.journey import (
    NARRATIVE,
    RECEIPT_PATTERN,
    count_intake_rows,
    fill,
    find_form,
    in_language,
    only_csrf_cookie,
    pdf_bytes,
    photo_with_gps,
    step,
    walk_to_review,
)


def test_first_step_is_a_plain_form_in_spanish_or_english_with_only_a_csrf_cookie(client, intake):
    page, _answers = intake
    spanish = client.get(page.url, HTTP_ACCEPT_LANGUAGE="es")
    english = client.get(in_language(page.url, "en"), HTTP_ACCEPT_LANGUAGE="es")
    for response in (spanish, english):
        assert response.status_code == 200
        only_csrf_cookie(response)
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        # CSP forbids inline code: no <style>, no style="", no inline <script>.
        assert "<style" not in html and "style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "Cuéntanos qué pasó." in html  # the editor's introduction
    assert "¿Qué pasó?" in spanish.content.decode()
    assert "What happened?" in english.content.decode()
    assert 'lang="en"' in english.content.decode()


def test_the_kept_first_page_gives_each_visitor_their_own_tokens_and_follows_a_new_revision(intake):
    from django.test import Client

    page, answers = intake
    visits = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(page.url) for visitor in visits]
    tokens = [
        dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"', r.content.decode()))
        for r in pages
    ]
    assert tokens[0]["csrfmiddlewaretoken"] != tokens[1]["csrfmiddlewaretoken"]
    assert all(abuse._form_age(t["started"]) is not None for t in tokens)  # signed opening times, fresh
    assert all("slot-for-this-visitor" not in r.content.decode() for r in pages)
    # Each visitor's token is theirs: the second one's first step is accepted.
    assert step(visits[1], page.url, pages[1], answers["what"]).status_code == 200
    assert 'name="step" value="when"' in step(visits[1], page.url, pages[1], answers["what"]).content.decode()

    page.intro = "<p>Escríbenos lo ocurrido, con tus palabras.</p>"
    page.save_revision().publish()
    again = visits[0].get(page.url).content.decode()
    assert "Escríbenos lo ocurrido" in again and "Cuéntanos qué pasó." not in again


def test_a_narrative_quoting_the_kept_pages_slot_names_is_shown_and_carried_as_typed(client, intake):
    """The review page is kept with slots for the answers; a reporter who types a slot's name (by chance or
    to tamper) must see it as typed, and no answer may be put inside another's markup."""
    from reports_intake.steps import views

    page, answers = intake
    slots = " ".join((views.SUMMARY_SLOT, views.HIDDEN_SLOT, views.POW_SLOT, views.RECEIPT_SLOT))
    typed = f"{NARRATIVE} {slots}"
    review = walk_to_review(client, page, {**answers, "what": {"narrative": typed}})
    html = review.content.decode()
    assert f'<dd dir="auto">{typed}</dd>' in html
    for form_id in ("send-form", "review-nav"):
        assert dict(find_form(html, form_id=form_id)["fields"])["narrative"] == typed
    token = dict(find_form(html, form_id="send-form")["fields"])["pow_token"]
    assert token != views.POW_SLOT and abuse.new_challenge("submit").count(".") == token.count(".")
    assert html.count('<section class="summary-section"') == 5


def test_a_reporter_without_javascript_sends_a_report_and_sees_the_receipt_once(client, intake):
    page, answers = intake
    before = Report.objects.count()
    review = walk_to_review(client, page, answers)
    html = review.content.decode()
    assert NARRATIVE in html and "marzo 2025" in html.lower()  # the check-your-answers summary
    assert "quitamos la información oculta" in html.lower()  # told that metadata is removed

    photo = SimpleUploadedFile("foto.jpg", photo_with_gps(), content_type="image/jpeg")
    document = SimpleUploadedFile("denuncia.pdf", pdf_bytes(), content_type="application/pdf")
    sent = step(client, page.url, review, files=[photo, document], form_id="send-form")
    assert sent.status_code == 200
    assert "no-store" in sent["Cache-Control"]
    receipts = re.findall(RECEIPT_PATTERN, sent.content.decode())
    assert len(set(receipts)) == 1
    receipt = receipts[0]
    assert "solo una vez" in sent.content.decode()
    assert Report.objects.count() == before + 1

    report = Report.objects.get()
    assert report.neighbourhood_code == answers["where"]["neighbourhood"]
    assert str(report.incident_month) == "2025-03-01"
    assert report.reporter_role == "victim"

    # The receipt opens the report; the files were stored without their metadata.
    report_id, private = mailbox_actions.unlock_mailbox(receipt.lower().replace("-", " "))
    mailbox = mailbox_actions.read_mailbox(report_id, private)
    assert mailbox.submission.narrative == NARRATIVE
    assert mailbox.submission.grounds == ["racism"]
    names = {item.name: item for item in mailbox.submission.attachments}
    assert set(names) == {"foto.jpg", "denuncia.pdf"}
    _name, _type, data = mailbox_actions.open_attachment(report_id, private, names["foto.jpg"].file_id)
    assert b"CANARY-PHONE" not in data
    _name, _type, data = mailbox_actions.open_attachment(report_id, private, names["denuncia.pdf"].file_id)
    assert b"CANARY-AUTHOR" not in data

    # Shown once: the page itself never shows it again, and sending the same form again stores nothing.
    assert receipt not in client.get(page.url).content.decode()
    again = step(client, page.url, review, form_id="send-form")
    assert receipt not in again.content.decode()
    assert "ya se ha enviado" in again.content.decode()
    assert Report.objects.count() == before + 1


def test_a_browser_with_javascript_sends_with_a_solved_proof_of_work(intake):
    """As pow.js sends it without a file: urlencoded. The receipt page is kept per language (rendered once
    here for two reports), and each report's page carries its own receipt, spelled out too."""
    from urllib.parse import urlencode

    from django.test import Client
    from django.test.signals import template_rendered

    page, answers = intake
    rendered = []

    def count(sender, template, **_kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        pages = []
        for _ in range(2):
            client = Client(enforce_csrf_checks=True)
            review = walk_to_review(client, page, answers, lang="en")
            form = find_form(review.content.decode(), form_id="send-form")
            assert "data-pow" in form["attrs"]
            assert form["attrs"]["data-enctype-without-files"] == "application/x-www-form-urlencoded"
            token = dict(form["fields"])["pow_token"]
            body = urlencode(fill(form, {"pow_solution": pow.solve(token, 4)}), doseq=True)
            sent = client.post(
                in_language(page.url, "en"), body, content_type="application/x-www-form-urlencoded"
            )
            only_csrf_cookie(sent)
            assert "no-store" in sent["Cache-Control"]
            pages.append(sent.content.decode())
    finally:
        template_rendered.disconnect(count)
    assert rendered.count("reports_intake/steps/receipt.html") == 1
    receipts = []
    for html in pages:
        assert "Your report has been sent" in html and "slot-for-this-report" not in html
        (receipt,) = set(re.findall(RECEIPT_PATTERN, html))
        spelled = ", ".join(" ".join(group) for group in receipt.split("-"))
        assert f"Receipt spelled out: {spelled}" in html
        report_id, private = mailbox_actions.unlock_mailbox(receipt)
        assert mailbox_actions.read_mailbox(report_id, private).submission.narrative == NARRATIVE
        receipts.append(receipt)
    assert receipts[0] != receipts[1]


def test_errors_are_summarised_at_the_top_and_shown_next_to_their_field(client, intake):
    page, _answers = intake
    first = client.get(in_language(page.url, "es"))
    response = step(client, page.url, first, {"narrative": "muy corto"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'role="alert"' in html
    assert '<a href="#id_narrative">Escribe un poco más: al menos 20 caracteres.</a>' in html
    assert 'id="id_narrative_error"' in html
    assert re.search(r'<textarea[^>]*aria-describedby="id_narrative_helptext id_narrative_error"', html)
    assert re.search(r'<textarea[^>]*aria-invalid="true"', html)
    assert "<title>Error:" in html or "<title>Error" in html

    english = step(client, page.url, client.get(in_language(page.url, "en")), {"narrative": ""})
    assert "Tell us what happened." in english.content.decode()


def test_radio_groups_are_fieldsets_with_legends_and_described_errors(client, intake):
    page, answers = intake
    response = client.get(in_language(page.url, "en"))
    response = step(client, page.url, response, answers["what"])
    response = step(client, page.url, response, {"when_kind": "date", "incident_date": "2999-01-01"})
    html = response.content.decode()
    assert "<legend>When did it happen?</legend>" in html
    assert "The date cannot be in the future." in html
    assert '<a href="#id_incident_date">' in html
    response = step(client, page.url, response, {"when_kind": "month", "incident_month": "2"})
    html = response.content.decode()
    assert "Enter the year, or choose another answer." in html
    response = step(client, page.url, response, {"when_kind": None})
    html = response.content.decode()
    assert '<a href="#id_when_kind_0">' in html
    assert re.search(r'<fieldset aria-describedby="id_when_kind_error">', html)


def test_a_tampered_hidden_answer_takes_the_reporter_back_to_that_step(client, intake):
    page, answers = intake
    review = walk_to_review(client, page, answers)
    form = find_form(review.content.decode(), form_id="send-form")
    body = fill(form, {"reporter_role": "president", "grounds": ["racism", "not-a-ground"]})
    before = count_intake_rows()
    response = client.post(page.url, body)
    html = response.content.decode()
    assert 'name="step" value="who"' in html
    assert "error-summary" in html
    assert count_intake_rows() == before


def test_back_change_and_language_buttons_keep_every_answer(client, intake):
    page, answers = intake
    review = walk_to_review(client, page, answers)
    # Change "when" from the check page, in English; answers survive and we return to the check page.
    changed = step(client, page.url, review, button=("nav", "change:when"), form_id="review-nav")
    assert 'name="step" value="when"' in changed.content.decode()
    english = step(client, page.url, changed, button=("nav", "lang:en"))
    assert "When did it happen?" in english.content.decode()
    back = step(client, page.url, english, {"when_kind": "unknown"})
    html = back.content.decode()
    assert 'name="step" value="review"' in html
    assert "I don&#x27;t remember" in html or "I don't remember" in html
    assert NARRATIVE in html
    previous = step(client, page.url, back, button=("nav", "back"), form_id="review-nav")
    assert 'name="step" value="contact"' in previous.content.decode()


def test_a_point_inside_the_city_is_kept_as_its_neighbourhood_and_outside_is_refused(client, intake):
    page, answers = intake
    place = Neighbourhood.objects.order_by("code").last()
    inside = place.geom.point_on_surface
    response = client.get(in_language(page.url, "en"))
    for name in ("what", "when"):
        response = step(client, page.url, response, answers[name])
    outside = step(
        client, page.url, response, {"where_kind": "point", "latitude": "40.4168", "longitude": "-3.7038"}
    )
    assert "That point is outside the city" in outside.content.decode()
    response = step(
        client,
        page.url,
        outside,
        {"where_kind": "point", "latitude": str(inside.y), "longitude": str(inside.x)},
    )
    assert 'name="step" value="who"' in response.content.decode()
    for name in ("who", "contact"):
        response = step(client, page.url, response, answers[name])
    assert place.name in response.content.decode()
    sent = step(client, page.url, response, form_id="send-form")
    assert re.search(RECEIPT_PATTERN, sent.content.decode())
    assert Report.objects.get().neighbourhood_code == place.code


def test_contact_details_need_explicit_consent(client, intake):
    page, answers = intake
    response = client.get(in_language(page.url, "es"))
    for name in ("what", "when", "where", "who"):
        response = step(client, page.url, response, answers[name])
    refused = step(client, page.url, response, {"contact": "600 000 000", "language": "es"})
    assert "Marca esta casilla" in refused.content.decode()
    accepted = step(
        client, page.url, refused, {"contact": "600 000 000", "contact_consent": "on", "language": "en"}
    )
    assert 'name="step" value="review"' in accepted.content.decode()
    sent = step(client, page.url, accepted, form_id="send-form")
    receipt = re.search(RECEIPT_PATTERN, sent.content.decode()).group(0)
    report_id, private = mailbox_actions.unlock_mailbox(receipt)
    submission = mailbox_actions.read_mailbox(report_id, private).submission
    assert submission.contact == "600 000 000" and submission.contact_consent is True
    assert submission.language == "en"
