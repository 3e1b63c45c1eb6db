from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("motcua.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    # Officers' workspace (the counter's intake lives under it).
    path("can-bo/tiep-nhan/", include("motcua.counter.urls")),
    path("can-bo/xuat-file/", include("motcua.jobs.urls")),
    path("can-bo/", include("motcua.workspace.urls")),
    # Public side: catalogue, lookup, citizens' accounts and dossiers, ratings.
    path("", include("motcua.portal.urls")),
    path("", include("motcua.citizens.urls")),
    path("danh-gia/", include("motcua.ratings.urls")),
    path("chi-so/", include("motcua.indices.urls")),
    path("bao-cao/", include("motcua.reports.urls")),
    path("", include("motcua.catalogue.urls")),
    prefix_default_language=False,
)
