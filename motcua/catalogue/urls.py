"""Public catalogue pages. Mounted at the site root inside i18n_patterns (vi at /, en at /en/)."""

from django.urls import path

from motcua.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<code:code>/", views.procedure_detail, name="procedure_detail"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<code:code>/", views.agency_procedures, name="agency_procedures"),
]
