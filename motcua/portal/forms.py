"""The lookup form: the dossier code and the lookup secret printed on the receipt."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.codes import SECRET_LENGTH


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        help_text=_("As printed on the receipt, e.g. 000.01.70.H51-260302-0001."),
        error_messages={
            "required": _("Enter the dossier code printed on the receipt."),
            "max_length": _("A dossier code has at most %(limit_value)d characters."),
        },
    )
    secret = forms.CharField(
        label=_("Lookup secret"),
        max_length=16,
        error_messages={
            "required": _("Enter the lookup secret printed on the receipt."),
            "max_length": _("A lookup secret has at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secret"].help_text = _(
            "The %(length)d characters next to the code on the receipt."
        ) % {"length": SECRET_LENGTH}
        self.fields["code"].widget.attrs.update(
            autocomplete="off", autocapitalize="characters", spellcheck="false"
        )
        self.fields["secret"].widget.attrs.update(
            autocomplete="off", autocapitalize="characters", spellcheck="false"
        )

    @staticmethod
    def not_found_message() -> str:
        return _(
            "No dossier matches this code and lookup secret. Check both on the receipt "
            "(the secret has no 0, O, 1, I or L)."
        )
