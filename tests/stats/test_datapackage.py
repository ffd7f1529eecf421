"""The open-data package validates and carries nothing but published aggregates."""

import csv
import json
import zipfile

import frictionless
import pytest

from observatory import taxonomy
from observatory.stats.datapackage import COLUMNS, write_datapackage
from observatory.stats.disclosure import Table, suppress_table

CITY = "46250"


@pytest.fixture
def published():
    grounds = Table.one_way("grounds", {"racism": 31, "antigypsyism": 3, "age": 0, "health": 6, "other": 12})
    districts = Table(
        "district",
        ("01", "02", "03"),
        {(d, g): n for d, row in zip(("01", "02", "03"), ((12, 9), (7, 2), (20, 14)), strict=True)
         for g, n in zip(("racism", "sex_gender"), row, strict=True)},
        "grounds",
        ("racism", "sex_gender"),
    )  # fmt: skip
    return [suppress_table(grounds, "2026Q3"), suppress_table(districts, "2026")]


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
    assert {r["conf_status"] for r in rows} <= {"F", "A", "D"}
    for row in rows:
        assert (row["obs_value"] == "") == (row["conf_status"] != "F")
        assert row["obs_value"] == "" or not 1 <= int(row["obs_value"]) <= 4
    small = [r for r in rows if r["category"] == "antigypsyism" and r["period"] == "2026Q3"]
    assert small == [
        {"period": "2026Q3", "geography_level": "city", "geography_code": CITY, "dimension": "grounds",
         "category": "antigypsyism", "obs_value": "", "conf_status": "A"}
    ]  # fmt: skip
    totals = [r for r in rows if r["period"] == "2026" and r["geography_level"] == "city"]
    assert {r["category"] for r in totals} == {"racism", "sex_gender", "total"}


def test_code_lists_ship_as_resources_with_their_mappings(tmp_path, published):
    path = write_datapackage(published, tmp_path / "pkg.zip", name="b", title="T", city_code=CITY)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        grounds = list(csv.DictReader(archive.read("codelist-grounds.csv").decode().splitlines()))
    assert {"datapackage.json", "observations.csv", "codelist-domain.csv", "codelist-comva.csv"} <= names
    assert [g["code"] for g in grounds] == list(taxonomy.GROUNDS.values)
    assert set(grounds[0]) == {"code", "label_en", "label_es", "ministry_interior", "osce_odihr",
                               "law_15_2022", "comva"}  # fmt: skip
    assert grounds[0]["comva"] == "racisme"
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
