"""Test 6 of "Anonymous, encrypted intake": hostile or broken input is refused with a clear message in
the reporter's language, and nothing of it is stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reports_intake import uploads
from tests.reports_intake.journey import (
    count_intake_rows,
    fill,
    find_form,
    in_language,
    pdf_bytes,
    photo_with_gps,
    walk_to_review,
)


@pytest.fixture
def review(client, intake):  # noqa: F811
    page, answers = intake
    response = walk_to_review(client, page, answers)
    return page, find_form(response.content.decode(), form_id="send-form")


def send(client, page, form, files, lang="es"):
    """Post the send form; `form` may be the previous response (each page has a fresh challenge)."""
    if isinstance(form, str):
        form = find_form(form, form_id="send-form")
    body = fill(form)
    body["attachments"] = files
    before = count_intake_rows()
    response = client.post(in_language(page.url, lang), body)
    assert count_intake_rows() == before, "a refused submission stored something"
    return response, response.content.decode()


def test_more_than_five_files_are_refused(client, review):
    page, form = review
    files = [SimpleUploadedFile(f"f{i}.pdf", pdf_bytes(), content_type="application/pdf") for i in range(6)]
    response, html = send(client, page, form, files)
    assert "Puedes enviar hasta 5 archivos" in html
    assert '<a href="#id_attachments">' in html
    _response, html = send(client, page, html, files, lang="en")
    assert "You can send up to 5 files" in html


def test_a_file_over_ten_megabytes_is_refused(client, review):
    page, form = review
    big = SimpleUploadedFile(
        "grande.pdf", b"%PDF-1.4\n" + b"0" * uploads.MAX_FILE_BYTES, content_type="application/pdf"
    )
    _response, html = send(client, page, form, [big])
    assert "«grande.pdf» ocupa más de 10 MB" in html


def test_a_file_whose_content_does_not_match_its_type_is_refused(client, review):
    page, form = review
    fake = SimpleUploadedFile("foto.jpg", pdf_bytes(), content_type="image/jpeg")
    script = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    _response, html = send(client, page, form, [fake, script])
    assert "«foto.jpg» no es el tipo de archivo que indica su nombre" in html
    assert "«virus.pdf» no es una foto (JPEG, PNG, WebP) ni un documento PDF" in html
    fake = SimpleUploadedFile("foto.jpg", pdf_bytes(), content_type="image/jpeg")
    _response, html = send(client, page, html, [fake], lang="en")
    assert "“foto.jpg” is not the type of file its name says" in html


def test_a_good_file_beside_a_bad_one_is_not_stored_either(client, review):
    page, form = review
    good = SimpleUploadedFile("foto.jpg", photo_with_gps(), content_type="image/jpeg")
    bad = SimpleUploadedFile("roto.png", b"\x89PNG\r\n\x1a\nbroken", content_type="image/png")
    _response, html = send(client, page, form, [good, bad])
    assert "«roto.png» no se pudo leer" in html


def test_invalid_utf8_is_refused_with_a_message(client, intake):  # noqa: F811
    page, _answers = intake
    first = client.get(page.url)
    token = dict(find_form(first.content.decode(), has_field="step")["fields"])["csrfmiddlewaretoken"]
    body = b"csrfmiddlewaretoken=" + token.encode() + b"&step=what&narrative=" + b"Me%20insultaron%20" * 3
    body += b"%FF%FE%C3%28"
    before = count_intake_rows()
    response = client.post(page.url, body, content_type="application/x-www-form-urlencoded")
    assert count_intake_rows() == before
    assert "Algunos caracteres no se pudieron leer" in response.content.decode()


def test_a_ten_thousand_level_nested_field_name_or_value_is_refused(client, intake):  # noqa: F811
    page, _answers = intake
    nested_name = "narrative" + "[a]" * 10_000
    before = count_intake_rows()
    # Multipart: the parser itself gives up on a 30 kB field name; the page says so.
    english = in_language(page.url, "en")
    response = client.post(english, {"step": "what", nested_name: "x" * 30}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The form could not be read." in response.content.decode()
    # URL-encoded: parsed, and refused as a field the form does not have.
    response = client.post(
        english,
        f"step=what&{nested_name}=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "The form contained something it does not ask for." in response.content.decode()
    nested_value = "[" * 10_000 + "]" * 10_000
    response = client.post(english, {"step": "what", "narrative": nested_value})
    assert "Please shorten the text to 10,000 characters or fewer." in response.content.decode()
    response = client.post(english, {"step": "who", "narrative": "x" * 30, "reporter_role": nested_value})
    assert response.status_code in (200, 400)
    assert count_intake_rows() == before


def test_a_json_body_is_refused(client, intake):  # noqa: F811
    page, _answers = intake
    nested = "[" * 10_000 + "]" * 10_000
    response = client.post(page.url, nested, content_type="application/json", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 415
    assert "Esta página solo acepta su propio formulario." in response.content.decode()


def test_an_oversized_body_is_refused_before_it_is_read(client, intake, settings):  # noqa: F811
    page, _answers = intake
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
    before = count_intake_rows()
    response = client.post(
        page.url, {"step": "what", "lang": "es", "narrative": "a" * (300 * 1024)}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 413
    assert "Lo que has enviado es demasiado grande" in response.content.decode()
    assert count_intake_rows() == before


def test_too_many_fields_are_refused(client, intake, settings):  # noqa: F811
    page, _answers = intake
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    body = "&".join(f"grounds=racism{i}" for i in range(2000))
    response = client.post(page.url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "muchas más respuestas que preguntas" in response.content.decode()


def test_with_csrf_enforced_an_oversized_body_still_gets_a_page_not_a_crash(intake, settings):  # noqa: F811
    page, _answers = intake
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    client = Client(enforce_csrf_checks=True)
    client.get(page.url)
    response = client.post(page.url, {"narrative": "a" * (100 * 1024)}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code in (400, 403, 413)
    assert count_intake_rows() == {k: 0 for k in count_intake_rows()}


def test_mailbox_refuses_an_oversized_upload_without_storing_it(client, intake, settings):  # noqa: F811
    from django.urls import reverse

    page, _answers = intake
    response = client.post(
        reverse("reports_intake:login"),
        {"receipt": "x", "attachments": io.BytesIO(b"0" * 10)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code in (400, 429)
