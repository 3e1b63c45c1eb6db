"""REST API v1 of the catalogue; wired in motcua/api/v1.py.

Reading is public (the catalogue is published to citizens); importing is for superusers and
holders of the administrator role.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from motcua.api.idempotency import idempotent
from motcua.catalogue.models import Fee, Field, ProcedureVersion
from motcua.catalogue.serializers import (
    FieldSerializer,
    ImportReportSerializer,
    VersionDetailSerializer,
    VersionSummarySerializer,
    records_schema,
)
from motcua.catalogue.services.checks import parse_date
from motcua.catalogue.services.exporter import export_records
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.search import search_versions
from motcua.catalogue.services.versions import version_in_force
from motcua.core.converters import CodeConverter

ON = OpenApiParameter("on", OpenApiTypes.DATE, description="Date in force (default today).")


def _date_param(request, name: str):
    value = request.query_params.get(name)
    try:
        return parse_date(value)
    except (ValueError, TypeError):
        raise ValidationError(
            {name: [_("Not a valid date (YYYY-MM-DD): %(value)s.") % {"value": value}]}
        ) from None


class IsCatalogueAdministrator(BasePermission):
    """Superusers and staff holding the administrator role in some agency."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        try:
            from motcua.agencies.models import Role
            from motcua.agencies.policy import agencies_in_scope
        except ImportError:  # pragma: no cover - policy module not installed
            return False
        return agencies_in_scope(user, roles=[Role.ADMINISTRATOR]).exists()


class ProcedurePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ProcedureViewSet(viewsets.GenericViewSet):
    """Procedures as published: the version in force on a date."""

    permission_classes = [AllowAny]
    pagination_class = ProcedurePagination
    serializer_class = VersionSummarySerializer
    queryset = ProcedureVersion.objects.none()
    lookup_field = "code"
    lookup_value_regex = CodeConverter.regex

    @extend_schema(
        summary="Search procedures in force",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Words of the code, name or field; accents and case are ignored.",
            ),
            OpenApiParameter("field", str, description="Field id or exact name."),
            OpenApiParameter(
                "level", str, enum=["province", "district", "commune", "ministry", "other"]
            ),
            OpenApiParameter("agency", str, description="Agency identifier code."),
            ON,
        ],
    )
    def list(self, request):
        params = request.query_params
        versions = search_versions(
            params.get("q", ""),
            field=params.get("field") or None,
            level=params.get("level") or None,
            agency=params.get("agency") or None,
            on=_date_param(request, "on"),
        )
        page = self.paginate_queryset(versions)
        return self.get_paginated_response(VersionSummarySerializer(page, many=True).data)

    @extend_schema(
        summary="A procedure's version in force", parameters=[ON], responses=VersionDetailSerializer
    )
    def retrieve(self, request, code: str):
        on = _date_param(request, "on")
        found = version_in_force(code, on)
        if found is None:
            raise NotFound(
                _("No version of procedure %(code)s is in force on that date.") % {"code": code}
            )
        version = (
            ProcedureVersion.objects.filter(pk=found.pk)
            .select_related("procedure", "field", "decision")
            .prefetch_related(
                "processing_times",
                "documents",
                Prefetch("fees", queryset=Fee.objects.order_by("position")),
            )
            .get()
        )
        return Response(VersionDetailSerializer(version, context={"request": request}).data)

    @extend_schema(
        summary="Every version of a procedure", responses=VersionSummarySerializer(many=True)
    )
    @action(detail=True, pagination_class=None)
    def versions(self, request, code: str):
        versions = (
            ProcedureVersion.objects.filter(procedure__code=code)
            .select_related("procedure", "field", "decision")
            .order_by("number")
        )
        if not versions:
            raise NotFound(_("Unknown procedure %(code)s.") % {"code": code})
        return Response(VersionSummarySerializer(versions, many=True).data)


class FieldViewSet(viewsets.ReadOnlyModelViewSet):
    """Fields (lĩnh vực) of the catalogue."""

    permission_classes = [AllowAny]
    pagination_class = None
    serializer_class = FieldSerializer
    queryset = Field.objects.order_by("name")


class ExportView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Export the catalogue as import records",
        parameters=[
            OpenApiParameter("agency", str, description="Only procedures this agency handles."),
            OpenApiParameter(
                "all_versions", bool, description="Every version, not only those in force."
            ),
            ON,
        ],
        responses={200: OpenApiResponse(response=records_schema())},
    )
    def get(self, request):
        all_versions = request.query_params.get("all_versions", "").lower() in ("1", "true")
        records = export_records(
            agency=request.query_params.get("agency") or None,
            all_versions=all_versions,
            on=_date_param(request, "on"),
        )
        return Response(records)


class ImportView(APIView):
    permission_classes = [IsCatalogueAdministrator]

    @extend_schema(
        summary="Import records (administrators)",
        description="Each record is imported on its own; the report lists what changed and "
        "the records refused. 200 when every record was accepted, 400 otherwise.",
        parameters=[
            OpenApiParameter(
                "effective", OpenApiTypes.DATE, description="valid_from for records without one."
            )
        ],
        request={"application/json": records_schema()},
        responses={200: ImportReportSerializer, 400: ImportReportSerializer},
    )
    @idempotent
    def post(self, request):
        effective = _date_param(request, "effective")
        if not isinstance(request.data, list):
            raise ValidationError({"detail": [_("The body must be a JSON array of records.")]})
        report = import_records(
            request.data, effective=effective, source=f"API ({request.user.get_username()})"
        )
        return Response(report.as_dict(), status=200 if report.ok else 400)


router = SimpleRouter()
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("fields", FieldViewSet, basename="catalogue-field")

urlpatterns = [
    *router.urls,
    path("catalogue/export", ExportView.as_view(), name="catalogue-export"),
    path("catalogue/import", ImportView.as_view(), name="catalogue-import"),
]
