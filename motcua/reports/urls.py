"""Report pages, mounted at /bao-cao/ inside i18n_patterns (English under /en/)."""

from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("ket-qua-giai-quyet/", views.resolution_page, name="resolution"),
    path("ket-qua-giai-quyet/ho-so/", views.resolution_dossiers_page, name="dossiers"),
    path("bao-cao-nam/", views.yearly_page, name="yearly"),
]
