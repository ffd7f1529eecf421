"""The report form's own route (cms/routing.py): served without Wagtail's routing queries, yet every
change an editor makes — unpublishing, moving, protecting the page — takes effect at once."""

import pytest
from wagtail.models import PageViewRestriction

from cms.models import ReportPage
from tests.reports_intake.journey import make_report_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return make_report_page()


def test_the_first_step_is_served_without_a_single_query_once_the_route_is_known(
    client, page, django_assert_num_queries
):
    assert client.get(page.url).status_code == 200  # builds the route table
    with django_assert_num_queries(0):
        response = client.get(page.url)
    assert response.status_code == 200
    assert "Cuéntanos qué pasó." in response.content.decode()


def test_an_unpublished_report_page_is_gone_at_once(client, page):
    assert client.get("/es/informar/").status_code == 200
    page.unpublish()
    assert client.get("/es/informar/").status_code == 404


def test_a_new_slug_moves_the_form_at_once(client, page):
    assert client.get("/es/informar/").status_code == 200
    page.slug = "denunciar"
    page.save_revision().publish()
    assert client.get("/es/denunciar/").status_code == 200
    assert client.get("/es/informar/").status_code == 404


def test_edits_to_the_intro_show_at_once(client, page):
    client.get(page.url)
    page.intro = "<p>Texto nuevo del equipo.</p>"
    page.save_revision().publish()
    assert "Texto nuevo del equipo." in client.get(page.url).content.decode()


def test_a_password_restriction_still_stands_in_front_of_the_form(client, page):
    assert 'name="narrative"' in client.get(page.url).content.decode()
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="cerrado")
    html = client.get(page.url).content.decode()
    assert 'name="narrative"' not in html and 'name="password"' in html


def test_with_two_sites_wagtail_routes_by_host_name(client, page, settings):
    from wagtail.models import Page, Site

    from cms.models import HomePage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]
    other_home = Page.get_first_root_node().add_child(instance=HomePage(title="Otra", slug="otra"))
    Site.objects.create(hostname="other.example", port=80, root_page=other_home, site_name="Other")
    assert client.get("/es/informar/").status_code == 200
    assert client.get("/es/informar/", HTTP_HOST="other.example").status_code == 404
    assert ReportPage.objects.live().count() == 1
