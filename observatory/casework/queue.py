"""The case list: an organisation's cases narrowed by the list's filters and its search box, in one of a
few sort orders. Read-only, codes only; written to stay fast with 10^5-10^6 cases: every filter is an
indexed column of Case (or the report's place, joined only for the fifty rows shown), every sort order
has an index of its own, and the page is read as ids in index order (see bench/bench_casework.py).

The search box looks only at what is stored in the clear (DESIGN §4): the case id, codes through their
translated labels, neighbourhood and district names, organisation names. The narrative is encrypted and
cannot be searched; the page says so when a word matches nothing."""

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from observatory import process_cache
from observatory.accounts.models import Organisation
from observatory.casework.models import Case
from observatory.geography.models import District, Neighbourhood
from observatory.taxonomy import DOMAINS, GROUNDS, INCIDENT_TYPES

LIST_ORDER = ("-urgent", "ack_due_at", "id")  # the index case_list_order
# Sort orders the list offers, each served by an index (case_list_order, case_created, case_deadline, the
# primary key). "received" is the case's created_at: the case is stored in the report's own statement with
# the report's hour-rounded reception time (casework.actions.new_case), so it is the same hour without a
# join to the reports.
SORTS = {
    "queue": LIST_ORDER,
    "received": ("created_at", "id"),
    "-received": ("-created_at", "-id"),
    "deadline": ("ack_due_at", "id"),
    "-deadline": ("-ack_due_at", "-id"),
    "id": ("id",),
    "-id": ("-id",),
}
# What lists show of a report: never the sealed columns (kilobytes a row, and a sort carries them along).
REPORT_COLUMNS = ("report__received_at", "report__district_code", "report__neighbourhood_code")
LIST_COLUMNS = (
    "id", "status", "urgent", "ack_due_at", "acknowledged_at", "confirmed_grounds", "confirmed_domain",
    "confirmed_incident_type", "labels_confirmed_at", "assigned_organisation", *REPORT_COLUMNS,
)  # fmt: skip
MIN_WORD = 3  # shorter words are matched as a case id prefix or an exact code only
MAX_WORDS = 8


def ground_filter(code: str) -> Q:
    return Q(confirmed_grounds__contains=[code])  # jsonb containment, served by the GIN index


def overdue(now) -> Q:
    return Q(acknowledged_at__isnull=True, ack_due_at__lt=now) & ~Q(status=Case.Status.CLOSED)


def place_filter(*conditions, **lookup) -> Q:
    """Cases in a place, on the case's own copy of the report's place codes (indexes case_place and
    case_neighbourhood): a join to the reports, or a subquery of them, made PostgreSQL walk every case."""
    return Q(*conditions, **lookup)


