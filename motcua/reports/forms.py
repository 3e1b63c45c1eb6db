"""The report page's form: agency among the user's, period (month, quarter, year or
range), grouping. It only parses; reports.query.report_query checks and authorises."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.reports.policy import report_agencies
from motcua.reports.query import period_bounds

PERIODS = (
    ("month", _("Month")),
    ("quarter", _("Quarter")),
    ("year", _("Year")),
    ("range", _("Date range")),
)
GROUPS = (
    ("agency", _("Agency")),
    ("level", _("Level")),
    ("field", _("Field")),
    ("procedure", _("Procedure")),
)


DATE = forms.DateInput({"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="month")
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    number = forms.IntegerField(
        label=_("Month or quarter number"), min_value=1, max_value=12, required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    group_by = forms.ChoiceField(label=_("Group by"), choices=GROUPS, initial="agency")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = report_agencies(user).filter(merged_into__isnull=True).order_by("path")[:500]
        self.fields["agency"].choices = [(a.code, f"{a.name} ({a.code})") for a in agencies]

    def clean(self):
        data = super().clean()
        kind = data.get("period")
        if kind == "range":
            if not data.get("start") or not data.get("end"):
                raise ValidationError(_("Give the first and the last day of the range."))
            return data
        if kind:
            year = data.get("year") or datetime.date.today().year
            try:
                data["start"], data["end"] = period_bounds(kind, year, data.get("number") or 1)
            except ValidationError as error:
                raise ValidationError(
                    [m for messages in error.message_dict.values() for m in messages]
                ) from None
        return data
