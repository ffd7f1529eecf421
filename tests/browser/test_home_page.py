"""A reporter's first visit, in a real browser: the page renders under the strict Content-Security-Policy
and the browser contacts no other origin — no CDN, font service, analytics or map tiles."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_renders_and_contacts_no_other_origin(visit, home_page):
    response = visit.page.goto(visit.url("/"))
    assert response.status == 200
    assert visit.page.locator("html").get_attribute("lang") == "es"
    assert visit.page.locator("main#main").is_visible()
    assert visit.page.title()
    assert visit.foreign_requests() == []
    assert visit.csp_violations == []
    assert visit.errors == []
    assert visit.failed_responses == []
    assert any(url.endswith("/static/observatory/site.css") for url in visit.requests)


def test_home_page_leaves_no_cookie_in_the_browser(visit, home_page):
    visit.page.goto(visit.url("/"))
    assert visit.page.context.cookies() == []


def test_form_posts_survive_csrf_in_a_real_browser(visit, db):
    """Any form on the site: here the staff login, posted with a wrong password. A 403 would mean the
    CSRF check refused the browser itself."""
    page = visit.page
    page.goto(visit.url("/staff/login/"))
    page.fill("[name=username]", "nobody")
    page.fill("[name=password]", "not the password at all")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form button[type=submit], form input[type=submit]").first.click()
    assert posted.value.status != 403
