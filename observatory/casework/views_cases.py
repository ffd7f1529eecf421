"""The case list (search, filters, sort, pagination), the queue's bulk confirmation of triage, and the
CSV export of an organisation's cases (codes only)."""

import csv
import uuid

from django.contrib import messages
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db.models import OuterRef
from django.http import HttpResponseNotAllowed, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from observatory.audit import actions as audit
from observatory.casework import actions, queue
from observatory.casework.forms import CaseFilterForm
from observatory.casework.models import CaseAction
from observatory.casework.views import rendered_widgets, staff_view
from observatory.geography.models import District
from observatory.taxonomy import police_code

PAGE_SIZE = 50


def _filters(request) -> tuple[CaseFilterForm, dict]:
    form = CaseFilterForm(request.GET or None, districts=District.objects.only("code", "name"))
    return form, (form.cleaned_data if form.is_valid() else {})


COUNT_CAP_PAGES = 20  # the list counts at most this many pages beyond the one asked for


class CappedPaginator(Paginator):
    """Pages over `object_list` (a queryset of case ids in list order) without counting every match
    and without reading the pages before the one asked for into Python: one query counts the matches
    from this page's start up to `cap_pages` pages further (`LIMIT` inside a `COUNT`), and the page
    itself is `LIMIT 50 OFFSET n` on the index order. An exact count of every matching case would be a
    second scan of the table for the broad filters, and nobody pages through 100,000 cases. Past the
    cap the page says "more than N" and keeps a Next link."""

    def __init__(self, object_list, per_page, *, number: int, cap_pages: int):
        super().__init__(object_list, per_page)
        offset = (number - 1) * per_page
        window = (cap_pages + 1) * per_page
        ahead = object_list[offset : offset + window + 1].count()
        if ahead == 0 and offset:  # past the end: count them all, once, to show the last page
            self._count, self.capped = object_list.count(), False
        else:
            self._count, self.capped = offset + min(ahead, window), ahead > window

    @property
    def count(self) -> int:
        return self._count


def _page_number(value) -> int:
    try:
        return min(max(1, int(value)), 100_000)  # bounded: it sets a LIMIT
    except (TypeError, ValueError):
        return 1


# Columns the list sorts by: (column, ascending sort, descending sort); the others sort by code, which
# is not the order of their translated labels, so they filter instead.
SORTABLE = {"id": ("id", "-id"), "received": ("received", "-received"), "deadline": ("deadline", "-deadline")}


def _sort_links(query, current: str) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (ascending, or descending when it is already
    ascending) and its aria-sort state."""
    links = {}
    for column, (up, down) in SORTABLE.items():
        q = query.copy()
        q.pop("page", None)
        q["sort"] = down if current == up else up
        state = "ascending" if current == up else "descending" if current == down else "none"
        links[column] = {"url": "?" + q.urlencode(), "state": state}
    return links


@staff_view(casework=True)
def case_list(request):
    """The organisation's cases, searched, filtered and sorted. One query counts the matching cases up to
    COUNT_CAP_PAGES pages beyond the page asked for, one reads the page's ids in the indexed sort order,
    one more the fifty rows shown with their triage suggestions (for the bulk confirmation)."""
    form, filters = _filters(request)
    now = timezone.now()
    number = _page_number(request.GET.get("page"))
    case_ids = queue.filtered_cases(request.organisation, filters, now=now).values_list("id", flat=True)
    paginator = CappedPaginator(case_ids, PAGE_SIZE, number=number, cap_pages=COUNT_CAP_PAGES)
    page = paginator.get_page(number)
    page.object_list = queue.list_rows(page.object_list, with_suggestions=True)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/case_list.html",
        {
            "form": form,
            "fields": list(zip(form, rendered_widgets(form).values(), strict=True)),
            "page": page,
            "query": query.urlencode(),
            "sort_links": _sort_links(query, filters.get("sort") or "queue"),
            "unknown_words": queue.search(filters["q"]).unknown if filters.get("q") else [],
            "now": now,
            "selectable": True,
        },
    )


MAX_BULK = 200  # four pages of the list: a bound on one transaction's work


@staff_view(casework=True)
def confirm_triage(request):
    """The queue's bulk confirmation: the selected cases' labels confirmed as triage suggested them
    (casework.actions.confirm_suggested_labels: one confirmation and one audit entry per case, cases
    this organisation may not change or already confirmed skipped). POST only; like every staff write it
    needs the unlocked key (RequireVerifiedStaffMiddleware). Back to the page the form was on."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ids = []
    for value in request.POST.getlist("case")[:MAX_BULK]:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    confirmed = actions.confirm_suggested_labels(ids, organisation=request.organisation, by=request.user)
    skipped = len(ids) - len(confirmed)
    if confirmed:
        messages.success(
            request,
            ngettext(
                "Labels confirmed as triage suggested them for %(n)s case.",
                "Labels confirmed as triage suggested them for %(n)s cases.",
                len(confirmed),
            )
            % {"n": len(confirmed)},
        )
    if skipped or not ids:
        messages.warning(
            request,
            ngettext(
                "%(n)s case was left for a person to look at: no usable suggestion, labels already "
                "confirmed, or not your organisation's to change.",
                "%(n)s cases were left for a person to look at: no usable suggestion, labels already "
                "confirmed, or not your organisation's to change.",
                skipped,
            )
            % {"n": skipped}
            if ids
            else _("No case was selected."),
        )
    return redirect(_back(request.POST.get("back", "")))


