"""Bulletin pages: the quarterly and annual public statistics (DESIGN §8).

``manage.py build_bulletin 2026Q3`` (or the quarterly beat task) creates or updates a ``BulletinPage``
as a draft revision holding the published figures, already through disclosure control; an analyst adds
commentary, a publisher publishes it through Wagtail's workflow. The figures are not editable in the
admin, and a published bulletin's numbers never change: a rebuild of a live bulletin is a new draft
revision with a correction note (observatory.stats.actions).

Charts are SVG rendered on the server from the frozen figures, each with its data table beside it.
Registered in cms/models.py (``from cms.bulletins import BulletinIndexPage, BulletinPage``).
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.db import models
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.dates import MONTHS_3
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.signals import page_published

from observatory.stats import charts, datapackage, disclosure, perturbation
from observatory.stats.actions import publication_problems, record_release
from observatory.stats.disclosure import Cell, Status
from observatory.stats.models import Release
from observatory.stats.periods import Period, parse_period
from observatory.stats.tables import SPECS, table_from_json

# What a new bulletin's (editable) methodology field holds. While an editor has not changed it, readers
# get the translated paragraphs of DEFAULT_METHODOLOGY_PARAGRAPHS instead, in their own language.
DEFAULT_METHODOLOGY = (
    "<p>Counts are of reports received in the period whose labels a caseworker has confirmed. "
    "An information request is a contact whose confirmed labels name no discrimination ground and no "
    "specific type of incident. A case with several grounds is counted under each of them. Figures may "
    "be revised in later bulletins as more cases are confirmed; every version stays published.</p>"
)
DEFAULT_METHODOLOGY_PARAGRAPHS = (
    _(
        "Counts are of reports received in the period whose labels a caseworker has confirmed. An "
        "information request is a contact whose confirmed labels name no discrimination ground and no "
        "specific type of incident. A case with several grounds is counted under each of them."
    ),
    _(
        "Figures may be revised in later bulletins as more cases are confirmed; every version stays "
        "published at its own address."
    ),
)


def protection_paragraphs() -> list[str]:
    """How small numbers are protected, in plain words, with the figures of the pTable in use (shown on
    every bulletin, whatever the editable methodology says)."""
    table = perturbation.ptable()
    return [
        _(
            "To protect the people behind small numbers, every figure in this bulletin has been changed "
            "slightly by cell-key perturbation, the method the Office for National Statistics used for "
            "the 2021 Census. Each case carries a secret random number; the numbers of the cases in a cell "
            "decide, through a published perturbation table, how much is added to or taken from its count."
        ),
        _(
            "No figure differs from the true count by more than %(max)d; from %(cap)d cases up the change is "
            "between −%(large)d and +%(large)d and zero on average. A true 0 is always shown as 0, but a 0 "
            "may also stand for 1 to 3 cases. Counts of 1 and 2 are never shown as themselves, and no "
            "figure is ever 1 or 2."
        )
        % {"max": table.max_noise, "cap": table.cap, "large": table.max_large_noise},
        _(
            "The same cases always give the same figure, so the quarter, the year to date, the year and "
            "any correction cannot be compared to remove the change. Totals are changed on their own, so the "
            "figures of a table need not add up exactly to its total. Before publication, the figures are "
            "checked against every bulletin already published; a figure marked “c” was withheld because, "
            "with the others, it would have revealed a small count."
        ),
    ]


OUTCOME_LABELS = {
    "case": _("Cases"),
    "information_request": _("Information requests"),
    "pending": _("Awaiting confirmation"),
}
EXTRA_LABELS = {"not_recorded": _("Not recorded"), "unlocated": _("Outside the city or not given")}


class BulletinIndexPage(Page):
    """The list of published bulletins, newest first, with a link to the open data."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.BulletinPage"]
    max_count = 1

    class Meta:
        verbose_name = _("bulletin index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bulletins"] = BulletinPage.objects.child_of(self).live().order_by("-period")
        return context


