"""Six interface languages chosen from the URL prefix or the browser, never a cookie (DESIGN §9)."""

import re

import pytest
from django.test import Client, RequestFactory

from observatory import errors
from observatory.i18n import language_from_accept
from reports_intake.steps.forms import ContactForm
from tests.reports_intake.journey import install_submission_keys, make_report_page

SIX = ["es", "ca", "ar", "fr", "ro", "en"]


@pytest.fixture
def page(db, boundaries):
    install_submission_keys()
    return make_report_page()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ar-MA,ar;q=0.9", "ar"),
        ("ca-ES-valencia,ca;q=0.8", "ca"),
        ("ro-RO", "ro"),
        ("fr-SN,fr", "fr"),
        ("en-GB", "en"),
        ("de-DE,de;q=0.9", "es"),
        ("de,en;q=0.5", "en"),
        ("", "es"),
    ],
)
def test_a_bare_address_goes_to_the_browsers_language(client, page, header, expected):
    response = client.get("/informar/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == f"/{expected}/informar/"


def test_the_prefix_decides_the_language_and_no_language_cookie_is_read_or_set(client, page):
    client.cookies["django_language"] = "en"
    for code in SIX:
        response = client.get(f"/{code}/informar/", HTTP_ACCEPT_LANGUAGE="fr")
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in html
        assert "django_language" not in response.cookies
        assert set(response.cookies) <= {"csrftoken"}
    # A bare address follows Accept-Language, not the cookie.
    assert Client().get("/", HTTP_ACCEPT_LANGUAGE="ro")["Location"] == "/ro/"


def test_an_old_lang_parameter_leads_to_the_prefixed_address(client, page):
    assert client.get("/es/informar/", {"lang": "ar"})["Location"] == "/ar/informar/"
    assert client.get("/informar/", {"lang": "fr", "x": "1"})["Location"] == "/fr/informar/?x=1"
    # Anything that is not one of the six is ignored.
    assert client.get("/es/informar/", {"lang": "xx"}).status_code == 200


def test_every_public_page_links_to_the_same_page_in_the_five_other_languages(client, page):
    html = client.get("/ca/mailbox/").content.decode()
    links = dict(re.findall(r'<a href="(/\w\w/mailbox/)" lang="(\w\w)"', html))
    assert sorted(links.values()) == sorted(set(SIX) - {"ca"})
    # Inside the report form the switcher is made of buttons that post the answers to the other language.
    form = client.get("/fr/informar/").content.decode()
    assert 'formaction="/ar/informar/"' in form and 'value="lang:ar"' in form


def test_staff_pages_are_unprefixed_and_in_spanish_valencian_or_english(client, db):
    for header, expected in (("ca-ES", "ca"), ("en", "en"), ("ar-MA,fr;q=0.8", "es"), ("ro", "es")):
        response = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == 200
        assert f'lang="{expected}"' in response.content.decode()[:300]
    assert language_from_accept("fr, ca;q=0.5", ["es", "ca", "en"]) == "ca"


def test_the_reply_language_choice_offers_all_six():
    choices = [code for code, _name in ContactForm.base_fields["language"].choices]
    assert choices == SIX


def test_typed_text_and_reporter_text_follow_their_own_direction(client, page):
    html = client.get("/ar/informar/").content.decode()
    assert re.search(
        r'<textarea[^>]*name="narrative"[^>]*dir="auto"|<textarea[^>]*dir="auto"[^>]*name="narrative"', html
    )


def test_the_404_page_is_translated_and_has_the_quick_exit(client, page):
    response = client.get("/fr/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fr" dir="ltr">' in html
    assert 'class="quick-exit" href="/exit/"' in html
    arabic = client.get("/ar/no-such-page/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic


def test_the_500_page_renders_without_database_in_the_request_language_with_the_quick_exit():
    request = RequestFactory().get("/ar/informar/")
    request.LANGUAGE_CODE = "ar"
    response = errors.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="/exit/"' in html and 'href="tel:112"' in html and 'href="tel:016"' in html


def test_quick_exit_is_first_in_tab_order_and_the_emergency_numbers_are_on_every_page(client, page):
    for url in ("/es/informar/", "/ro/mailbox/", "/en/missing/"):
        html = client.get(url).content.decode()
        body = html[html.index("<body>") :]
        first_link = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body).group(0)
        assert 'class="quick-exit"' in first_link
        assert 'href="tel:112"' in body and 'href="tel:016"' in body


@pytest.mark.parametrize("language", ["ar", "ca", "ro"])
def test_replies_are_offered_in_the_language_the_form_is_read_in(language):
    from django.utils import translation

    from reports_intake.steps.forms import ContactForm

    with translation.override(language):
        html = str(ContactForm()["language"])
    assert f'value="{language}" selected' in html
