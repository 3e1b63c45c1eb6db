"""The officers' export form: types only; the rules are in services.prepare_register."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.forms import register_agencies


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class RegisterExportForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=None,
        to_field_name="code",
        empty_label=None,
    )
    date_from = forms.DateField(
        label=_("Received from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Received until (included)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = register_agencies(user).order_by("path")
