"""Issue 15's proof, in a real browser on the demo site: in each of the six languages a reporter walks
report → receipt → mailbox → message, and on every page the interface is entirely in that language
(checked against the catalogue), <html> carries the language and its direction, and axe-core finds no
serious or critical violation; then quick exit, Back and typing the mailbox address show nothing of the
report. Every public page type is checked the same way in every language. The Arabic intake steps are
photographed at 360 px (var/artifacts/screenshots/) and must not scroll sideways.

The demo site takes ~20 s to build, so it is built once for this module (`demo_site`), committed, served
by its own pytest-django live server, and flushed at the end, as `transactional_db` would.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from tests.browser import axe
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, new_visit
from tests.conftest import BOUNDARIES
from tests.i18n.catalogue import untranslated_strings

pytestmark = pytest.mark.browser

SIX = ["es", "ca", "ar", "fr", "ro", "en"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}

# What a reporter writes, and then adds in the mailbox, in each language.
WRITTEN = {
    "es": (
        "En la inmobiliaria me dijeron que el piso ya no estaba disponible cuando oyeron mi acento.",
        "Tengo también una foto del anuncio.",
    ),
    "ca": (
        "A la immobiliària em van dir que el pis ja no estava disponible quan van sentir el meu accent.",
        "Tinc també una foto de l'anunci.",
    ),
    "ar": (
        "قالوا لي في وكالة العقارات إن الشقة لم تعد متاحة عندما سمعوا لهجتي، ثم عرضوها على صديقتي.",
        "لدي أيضًا صورة للإعلان.",
    ),
    "fr": (
        "À l'agence, on m'a dit que l'appartement n'était plus libre quand on a entendu mon accent.",
        "J'ai aussi une photo de l'annonce.",
    ),
    "ro": (
        "La agenție mi-au spus că apartamentul nu mai este liber când mi-au auzit accentul.",
        "Am și o fotografie a anunțului.",
    ),
    "en": (
        "At the letting agency they told me the flat was gone as soon as they heard my accent.",
        "I also have a photo of the advert.",
    ),
}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (observatory.demo.load_demo: every page in six languages, the office's keys) behind a
    live server of its own, for the whole module. Its rows are committed, so at the end the database is
    flushed and what the migrations had put there (Wagtail's root page, the locales) is put back, as
    Django's serialized rollback does: the tests after this module expect it."""
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    from observatory.accounts import keys
    from observatory.demo import load_demo

    var_dir = tmp_path_factory.mktemp("demo-var")
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=var_dir),
    ):
        # Playwright's loop runs in this thread while tests and the final flush use the ORM (conftest).
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        migrated = connection.creation.serialize_db_to_string()
        call_command("load_boundaries", str(BOUNDARIES), stdout=open(os.devnull, "w"))
        load_demo()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            keys.clear_cache()
            call_command(
                "flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False
            )
            connection.creation.deserialize_db_from_string(migrated)


