"""Writes of the statistics app: building a bulletin (a draft page plus its open-data package) and
publishing it.

``build_bulletin`` is safe to run any number of times. The figures are computed first (read-only, outside
the transaction); then, under a row lock on the bulletin index:

* no page for the period yet: a draft ``BulletinPage`` is created with one revision;
* the latest revision already holds the same figures (same fingerprint): nothing changes;
* otherwise a new revision is saved with the new figures, keeping the analyst's commentary. If the page
  is live, the live page is left untouched: the new revision is a draft with a correction note, and the
  corrected figures reach readers only when a publisher publishes it.

Data-package files are named after the fingerprint of the figures, so a rebuild never overwrites the
files of a published bulletin.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from observatory.stats import datapackage, tables
from observatory.stats.disclosure import Status
from observatory.stats.periods import Period, parse_period

logger = logging.getLogger(__name__)

PACKAGE_DIR = "open-data"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class BuildResult:
    page: object  # cms.bulletins.BulletinPage
    created: bool
    changed: bool
    correction: bool  # a draft correcting a live bulletin

    @property
    def summary(self) -> str:
        if self.created:
            return f"created draft bulletin {self.page.period}"
        if not self.changed:
            return f"bulletin {self.page.period} is up to date; nothing changed"
        if self.correction:
            return f"bulletin {self.page.period} is live: saved a correction draft for review"
        return f"updated the draft of bulletin {self.page.period}"


# --- computing ----------------------------------------------------------------------------------------


def fingerprint(figures: dict) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True, default=str).encode()).hexdigest()


def compute_bulletin(period: Period) -> dict:
    """Everything a bulletin publishes, after disclosure control, as JSON-ready data (no true counts).

    ``figures`` holds the published numbers and is what the fingerprint covers; ``built_at`` is the
    moment the figures were counted.
    """
    shown = tables.shown_periods(period)  # refuses year-to-date periods
    with tables.counting_session():
        counts = tables.count_tables(period)
        comparisons = {}
        for name, other in (("previous", period.previous()), ("year_before", period.year_before())):
            cells = tables.headline_cells(other, counts["headline"] if other.year == period.year else None)
            comparisons[name] = {"period": str(other), "cells": cells}
        medians = tables.medians(period)
        populations = tables.populations()
    headline, case_total = tables.publish_headline(counts["headline"], period)
    published = {"headline": headline.as_json()}
    for spec in tables.SPECS[1:]:
        if spec.id not in counts:
            continue
        item = tables.publish_counts(counts[spec.id], period, case_total)
        if spec.geography:
            tables.rates(item, populations[spec.dimension])
        published[spec.id] = item.as_json()
    maps = {}
    for spec in tables.SPECS:
        if spec.geography and published.get(spec.id, {}).get("periods"):
            maps[spec.dimension] = tables.map_features(spec.dimension)
    figures = {
        "version": FORMAT_VERSION,
        "period": str(period),
        "kind": period.kind,
        "shown": list(shown),
        "tables": published,
        "comparisons": comparisons,
        "medians": medians,
        "maps": maps,
    }
    return {
        "figures": figures,
        "fingerprint": fingerprint(figures),
        "built_at": timezone.now().isoformat(timespec="seconds"),
    }


def published_tables(data: dict):
    """The published tables of a bulletin's data, as ``PublishedTable`` objects (for the data package)."""
    figures = data["figures"]
    for spec in tables.SPECS:
        item = figures["tables"].get(spec.id)
        if not item:
            continue
        for period, table in item["periods"].items():
            yield tables.table_from_json(period, spec.dimension, table)


def publication_problems(data: dict) -> list[str]:
    """What would make a bulletin unpublishable: any shown value of 1-4 (all else was audited at build)."""
    problems = []
    if not data or "figures" not in data:
        return ["the bulletin has no figures: run build_bulletin"]
    for table in published_tables(data):
        for key, cell in table.cells.items():
            if cell.status is Status.FREE and cell.value is not None and 1 <= cell.value <= 4:
                problems.append(f"{table.period} {table.row_dimension} {key[0]}: value {cell.value} below 5")
            if cell.status is not Status.FREE and cell.value is not None:
                problems.append(
                    f"{table.period} {table.row_dimension} {key[0]}: suppressed cell with a value"
                )
    return problems


