"""The public site's information pages and directory (cms.models, cms.directory, cms.demo)."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from cms.directory import DirectoryPage, SupportOrganisation, find
from cms.models import BulletinIndexPage, ContentPage, HomePage, ReportPage


@pytest.mark.django_db
def test_home_page_takes_the_information_pages_and_the_directory():
    assert set(HomePage.allowed_subpage_models()) == {
        ReportPage,
        ContentPage,
        DirectoryPage,
        BulletinIndexPage,
    }
    assert ContentPage.allowed_parent_page_models() == [HomePage, ContentPage]
    assert DirectoryPage.allowed_subpage_models() == []


def _org(name, point, **fields):
    return SupportOrganisation.objects.create(
        locale=Locale.get_default(), name=name, location=Point(*point, srid=4326), **fields
    )


@pytest.mark.django_db
def test_directory_filters_and_sorts_by_distance_from_a_neighbourhood(boundaries):
    from observatory.geography.models import Neighbourhood

    centre = _org("Centro", (-0.3763, 39.4699), services=["legal"], grounds=["racism"], languages=["ar"])
    far = _org("Lejos", (-0.3300, 39.4300), services=["legal"], all_grounds=True, languages=["es"])
    _org("Otra", (-0.3700, 39.4650), services=["housing"], grounds=["disability"], languages=["ar"])
    locale = Locale.get_default().pk
    near = Neighbourhood.objects.filter(geom__contains=Point(-0.3763, 39.4699, srid=4326)).get().code

    list(find(locale, near=near))  # Django reads the SRID's units once per process (spatial_ref_sys)
    with CaptureQueriesContext(connection) as queries:
        ordered = list(find(locale, service="legal", near=near))
    assert len(queries) == 1, [q["sql"][:200] for q in queries.captured_queries]
    assert [o.name for o in ordered] == ["Centro", "Lejos"]
    assert ordered[0].distance.m < ordered[1].distance.m
    assert [o.name for o in find(locale, ground="racism")] == ["Centro", "Lejos"]  # all_grounds counts
    assert [o.name for o in find(locale, language="ar")] == ["Centro", "Otra"]
    assert centre.pk in {o.pk for o in find(locale, text="centr")} and far.pk not in {
        o.pk for o in find(locale, text="centr")
    }


@pytest.mark.django_db
def test_the_demo_builds_every_page_in_six_locales_and_serves_them(client, settings, tmp_path, boundaries):
    from observatory.demo import load_demo

    settings.VAR_DIR = tmp_path
    load_demo()
    spanish = Page.objects.filter(locale__language_code="es", depth__gt=1).count()
    for code, _name in settings.LANGUAGES:
        live = Page.objects.filter(locale__language_code=code, depth__gt=1).live()
        assert live.count() == spanish, code
        assert SupportOrganisation.objects.filter(locale__language_code=code).count() == 8
    english = client.get("/en/que-pasa-con-mi-informe/")
    assert english.status_code == 200
    assert "What happens to my report?" in english.content.decode()
    home = client.get("/en/").content.decode()
    assert 'href="/en/organizaciones-de-apoyo/"' in home and 'href="/en/privacidad/"' in home
    directory = client.get("/es/organizaciones-de-apoyo/", {"service": "legal", "language": "ar"})
    assert directory.status_code == 200
    assert "CEAR" in directory.content.decode() and "Lambda" not in directory.content.decode()
