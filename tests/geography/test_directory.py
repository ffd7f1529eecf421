"""The neighbourhood directory the report form lists and a submission reads its district code from."""

import pytest

from observatory.geography import directory
from observatory.geography.models import District, Neighbourhood


@pytest.mark.django_db
def test_every_loaded_neighbourhood_is_listed_grouped_by_district(boundaries):
    places = directory.places()
    assert len(places) == Neighbourhood.objects.count() == 88
    districts = [place.district_code for place in places]
    assert districts == sorted(districts, key=lambda code: (len(code), code))
    assert directory.district_of(places[0].code) == places[0].district_code == "1"


@pytest.mark.django_db
def test_a_neighbourhood_added_or_renamed_shows_at_once(boundaries):
    district = District.objects.get(code="1")
    directory.places()
    Neighbourhood.objects.create(code="999", name="Barri nou", district=district, geom=district.geom)
    assert directory.district_of("999") == "1"
    renamed = Neighbourhood.objects.get(code="999")
    renamed.name = "Barri renovat"
    renamed.save()
    assert [p.name for p in directory.places() if p.code == "999"] == ["Barri renovat"]


@pytest.mark.django_db
def test_an_unknown_code_has_no_district(boundaries):
    assert directory.district_of("no-such-code") is None