class BulletinPage(RoutablePageMixin, Page):
    """One period's bulletin. ``data`` holds the published (perturbed) figures only, written by
    cms.actions.build_bulletin and never edited by hand. The page's own address shows the latest published
    version; every version published stays at ``v<N>/`` below it (``observatory.stats.models.Release``)."""

    period = models.CharField(max_length=16, unique=True, editable=False)
    data = models.JSONField(default=dict, editable=False)
    package = models.CharField(max_length=200, blank=True, default="", editable=False)
    commentary = RichTextField(blank=True, verbose_name=_("analyst commentary"))
    methodology = RichTextField(blank=True, default=DEFAULT_METHODOLOGY, verbose_name=_("methodology note"))
    correction_note = models.TextField(
        blank=True,
        verbose_name=_("correction note"),
        help_text=_("Filled in when figures of a published bulletin are recounted; shown to readers."),
    )

    content_panels = Page.content_panels + [
        HelpPanel(
            content=_("The figures come from `manage.py build_bulletin` and cannot be edited here."),
        ),
        FieldPanel("commentary"),
        FieldPanel("methodology"),
        FieldPanel("correction_note"),
    ]
    parent_page_types = ["cms.BulletinIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bulletin page")

    @staticmethod
    def default_title(period: Period) -> str:
        """The page's title for editors, in the site's main language (readers see ``heading``)."""
        with translation.override(settings.LANGUAGE_CODE):
            return gettext("Statistics bulletin: %(period)s") % {"period": period.label}

    @property
    def figures(self) -> dict:
        return self.data.get("figures", {})

    @property
    def period_label(self) -> str:
        """The period in words, in the reader's language ("third quarter of 2026")."""
        return parse_period(self.period).label

    @property
    def heading(self) -> str:
        """The title readers see, in their language (the page title is the editors' name for it)."""
        return gettext("Statistics bulletin: %(period)s") % {"period": self.period_label}

    def methodology_html(self) -> str:
        """The editors' methodology note, or while they have not written one, the default in the reader's
        language."""
        if self.methodology.strip() in ("", DEFAULT_METHODOLOGY):
            return format_html_join("\n", "<p>{}</p>", ((str(p),) for p in DEFAULT_METHODOLOGY_PARAGRAPHS))
        return mark_safe(expand_db_html(self.methodology))  # noqa: S308 - editors' rich text, as |richtext

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections()
        context["headline"] = self.headline()
        context["findings"] = self.key_findings()
        context["methodology_html"] = self.methodology_html()
        context["medians"] = self.figures.get("medians", {})
        context["protection"] = protection_paragraphs()
        context["versions"] = list(Release.objects.filter(period=self.period).order_by("version"))
        context.setdefault("version", context["versions"][-1] if context["versions"] else None)
        return context

    @path("v<int:number>/")
    def version_view(self, request, number: int):
        """One published version exactly as it was published, with its own correction note."""
        release = Release.objects.filter(period=self.period, version=number).first()
        if release is None or not self.live:
            raise Http404("no such version")
        shown = copy.copy(self)
        shown.data = {"figures": release.figures, "fingerprint": release.fingerprint}
        shown.correction_note = release.note
        return shown.render(request, context_overrides={"version": release})

    # --- presentation of the frozen figures --------------------------------------------------------

    def labels(self, dimension: str) -> dict:
        if dimension == "comva":
            return {code: comva_label(code) for code in datapackage.COMVA_OFFICIAL_NAMES}
        if dimension in datapackage.DIMENSION_LISTS:
            return dict(datapackage.DIMENSION_LISTS[dimension].choices())
        if dimension == "report_outcome":
            return OUTCOME_LABELS
        if dimension == "month":
            year = parse_period(self.period).year
            return {f"{year:04d}-{m:02d}": str(MONTHS_3[m]).capitalize() for m in range(1, 13)}
        if dimension in ("district", "neighbourhood"):
            features = self.figures.get("maps", {}).get(dimension, [])
            return {f["properties"]["code"]: place_name(f["properties"]["name"]) for f in features}
        return {}

    def headline(self) -> list[dict]:
        figures = self.figures
        item = figures.get("tables", {}).get("headline", {})
        table = item.get("periods", {}).get(self.period)
        if not table:
            return []
        published = table_from_json(self.period, "report_outcome", table)
        out = []
        keys = [
            (disclosure.TOTAL, _("Reports received")),
            ("case", OUTCOME_LABELS["case"]),
            ("information_request", OUTCOME_LABELS["information_request"]),
        ]
        for row, label in keys:
            cell = published.cells.get((row, disclosure.ALL))
            if cell is None:
                continue
            changes = []
            for name, title in (("previous", _("previous period")), ("year_before", _("a year before"))):
                other = figures.get("comparisons", {}).get(name, {})
                before = (other.get("cells") or {}).get(row)
                other_label = parse_period(other["period"]).label if other.get("period") else ""
                changes.append({"title": title, "period": other_label, "text": _change(cell, before)})
            out.append({"label": label, "value": charts.cell_text(cell), "changes": changes})
        return out

    def sections(self) -> list[dict]:
        figures = self.figures
        out = []
        for spec in SPECS[1:]:
            item = figures.get("tables", {}).get(spec.id)
            if item is None:
                continue
            labels = self.labels(spec.dimension)
            blocks = []
            for period in figures.get("shown", []):
                data = item["periods"].get(period)
                if data is None:
                    if period in item.get("withheld", {}):
                        label = parse_period(period).label
                        blocks.append({"period": label, "withheld": item["withheld"][period]})
                    continue
                table = table_from_json(period, spec.dimension, data)
                blocks.append(self._block(spec, period, table, labels, item.get("rates", {}).get(period, {})))
            if blocks:
                out.append({"id": spec.id, "title": spec.title, "note": spec.note, "blocks": blocks})
        return out

    def _block(self, spec, period, table, labels, rates) -> dict:
        months = {f"{y:04d}-{m:02d}" for y, m in parse_period(period).months()}
        rows = []
        for r in table.rows:
            cell = table.cells.get((r, disclosure.ALL))
            if cell is None or (spec.dimension == "month" and r not in months):
                continue  # left out of the release, or a month outside the period (zero by construction)
            rows.append((str(labels.get(r, EXTRA_LABELS.get(r, r))), cell, r))
        total = table.grand_total
        uid = f"{spec.id}-{period}".lower()
        title = f"{spec.title}, {parse_period(period).label}"
        desc = _describe(rows, total)
        pairs = [(label, cell) for label, cell, _code in rows]
        if spec.chart == "map":
            named = {code: label for label, _cell, code in rows}
            features = [
                {**f, "properties": {**f["properties"], "name": named.get(f["properties"]["code"], "")}}
                for f in self.figures.get("maps", {}).get(spec.dimension, [])
            ]
            values = {code: cell for _label, cell, code in rows}
            chart = charts.choropleth(
                features, values, code_property="code", name_property="name", title=title, desc=desc, uid=uid
            )
        elif spec.chart == "column":
            chart = charts.column_chart(pairs, title=title, desc=desc, uid=uid)
        else:
            chart = charts.bar_chart(pairs, title=title, desc=desc, uid=uid)
        table_rows = [*pairs, (str(_("Total")), total)]
        if rates:
            per = _("per 10,000 residents")
            codes = [code for _label, _cell, code in rows] + [None]
            table_rows = [
                (f"{label} ({rates[code]} {per})" if code in rates else label, cell)
                for (label, cell), code in zip(table_rows, codes, strict=True)
            ]
        html = charts.data_table_html(
            table_rows, caption=title, header=(gettext("Category"), COUNT_HEADERS[spec.counts])
        )
        return {"period": period, "chart": mark_safe(chart), "table": mark_safe(html)}  # noqa: S308

    # --- key findings: a few sentences from the published figures of the bulletin's own period ---------

    def _published(self, table_id: str) -> disclosure.PublishedTable | None:
        spec = next((s for s in SPECS if s.id == table_id), None)
        data = self.figures.get("tables", {}).get(table_id, {}).get("periods", {}).get(self.period)
        return table_from_json(self.period, spec.dimension, data) if spec and data else None

    def _top(self, table_id: str) -> list[tuple[str, int]]:
        """The categories of a table with the largest published value (ties all kept), with it."""
        table = self._published(table_id)
        if table is None:
            return []
        labels = self.labels(table.row_dimension)
        values = {
            r: cell.value
            for r in table.rows
            if r in labels
            for cell in [table.cells.get((r, disclosure.ALL))]
            if cell is not None and cell.value
        }
        if not values:
            return []
        best = max(values.values())
        return [(str(labels[r]), best) for r, v in values.items() if v == best]

    def key_findings(self) -> list[str]:
        """Three to five plain sentences a reader can quote; only published (perturbed) values, and
        percentages only on denominators of at least 10."""
        headline = self._published("headline")
        if headline is None:
            return []
        total = headline.cells.get((disclosure.TOTAL, disclosure.ALL))
        cases = headline.cells.get(("case", disclosure.ALL))
        info = headline.cells.get(("information_request", disclosure.ALL))
        if total is None or cases is None or info is None:
            return []
        first = YEAR_OPENING if parse_period(self.period).kind == "year" else QUARTER_OPENING
        out = [
            gettext(first)
            % {
                "period": self.period_label,
                "reports": charts.cell_text(total),
                "cases": charts.cell_text(cases),
                "info": charts.cell_text(info),
            }
        ]
        for table_id, one, several in FINDINGS:
            top = self._top(table_id)
            if len(top) == 1:
                out.append(gettext(one) % {"name": top[0][0], "count": _number(top[0][1])})
            elif top:
                names = ", ".join(name for name, _count in top)
                out.append(gettext(several) % {"names": names, "count": _number(top[0][1])})
        police = self._published("police")
        if police is not None:
            reported = police.cells.get(("yes", disclosure.ALL))
            share = disclosure.percentage(reported, police.grand_total) if reported else None
            if share is not None:
                out.append(
                    gettext("%(share)s%% of the cases had been reported to the police.")
                    % {"share": number_format(round(share))}
                )
        return out


