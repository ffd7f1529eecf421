import json

import pytest
from django.core.management import CommandError, call_command

from observatory.geography.actions import locate
from observatory.geography.models import District, Neighbourhood
from tests.conftest import BOUNDARIES


def test_valencia_loads_88_neighbourhoods_in_19_districts(boundaries):
    assert Neighbourhood.objects.count() == 88
    assert District.objects.count() == 19
    assert Neighbourhood.objects.filter(code="175").get().name == "MAHUELLA-TAULADELLA"
    assert Neighbourhood.objects.filter(code="175-2").get().name == "RAFALELL-VISTABELLA"


def test_districts_are_the_union_of_their_neighbourhoods(boundaries):
    ciutat_vella = District.objects.get(code="1")
    parts = ciutat_vella.neighbourhoods.all()
    assert parts.count() == 6
    total = sum(n.geom.transform(25830, clone=True).area for n in parts)
    assert ciutat_vella.geom.transform(25830, clone=True).area == pytest.approx(total, rel=1e-3)


def test_plaza_del_ayuntamiento_is_in_ciutat_vella(boundaries):
    neighbourhood = locate(longitude=-0.3774, latitude=39.4697)
    assert neighbourhood is not None
    assert neighbourhood.district.code == "1"
    assert neighbourhood.district.name == "CIUTAT VELLA"


def test_point_outside_the_city_has_no_neighbourhood(boundaries):
    assert locate(longitude=-3.7038, latitude=40.4168) is None  # Madrid


def test_loading_twice_changes_nothing(boundaries):
    before = list(Neighbourhood.objects.values_list("pk", "code", "name", "district__code"))
    call_command("load_boundaries", str(BOUNDARIES), stdout=open("/dev/null", "w"))
    assert list(Neighbourhood.objects.values_list("pk", "code", "name", "district__code")) == before


def _broken_variants():
    good = json.loads(BOUNDARIES.read_text())
    missing_code = json.loads(BOUNDARIES.read_text())
    del missing_code["features"][40]["properties"]["coddistbar"]
    bad_geometry = json.loads(BOUNDARIES.read_text())
    bad_geometry["features"][87]["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [1]]]}
    point = json.loads(BOUNDARIES.read_text())
    point["features"][10]["geometry"] = {"type": "Point", "coordinates": [-0.37, 39.47]}
    projected = json.loads(BOUNDARIES.read_text())
    projected["features"][5]["geometry"]["coordinates"] = [
        [[725000, 4372000], [726000, 4372000], [726000, 4373000], [725000, 4372000]]
    ]
    return {
        "not json": BOUNDARIES.read_text()[:-200],
        "not a feature collection": json.dumps({"type": "Feature", "features": good["features"]}),
        "missing code": json.dumps(missing_code),
        "broken geometry": json.dumps(bad_geometry),
        "point geometry": json.dumps(point),
        "projected coordinates": json.dumps(projected),
    }


@pytest.mark.parametrize("variant", sorted(_broken_variants()))
def test_malformed_file_is_refused_and_nothing_is_written(db, tmp_path, variant):
    path = tmp_path / "broken.geojson"
    path.write_text(_broken_variants()[variant])
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_boundaries", str(path))
    assert Neighbourhood.objects.count() == 0
    assert District.objects.count() == 0


def test_malformed_file_leaves_previous_boundaries_untouched(boundaries, tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text(_broken_variants()["broken geometry"])
    before = list(Neighbourhood.objects.values_list("code", "name"))
    with pytest.raises(CommandError):
        call_command("load_boundaries", str(path))
    assert list(Neighbourhood.objects.values_list("code", "name")) == before
