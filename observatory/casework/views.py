"""Staff pages under /staff/: the shared access rules, the dashboards and the map.

Access, in one place (`staff_view`):
- every page needs a signed-in user who passed the second factor (RequireVerifiedStaffMiddleware does
  this by URL prefix; `otp_required` repeats it on the view) and a membership of an organisation;
- pages that show or change a case need a casework role (office or CSO caseworker, organisation
  admin); analysts, publishers and system admins get the aggregate pages only (403 elsewhere);
- a case is looked up only among the cases the user's organisation works on (`case_for`): any other
  id is a 404, the same answer as an id that does not exist, so ids cannot be probed.
Every response is `no-store`. Case-level pages write an audit entry (observatory.audit).

Case pages live in views_case.py, the list and the export in views_cases.py.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import translation
from django_otp.decorators import otp_required

from observatory.accounts.models import Membership
from observatory.casework.models import Case
from observatory.casework.staff.keyring import CASEWORK_ROLES
from observatory.security import no_store


def staff_membership(user) -> Membership | None:
    """The membership the staff pages act under: a casework one when the user has several."""
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    memberships.sort(key=lambda m: (m.role not in CASEWORK_ROLES, m.organisation.name))
    return memberships[0] if memberships else None


def staff_view(*, casework: bool):
    """Decorate a staff view: verified user, a membership (a casework role when `casework`), no-store.
    Sets request.membership, request.organisation and request.is_caseworker."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = staff_membership(request.user)
            if membership is None or (casework and membership.role not in CASEWORK_ROLES):
                raise PermissionDenied
            request.membership = membership
            request.organisation = membership.organisation
            request.is_caseworker = membership.role in CASEWORK_ROLES
            return view(request, *args, **kwargs)

        return no_store(otp_required(wrapper, login_url="staff_login"))

    return decorator


_WIDGETS: dict[tuple, str] = {}  # rendered form widgets, see rendered_widgets
_WIDGETS_MAX = 5000


def rendered_widgets(form) -> dict[str, str]:
    """Each field's widget HTML, from a per-process cache keyed by everything it is rendered from: form
    class, field, language, id, value and choices. Rendering the case page's five forms (and the list's
    filters) through the widget templates (one template per checkbox or option) was half of the time to
    open a case, and the same few dozen combinations of codes come back all day. A bound form with
    errors renders as usual. Only for forms whose values are codes, dates and organisation names: the
    cache must never hold free text."""
    if form.is_bound and form.errors:
        return {field.name: str(field) for field in form}
    html = {}
    for field in form:
        choices = getattr(field.field, "choices", None)
        key = (
            type(form).__qualname__,
            field.name,
            translation.get_language(),
            field.auto_id,
            repr(field.value()),
            tuple((str(value), str(label)) for value, label in choices) if choices is not None else None,
        )
        rendered = _WIDGETS.get(key)
        if rendered is None:
            if len(_WIDGETS) >= _WIDGETS_MAX:
                _WIDGETS.clear()
            rendered = _WIDGETS[key] = str(field)
        html[field.name] = rendered
    return html


def is_caseworker(request) -> bool:
    return request.is_caseworker


def case_for(
    request, case_id, *, answering_referral: bool = False, select_related: tuple[str, ...] = ()
) -> Case:
    """The case if the user's organisation may read it (GET, HEAD; `Case.objects.visible_to`: the
    office every case, another organisation its own and those referred to it pending an answer) or
    change it (other methods; `Case.objects.workable_by`), or may answer a referral of it
    (`answering_referral`: the readers). Otherwise 404, as for an id that does not exist.
    `select_related`: more relations to read in the same query (the case page reads the report's
    triage result)."""
    organisation = request.organisation
    reading = answering_referral or request.method in ("GET", "HEAD")
    cases = Case.objects.visible_to(organisation) if reading else Case.objects.workable_by(organisation)
    cases = cases.select_related("report", "assigned_organisation", *select_related)
    return get_object_or_404(cases, pk=case_id)