COUNT_HEADERS = {"cases": _("Cases"), "reports": _("Reports"), "labels": _("Cases"), "actions": _("Actions")}
QUARTER_OPENING = gettext_noop(
    "In the %(period)s the observatory received %(reports)s reports: %(cases)s cases of discrimination "
    "or hate and %(info)s requests for information."
)
YEAR_OPENING = gettext_noop(
    "In %(period)s the observatory received %(reports)s reports: %(cases)s cases of discrimination or "
    "hate and %(info)s requests for information."
)
# (table, sentence for one leading category, sentence for a tie): msgids, translated when used
FINDINGS = (
    (
        "grounds",
        gettext_noop("The most frequent ground was %(name)s (%(count)s cases)."),
        gettext_noop("The most frequent grounds were %(names)s (%(count)s cases each)."),
    ),
    (
        "domain",
        gettext_noop("The domain with the most cases was %(name)s (%(count)s)."),
        gettext_noop("The domains with the most cases were %(names)s (%(count)s each)."),
    ),
    (
        "incident_type",
        gettext_noop("The most frequent type of incident was %(name)s (%(count)s)."),
        gettext_noop("The most frequent types of incident were %(names)s (%(count)s each)."),
    ),
)


def comva_label(code: str) -> str:
    """A COMVA category under its official Valencian name, with our translation when it differs."""
    official = datapackage.COMVA_OFFICIAL_NAMES.get(code, code)
    translated = str(dict(datapackage.DIMENSION_LISTS["comva"].choices()).get(code, official))
    return official if translated.casefold() == official.casefold() else f"{official} ({translated})"