def _back(value: str) -> str:
    """The list (with its query string) or the dashboard the form was posted from; nothing else."""
    if value == "dashboard":
        return reverse("casework:dashboard")
    query = QueryDict(value.removeprefix("?")).copy() if value.startswith("?") else QueryDict()
    return reverse("casework:cases") + (f"?{query.urlencode()}" if query else "")


EXPORT_COLUMNS = [
    "case_id",
    "status",
    "urgent",
    "received_month",
    "incident_month",
    "location_kind",
    "district_code",
    "neighbourhood_code",
    "reporter_role",
    "grounds",
    "domain",
    "incident_type",
    "legal_classification",
    "reported_to_police",
    "reasons_not_reported",
    "assigned_organisation",
    "acknowledged",
    "closed_month",
    "actions",
]


class _Echo:
    def write(self, value):
        return value


def _export_rows(cases):
    yield EXPORT_COLUMNS
    for case in cases.iterator(chunk_size=2000):
        report = case.report
        yield [
            case.id,
            case.status,
            int(case.urgent),
            report.received_at.strftime("%Y-%m"),
            report.incident_month.strftime("%Y-%m") if report.incident_month else "",
            report.location_kind,
            report.district_code or "",
            report.neighbourhood_code or "",
            report.reporter_role,
            ";".join(case.confirmed_grounds),
            case.confirmed_domain,
            case.confirmed_incident_type,
            case.legal_classification,
            police_code(case.reported_to_police),
            ";".join(case.reasons_not_reported),
            case.assigned_organisation.slug if case.assigned_organisation else "",
            int(case.acknowledged_at is not None),
            case.closed_at.strftime("%Y-%m") if case.closed_at else "",
            ";".join(getattr(case, "action_codes", None) or []),
        ]


@staff_view(casework=True)
def case_export(request):
    """The organisation's cases (as filtered on the list) as CSV: codes, months and flags only — no
    narrative, no notes, nothing sealed, no exact dates. Audited as one `exported` entry."""
    _, filters = _filters(request)
    cases = (
        queue.filtered_cases(request.organisation, filters)
        .defer(None)  # every column (filtered_cases loads the list's only), no query per row
        .select_related("report", "assigned_organisation")
        .order_by("report__received_at", "id")
    )
    codes = CaseAction.objects.filter(case=OuterRef("pk")).order_by("date", "created_at").values("code")
    cases = cases.annotate(action_codes=ArraySubquery(codes))
    audit.record(request.user, audit.AuditAction.EXPORTED, request.organisation, request.organisation)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _export_rows(cases)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cases-{request.organisation.slug}-{stamp}.csv"'
    return response
