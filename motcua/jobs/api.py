"""REST API v1: exports made in the background (docs/jobs.md).

    POST /api/v1/exports/                 request one -> 202 Accepted, Location: its URL
    GET  /api/v1/exports/                 the caller's own, newest first (keyset pages)
    GET  /api/v1/exports/{id}/            one export: status, then the file's details
    GET  /api/v1/exports/{id}/file/       the file (application/pdf) once done

An export is visible to its requester and, for a register, to whoever may print that
agency's register (services.may_see); any other id is a 404. Thin: services does the rest.
Wired in motcua/api/v1.py with `*jobs_api.urlpatterns`.
"""

from __future__ import annotations

from django.http import FileResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from motcua.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from motcua.jobs import services
from motcua.jobs.models import Export, ExportKind, ExportStatus


class ExportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExportKind.choices)
    agency = serializers.CharField(
        max_length=50, help_text="Identifier code of the agency whose register to make."
    )
    date_from = serializers.DateField(help_text="First reception date (YYYY-MM-DD).")
    date_to = serializers.DateField(help_text="Last reception date, included.")


class ExportSerializer(serializers.ModelSerializer):
    # Plain text here: the choices are documented once, on ExportRequest.kind.
    kind = serializers.CharField(read_only=True, help_text="As requested: `register`.")
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    requested_by = serializers.CharField(
        source="requested_by.username",
        read_only=True,
        allow_null=True,
        help_text="Username of the requester; null for the operator at the command line.",
    )
    url = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(
        help_text="Where to download the file; null until the export is done."
    )
    parameters = serializers.DictField(
        child=serializers.CharField(),
        help_text="What was asked for (register: agency, date_from, date_to).",
    )
    error = serializers.CharField(help_text="Why it failed, in the requester's language.")

    class Meta:
        model = Export
        fields = [
            "id",
            "kind",
            "status",
            "parameters",
            "agency",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "error",
            "url",
            "file_url",
        ]
        read_only_fields = fields

    def _url(self, name: str, export: Export) -> str:
        request = self.context["request"]
        return reverse(name, kwargs={"export_id": export.pk}, request=request)

    def get_url(self, export: Export) -> str:
        return self._url("export-detail", export)

    def get_file_url(self, export: Export) -> str | None:
        return self._url("export-file", export) if export.status == ExportStatus.DONE else None


class ExportPagination(CursorPagination):
    """Keyset pages (no COUNT), newest first."""

    ordering = ("-created_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _get(request, export_id) -> Export:
    try:
        return services.export_for(request.user, export_id)
    except services.ExportNotFound as error:
        raise NotFound(str(error)) from None


class ExportListView(APIView):
    pagination_class = ExportPagination  # also tells the schema the list is paged

    @extend_schema(
        summary="The caller's exports, newest first",
        responses=ExportSerializer(many=True),
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(services.exports_of(request.user), request, view=self)
        data = ExportSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Request an export (made in the background)",
        description="Kind `register`: the dossier register (Sổ theo dõi hồ sơ) of `agency` "
        "for dossiers received from `date_from` to `date_to`, up to "
        "REGISTER_MAX_ROWS (5000) dossiers, with the permission of "
        "`GET /api/v1/agencies/{code}/register/` (a role covering the agency). The answer "
        "is 202 with the export (status `queued`) and its URL in `Location`: poll it until "
        "`status` is `done` (then download `file_url`) or `failed` (see `error`).",
        request=ExportRequestSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={202: ExportSerializer},
    )
    @idempotent
    def post(self, request):
        serializer = ExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        export = services.request_export(request.user, data.pop("kind"), **data)
        export.refresh_from_db()  # the task may have run already (immediate mode)
        body = ExportSerializer(export, context={"request": request}).data
        response = Response(body, status=http.HTTP_202_ACCEPTED)
        response["Location"] = body["url"]
        return response


class ExportDetailView(APIView):
    @extend_schema(summary="One export", responses=ExportSerializer)
    def get(self, request, export_id):
        export = _get(request, export_id)
        return Response(ExportSerializer(export, context={"request": request}).data)


class ExportFileView(APIView):
    @extend_schema(
        summary="The file of a done export",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such export, or not done yet."),
        },
    )
    def get(self, request, export_id):
        export = _get(request, export_id)
        try:
            handle = services.open_export(export)
        except services.ExportNotFound as error:
            raise NotFound(str(error)) from None
        response = FileResponse(
            handle,
            content_type=export.content_type,
            as_attachment=True,
            filename=export.file_name,
        )
        response["Cache-Control"] = "private, no-store"  # personal data
        response["X-Content-Type-Options"] = "nosniff"
        return response


urlpatterns = [
    path("exports/", ExportListView.as_view(), name="export-list"),
    path("exports/<uuid:export_id>/", ExportDetailView.as_view(), name="export-detail"),
    path("exports/<uuid:export_id>/file/", ExportFileView.as_view(), name="export-file"),
]
