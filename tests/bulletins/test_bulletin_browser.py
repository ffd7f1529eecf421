"""A published bulletin in a real headless Chromium: its charts and their data tables render under the
strict Content-Security-Policy, with no script, and the browser contacts no other origin."""

import shutil

import pytest

from tests.browser.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed"),
]


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
    response = visit.page.goto(visit.url(published_bulletin.url))
    assert response.status == 200
    page = visit.page
    assert page.locator("h1").inner_text() == published_bulletin.title
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
    assert page.locator("section.bulletin-methodology h3 + p").count() == 1
    assert page.locator("a[href='/open-data/ptable.csv']").count() == 1
    assert "Comentario del equipo de análisis." in page.locator("article").inner_text()
    assert page.locator("script").count() == 0
    assert visit.foreign_requests() == []
    assert visit.csp_violations == []
    assert visit.errors == []
    assert visit.failed_responses == []


def test_the_data_package_link_downloads_from_our_own_origin(published_bulletin, visit):
    visit.page.goto(visit.url(published_bulletin.url))
    link = visit.page.locator("a[href$='observations.csv']")
    response = visit.page.request.get(visit.url(link.get_attribute("href")))
    assert response.status == 200
    assert response.text().startswith("period,geography_level,geography_code")
    index = visit.page.goto(visit.url(published_bulletin.get_parent().url))
    assert index.status == 200
    assert visit.page.locator(f"a[href='{published_bulletin.url}']").count() == 1
    assert visit.foreign_requests() == []
