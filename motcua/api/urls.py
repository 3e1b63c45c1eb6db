"""/api/: the OpenAPI description and one include per API version.

The version is the URL namespace ("v1"), read by DRF's NamespaceVersioning; the schema
views sit outside any namespace and describe the default version. Any other address under
/api/ (another version, an unknown endpoint) is a 404 problem, not Django's HTML page.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from motcua.api.views import NotFoundView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include(("motcua.api.v1", "v1"), namespace="v1")),
    re_path(r"", NotFoundView.as_view(), name="api-not-found"),
]
