"""The reporter's mailbox, mounted at /mailbox/ (the intake form itself is a Wagtail page: cms.ReportPage)."""

from django.urls import path

from reports_intake.mailbox import erasure, views

app_name = "reports_intake"

urlpatterns = [
    path("", views.login, name="login"),
    path("inbox/", views.mailbox, name="mailbox"),
    path("files/<uuid:file_id>/", views.attachment, name="attachment"),
    path("logout/", views.logout, name="logout"),
    path("inbox/delete/", erasure.erasure, name="erasure"),
]
