"""REST API of the reports (wired in motcua/api/v1.py). Thin: parse, call
reports.resolution / reports.steps / reports.yearly, render. An agency the caller may not
report on is a 404."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.serializers import DossierSummarySerializer
from motcua.reports import exports
from motcua.reports.query import ReportQuery, check_column, period_bounds, report_query
from motcua.reports.resolution import DRILL_COLUMNS, GROUP_BY, resolution, resolution_dossiers
from motcua.reports.steps import GROUP_BY as STEP_GROUP_BY
from motcua.reports.steps import step_timeliness
from motcua.reports.yearly import yearly_report


class ReportRowSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="Row key: agency code, level (province/district/commune), field id, "
        "procedure code; `total` for the total row."
    )
    label = serializers.CharField()
    carried_over = serializers.IntegerField()
    received_online = serializers.IntegerField()
    received_offline = serializers.IntegerField()
    received_total = serializers.IntegerField()
    resolved_early = serializers.IntegerField()
    resolved_on_time = serializers.IntegerField()
    resolved_late = serializers.IntegerField()
    resolved_total = serializers.IntegerField()
    in_progress_within = serializers.IntegerField()
    in_progress_overdue = serializers.IntegerField()
    in_progress_total = serializers.IntegerField()
    returned = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    refused = serializers.IntegerField()
    stopped = serializers.IntegerField()
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text="(early + on time) / resolved in %, one decimal; null if 0."
    )


class ReportSerializer(serializers.Serializer):
    rows = ReportRowSerializer(many=True)
    total = ReportRowSerializer()


PARAMETERS = [
    OpenApiParameter("agency", str, required=True, description="Agency identifier code."),
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First day."),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last day (included)."),
    OpenApiParameter("group_by", str, enum=list(GROUP_BY), description="Default `agency`."),
]


def _query(
    request, group_by: str | None = None, period: tuple[str, str] | None = None
) -> ReportQuery:
    """Agency and period (unless given) and the resolution report's group_by (unless
    given) from the query string, authorised."""
    params = request.query_params
    start, end = period or (params.get("from"), params.get("to"))
    try:
        return report_query(
            request.user,
            params.get("agency"),
            start,
            end,
            group_by or params.get("group_by"),
        )
    except PermissionDenied:
        raise NotFound(_("No agency with this code whose reports you may see.")) from None
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from None


class ResolutionReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Resolution report (Biểu 06 style), counted as of the period end",
        description="See docs/reports.md for the definition of every column.",
        parameters=PARAMETERS,
        responses=ReportSerializer,
    )
    def get(self, request):
        q = _query(request)
        report = resolution(q.agency, q.start, q.end, q.group_by)
        return Response(ReportSerializer({"rows": report.rows, "total": report.total}).data)


class ReportDossierPagination(CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ResolutionDossiersView(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = ReportDossierPagination

    @extend_schema(
        summary="The dossiers behind one number of the resolution report",
        parameters=[
            *PARAMETERS,
            OpenApiParameter("key", str, description="Row key; `total` or empty: all rows."),
            OpenApiParameter("column", str, required=True, enum=list(DRILL_COLUMNS)),
        ],
        responses=DossierSummarySerializer(many=True),
    )
    def get(self, request):
        q = _query(request)
        try:
            column = check_column(request.query_params.get("column"))
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        qs = resolution_dossiers(
            q.agency, q.start, q.end, request.query_params.get("key", ""), column, q.group_by
        )
        qs = visible_dossiers(request.user, qs).select_related(
            "desk", "agency", "procedure", "procedure_version"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = DossierSummarySerializer(page, many=True).data
        return paginator.get_paginated_response(data)


class StepRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Agency code or officer's username; `total`.")
    label = serializers.CharField()
    ahead = serializers.IntegerField(help_text="Steps finished ahead of their due day.")
    on_time = serializers.IntegerField()
    behind = serializers.IntegerField(help_text="Steps finished after their due instant.")
    total = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)


class StepReportSerializer(serializers.Serializer):
    rows = StepRowSerializer(many=True)
    total = StepRowSerializer()


class StepTimelinessView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Timeliness of the steps per department or per officer",
        description="Steps of the dossiers' plans finished in the period at the agency's "
        "subtree, each judged against its own due instant when it finished.",
        parameters=[
            *PARAMETERS[:3],
            OpenApiParameter(
                "group_by", str, enum=list(STEP_GROUP_BY), description="Default `agency`."
            ),
        ],
        responses=StepReportSerializer,
    )
    def get(self, request):
        group_by = request.query_params.get("group_by") or "agency"
        if group_by not in STEP_GROUP_BY:
            choices = ", ".join(STEP_GROUP_BY)
            raise ValidationError(
                {"group_by": [_("Group by one of: %(choices)s.") % {"choices": choices}]}
            )
        q = _query(request, group_by="agency")  # agency and period; the grouping is ours
        report = step_timeliness(q.agency, q.start, q.end, group_by)
        return Response(StepReportSerializer(report).data)


class FileNegotiation(DefaultContentNegotiation):
    """`?format=` names the file to make (pdf, docx), not one of DRF's renderers; errors
    are problem details (JSON) whatever the request asks for."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


