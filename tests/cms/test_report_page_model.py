"""The report page as editors and the demo see it: it lives under the home page, its editable texts are
shown on the form, and the demo creates it once."""

import pytest
from wagtail.models import Page

from cms.demo import add_report_page
from cms.models import HomePage, ReportPage
from tests.reports_intake.journey import make_report_page


@pytest.mark.django_db
def test_the_demo_adds_one_report_page_with_spanish_texts():
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Inicio", slug="inicio-demo"))
    first = add_report_page(home)
    again = add_report_page(home)
    assert first.pk == again.pk
    assert ReportPage.objects.child_of(home).count() == 1
    assert "anónimo" in first.intro and "112" in first.help_text
    assert first.live


@pytest.mark.django_db
def test_editors_can_only_place_it_under_the_home_page_and_it_has_no_children():
    assert ReportPage.allowed_parent_page_models() == [HomePage]
    assert ReportPage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_the_page_shows_the_editors_intro_and_help(client):
    page = make_report_page()
    html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cuéntanos qué pasó." in html and "llama al 112" in html
    assert "<details" in html  # help is folded away, without JavaScript
