"""The open-data package validates and carries nothing but published aggregates."""

import csv
import json
import zipfile

import frictionless
import pytest

from observatory import taxonomy
from observatory.stats.datapackage import COLUMNS, write_datapackage
from observatory.stats.disclosure import ALL, TOTAL, Cell, PublishedTable, Status

CITY = "46250"


def one_way(period, dimension, values):
    cells = {(r, ALL): Cell(v, Status.FREE if v is not None else Status.WITHHELD) for r, v in values.items()}
    return PublishedTable(period, dimension, tuple(r for r in values if r != TOTAL), cells)


@pytest.fixture
def published():
    grounds = one_way(
        "2026Q3", "grounds", {"racism": 31, "antigypsyism": None, "age": 0, "health": 6, TOTAL: 52}
    )
    districts = one_way("2026", "district", {"46250-01": 12, "46250-02": 0, "46250-03": 20, TOTAL: 33})
    return [grounds, districts]


def read_observations(folder):
    with open(folder / "observations.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_package_validates_with_frictionless(tmp_path, published):
    folder = write_datapackage(published, tmp_path / "pkg", name="bulletin-2026q3", title="T", city_code=CITY)
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_observations_have_exactly_the_declared_columns_and_statuses(tmp_path, published):
    folder = write_datapackage(published, tmp_path / "pkg", name="b", title="T", city_code=CITY)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    schema_fields = [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]]
    rows = read_observations(folder)
    assert tuple(schema_fields) == COLUMNS == tuple(rows[0])
    assert {r["conf_status"] for r in rows} == {"F", "C"}
    for row in rows:
        assert (row["obs_value"] == "") == (row["conf_status"] != "F")
        assert row["obs_value"] == "" or int(row["obs_value"]) not in (1, 2)
    small = [r for r in rows if r["category"] == "antigypsyism" and r["period"] == "2026Q3"]
    assert small == [
        {"period": "2026Q3", "geography_level": "city", "geography_code": CITY, "dimension": "grounds",
         "category": "antigypsyism", "obs_value": "", "conf_status": "C"}
    ]  # fmt: skip


def test_geography_is_in_the_geography_columns(tmp_path, published):
    folder = write_datapackage(published, tmp_path / "pkg", name="b", title="T", city_code=CITY)
    rows = [r for r in read_observations(folder) if r["period"] == "2026"]
    assert {(r["geography_level"], r["geography_code"], r["dimension"], r["category"]) for r in rows} == {
        ("district", "46250-01", "cases", "total"),
        ("district", "46250-02", "cases", "total"),
        ("district", "46250-03", "cases", "total"),
    }


def test_code_lists_ship_as_resources_with_their_mappings(tmp_path, published):
    path = write_datapackage(published, tmp_path / "pkg.zip", name="b", title="T", city_code=CITY)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        grounds = list(csv.DictReader(archive.read("codelist-grounds.csv").decode().splitlines()))
        comva = list(csv.DictReader(archive.read("codelist-comva.csv").decode().splitlines()))
    assert {"datapackage.json", "observations.csv", "codelist-domain.csv", "codelist-comva.csv"} <= names
    assert [g["code"] for g in grounds] == list(taxonomy.GROUNDS.values)
    assert set(grounds[0]) == {"code", "label_en", "label_es", "official_name", "ministry_interior",
                               "osce_odihr", "law_15_2022", "comva"}  # fmt: skip
    assert grounds[0]["comva"] == "racisme"
    # COMVA's categories under the Valencian names the city's office publishes, beside translated labels.
    names_by_code = {c["code"]: c["official_name"] for c in comva}
    assert names_by_code["romafobia"] == "Romafòbia"
    assert names_by_code["malalties_rares_fisics"] == "Malalties rares i físics no normatius"
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_category_and_place_is_in_a_code_list_the_observations_point_to(tmp_path, published):
    places = {("district", "46250-01"): "Ciutat Vella"}
    folder = write_datapackage(
        published, tmp_path / "pkg", name="b", title="T", city_code=CITY, places=places
    )
    descriptor = json.loads((folder / "datapackage.json").read_text())
    keys = descriptor["resources"][0]["schema"]["foreignKeys"]
    assert {k["reference"]["resource"] for k in keys} == {"categories", "geography"}
    with open(folder / "categories.csv", encoding="utf-8") as fh:
        categories = {(r["dimension"], r["category"]): r for r in csv.DictReader(fh)}
    assert categories[("grounds", "racism")]["label_en"] == "Racism and xenophobia"
    assert categories[("grounds", "racism")]["label_es"] != "Racism and xenophobia"  # translated
    with open(folder / "geography.csv", encoding="utf-8") as fh:
        geography = {(r["geography_level"], r["geography_code"]): r["name"] for r in csv.DictReader(fh)}
    assert geography[("district", "46250-01")] == "Ciutat Vella" and geography[("city", CITY)] == "València"
    observed = {(r["dimension"], r["category"]) for r in read_observations(folder)}
    assert observed <= set(categories)
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_package_says_its_licence_sources_version_and_coverage(tmp_path, published):
    folder = write_datapackage(
        published, tmp_path / "pkg", name="b", title="T", city_code=CITY, version="2",
        created="2026-10-02T09:00:00+02:00", temporal=("2026-07-01", "2026-09-30"),
    )  # fmt: skip
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert descriptor["version"] == "2" and descriptor["created"] == "2026-10-02T09:00:00+02:00"
    assert descriptor["temporal"] == {"start": "2026-07-01", "end": "2026-09-30"}
    assert descriptor["spatial"]["code"] == CITY
    boundaries = [s for s in descriptor["sources"] if "Ajuntament de València" in s["title"]]
    assert boundaries and boundaries[0]["path"].startswith("https://")
    assert "Ajuntament de València" in descriptor["spatial"]["attribution"]
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
