"""The open-data endpoint lists published bulletins only and serves their package files."""

import csv
import io
import zipfile

import pytest

from cms.actions import build_bulletin, publish_bulletin


def test_lists_only_published_bulletins_with_their_resources(client, dataset, site_root, media_root):
    draft = build_bulletin("2026Q2").page
    live = publish_bulletin(build_bulletin("2026Q3").page)
    body = client.get("/open-data/").json()
    assert [b["period"] for b in body["bulletins"]] == ["2026Q3"]
    item = body["bulletins"][0]
    assert item["fingerprint"] == live.data["fingerprint"]
    names = {r["path"] for r in item["resources"]}
    assert {"datapackage.json", "observations.csv", "codelist-grounds.csv"} <= names
    assert client.get(f"/open-data/{draft.period}/observations.csv").status_code == 404


def test_serves_the_live_package_files(client, dataset, site_root, media_root):
    publish_bulletin(build_bulletin("2026Q3").page)
    response = client.get("/open-data/2026Q3/observations.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["period"] for r in rows} == {"2026Q3", "2026Q3-YTD"}
    archive = client.get("/open-data/2026Q3/datapackage.zip")
    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert "datapackage.json" in names


@pytest.mark.parametrize("name", ["../../settings.py", "..%2f..%2fsecret", "observations.txt", "nope.csv"])
def test_refuses_anything_but_the_package_files(client, dataset, site_root, media_root, name):
    publish_bulletin(build_bulletin("2026Q3").page)
    assert client.get(f"/open-data/2026Q3/{name}").status_code == 404
    assert client.post("/open-data/").status_code == 405
