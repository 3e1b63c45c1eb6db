"""Public calendar API (no login: working days and appointments are public information)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.agencies.services import agency_by_code
from motcua.worktime.messages import error_message
from motcua.worktime.serializers import (
    DueQuerySerializer,
    DueSerializer,
    HolidayQuerySerializer,
    HolidaySerializer,
)
from motcua.worktime.services import calendar_for, days_off


class DueView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="calendar_due",
        summary="Due instant of a processing time",
        parameters=[DueQuerySerializer],
        responses=DueSerializer,
        tags=["calendar"],
    )
    def get(self, request, *args, **kwargs):
        query = DueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        agency = None
        if params.get("agency"):
            try:
                agency = agency_by_code(params["agency"])
            except DjangoValidationError as error:
                raise serializers.ValidationError({"agency": error.messages}) from None
        cal = calendar_for(agency)
        try:
            effective = cal.start_effective(params["start"])
            due = cal.due(params["start"], params["duration"], params["unit"])
        except ValueError as exc:
            field = "start" if getattr(exc, "code", None) == "range" else "duration"
            raise serializers.ValidationError({field: [error_message(exc)]}) from None
        tz = timezone.get_default_timezone()
        return Response(
            {"due": due.astimezone(tz).isoformat(), "start_effective": effective.isoformat()}
        )


class HolidaysView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="calendar_holidays",
        summary="Days off and make-up working days of a year",
        parameters=[HolidayQuerySerializer],
        responses=HolidaySerializer(many=True),
        tags=["calendar"],
    )
    def get(self, request, *args, **kwargs):
        query = HolidayQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        try:
            rows = days_off(year)
        except ValueError as exc:
            raise serializers.ValidationError({"year": [error_message(exc)]}) from None
        data = [{"date": d, "kind": kind, "name": name} for d, kind, name in rows]
        return Response(HolidaySerializer(data, many=True).data)


urlpatterns = [
    path("due/", DueView.as_view(), name="calendar-due"),
    path("holidays/", HolidaysView.as_view(), name="calendar-holidays"),
]