def _folded(text: str) -> str:
    """Lower case without accents: "Benimaclet" finds "benimàclet", "orientacion" finds "orientación"."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def id_prefix(word: str) -> Q | None:
    """Cases whose id starts with `word` (hex digits, dashes ignored), as a range of the primary key:
    the index answers it, where `id::text LIKE 'ab12%'` would read every row."""
    digits = word.replace("-", "").lower()
    if not digits or len(digits) > 32 or any(c not in "0123456789abcdef" for c in digits):
        return None
    low, high = uuid.UUID(digits.ljust(32, "0")), uuid.UUID(digits.ljust(32, "f"))
    return Q(id__gte=low, id__lte=high)


def _places():
    return (
        [(n.code, _folded(n.name)) for n in Neighbourhood.objects.only("code", "name")],
        [(d.code, _folded(d.name)) for d in District.objects.only("code", "name")],
    )


_PLACES = process_cache.ProcessCache(_places, seconds=3600, models=(Neighbourhood, District))


def _matching_codes(word: str, code_list) -> list[str]:
    """Codes of `code_list` whose code or label (in the active language, or English) contains `word`."""
    return [
        c.code
        for c in code_list
        if word == c.code
        or (len(word) >= MIN_WORD and any(word in _folded(t) for t in (c.code, c.msgid, str(c.label))))
    ]


def _organisations(word: str) -> list:
    if len(word) < MIN_WORD:
        return []
    return [pk for pk, name in Organisation.objects.values_list("pk", "name") if word in _folded(name)]


def word_filter(word: str) -> Q | None:
    """Cases one search word can mean, over the clear fields only; None when it means nothing."""
    folded = _folded(word)
    conditions = []
    prefix = id_prefix(word)
    if prefix is not None:
        conditions.append(prefix)
    grounds = _matching_codes(folded, GROUNDS)
    conditions += [ground_filter(code) for code in grounds]
    if domains := _matching_codes(folded, DOMAINS):
        conditions.append(Q(confirmed_domain__in=domains))
    if types := _matching_codes(folded, INCIDENT_TYPES):
        conditions.append(Q(confirmed_incident_type__in=types))
    if statuses := [s.value for s in Case.Status if folded in (s.value, _folded(s.label)) or (
        len(folded) >= MIN_WORD and folded in _folded(s.label)
    )]:  # fmt: skip
        conditions.append(Q(status__in=statuses))
    neighbourhoods, districts = _PLACES.get()
    long_enough = len(folded) >= MIN_WORD
    in_places = Q()
    if places := [c for c, name in neighbourhoods if folded == c or (long_enough and folded in name)]:
        in_places |= Q(neighbourhood_code__in=places)
    if places := [c for c, name in districts if folded == c or (long_enough and folded in name)]:
        in_places |= Q(district_code__in=places)
    if in_places:  # one subquery for every place the word names
        conditions.append(place_filter(in_places))
    if organisations := _organisations(folded):
        conditions.append(Q(assigned_organisation__in=organisations))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


@dataclass(frozen=True)
class Search:
    condition: Q
    unknown: list[str]  # words that match no clear field


def search(text: str) -> Search:
    """Every word must match (AND); a word matches any clear field (OR). A word that matches nothing
    makes the search match nothing, and is named back to the caseworker."""
    words = [w for w in str(text or "").split() if w][:MAX_WORDS]
    condition, unknown = Q(), []
    for word in words:
        matched = word_filter(word)
        if matched is None:
            unknown.append(word)
        else:
            condition &= matched
    if unknown:
        condition = Q(pk__isnull=True)  # matches nothing (an empty IN would not reach the database)
    return Search(condition, unknown)


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_cases(organisation: Organisation, filters: dict, now=None):
    """The case list: the organisation's cases narrowed by the (already validated) filters, in the
    sort order asked for (default: urgent first, then by acknowledgement deadline)."""
    now = now or timezone.now()
    cases = Case.objects.visible_to(organisation)
    if filters.get("q"):
        cases = cases.filter(search(filters["q"]).condition)
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if filters.get("urgent"):
        cases = cases.filter(urgent=filters["urgent"] == "yes")
    if filters.get("ground"):
        cases = cases.filter(ground_filter(filters["ground"]))
    if filters.get("domain"):
        cases = cases.filter(confirmed_domain=filters["domain"])
    if filters.get("district"):
        cases = cases.filter(place_filter(district_code=filters["district"]))
    if filters.get("received_from"):
        cases = cases.filter(created_at__gte=_day_start(filters["received_from"]))
    if filters.get("received_to"):
        cases = cases.filter(created_at__lt=_day_start(filters["received_to"] + timedelta(days=1)))
    if filters.get("overdue"):
        cases = cases.filter(overdue(now))
    if filters.get("unconfirmed"):
        cases = cases.filter(labels_confirmed_at__isnull=True).exclude(status=Case.Status.CLOSED)
    order = SORTS.get(filters.get("sort") or "queue", LIST_ORDER)
    return cases.select_related("report").only(*LIST_COLUMNS).order_by(*order)


SUGGESTION_COLUMNS = ("report__triage__grounds", "report__triage__domain", "report__triage__needs_review")


def list_rows(case_ids, *, with_suggestions: bool = False) -> list[Case]:
    """The list columns of these cases, in the order given; `with_suggestions`: and triage's suggestion
    (`case.report.triage`, or no attribute), which the queue's bulk confirmation would confirm. The case
    list pages over ids alone (the filters and the index order are columns of Case, bar the place), then
    joins the reports of the fifty cases shown: joining first made PostgreSQL hash-join every report
    before the OFFSET."""
    case_ids = list(case_ids)
    related = ["report", "assigned_organisation"]
    columns = [*LIST_COLUMNS, "assigned_organisation__name"]
    if with_suggestions:
        related.append("report__triage")
        columns += SUGGESTION_COLUMNS
    rows = {c.id: c for c in Case.objects.filter(id__in=case_ids).select_related(*related).only(*columns)}
    return [rows[i] for i in case_ids if i in rows]