SMALL_WORDS = {"de", "del", "la", "el", "les", "els", "i", "y", "dels"}


def place_name(name: str) -> str:
    """A boundary file's name (often in capitals) as it is written: "POBLES DE L'OEST" -> "Pobles de
    l'Oest", "EL PLA DEL REAL" -> "El Pla del Real"."""
    words = name.strip().title().split()
    out = []
    for n, word in enumerate(words):
        if n and word.lower() in SMALL_WORDS:
            word = word.lower()
        elif n and word[:2] in ("L'", "D'"):
            word = word[:2].lower() + word[2:]
        out.append(word)
    return " ".join(out)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _describe(rows, total: Cell) -> str:
    shown = [f"{label}: {charts.cell_text(cell)}" for label, cell, _code in rows if cell.value]
    return f"{_('Total')}: {charts.cell_text(total)}. " + "; ".join(shown[:8])


def _change(cell: Cell, before: list | None) -> str:
    if before is None or cell.value is None or before[0] is None or before[1] != Status.FREE:
        return str(_("not comparable"))
    diff = cell.value - before[0]
    text = f"{diff:+d}"
    share = disclosure.percentage(Cell(abs(diff), Status.FREE), Cell(before[0], Status.FREE))
    if share is not None:
        text += f" ({'+' if diff >= 0 else '-'}{share:.0f}%)"
    return text


@hooks.register("before_publish_page")
def refuse_unsafe_bulletin(request, page):
    """The last check before a bulletin goes out from the editor: nothing below 5 is shown."""
    if isinstance(page.specific, BulletinPage):
        problems = publication_problems(page.specific.data)
        if problems:
            messages.error(request, _("This bulletin cannot be published: %s") % "; ".join(problems[:3]))
            return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@receiver(page_published, sender=BulletinPage)
def keep_release(sender, instance, revision, **kwargs):
    """Every publication, from the editor or from ``cms.actions.publish_bulletin``, becomes the next
    version of the period's release: the audit reads them all, and each keeps its own address."""
    record_release(instance.data, instance.package, instance.correction_note)
