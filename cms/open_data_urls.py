"""Mounted by the project at ``path("open-data/", include("cms.open_data_urls"))``."""

from django.urls import path

from cms import open_data as views

app_name = "open_data"

urlpatterns = [
    path("", views.bulletin_list, name="index"),
    path("ptable.csv", views.ptable, name="ptable"),
    path("catalogue.jsonld", views.catalogue, name="catalogue"),
    path("<str:period>/v<int:version>/<str:name>", views.version_file, name="version_file"),
    path("<str:period>/<str:name>", views.package_file, name="file"),
]
