"""Views of the API layer itself."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/ (an unknown endpoint or version): a 404 problem.

    Without it Django would answer with its HTML "page not found". It still redirects
    GET and HEAD to the address with a trailing slash when that one exists, as Django's
    APPEND_SLASH does for the other pages.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    versioning_class = None

    def _not_found(self, request, *args, **kwargs):
        path = request.path_info
        if settings.APPEND_SLASH and request.method in ("GET", "HEAD") and not path.endswith("/"):
            try:
                match = resolve(path + "/", getattr(request, "urlconf", None))
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "view_class", None) is not NotFoundView:
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
        raise NotFound(_("There is no API endpoint at this address."))

    get = post = put = patch = delete = head = options = _not_found
