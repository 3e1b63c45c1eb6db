"""Officers' workspace, mounted at /can-bo/ inside i18n_patterns (English under /en/)."""

from django.urls import path

from motcua.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tim-kiem/", views.search, name="search"),
    path("lanh-dao/", views.leader_view, name="leader"),
    path("ho-so/<dossier:key>/", views.dossier_page, name="dossier"),
    path("ho-so/<dossier:key>/thao-tac/<slug:action>/", views.act, name="act"),
    path("ho-so/<dossier:key>/mau/<slug:form>/", views.print_form, name="print_form"),
    path("ho-so/<dossier:key>/tep/<int:pk>/", views.attachment, name="attachment"),
]
