"""Version 1 of the REST API: each component exposes its own `urlpatterns` in <app>/api.py."""

from django.urls import include, path

from motcua.agencies import api as agencies_api
from motcua.catalogue import api as catalogue_api
from motcua.citizens import api as citizens_api
from motcua.dossiers import api as dossiers_api
from motcua.dossiers import api_forms as dossier_forms_api
from motcua.indices import api as indices_api
from motcua.jobs import api as jobs_api
from motcua.ratings import api as ratings_api
from motcua.reports import api as reports_api

urlpatterns = [
    path("calendar/", include("motcua.worktime.api")),
    *agencies_api.urlpatterns,
    *catalogue_api.urlpatterns,
    *dossiers_api.urlpatterns,
    *dossier_forms_api.urlpatterns,
    *ratings_api.urlpatterns,
    *citizens_api.urlpatterns,
    *jobs_api.urlpatterns,
    *indices_api.urlpatterns,
    *reports_api.urlpatterns,
    path("", include("motcua.portal.api")),  # public/agencies/<code>/figures (transparency)
]
