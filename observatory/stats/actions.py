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
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from observatory.geography.models import Neighbourhood
from observatory.stats import audit, datapackage, tables
from observatory.stats.disclosure import Status
from observatory.stats.models import Release
from observatory.stats.periods import Period, parse_period

logger = logging.getLogger(__name__)

PACKAGE_DIR = "open-data"
FORMAT_VERSION = 1


# --- computing ----------------------------------------------------------------------------------------


def fingerprint(figures: dict) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True, default=str).encode()).hexdigest()


def releases_of_year(year: int):
    """Every version of every release of ``year`` ever published, oldest first."""
    return list(
        Release.objects.filter(period__regex=rf"^{year:04d}(Q[1-4])?$").order_by("published_at", "pk")
    )


def latest_release(period: str) -> Release | None:
    return Release.objects.filter(period=period).order_by("-version").first()


def _count_period(period: Period, releases) -> Period:
    """The quarters to count: up to the last one that the candidate or any release of its year covers."""
    last = max([period.last_quarter, *(parse_period(r.period).last_quarter for r in releases)])
    return Period(period.year) if last == 4 else Period(period.year, last)


def neighbourhood_parents() -> dict[str, str]:
    return dict(Neighbourhood.objects.values_list("code", "district__code"))


@dataclass
class YearData:
    """Today's true tallies of a year and the releases of that year they reproduce (linked) or not."""

    counts: dict
    linked: list
    unlinked: list

    @classmethod
    def load(cls, period: Period, exclude_fingerprint: str | None = None) -> YearData:
        releases = releases_of_year(period.year)
        # Neighbourhoods (89 more counts per case) only when the candidate or a release shows them.
        annual = period.kind == "year" or any("neighbourhood" in r.figures["tables"] for r in releases)
        counts = tables.count_tables(_count_period(period, releases), annual=annual)
        linked, unlinked = [], []
        for r in releases:
            (linked if audit.reproduces(r.figures, counts) else unlinked).append(r)
        return cls(counts, linked, unlinked)

    def published(self) -> list[audit.Quantity]:
        return [q for r in self.linked for q in audit.quantities(f"{r.period} v{r.version}", r.figures)]


def _comparison(other: Period) -> dict:
    """The headline of another period as its own latest release published it (never recounted: a new
    value would be a new, unaudited release of that period); no cells when it was never published."""
    release = latest_release(str(other))
    headline = (release.figures["tables"].get("headline", {}).get("periods", {}) if release else {}).get(
        str(other)
    )
    return {"period": str(other), "cells": headline["cells"] if headline else None}


class PeriodNotEnded(ValueError):
    """A bulletin asked for before its period is over (its counts would still grow)."""


def refuse_unfinished(period: Period) -> None:
    today = timezone.localdate()
    if not period.has_ended(today):
        raise PeriodNotEnded(
            f"{period} has not ended yet: it runs to {period.end.isoformat()}, so its bulletin can be built "
            f"from {period.stop.isoformat()} (today is {today.isoformat()})"
        )


