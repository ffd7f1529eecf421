"""The project's URLs with the mailbox mounted, whether or not observatory/urls.py includes it yet."""

from django.urls import include, path

from observatory import urls as project_urls

_mounted = any(getattr(p, "namespace", None) == "reports_intake" for p in project_urls.urlpatterns)
urlpatterns = ([] if _mounted else [path("mailbox/", include("reports_intake.urls"))]) + list(
    project_urls.urlpatterns
)
