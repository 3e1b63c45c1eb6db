"""Version 1 of the REST API: each component exposes its own `urlpatterns` in <app>/api.py."""

from django.urls import include, path

urlpatterns = [
    path("calendar/", include("motcua.worktime.api")),
    path("", include("motcua.agencies.api")),
    path("", include("motcua.catalogue.api")),
]