@pytest.fixture(scope="module")
def browser(demo_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def db(demo_site, django_db_blocker):
    """Replaces pytest-django's `db` in this module (and, by its name, gets the test database created):
    the demo's committed rows, read by the test and by the server thread, with no transaction around
    the test that would hide them from the server or a flush after it that would throw them away."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def visit(browser, demo_site, db, settings):
    settings.POW_DIFFICULTY = 8
    settings.ABUSE_RATE_LIMITS = {name: (1000, 3600) for name in ("submit", "nojs", "receipt-login")}
    settings.QUICK_EXIT_URL = demo_site.url + "/healthz"  # a neutral page that is not a third party
    context, session = new_visit(browser, demo_site.url, viewport=PHONE, locale=None)
    yield session
    context.close()


def check_page(page, language: str) -> None:
    """The page as a reader of `language` gets it: in that language, in its direction, accessible."""
    where = page.url
    html = page.locator("html")
    assert html.get_attribute("lang") == language, where
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), where
    shown = page.locator("body").inner_text() + " " + page.content()
    assert untranslated_strings(shown, language) == [], where
    found = axe.violations(page)
    assert found == [], f"{where}\n{axe.describe(found)}"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _continue(page):
    page.locator("form.intake-step button.primary").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", SIX)
def test_a_reporter_goes_from_report_to_message_in_their_language_and_quick_exit_hides_it(visit, language):
    from observatory.geography.models import Neighbourhood

    narrative, message = WRITTEN[language]
    page = visit.page
    arabic = language == "ar"
    step = iter(range(1, 20))

    def on_step(name: str) -> None:
        check_page(page, language)
        if arabic:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"ar-360-{next(step):02d}-{name}.png", full_page=True)
            assert no_sideways_scroll(page), f"{page.url} scrolls sideways at 360 px"

    assert page.goto(visit.url(f"/{language}/")).status == 200
    check_page(page, language)
    page.locator(f"main a.button[href='/{language}/informar/']").click()
    page.wait_for_load_state()

    on_step("what")
    page.fill("[name=narrative]", narrative)
    _continue(page)
    on_step("when")
    page.check("input[name=when_kind][value=unknown]")
    _continue(page)
    on_step("where")
    page.check("input[name=where_kind][value=neighbourhood]")
    page.select_option("select[name=neighbourhood]", Neighbourhood.objects.order_by("code").first().code)
    _continue(page)
    on_step("who")
    page.check("input[name=reporter_role][value=victim]")
    page.check("input[name=grounds][value=racism]")
    _continue(page)
    on_step("contact")
    _continue(page)  # left empty, to stay anonymous
    on_step("review")
    assert narrative in page.locator("main").text_content()
    page.locator("#send-form button.primary").click()
    receipt = page.locator("#receipt")
    receipt.wait_for()
    on_step("receipt")
    written_down = receipt.inner_text().strip()

    page.goto(visit.url(f"/{language}/mailbox/"))
    check_page(page, language)
    page.fill("[name=receipt]", written_down)
    page.locator("form[data-pow] button.primary").click()
    page.wait_for_url(re.compile(rf"/{language}/mailbox/inbox/"))
    check_page(page, language)
    assert narrative in page.locator("main").text_content()
    page.fill("[name=text]", message)
    page.locator("form[enctype='multipart/form-data'] button.primary").click()
    page.wait_for_url(re.compile(r"sent=1"))
    check_page(page, language)
    assert message in page.locator("main").text_content()

    # Quick exit, then Back, then the mailbox's address typed in: nothing of the report.
    page.locator("a[data-quick-exit]").click()
    page.wait_for_url(visit.url("/healthz"))
    page.go_back()
    page.wait_for_load_state()
    shown = page.locator("body").text_content()
    assert narrative not in shown and message not in shown, page.url
    page.goto(visit.url(f"/{language}/mailbox/inbox/"))
    assert page.url == visit.url(f"/{language}/mailbox/")
    shown = page.locator("body").text_content()
    assert narrative not in shown and message not in shown

    assert visit.foreign_requests() == []
    assert visit.csp_violations == []
    assert visit.errors == []
    assert visit.failed_responses == []


def _public_pages(language: str) -> list[tuple[str, int]]:
    from cms.demo_content import PAGE_SLUGS
    from observatory.geography.models import Neighbourhood

    near = Neighbourhood.objects.order_by("code").first().code
    prefix = f"/{language}"
    pages = [(f"{prefix}/", 200), (f"{prefix}/mailbox/", 200), (f"{prefix}/no-such-page/", 404)]
    pages += [(f"{prefix}/{slug}/", 200) for slug in PAGE_SLUGS.values()]
    pages.append((f"{prefix}/{PAGE_SLUGS['directory']}/?service=legal&ground=racism&near={near}", 200))
    return pages


@pytest.mark.parametrize("language", SIX)
def test_every_public_page_type_is_in_its_language_and_accessible(visit, language):
    """The home page, each information page, the directory (also filtered and sorted by distance), the
    mailbox sign-in and the 404 page. The report steps and the receipt are in the journey above."""
    page = visit.page
    for path, status in _public_pages(language):
        assert page.goto(visit.url(path)).status == status, path
        check_page(page, language)
        assert no_sideways_scroll(page), f"{path} scrolls sideways at 360 px"
    assert visit.foreign_requests() == []
    assert visit.csp_violations == []
    assert visit.errors == []


def test_the_accessibility_check_fails_on_a_field_without_a_label(visit):
    """The check can fail: the mailbox sign-in with its label taken away is a critical violation."""
    page = visit.page
    page.goto(visit.url("/es/mailbox/"))
    assert axe.violations(page) == []
    page.evaluate("() => document.querySelectorAll('label').forEach(label => label.remove())")
    assert "label" in {violation["id"] for violation in axe.violations(page)}
