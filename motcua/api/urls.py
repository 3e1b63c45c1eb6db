"""/api/: the OpenAPI description and one include per API version.

The version is the URL namespace ("v1"), read by DRF's NamespaceVersioning; the schema
views sit outside any namespace and describe the default version.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include(("motcua.api.v1", "v1"), namespace="v1")),
]
