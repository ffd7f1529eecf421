"""The project's URLs, with the open data mounted at /open-data/ if observatory/urls.py does not yet."""

from django.urls import include, path

from observatory.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "open_data" for p in urlpatterns):
    urlpatterns.insert(len(urlpatterns) - 1, path("open-data/", include("observatory.stats.urls")))
