"""The staff dashboards: counters, the intake queue and the map of open cases. Codes and counts only."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from observatory.casework.views import is_caseworker, staff_view
from observatory.dashboards import counters as dashboards
from observatory.stats import charts
from observatory.stats.disclosure import Cell, Status


@staff_view(casework=False)
def home(request):
    return redirect("casework:dashboard")


@staff_view(casework=False)
def dashboard(request):
    """The office dashboard (every case) or an organisation's (its own cases). Analysts see the same
    counters without the lists that lead to cases."""
    organisation = request.organisation
    counters, agreement, counted_at = dashboards.cached_counters(organisation)
    context = {
        "counters": counters,
        "agreement": agreement,
        "counted_at": counted_at,
        "counters_max_age": dashboards.COUNTERS_CACHE_SECONDS,
        "caseworker": is_caseworker(request),
        "now": timezone.now(),
    }
    if context["caseworker"]:
        context["queue"] = dashboards.intake_queue(organisation)
        context["overdue"] = dashboards.overdue_cases(organisation)
    return render(request, "casework/dashboard.html", context)


@staff_view(casework=False)
def case_map(request):
    """Open cases per neighbourhood, drawn server-side as SVG from the PostGIS boundaries."""
    counts, counted_at = dashboards.open_cases_by_neighbourhood(request.organisation)
    features = dashboards.neighbourhood_features()
    svg = table = ""
    if features:
        names = {f["properties"]["code"]: f["properties"]["name"] for f in features}
        values = {code: Cell(counts.get(code, 0), Status.FREE) for code in names}
        title = _("Open cases per neighbourhood")
        svg = charts.choropleth(
            features,
            values,
            code_property="code",
            name_property="name",
            title=title,
            desc=_("%(n)s open cases with a known neighbourhood, shaded in five classes.")
            % {"n": sum(counts.get(code, 0) for code in names)},
            uid="open-cases",
        )
        rows = [(names[code], values[code]) for code, n in counts.items() if code in names]
        table = charts.data_table_html(rows, caption=title, header=(_("Neighbourhood"), _("Open cases")))
    context = {
        "svg": svg,
        "table": table,
        "caseworker": is_caseworker(request),
        "counted_at": counted_at,
        "counters_max_age": dashboards.COUNTERS_CACHE_SECONDS,
    }
    return render(request, "casework/map.html", context)
