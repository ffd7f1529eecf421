"""Mounted by the project at ``path("open-data/", include("observatory.stats.urls"))``."""

from django.urls import path

from observatory.stats import views

app_name = "open_data"

urlpatterns = [
    path("", views.bulletin_list, name="index"),
    path("<str:period>/<str:name>", views.package_file, name="file"),
]