def package_name(period: str) -> str:
    return f"bulletin-{slugify(period)}"


def write_package(data: dict) -> str:
    """Write the data package (directory and zip) under MEDIA_ROOT; returns its path relative to it.

    Content-addressed by fingerprint: the same figures always land in the same place and an existing
    package is never rewritten.
    """
    period = data["figures"]["period"]
    relative = f"{PACKAGE_DIR}/{package_name(period)}-{data['fingerprint'][:16]}"
    target = Path(settings.MEDIA_ROOT) / relative
    if (target / "datapackage.json").exists() and target.with_suffix(".zip").exists():
        return relative
    scratch = target.with_name(target.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    options = {
        "name": package_name(period),
        "title": f"Discrimination and hate incidents, València, {period}",
        "city_code": tables.city_code(),
    }
    figures = list(published_tables(data))
    datapackage.write_datapackage(figures, scratch, **options)
    zipped = datapackage.write_datapackage(figures, target.with_name(target.name + ".tmp.zip"), **options)
    if target.exists():
        shutil.rmtree(target)
    scratch.rename(target)
    zipped.rename(target.with_suffix(".zip"))
    return relative


def package_files(relative: str) -> list[str]:
    """File names of a stored package (datapackage.json first, then its resources)."""
    folder = Path(settings.MEDIA_ROOT) / relative
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return ["datapackage.json", *[r["path"] for r in descriptor["resources"]]]


# --- pages --------------------------------------------------------------------------------------------


def bulletin_index():
    """The bulletin index page; created (live, under the default site's root) when there is none."""
    from wagtail.models import Page, Site

    from cms.bulletins import BulletinIndexPage

    index = BulletinIndexPage.objects.first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).first()
    parent = site.root_page if site else Page.get_first_root_node()
    index = parent.add_child(instance=BulletinIndexPage(title="Boletines", slug="boletines"))
    index.save_revision().publish()
    return index


def correction_note(live_data: dict, new_data: dict) -> str:
    old, new = live_data.get("figures", {}).get("tables", {}), new_data["figures"]["tables"]
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    day = timezone.localdate().isoformat()
    names = ", ".join(str(tables.SPEC_BY_ID[k].title) for k in changed if k in tables.SPEC_BY_ID)
    return f"Correction of {day}: figures recounted from the cases confirmed since publication ({names})."


def build_bulletin(period: str | Period, *, user=None) -> BuildResult:
    """Build (or rebuild) the bulletin of ``period`` as a draft revision; see the module docstring."""
    from cms.bulletins import BulletinPage

    period = parse_period(period) if isinstance(period, str) else period
    data = compute_bulletin(period)
    package = write_package(data)
    with transaction.atomic():
        index = bulletin_index()
        type(index).objects.select_for_update().get(pk=index.pk)  # one build at a time
        page = BulletinPage.objects.filter(period=str(period)).first()
        if page is None:
            page = index.add_child(
                instance=BulletinPage(
                    title=BulletinPage.default_title(period),
                    slug=package_name(str(period)),
                    period=str(period),
                    data=data,
                    package=package,
                    live=False,
                )
            )
            page.save_revision(user=user)
            logger.info("created draft bulletin %s", period)
            return BuildResult(page, created=True, changed=True, correction=False)
        draft = page.get_latest_revision_as_object()
        if draft.data.get("fingerprint") == data["fingerprint"]:
            return BuildResult(page, created=False, changed=False, correction=False)
        draft.data, draft.package = data, package
        correction = page.live
        if correction:
            draft.correction_note = correction_note(page.data, data)
        draft.save_revision(user=user)
        logger.info("saved a new revision of bulletin %s (correction: %s)", period, correction)
        return BuildResult(draft, created=False, changed=True, correction=correction)


def publish_bulletin(page, *, user=None):
    """Publish the latest revision of a bulletin after checking that it shows nothing below 5.

    The Wagtail editor and workflow publish through the same check (``cms.bulletins`` hooks).
    """
    with transaction.atomic():
        page = type(page).objects.select_for_update().get(pk=page.pk)  # the latest revision, not a stale one
        revision = page.get_latest_revision()
        problems = publication_problems(revision.as_object().data)
        if problems:
            raise ValueError("refusing to publish: " + "; ".join(problems[:5]))
        revision.publish(user=user)
    page.refresh_from_db()
    return page
