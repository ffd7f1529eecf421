"""Codes and place codes as people read them on the staff pages: every taxonomy code through its
translated label (observatory.taxonomy), every neighbourhood and district by name. A code that is not
(or no longer) in its list is shown as it is, never dropped."""

from django import template
from django.utils.translation import gettext as _

from observatory import process_cache
from observatory.geography.models import District, Neighbourhood
from observatory.taxonomy import (
    DOMAINS,
    GROUNDS,
    INCIDENT_TYPES,
    LEGAL_CLASSIFICATIONS,
    REASONS_NOT_REPORTED,
    REDRESS_ACTIONS,
    REPORTER_ROLES,
    URGENCY_REASONS,
)

register = template.Library()

_LISTS = {
    "ground": GROUNDS,
    "domain": DOMAINS,
    "incident_type": INCIDENT_TYPES,
    "urgency_reason": URGENCY_REASONS,
    "redress": REDRESS_ACTIONS,
    "legal_classification": LEGAL_CLASSIFICATIONS,
    "reason_not_reported": REASONS_NOT_REPORTED,
    "reporter_role": REPORTER_ROLES,
}


def code_label(code, list_name: str) -> str:
    code_list = _LISTS[list_name]
    return str(code_list.label(code)) if code in code_list else str(code)


@register.filter
def label(code, list_name: str) -> str:
    """{{ case.confirmed_domain|label:"domain" }} -> "Goods and services" (translated); "" stays ""."""
    if code in (None, ""):
        return ""
    return code_label(code, list_name)


@register.filter
def labels(codes, list_name: str) -> str:
    """{{ case.confirmed_grounds|labels:"ground" }} -> "Racism, Disability" (translated)."""
    return ", ".join(code_label(code, list_name) for code in codes or ())


def _names():
    return (
        dict(Neighbourhood.objects.values_list("code", "name")),
        dict(District.objects.values_list("code", "name")),
    )


_NAMES = process_cache.ProcessCache(_names, seconds=3600, models=(Neighbourhood, District))


def neighbourhood_name(code) -> str:
    if not code:
        return ""
    return _NAMES.get()[0].get(code) or _("neighbourhood %(code)s") % {"code": code}


def district_name(code) -> str:
    if not code:
        return ""
    return _NAMES.get()[1].get(code) or _("district %(code)s") % {"code": code}


register.filter("neighbourhood", neighbourhood_name)
register.filter("district", district_name)
