"""Fixtures for the bulletins: a seeded data set over Valencia's neighbourhoods and a default site."""

from datetime import date

import pytest

from tests.browser.conftest import chromium, home_page, visit  # noqa: F401 - the browser test uses them
from tests.bulletins.seed import random_rows, seed
from tests.factories import office_organisation


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def organisation(db):
    return office_organisation()


@pytest.fixture
def places(boundaries):
    from observatory.geography.models import Neighbourhood

    return list(Neighbourhood.objects.values_list("code", "district__code"))


@pytest.fixture
def dataset(db, places, organisation):
    """About 1,100 reports from January 2025 to September 2026 (periods that have ended: a bulletin of a
    period still running is refused), most of them confirmed cases."""
    rows = random_rows(1100, date(2025, 1, 1), date(2026, 10, 1), places)
    seed(rows, organisation)
    return rows


@pytest.fixture
def site_root(db):
    """A default site whose root the bulletin index is created under."""
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage

    if not Locale.objects.exists():
        Locale.objects.create(language_code="es")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Observatorio", slug="bulletin-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home
