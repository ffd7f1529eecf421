"""The statistics app's writes: the figures of a bulletin (`compute_bulletin`, read-only, through the
disclosure rules) and its open-data package (`write_package`), with no Wagtail. The public site turns
them into pages (`cms.actions.build_bulletin`, `cms.actions.publish_bulletin`).

Data-package files are named after the fingerprint of the figures, so a rebuild never overwrites the
files of a published bulletin.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from observatory.stats import datapackage, tables
from observatory.stats.disclosure import Status
from observatory.stats.periods import Period

logger = logging.getLogger(__name__)

PACKAGE_DIR = "open-data"
FORMAT_VERSION = 1


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
