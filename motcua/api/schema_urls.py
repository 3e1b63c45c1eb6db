"""URLconf the OpenAPI generator walks: the API only, not the HTML pages."""

from django.urls import include, path

urlpatterns = [path("api/", include("motcua.api.urls"))]
