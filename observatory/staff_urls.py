from django.urls import path

from observatory.casework import views_case, views_cases, views_members, views_notifications
from observatory.casework.staff import enrolment as views_enrolment
from observatory.dashboards import views

app_name = "casework"

# Mounted at /staff/ (observatory/urls.py). /staff/enrol/ is in STAFF_OPEN_PATHS: a user signed in by
# password but without a second factor yet must reach it; the view itself refuses anyone already enrolled.
# Every other route needs a verified second factor; which role sees what is in casework/views.py
# (`staff_view`). The project wiring, not an app, holds this URLconf: it spans casework and dashboards.
# tests/casework/test_access_matrix.py classifies every route here: a new one must be added there.
urlpatterns = [
    path("enrol/", views_enrolment.EnrolView.as_view(), name="enrol"),
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("map/", views.case_map, name="map"),
    path("cases/", views_cases.case_list, name="cases"),
    path("cases/export.csv", views_cases.case_export, name="export"),
    path("cases/confirm-triage/", views_cases.confirm_triage, name="confirm_triage"),
    path("notifications/", views_notifications.notification_settings, name="notifications"),
    path("cases/<uuid:case_id>/", views_case.case_detail, name="case"),
    path("cases/<uuid:case_id>/files/<uuid:file_id>/", views_case.case_attachment, name="attachment"),
    path("cases/<uuid:case_id>/acknowledge/", views_case.acknowledge, name="acknowledge"),
    path("cases/<uuid:case_id>/labels/", views_case.confirm_labels, name="labels"),
    path("cases/<uuid:case_id>/actions/", views_case.record_action, name="record_action"),
    path("cases/<uuid:case_id>/refer/", views_case.refer, name="refer"),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/accept/",
        views_case.accept_referral,
        name="accept_referral",
    ),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/decline/",
        views_case.decline_referral,
        name="decline_referral",
    ),
    path("cases/<uuid:case_id>/close/", views_case.close, name="close"),
    path("cases/<uuid:case_id>/reopen/", views_case.reopen, name="reopen"),
    path("cases/<uuid:case_id>/messages/", views_case.message_reporter, name="message"),
    # Organisations and members (casework.views_members). Joining and recovering sit under login/, the
    # prefix open before sign-in.
    path("login/join/", views_members.join, name="join"),
    path("login/join/<str:code>/", views_members.join, name="join_code"),
    path("login/recover/", views_members.recover, name="recover"),
    path("password/", views_members.password, name="password"),
    path("members/", views_members.organisations, name="organisations"),
    path("members/new/", views_members.organisation_new, name="organisation_new"),
    path("members/<uuid:organisation_id>/", views_members.organisation_detail, name="organisation"),
    path("members/<uuid:organisation_id>/invite/", views_members.invite, name="invite"),
    path(
        "members/<uuid:organisation_id>/invitations/<uuid:invitation_id>/withdraw/",
        views_members.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("members/<uuid:organisation_id>/grant/<int:user_id>/", views_members.grant, name="grant"),
    path("members/<uuid:organisation_id>/revoke/<int:user_id>/", views_members.revoke, name="revoke"),
    path(
        "members/<uuid:organisation_id>/second-factor/<int:user_id>/",
        views_members.reset_second_factor,
        name="reset_second_factor",
    ),
    path(
        "members/<uuid:organisation_id>/rotations/<uuid:rotation_id>/",
        views_members.rotation,
        name="rotation",
    ),
]
