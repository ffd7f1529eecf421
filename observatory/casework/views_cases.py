"""The case list (filters, pagination) and the CSV export of an organisation's cases (codes only)."""

import csv

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db.models import OuterRef
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from observatory.audit import actions as audit
from observatory.casework import queue
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
    """Pages over at most the first `cap` items of `object_list` (a queryset of case ids in list order),
    read in one query (`LIMIT cap + 1`) that serves both the count and the page: an exact count of
    every matching case would be a second scan of the table for the broad filters, and nobody pages
    through 100,000 cases. Past the cap the page says "more than N" and keeps a Next link."""

    def __init__(self, object_list, per_page, *, cap: int):
        ids = list(object_list[: cap + 1])
        self.capped = len(ids) > cap
        super().__init__(ids[:cap], per_page)


def _page_number(value) -> int:
    try:
        return min(max(1, int(value)), 100_000)  # bounded: it sets a LIMIT
    except (TypeError, ValueError):
        return 1


@staff_view(casework=True)
def case_list(request):
    """The organisation's cases, filtered. One query reads the matching case ids in the indexed list
    order up to COUNT_CAP_PAGES pages beyond the page asked for (the count and the page at once), one
    more the fifty rows shown."""
    form, filters = _filters(request)
    now = timezone.now()
    cap = (_page_number(request.GET.get("page")) + COUNT_CAP_PAGES) * PAGE_SIZE
    case_ids = queue.filtered_cases(request.organisation, filters, now=now).values_list("id", flat=True)
    page = CappedPaginator(case_ids, PAGE_SIZE, cap=cap).get_page(request.GET.get("page"))
    page.object_list = queue.list_rows(page.object_list)
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
            "now": now,
        },
    )


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
