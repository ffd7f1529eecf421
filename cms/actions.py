"""Writes of the public site: building a bulletin (a draft page plus its open-data package) and
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

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from cms.bulletins import BulletinIndexPage, BulletinPage
from observatory.stats import disclosure, tables
from observatory.stats.actions import (
    compute_bulletin,
    latest_release,
    package_name,
    publication_problems,
    write_package,
)
from observatory.stats.periods import Period, parse_period

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    page: BulletinPage
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


def bulletin_index():
    """The bulletin index page; created (live, under the default site's root) when there is none."""
    index = BulletinIndexPage.objects.first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).first()
    parent = site.root_page if site else Page.get_first_root_node()
    index = parent.add_child(instance=BulletinIndexPage(title="Boletines", slug="boletines"))
    index.save_revision().publish()
    return index


def correction_note(live_figures: dict, new_figures: dict) -> str:
    """What a correction changes, for readers: the tables and periods whose published figures differ
    from the live version's, and the headline before and after."""
    old, new = live_figures.get("tables", {}), new_figures["tables"]
    changed = []
    for table_id in (s.id for s in tables.SPECS):
        before, after = old.get(table_id, {}).get("periods", {}), new.get(table_id, {}).get("periods", {})
        periods = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
        if periods:
            labels = ", ".join(parse_period(p).label for p in periods)
            changed.append(f"{tables.SPEC_BY_ID[table_id].title} ({labels})")
    day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    period = new_figures["period"]
    cell = ("headline", "periods", period, "cells", disclosure.TOTAL)

    def headline(figures):
        node = figures.get("tables", {})
        for step in cell:
            node = node.get(step, {}) if isinstance(node, dict) else {}
        return node[0] if isinstance(node, list) else None

    before, after = headline(live_figures), headline(new_figures)
    text = _("Correction of %(day)s: figures recounted from the cases confirmed since publication.") % {
        "day": day
    }
    if before is not None and after is not None and before != after:
        text += " " + _("Reports received: %(before)s before, %(after)s now.") % {
            "before": before,
            "after": after,
        }
    if changed:
        text += " " + _("Changed: %(tables)s.") % {"tables": "; ".join(changed)}
    else:
        text += " " + _("No published figure changed.")
    return text


def build_bulletin(period: str | Period, *, user=None) -> BuildResult:
    """Build (or rebuild) the bulletin of ``period`` as a draft revision; see the module docstring."""
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
            live = latest_release(page.period)
            draft.correction_note = correction_note(
                live.figures if live else page.data.get("figures", {}), data["figures"]
            )
        draft.save_revision(user=user)
        logger.info("saved a new revision of bulletin %s (correction: %s)", period, correction)
        return BuildResult(draft, created=False, changed=True, correction=correction)


def publish_bulletin(page, *, user=None):
    """Publish the latest revision of a bulletin after the pre-publication audit, and keep its figures
    as the next version of the period's release (every version stays readable at its own address).

    The Wagtail editor and workflow publish through the same check (``cms.bulletins`` hooks).
    """
    with transaction.atomic():
        page = type(page).objects.select_for_update().get(pk=page.pk)  # the latest revision, not a stale one
        revision = page.get_latest_revision()
        problems = publication_problems(revision.as_object().data)
        if problems:
            raise ValueError("refusing to publish: " + "; ".join(problems[:5]))
        revision.publish(user=user)  # cms.bulletins.keep_release records it as the next version
    page.refresh_from_db()
    return page
