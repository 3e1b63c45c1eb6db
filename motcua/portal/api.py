"""Public REST API of the portal (wired in motcua/api/v1.py): an agency's transparency
figures, the same numbers as the page /cong-khai/<code>/ (portal.transparency). No sign-in;
only aggregate numbers."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from motcua.agencies.models import Level
from motcua.core.converters import CodeConverter
from motcua.portal import transparency


class TransparencyThrottle(SimpleRateThrottle):
    """Requests per client address to the figures, page and API together: each one counts
    a year of reports, so a crawler is slowed down (nothing is cached)."""

    scope = "transparency"
    rate = "60/minute"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PublicFiguresSerializer(serializers.Serializer):
    received_total = serializers.IntegerField(
        help_text="Dossiers newly received (online + at the counter or by post)."
    )
    received_online = serializers.IntegerField()
    received_offline = serializers.IntegerField(help_text="At the counter or by post.")
    resolved_total = serializers.IntegerField(help_text="Result ready (early + on time + late).")
    resolved_early = serializers.IntegerField()
    resolved_on_time = serializers.IntegerField()
    resolved_late = serializers.IntegerField()
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text="(early + on time) / resolved in %, one decimal; null if 0."
    )
    in_progress_total = serializers.IntegerField(help_text="In progress at the last day.")
    in_progress_overdue = serializers.IntegerField()
    online_share = serializers.FloatField(
        allow_null=True,
        help_text="received_online / received_total in %, one decimal; null if nothing "
        "was received.",
    )


class PublicMonthFiguresSerializer(PublicFiguresSerializer):
    month = serializers.IntegerField(min_value=1, max_value=12)
    first = serializers.DateField()
    last = serializers.DateField(help_text="The month's last day, or today for this month.")


class PublicUnitFiguresSerializer(PublicFiguresSerializer):
    code = serializers.CharField(help_text="The unit's agency identifier code.")
    name = serializers.CharField()


class PublicAgencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)


class PublicAgencyFiguresSerializer(serializers.Serializer):
    agency = PublicAgencySerializer()
    year = serializers.IntegerField()
    first = serializers.DateField()
    as_of = serializers.DateField(
        help_text="The last day counted: 31 December, or today for the current year."
    )
    total = PublicFiguresSerializer(help_text="The year so far.")
    months = PublicMonthFiguresSerializer(many=True, help_text="Each month so far.")
    units = PublicUnitFiguresSerializer(
        many=True,
        help_text="Per child unit (and the agency's own dossiers) for a province or a "
        "district; empty otherwise.",
    )


class AgencyFiguresView(APIView):
    """Public: an agency's volumes and on-time rates for a year; no personal data."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TransparencyThrottle]

    @extend_schema(
        summary="An agency's public figures for a year (transparency)",
        description="Every figure is a column of the resolution report (docs/reports.md) of "
        "the agency's subtree and the units merged into it, counted as of the last day.",
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                pattern=f"^{CodeConverter.regex}$",
                description="Agency identifier code.",
            ),
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description=f"From {transparency.FIRST_YEAR} to the current year; default "
                "the current year.",
            ),
        ],
        responses=PublicAgencyFiguresSerializer,
    )
    def get(self, request, code: str):
        agency = transparency.public_agency(code)
        if agency is None:
            raise NotFound(_("No agency has the code %(code)s.") % {"code": code})
        today = timezone.localdate()
        try:
            year = transparency.parse_year(request.query_params.get("year"), today)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        found = transparency.agency_figures(agency, year, today)
        return Response(PublicAgencyFiguresSerializer(found.as_dict()).data)


@extend_schema(exclude=True)
class _AgencyFiguresSlash(AgencyFiguresView):
    """The same with a trailing slash (no redirect for API clients)."""


urlpatterns = [
    path(
        "public/agencies/<code:code>/figures",
        AgencyFiguresView.as_view(),
        name="public-agency-figures",
    ),
    path("public/agencies/<code:code>/figures/", _AgencyFiguresSlash.as_view()),
]