_YEAR = re.compile(r"[0-9]{1,4}")


class YearlyReportView(APIView):
    permission_classes = [IsAuthenticated]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        summary="Yearly report on administrative procedures (PDF or DOCX)",
        description="The Vietnamese narrative of the year (every number from the data), "
        "then the year's resolution table as a landscape appendix; counted as of 31/12, or "
        "today for the current year. Same authorisation as the resolution report. See "
        "docs/reports.md.",
        parameters=[
            PARAMETERS[0],
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 1900, "maximum": 2100},
                required=True,
                description="The calendar year reported on.",
            ),
            OpenApiParameter(
                "format",
                str,
                enum=list(exports.YEARLY_FORMATS),
                description="`pdf` (default) or `docx` (Word, to edit before signing).",
            ),
        ],
        responses={
            (200, exports.YEARLY_CONTENT_TYPES[fmt]): OpenApiTypes.BINARY
            for fmt in exports.YEARLY_FORMATS
        },
    )
    def get(self, request):
        params = request.query_params
        fmt = params.get("format") or "pdf"
        if fmt not in exports.YEARLY_FORMATS:
            choices = ", ".join(exports.YEARLY_FORMATS)
            raise ValidationError(
                {"format": [_("Choose the format: %(choices)s.") % {"choices": choices}]}
            )
        year = params.get("year", "")
        if not _YEAR.fullmatch(year):
            raise ValidationError({"year": [_("Give a year between 1900 and 2100.")]})
        try:
            first, last = period_bounds("year", int(year))
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        q = _query(request, group_by="agency", period=(first.isoformat(), last.isoformat()))
        report = yearly_report(q.agency, first.year)
        response = HttpResponse(
            exports.yearly_document(report, fmt), content_type=exports.YEARLY_CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.yearly_filename(report, fmt)}"'
        )
        return response


@extend_schema(exclude=True)
class _YearlyReportNoSlash(YearlyReportView):
    """`/reports/yearly` as the issue writes it."""


@extend_schema(exclude=True)
class _ResolutionReportNoSlash(ResolutionReportView):
    """`/reports/resolution` as the issue writes it (no redirect for API clients)."""


@extend_schema(exclude=True)
class _ResolutionDossiersNoSlash(ResolutionDossiersView):
    pass


urlpatterns = [
    path("reports/steps/", StepTimelinessView.as_view(), name="report-steps"),
    path("reports/resolution", _ResolutionReportNoSlash.as_view()),
    path("reports/resolution/dossiers", _ResolutionDossiersNoSlash.as_view()),
    path("reports/yearly", _YearlyReportNoSlash.as_view()),
    path("reports/yearly/", YearlyReportView.as_view(), name="report-yearly"),
    path(
        "reports/resolution/",
        ResolutionReportView.as_view(),
        name="report-resolution",
    ),
    path(
        "reports/resolution/dossiers/",
        ResolutionDossiersView.as_view(),
        name="report-resolution-dossiers",
    ),
]