def compute_bulletin(period: Period) -> dict:
    """Everything a bulletin publishes, perturbed and audited, as JSON-ready data (no true counts).

    ``figures`` holds the published numbers and is what the fingerprint covers; ``built_at`` is the
    moment the figures were counted; ``audit`` says what the pre-publication audit withheld.
    """
    shown = tables.shown_periods(period)  # refuses year-to-date periods
    refuse_unfinished(period)
    with tables.counting_session():
        year = YearData.load(period)
        medians = tables.medians(period)
        populations = tables.populations()
        parents = neighbourhood_parents()
    published = {}
    for spec in tables.SPECS:
        if spec.id not in year.counts or (spec.annual_only and period.kind != "year"):
            continue
        published[spec.id] = tables.publish_counts(year.counts[spec.id], shown)
    figures = {
        "version": FORMAT_VERSION,
        "period": str(period),
        "kind": period.kind,
        "shown": list(shown),
        "tables": published,
        "comparisons": {
            "previous": _comparison(period.previous()),
            "year_before": _comparison(period.year_before()),
        },
        "medians": medians,
        "maps": {},
    }
    report = audit.protect(year.counts, year.published(), figures, parents)
    report.unlinked = [f"{r.period} v{r.version}" for r in year.unlinked]
    for spec in tables.SPECS:
        if spec.geography and spec.id in published:
            tables.rates(published[spec.id], populations[spec.dimension])
            figures["maps"][spec.dimension] = tables.map_features(spec.dimension)
    return {
        "figures": figures,
        "fingerprint": fingerprint(figures),
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "audit": {
            "withheld": [str(f) for f in report.withheld],
            "pinned": [str(f) for f in report.pinned],
            "unlinked": report.unlinked,
        },
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
    """What would make a bulletin unpublishable, checked again right before publication:

    * a shown value the pTable can never produce (1, 2, negative) or a withheld cell with a value;
    * figures that today's cases no longer reproduce (they changed since the build: rebuild);
    * the audit: with every release already published, some count of 1-4 would be pinned.
    """
    if not data or "figures" not in data:
        return ["the bulletin has no figures: run build_bulletin"]
    problems = []
    for table in published_tables(data):
        for key, cell in table.cells.items():
            if cell.status is Status.FREE and (cell.value is None or cell.value < 0 or cell.value in (1, 2)):
                problems.append(
                    f"{table.period} {table.row_dimension} {key[0]}: value {cell.value} cannot be published"
                )
            if cell.status is not Status.FREE and cell.value is not None:
                problems.append(f"{table.period} {table.row_dimension} {key[0]}: withheld cell with a value")
    if problems:
        return problems
    figures = data["figures"]
    period = parse_period(figures["period"])
    with tables.counting_session():
        year = YearData.load(period)
        parents = neighbourhood_parents()
    if not audit.reproduces(figures, year.counts):
        return ["the cases changed since this bulletin was built: rebuild it (build_bulletin) first"]
    report = audit.audit(year.counts, year.published() + audit.quantities("candidate", figures), parents)
    if not report.ok:
        problems.append(report.message())
    return problems


def record_release(data: dict, package: str, note: str = "") -> Release:
    """Keep the published figures as the next version of the period's release (the audit reads them)."""
    period = data["figures"]["period"]
    latest = latest_release(period)
    if latest is not None and latest.fingerprint == data["fingerprint"]:
        return latest
    return Release.objects.create(
        period=period,
        version=(latest.version + 1) if latest else 1,
        figures=data["figures"],
        fingerprint=data["fingerprint"],
        package=package,
        note=note,
        published_at=timezone.now(),
    )


def expected_version(period: str, fingerprint: str) -> int:
    """The version these figures are (already published) or will be when published: one period has one
    bulletin page and so one draft at a time, and ``record_release`` numbers versions one after another."""
    latest = latest_release(period)
    if latest is None:
        return 1
    return latest.version if latest.fingerprint == fingerprint else latest.version + 1


def package_name(period: str) -> str:
    return f"bulletin-{slugify(period)}"


def write_package(data: dict) -> str:
    """Write the data package (directory and zip) under MEDIA_ROOT; returns its path relative to it.

    Content-addressed by fingerprint: the same figures always land in the same place and an existing
    package is never rewritten.
    """
    period = data["figures"]["period"]
    version = expected_version(period, data["fingerprint"])
    relative = f"{PACKAGE_DIR}/{package_name(period)}-v{version}-{data['fingerprint'][:16]}"
    target = Path(settings.MEDIA_ROOT) / relative
    if (target / "datapackage.json").exists() and target.with_suffix(".zip").exists():
        return relative
    scratch = target.with_name(target.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    places = {
        (level, f["properties"]["code"]): f["properties"]["name"]
        for level, features in data["figures"].get("maps", {}).items()
        for f in features
    }
    options = {
        "name": package_name(period),
        "title": f"Discrimination and hate incidents, València, {period}",
        "city_code": tables.city_code(),
        "places": places,
        "version": str(version),
        "created": data["built_at"],
        "temporal": (parse_period(period).start.isoformat(), parse_period(period).end.isoformat()),
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
