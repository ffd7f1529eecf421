"""The case list: an organisation's cases narrowed by the list's filters, urgent first, then by
acknowledgement deadline. Read-only, codes only; written to stay fast with 10^5-10^6 cases (indexed
filter columns, LIMIT/OFFSET on an indexed ordering; see bench/bench_casework.py)."""

from django.db.models import Q
from django.utils import timezone

from observatory.accounts.models import Organisation
from observatory.casework.models import Case

LIST_ORDER = ("-urgent", "ack_due_at", "id")  # the index case_queue, plus id to make it total
# What lists show of a report: never the sealed columns (kilobytes a row, and a sort carries them along).
REPORT_COLUMNS = ("report__received_at", "report__district_code", "report__neighbourhood_code")
LIST_COLUMNS = (
    "id", "status", "urgent", "ack_due_at", "acknowledged_at", "confirmed_grounds", "confirmed_domain",
    "assigned_organisation", *REPORT_COLUMNS,
)  # fmt: skip


def ground_filter(code: str) -> Q:
    return Q(confirmed_grounds__contains=[code])  # jsonb containment, served by the GIN index


def overdue(now) -> Q:
    return Q(acknowledged_at__isnull=True, ack_due_at__lt=now) & ~Q(status=Case.Status.CLOSED)


def filtered_cases(organisation: Organisation, filters: dict, now=None):
    """The case list: the organisation's cases narrowed by the (already validated) filters, urgent
    first, then by acknowledgement deadline."""
    now = now or timezone.now()
    cases = Case.objects.visible_to(organisation)
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if filters.get("urgent"):
        cases = cases.filter(urgent=filters["urgent"] == "yes")
    if filters.get("ground"):
        cases = cases.filter(ground_filter(filters["ground"]))
    if filters.get("domain"):
        cases = cases.filter(confirmed_domain=filters["domain"])
    if filters.get("district"):
        cases = cases.filter(report__district_code=filters["district"])
    if filters.get("overdue"):
        cases = cases.filter(overdue(now))
    return cases.select_related("report").only(*LIST_COLUMNS).order_by(*LIST_ORDER)


def list_rows(case_ids) -> list[Case]:
    """The list columns of these cases, in the order given. The case list pages over ids alone (the
    filters and the index order are columns of Case, bar the district), then joins the reports of the
    fifty cases shown: joining first made PostgreSQL hash-join every report before the OFFSET."""
    case_ids = list(case_ids)
    rows = {
        c.id: c for c in Case.objects.filter(id__in=case_ids).select_related("report").only(*LIST_COLUMNS)
    }
    return [rows[i] for i in case_ids if i in rows]
