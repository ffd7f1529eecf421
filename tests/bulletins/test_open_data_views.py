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


def test_every_version_keeps_its_own_address_and_the_latest_is_also_at_the_stable_one(
    client, dataset, site_root, media_root
):
    from observatory.casework.models import Case

    first = publish_bulletin(build_bulletin("2026Q3").page)
    v1_html = client.get(first.url).content.decode()
    Case.objects.filter(labels_confirmed_at__isnull=True, report__received_at__month=8).update(
        labels_confirmed_at=first.first_published_at, confirmed_grounds=["racism"],
        confirmed_domain="housing", confirmed_incident_type="harassment",
    )  # fmt: skip
    second = publish_bulletin(build_bulletin("2026Q3").page)

    def headline(html):
        return html[html.index('<section class="bulletin-headline"') :].split("</section>")[0]

    assert headline(client.get(f"{first.url}v1/").content.decode()) == headline(v1_html)
    v2 = client.get(f"{first.url}v2/").content.decode()
    assert second.correction_note and second.correction_note in v2

    def article(html):  # the page around it (the language switcher) links to its own address
        return html[html.index("<article") : html.index("</article>")]

    assert article(client.get(first.url).content.decode()) == article(v2)
    assert client.get(f"{first.url}v3/").status_code == 404
    assert v1_html != v2
    listing = client.get("/open-data/").json()["bulletins"][0]
    assert [v["version"] for v in listing["versions"]] == [1, 2]
    catalogue = client.get("/open-data/catalogue.jsonld")
    assert catalogue["Content-Type"] == "application/ld+json"
    (dataset,) = catalogue.json()["dcat:dataset"]
    assert dataset["dcat:version"] == "2" and [v["dcat:version"] for v in dataset["dct:hasVersion"]] == [
        "1",
        "2",
    ]
    v1_zip = dataset["dct:hasVersion"][0]["dcat:distribution"][0]["dcat:downloadURL"]
    assert v1_zip.endswith("/open-data/2026Q3/v1/datapackage.zip")
    assert client.get(v1_zip.removeprefix("http://testserver")).status_code == 200
    old = client.get("/open-data/2026Q3/v1/observations.csv")
    new = client.get("/open-data/2026Q3/observations.csv")
    assert old.status_code == new.status_code == 200
    assert b"".join(old.streaming_content) != b"".join(new.streaming_content)


def test_open_data_is_readable_cross_origin_and_ships_the_perturbation_table(
    client, dataset, site_root, media_root
):
    publish_bulletin(build_bulletin("2026Q3").page)
    for url in ("/open-data/", "/open-data/2026Q3/observations.csv", "/open-data/ptable.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    ptable = b"".join(client.get("/open-data/ptable.csv").streaming_content).decode()
    assert ptable.startswith("pcv,ckey,pvalue\n")
    page = client.get(build_bulletin("2026Q3").page.url)
    assert "Access-Control-Allow-Origin" not in page  # only open data is shared


def test_open_data_answers_304_to_a_reader_whose_copy_is_current(client, dataset, site_root, media_root):
    publish_bulletin(build_bulletin("2026Q3").page)
    for url in (
        "/open-data/",
        "/open-data/catalogue.jsonld",
        "/open-data/ptable.csv",
        "/open-data/2026Q3/observations.csv",
        "/open-data/2026Q3/v1/datapackage.zip",
    ):
        first = client.get(url)
        assert first.status_code == 200, url
        etag = first["ETag"]
        assert etag.startswith('"') and etag.endswith('"'), url
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again["ETag"] == etag and not again.content
        assert again["Access-Control-Allow-Origin"] == "*"
        assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200, url
        if url != "/open-data/ptable.csv":  # the shipped table has no publication date
            modified = first["Last-Modified"]
            assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304, url


def test_a_new_version_changes_the_listing_etag_but_not_the_old_files(client, dataset, site_root, media_root):
    from observatory.casework.models import Case

    page = publish_bulletin(build_bulletin("2026Q3").page)
    listing = client.get("/open-data/")["ETag"]
    v1 = client.get("/open-data/2026Q3/v1/observations.csv")["ETag"]
    late = Case.objects.filter(labels_confirmed_at__isnull=True, report__received_at__month=8)
    late.update(labels_confirmed_at=page.first_published_at, confirmed_grounds=["racism"])
    publish_bulletin(build_bulletin("2026Q3").page)
    assert client.get("/open-data/", HTTP_IF_NONE_MATCH=listing).status_code == 200
    assert client.get("/open-data/2026Q3/v1/observations.csv", HTTP_IF_NONE_MATCH=v1).status_code == 304
    assert client.get("/open-data/2026Q3/observations.csv", HTTP_IF_NONE_MATCH=v1).status_code == 200


def test_urls_are_built_from_the_address_the_reader_used(client, dataset, site_root, media_root, settings):
    publish_bulletin(build_bulletin("2026Q3").page)
    host = "datos.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
    body = client.get("/open-data/", HTTP_HOST=host).json()
    bulletin = body["bulletins"][0]
    urls = [bulletin["url"], bulletin["datapackage"], *[r["url"] for r in bulletin["resources"]]]
    urls += [v["url"] for v in bulletin["versions"]] + [body["catalogue"], body["perturbation_table"]]
    assert all(url.startswith(f"http://{host}/") for url in urls), urls
    catalogue = client.get("/open-data/catalogue.jsonld", HTTP_HOST=host).json()
    assert catalogue["@id"] == f"http://{host}/open-data/catalogue.jsonld"
    assert catalogue["dcat:dataset"][0]["@id"].startswith(f"http://{host}/")


def test_every_published_package_is_valid_frictionless_with_its_metadata(
    client, dataset, site_root, media_root
):
    import frictionless

    for period in ("2025", "2026Q3"):
        publish_bulletin(build_bulletin(period).page)
    for period in ("2025", "2026Q3"):
        archive = zipfile.ZipFile(io.BytesIO(client.get(f"/open-data/{period}/datapackage.zip").getvalue()))
        folder = media_root / f"check-{period}"
        archive.extractall(folder)
        report = frictionless.validate(folder / "datapackage.json")
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        descriptor = frictionless.Package(folder / "datapackage.json").to_descriptor()
        assert descriptor["version"] == "1" and descriptor["created"]
        assert descriptor["licenses"][0]["path"].startswith("https://creativecommons.org/")
        start, end = ("2025-01-01", "2025-12-31") if period == "2025" else ("2026-07-01", "2026-09-30")
        assert descriptor["temporal"] == {"start": start, "end": end}
        assert any("Ajuntament de València" in s["title"] for s in descriptor["sources"])
