"""REST API v1 of the indices; wired in motcua/api/v1.py. Thin: parse the query, call the
domain modules, render. An agency the caller may not see (oversight, leader or
administrator role over it) is 404; the catalogue figures are public like the catalogue."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.agencies.services import agency_by_code
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.services import queries
from motcua.indices import access
from motcua.indices.catalogue_figures import catalogue_figures
from motcua.indices.circular01 import dossier_indices, unit_indices
from motcua.indices.decision766 import Unit766, ranking, unit_766
from motcua.indices.periods import Period, period_from
from motcua.indices.satisfaction import satisfaction

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "period", str, description="A year (2025), a quarter (2025-Q3) or a month (2025-07)."
    ),
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description="First day, when no `period` is given."
    ),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="Last day (inclusive), when no `period` is given."
    ),
]
AGENCY = OpenApiParameter(
    "agency",
    str,
    description="Electronic identifier code of the unit (its subtree and merged units).",
)


def _period(request) -> Period:
    return period_from(
        request.query_params.get("period"),
        request.query_params.get("from"),
        request.query_params.get("to"),
    )


def _unit(request):
    code = request.query_params.get("agency", "")
    if not code.strip():
        raise DRFValidationError({"agency": [_("Give the agency's identifier code.")]})
    agency = access.unit_for(request.user, code)
    if agency is None:
        raise NotFound(_("No agency %(code)s whose indices you may see.") % {"code": code})
    return agency


def _period_json(period: Period) -> dict:
    return {"start": period.start, "end": period.end, "label": period.label}


def _agency_json(agency) -> dict:
    return {"code": agency.code, "name": agency.name, "level": agency.level}


def _unit766_json(unit: Unit766) -> dict:
    return {
        "agency": _agency_json(unit.agency),
        "total": unit.total,
        "max_points": unit.maximum,
        "percent": unit.percent,
        "components": [asdict(c) for c in unit.components],
    }


def _any():
    return serializers.JSONField()


Circular01Response = inline_serializer(
    "Circular01Indices",
    {
        "agency": _any(),
        "dossier": serializers.CharField(required=False),
        "period": _any(),
        "indices": serializers.ListField(child=_any()),
        "total": serializers.FloatField(required=False),
        "max_points": serializers.IntegerField(required=False),
        "classification": serializers.CharField(required=False),
        "classification_label": serializers.CharField(required=False),
        "provisional": serializers.BooleanField(required=False),
        "satisfaction": _any(),
    },
)
Decision766Response = inline_serializer(
    "Decision766Index",
    {
        "agency": _any(),
        "period": _any(),
        "total": serializers.FloatField(),
        "max_points": serializers.IntegerField(),
        "percent": serializers.FloatField(allow_null=True),
        "components": serializers.ListField(child=_any()),
        "rank": serializers.IntegerField(allow_null=True),
        "of": serializers.IntegerField(),
    },
)
RankingResponse = inline_serializer(
    "Decision766Ranking",
    {
        "period": _any(),
        "level": serializers.CharField(),
        "position": serializers.IntegerField(allow_null=True),
        "of": serializers.IntegerField(),
        "rows": serializers.ListField(child=_any()),
    },
)
FiguresResponse = inline_serializer(
    "CatalogueFigures",
    {
        "agency": _any(),
        "on": serializers.DateField(),
        "period": _any(),
        "in_force": _any(),
        "announced": _any(),
        "decisions": serializers.ListField(child=_any()),
        "simplified": serializers.IntegerField(allow_null=True),
        "working_days_cut": serializers.FloatField(allow_null=True),
        "documents_cut": serializers.IntegerField(allow_null=True),
    },
)


class Circular01View(APIView):
    @extend_schema(
        summary="Evaluation indices of Circular 01/2018/TT-VPCP for a unit or a dossier",
        description=(
            "With `agency` and a period: the nine indices of art. 13 for the unit (its "
            "subtree and merged units), each with its source, rule, inputs and score "
            "(art. 15.2.a, one decimal), `supported: false` with the reason where the data "
            "cannot support it; the total, the classification (art. 15.3.b) and the "
            "satisfaction statistics. With `dossier`: the per-dossier indices (art. 14.1) "
            "of a dossier you may see."
        ),
        parameters=[
            AGENCY,
            OpenApiParameter("dossier", str, description="Dossier code (instead of agency)."),
            *PERIOD_PARAMETERS,
        ],
        responses={200: Circular01Response},
    )
    def get(self, request):
        code = request.query_params.get("dossier", "").strip()
        if code:
            dossier = queries.by_key(visible_dossiers(request.user), code)
            if dossier is None:
                raise NotFound(_("No dossier %(key)s that you may see.") % {"key": code})
            result = dossier_indices(dossier)
            return Response(
                {"dossier": dossier.key, "indices": [asdict(r) for r in result.indices]}
            )
        agency = _unit(request)
        period = _period(request)
        result = unit_indices(agency, period)
        stats = satisfaction(agency, period)
        return Response(
            {
                "agency": _agency_json(agency),
                "period": _period_json(period),
                "indices": [asdict(r) for r in result.indices],
                "total": result.total,
                "max_points": result.maximum,
                "classification": result.classification,
                "classification_label": result.classification_label,
                "provisional": result.provisional,
                "satisfaction": {
                    "ratings": stats.ratings,
                    "percent": stats.percent,
                    "criteria": [asdict(c) for c in stats.criteria],
                    "feedback_received": stats.feedback_received,
                    "feedback_answered": stats.feedback_answered,
                    "feedback_about_conduct": stats.feedback_about_conduct,
                },
            }
        )


class Decision766View(APIView):
    @extend_schema(
        summary="Service-quality index of Decision 766/QĐ-TTg for a unit",
        description=(
            "Each component (transparency 18, timeliness 20, online services 12, online "
            "payment 10, satisfaction 18, digitisation 22) with its formula, inputs, rate "
            "and points; `supported: false` with the reason where the data cannot support "
            "it, `points: null` when the period has no data for it. The total is over the "
            "maximum of the components with a value; `rank` of `of` units at the same level."
        ),
        parameters=[AGENCY, *PERIOD_PARAMETERS],
        responses={200: Decision766Response},
    )
    def get(self, request):
        agency = _unit(request)
        period = _period(request)
        unit = unit_766(agency, period)
        ranked = ranking(agency, period)
        return Response(
            {
                "period": _period_json(period),
                **_unit766_json(unit),
                "rank": ranked.position,
                "of": ranked.count,
            }
        )


class RankingView(APIView):
    @extend_schema(
        summary="Ranking of the units at an agency's level on the Decision 766 index",
        parameters=[AGENCY, *PERIOD_PARAMETERS],
        responses={200: RankingResponse},
    )
    def get(self, request):
        agency = _unit(request)
        period = _period(request)
        ranked = ranking(agency, period)
        return Response(
            {
                "period": _period_json(period),
                "level": ranked.level,
                "position": ranked.position,
                "of": ranked.count,
                "rows": [{"rank": row.rank, **_unit766_json(row.unit)} for row in ranked.rows],
            }
        )


class CatalogueFiguresView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Catalogue figures: procedures by level, announced, simplified",
        description=(
            "Procedures in force on `on` (default today) by level (province, district, "
            "commune, interlinked) for an agency's assignments or the whole catalogue; with a "
            "period, the procedures announced in it by kind of change and, for an agency, "
            "the procedures simplified and working days cut."
        ),
        parameters=[
            OpenApiParameter(
                "agency", str, description="Agency code (default: the whole catalogue)."
            ),
            OpenApiParameter("on", OpenApiTypes.DATE, description="Day of the in-force figures."),
            *PERIOD_PARAMETERS,
        ],
        responses={200: FiguresResponse},
    )
    def get(self, request):
        params = request.query_params
        agency = agency_by_code(params["agency"]) if params.get("agency", "").strip() else None
        period = None
        if params.get("period") or params.get("from") or params.get("to"):
            period = _period(request)
        on = params.get("on", "").strip()
        if on:
            try:
                day = datetime.date.fromisoformat(on)
            except ValueError:
                raise DRFValidationError({"on": [_("Give a date as YYYY-MM-DD.")]}) from None
        else:
            day = period.end if period else timezone.localdate()
        figures = catalogue_figures(agency, day, period)
        return Response(
            {
                "agency": _agency_json(agency) if agency else None,
                "on": figures.on,
                "period": _period_json(period) if period else None,
                "in_force": figures.in_force,
                "announced": figures.announced,
                "decisions": [asdict(line) for line in figures.decisions],
                "simplified": figures.simplified,
                "working_days_cut": figures.working_days_cut,
                "documents_cut": figures.documents_cut,
            }
        )


urlpatterns = [
    path("indices/circular01", Circular01View.as_view(), name="indices-circular01"),
    path("indices/decision766", Decision766View.as_view(), name="indices-decision766"),
    path("indices/ranking", RankingView.as_view(), name="indices-ranking"),
    path("catalogue/figures", CatalogueFiguresView.as_view(), name="catalogue-figures"),
]
