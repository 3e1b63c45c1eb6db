"""Officers' workspace, mounted at /can-bo/ inside i18n_patterns (English under /en/)."""

from django.urls import path, register_converter

from motcua.workspace import views


class DossierKeyConverter:
    """A dossier code (000.01.70.H51-260302-0001) or a draft's uid."""

    regex = r"[0-9A-Za-z][0-9A-Za-z._-]{0,47}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DossierKeyConverter, "workspace_dossier")

app_name = "workspace"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tim-kiem/", views.search, name="search"),
    path("lanh-dao/", views.leader_view, name="leader"),
    path("ho-so/<workspace_dossier:key>/", views.dossier_page, name="dossier"),
    path("ho-so/<workspace_dossier:key>/thao-tac/<slug:action>/", views.act, name="act"),
    path("ho-so/<workspace_dossier:key>/mau/<slug:form>/", views.print_form, name="print_form"),
    path("ho-so/<workspace_dossier:key>/tep/<int:pk>/", views.attachment, name="attachment"),
]
