"""The project's URLs, plus the reporter's mailbox at /mailbox/ if observatory/urls.py does not mount it
yet (it belongs before Wagtail's catch-all). Used by the browser tests only."""

from django.urls import include, path

from observatory.urls import urlpatterns as project_urlpatterns


def _mounts_mailbox(patterns) -> bool:
    return any(getattr(p, "namespace", None) == "reports_intake" for p in patterns)


urlpatterns = list(project_urlpatterns)
if not _mounts_mailbox(urlpatterns):
    urlpatterns.insert(len(urlpatterns) - 1, path("mailbox/", include("reports_intake.urls")))
