"""A published bulletin in a real headless Chromium: its charts and their data tables render under the
strict Content-Security-Policy, with no script of its own, the browser contacts no other origin, and in
Spanish and in Valencian it has no untranslated string and no horizontal scroll on a 360 px phone."""

import re
import shutil

import pytest
from django.utils import translation

from observatory.i18n import path_in_language
from tests.browser.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed"),
]

# Every text node inside <main>, SVG labels included, as the reader's browser has it; a chart label wrapped
# onto several lines (<tspan>s of one <text>) is read as the one label it is.
TEXT_NODES = """() => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const out = [], seen = new Set();
  while (walker.nextNode()) {
    let node = walker.currentNode, text = node.textContent;
    if (node.parentNode.nodeName === 'tspan') {
      const label = node.parentNode.parentNode;
      if (seen.has(label)) continue;
      seen.add(label);
      text = [...label.children].map(span => span.textContent).join(' ');
    }
    text = text.replace(/\\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}"""


@pytest.fixture
def published_bulletin(transactional_db, home_page, dataset, media_root):
    from cms.actions import build_bulletin, publish_bulletin

    page = build_bulletin("2026Q3").page
    draft = page.get_latest_revision_as_object()
    draft.commentary = "<p>Comentario del equipo de análisis.</p>"
    draft.save_revision()
    return publish_bulletin(page)


def test_published_bulletin_renders_charts_with_data_tables_and_contacts_no_other_origin(
    published_bulletin, visit
):
    response = visit.page.goto(visit.url(path_in_language(published_bulletin.url, "es")))
    assert response.status == 200
    page = visit.page
    with translation.override("es"):
        assert page.locator("h1").inner_text() == published_bulletin.heading
    charts = page.locator("figure.chart-with-data")
    assert charts.count() >= 10
    for n in range(charts.count()):
        figure = charts.nth(n)
        svg = figure.locator("svg[role=img]")
        assert svg.count() == 1 and svg.locator("title").count() >= 1
        assert figure.locator("table caption").count() == 1
        assert figure.locator("table tbody tr").count() >= 1
        assert svg.bounding_box()["width"] > 100  # drawn, not just present
    # The headline table with its comparisons, and the protection of small numbers said in plain words.
    assert page.locator("section.bulletin-headline table tbody tr").count() == 3
    assert page.locator("section.bulletin-findings li").count() >= 3
    assert page.locator("section.bulletin-methodology h3 + p").count() == 1
    assert page.locator("a[href='/open-data/ptable.csv']").count() == 1
    assert "Comentario del equipo de análisis." in page.locator("article").inner_text()
    assert "2026Q3" not in page.locator("main").inner_text()  # periods in words, codes only in links
    # Numbers are right-aligned in every data table.
    cells = page.locator("table.data td.num")
    assert cells.count() > 50
    assert cells.first.evaluate("td => getComputedStyle(td).textAlign") == "right"
    assert page.locator("article script").count() == 0
    assert visit.foreign_requests() == []
    assert visit.csp_violations == []
    assert visit.errors == []
    assert visit.failed_responses == []


def test_the_data_package_link_downloads_from_our_own_origin(published_bulletin, visit):
    visit.page.goto(visit.url(path_in_language(published_bulletin.url, "es")))
    link = visit.page.locator("a[href$='observations.csv']")
    response = visit.page.request.get(visit.url(link.get_attribute("href")))
    assert response.status == 200
    assert response.text().startswith("period,geography_level,geography_code")
    index = visit.page.goto(visit.url(path_in_language(published_bulletin.get_parent().url, "es")))
    assert index.status == 200
    assert visit.page.locator(f"a[href$='{published_bulletin.slug}/']").count() == 1
    assert visit.foreign_requests() == []


def _same_in_every_language(language: str) -> set[str]:
    """Strings the catalogue itself gives unchanged (a translator's deliberate choice: "COMVA", "Total")."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog
    return {msgid for msgid, msgstr in catalog.items() if isinstance(msgid, str) and msgid == msgstr}


def _names(bulletin, language: str) -> set[str]:
    """Words that are right in every language: place names, COMVA's categories as the office names them,
    and month abbreviations that happen to be written alike ("Feb" in English and Spanish)."""
    from django.utils.dates import MONTHS_3

    from cms.bulletins import place_name
    from observatory.stats.datapackage import COMVA_OFFICIAL_NAMES

    places = {
        place_name(f["properties"]["name"])
        for features in bulletin.figures["maps"].values()
        for f in features
    }
    with translation.override(language):
        months = {str(MONTHS_3[m]).capitalize() for m in range(1, 13)}
    return places | months | set(COMVA_OFFICIAL_NAMES.values()) | {"València", "COMVA", "CC BY 4.0"}


def _left_in_english(text: str, allowed: set[str]) -> bool:
    """Whether ``text``, once the names and the catalogue's unchanged strings are taken out, still has a
    word (not a number, a mark like "c" or a sign)."""
    for name in sorted((a for a in allowed if len(a) > 1), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return any(len(word) >= 3 for word in re.findall(r"[^\W\d_]+", text))


@pytest.mark.parametrize("language", ["es", "ca"])
def test_the_bulletin_is_all_in_the_readers_language_and_fits_a_phone(
    published_bulletin, chromium, live_server, language
):
    """Every string the English page shows and the translated page still shows, word for word, is
    untranslated, unless it is a proper name or the catalogue gives it unchanged on purpose. Passes once
    the translators' catalogues hold the bulletin's strings (scripts/make-messages)."""
    texts = {}
    for lang in ("en", language):
        context = chromium.new_context(locale=lang, viewport={"width": 360, "height": 740})
        page = context.new_page()
        response = page.goto(live_server.url + path_in_language(published_bulletin.url, lang))
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == lang
        texts[lang] = page.evaluate(TEXT_NODES)
        if lang == language:
            overflow = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert overflow[0] <= overflow[1] == 360, f"horizontal scroll at 360 px: {overflow}"
            wide = page.evaluate(
                """() => [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > 360.5 && !e.closest('.table-frame'))
                    .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
            )
            assert wide == [], f"elements wider than the phone: {wide}"
        context.close()
    allowed = _names(published_bulletin, language) | _same_in_every_language(language)
    english = set(texts["en"])
    untranslated = sorted(
        {t for t in texts[language] if t in english and _left_in_english(t, allowed)}
        - {"Comentario del equipo de análisis."}  # the analyst's own words, in one language
    )
    assert untranslated == [], (
        f"{len(untranslated)} untranslated strings on the {language} page: {untranslated}"
    )
