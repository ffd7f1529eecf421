"""Every public and staff route resolves to its view through the project's own URLconf
(observatory.urls, as served): a page dropped from observatory/urls.py, or shadowed by Wagtail's
catch-all, fails here by name. No test in the suite swaps in a URLconf of its own."""

import uuid

import pytest
from django.conf import settings
from django.urls import resolve
from wagtail import views as wagtail_views
from wagtail.admin.views.home import HomeView as WagtailAdminHome

from cms import open_data
from observatory.casework import views_case, views_cases
from observatory.casework.staff import enrolment
from observatory.casework.staff import views as staff_views
from observatory.dashboards import views as dashboard_views
from reports_intake.mailbox import views as mailbox_views
from reports_intake.quick_exit import quick_exit

CASE = uuid.UUID("00000000-0000-4000-8000-00000000000c")
FILE = uuid.UUID("00000000-0000-4000-8000-00000000000f")
REFERRAL = uuid.UUID("00000000-0000-4000-8000-00000000000e")

# path -> the view object observatory/urls.py (and the URLconfs it includes) must route it to. Public
# pages are under a language prefix (resolved here in the default language, es; tests/i18n has the rest).
FUNCTION_VIEWS = {
    # The reporter's mailbox
    "/es/mailbox/": mailbox_views.login,
    "/es/mailbox/inbox/": mailbox_views.mailbox,
    f"/es/mailbox/files/{FILE}/": mailbox_views.attachment,
    "/es/mailbox/logout/": mailbox_views.logout,
    "/exit/": quick_exit,
    # Published open data
    "/open-data/": open_data.bulletin_list,
    "/open-data/2026Q3/datapackage.zip": open_data.package_file,
    # Staff
    "/staff/logout/": staff_views.staff_logout,
    "/staff/": dashboard_views.home,
    "/staff/dashboard/": dashboard_views.dashboard,
    "/staff/map/": dashboard_views.case_map,
    "/staff/cases/": views_cases.case_list,
    "/staff/cases/export.csv": views_cases.case_export,
    f"/staff/cases/{CASE}/": views_case.case_detail,
    f"/staff/cases/{CASE}/files/{FILE}/": views_case.case_attachment,
    f"/staff/cases/{CASE}/acknowledge/": views_case.acknowledge,
    f"/staff/cases/{CASE}/labels/": views_case.confirm_labels,
    f"/staff/cases/{CASE}/actions/": views_case.record_action,
    f"/staff/cases/{CASE}/refer/": views_case.refer,
    f"/staff/cases/{CASE}/referrals/{REFERRAL}/accept/": views_case.accept_referral,
    f"/staff/cases/{CASE}/referrals/{REFERRAL}/decline/": views_case.decline_referral,
    f"/staff/cases/{CASE}/close/": views_case.close,
    f"/staff/cases/{CASE}/reopen/": views_case.reopen,
    f"/staff/cases/{CASE}/messages/": views_case.message_reporter,
    # Wagtail's page tree: the home page, the report form page (a cms.ReportPage) and any other page.
    "/es/": wagtail_views.serve,
    "/es/informar/": wagtail_views.serve,
    "/es/informar/otra/": wagtail_views.serve,
}
CLASS_VIEWS = {
    "/staff/login/": staff_views.StaffLoginView,
    "/staff/enrol/": enrolment.EnrolView,
    "/admin/": WagtailAdminHome,  # Wagtail's admin (editors)
}
# Django's admin is a whole application whose views are wrapped per site: its front page resolving in
# its namespace is enough.
ADMIN_SITES = {"/django-admin/": ("admin", "index")}


def test_the_suite_runs_on_the_project_urlconf():
    assert settings.ROOT_URLCONF == "observatory.urls"


@pytest.mark.parametrize("path", FUNCTION_VIEWS)
def test_route_resolves_to_its_view(path):
    assert resolve(path).func is FUNCTION_VIEWS[path], f"{path} goes to {resolve(path)._func_path}"


@pytest.mark.parametrize("path", CLASS_VIEWS)
def test_route_resolves_to_its_class_based_view(path):
    match = resolve(path)
    assert getattr(match.func, "view_class", None) is CLASS_VIEWS[path], f"{path} goes to {match._func_path}"


@pytest.mark.parametrize("path", ADMIN_SITES)
def test_admin_site_is_mounted(path):
    match = resolve(path)
    assert (match.namespace, match.url_name) == ADMIN_SITES[path], f"{path} goes to {match._func_path}"
