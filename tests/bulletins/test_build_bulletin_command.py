"""manage.py build_bulletin: a draft page with frozen figures and a valid open-data package; running it
again changes nothing; a published bulletin's numbers never change."""

from datetime import timedelta
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.formats import date_format

from cms.actions import publish_bulletin
from cms.bulletins import BulletinPage
from observatory.casework.models import Case
from observatory.stats import tables
from observatory.stats.models import Release
from observatory.stats.periods import Period


def build(period="2026Q3"):
    call_command("build_bulletin", period, stdout=open("/dev/null", "w"))
    return BulletinPage.objects.get(period=period)


def test_builds_a_draft_page_with_a_valid_data_package(dataset, site_root, media_root):
    page = build()
    assert not page.live and page.has_unpublished_changes
    assert page.revisions.count() == 1
    assert page.get_parent().specific_class.__name__ == "BulletinIndexPage"
    folder = Path(media_root) / page.package
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert folder.with_suffix(".zip").is_file()
    observations = (folder / "observations.csv").read_text()
    assert "2026Q3,city,46250,grounds,racism," in observations
    for line in observations.splitlines()[1:]:
        value = line.split(",")[5]
        assert value == "" or int(value) not in (1, 2)


def test_building_twice_changes_nothing(dataset, site_root, media_root):
    page = build()
    again = build()
    assert again.pk == page.pk
    assert again.revisions.count() == 1
    assert again.get_latest_revision().as_object().data == page.get_latest_revision().as_object().data
    assert BulletinPage.objects.count() == 1


def test_a_live_bulletin_keeps_its_numbers_and_a_rebuild_becomes_a_correction_draft(
    dataset, site_root, media_root
):
    page = publish_bulletin(build())
    assert page.live and not page.has_unpublished_changes
    live_data, live_package = page.data, page.package

    # Late confirmations change the true counts of the quarter.
    late = Case.objects.filter(labels_confirmed_at__isnull=True, report__received_at__month=8)
    assert late.exists()
    late.update(labels_confirmed_at=page.first_published_at, confirmed_grounds=["racism"],
                confirmed_domain="housing", confirmed_incident_type="harassment")  # fmt: skip

    rebuilt = build()
    assert rebuilt.data == live_data and rebuilt.package == live_package  # the live row is untouched
    assert rebuilt.has_unpublished_changes
    draft = rebuilt.get_latest_revision().as_object()
    assert draft.data["fingerprint"] != live_data["fingerprint"]
    note = draft.correction_note
    assert date_format(timezone.localdate(), "DATE_FORMAT") in note and "()" not in note
    # It says what changed: the headline (more cases confirmed) for the quarter, named and dated, the
    # period in words as readers read it.
    assert f"{tables.SPEC_BY_ID['headline'].title} ({Period(2026, 3).label}" in note and "2026Q3" not in note
    assert (Path(media_root) / live_package / "datapackage.json").is_file()  # old files still served

    # And building once more with the same data adds nothing.
    assert build().revisions.count() == rebuilt.revisions.count()
    published = publish_bulletin(rebuilt)
    assert published.data["fingerprint"] == draft.data["fingerprint"]
    versions = Release.objects.filter(period="2026Q3").order_by("version")
    assert [(r.version, r.fingerprint) for r in versions] == [
        (1, live_data["fingerprint"]),
        (2, draft.data["fingerprint"]),
    ]
    assert versions[1].note == note and versions[0].package == live_package


def test_refuses_a_malformed_or_year_to_date_period(db):
    with pytest.raises(CommandError):
        call_command("build_bulletin", "2026Q5")
    with pytest.raises(CommandError):
        call_command("build_bulletin", "2026Q3-YTD")


def test_the_analyst_commentary_survives_a_rebuild(dataset, site_root, media_root):
    page = build()
    draft = page.get_latest_revision_as_object()
    draft.commentary = "<p>Un trimestre con más denuncias de racismo.</p>"
    draft.save_revision()
    Case.objects.filter(labels_confirmed_at__isnull=True).update(
        labels_confirmed_at=page.latest_revision_created_at + timedelta(days=1), confirmed_grounds=["age"]
    )
    rebuilt = build().get_latest_revision_as_object()
    assert "racismo" in rebuilt.commentary
    assert rebuilt.correction_note == ""  # not live yet: a plain update of the draft


def test_refuses_a_period_that_has_not_ended(db, site_root, media_root):
    today = timezone.localdate()
    running = Period(today.year, (today.month - 1) // 3 + 1)
    with pytest.raises(CommandError, match=f"{running} has not ended yet"):
        call_command("build_bulletin", str(running))
    with pytest.raises(CommandError, match=f"{today.year} has not ended yet"):
        call_command("build_bulletin", str(today.year))
    assert not BulletinPage.objects.exists()
