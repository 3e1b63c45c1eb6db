"""Request and response shapes of the public calendar API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from motcua.worktime.calendar import FIRST_YEAR, LAST_YEAR
from motcua.worktime.models import DayOverride
from motcua.worktime.units import DurationUnit


class DueQuerySerializer(serializers.Serializer):
    start = serializers.DateTimeField(
        help_text=_("Reception instant, ISO 8601; without an offset it is Vietnam local time.")
    )
    duration = serializers.DecimalField(
        max_digits=12,
        decimal_places=6,
        min_value=0,
        help_text=_("Amount of the unit, e.g. 3 or 0.5 (working days allow halves)."),
    )
    unit = serializers.ChoiceField(choices=DurationUnit.choices)
    agency = serializers.CharField(
        required=False,
        max_length=20,
        help_text=_("Electronic identifier code of the agency whose working hours apply."),
    )


class DueSerializer(serializers.Serializer):
    due = serializers.DateTimeField(help_text=_("Due instant, local time with offset."))
    start_effective = serializers.DateTimeField(
        help_text=_("Where counting starts: reception inside a session, else the next session.")
    )


class HolidayQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        help_text=_("Calendar year; the current year when omitted."),
    )


class HolidaySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DayOverride.Kind.choices)
    name = serializers.CharField()
