"""Page forms: they parse and label the input; the rules are in services/."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.citizens.services import throttle
from motcua.core.uploads import ALLOWED_KINDS, format_size
from motcua.dossiers.models import ApplicantKind, ReturnMethod


def add_errors(form: forms.Form, error: ValidationError, prefix: str = "") -> None:
    """Put a domain ValidationError on the form: on its fields where the keys name one
    (after `prefix`, e.g. "applicant."), on the whole form otherwise."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, errors in error.message_dict.items():
        name = key[len(prefix) :] if prefix and key.startswith(prefix) else key
        target = name if name in form.fields else None
        for message in errors:
            form.add_error(target, message)


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username, e-mail or phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The identifier or the password is wrong. Check them and try again "
            "(passwords are case-sensitive)."
        ),
        "inactive": _("This account is disabled."),
    }

    def clean(self):
        identifier = self.cleaned_data.get("username") or ""
        if identifier and throttle.locked(identifier, throttle.client_address(self.request)):
            minutes = max(1, throttle.window() // 60)
            raise ValidationError(
                _(
                    "Too many failed attempts. Wait %(minutes)s minutes before you try again, "
                    "or ask the one-stop desk for help."
                ),
                code="locked",
                params={"minutes": minutes},
            )
        return super().clean()


class AccountForm(forms.Form):
    """The account's details (sign-up and profile)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        required=False,
        max_length=20,
        help_text=_("E.g. 0901234567. Give an e-mail address, a phone number, or both."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    kind = forms.ChoiceField(
        label=_("I apply as"),
        choices=[
            (ApplicantKind.PERSON, _("a person")),
            (ApplicantKind.ORGANISATION, _("the representative of an organisation")),
        ],
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    id_number = forms.CharField(
        label=_("Citizen ID (optional)"),
        required=False,
        max_length=12,
        help_text=_("12 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date (optional)"), required=False, widget=_DateInput()
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    organisation_name = forms.CharField(
        label=_("Organisation's name (optional)"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    tax_code = forms.CharField(
        label=_("Tax code (optional)"),
        required=False,
        max_length=14,
        help_text=_("10 digits, or 10 digits, a hyphen and 3 digits."),
    )


class SignUpForm(AccountForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 8 characters, not only digits, not a common password and not like your "
            "name or e-mail."
        ),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Applicant"),
        choices=[
            (ApplicantKind.PERSON, _("a person")),
            (ApplicantKind.ORGANISATION, _("an organisation")),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Full name, or the organisation's name"),
        max_length=255,
    )
    id_number = forms.CharField(
        label=_("Citizen ID"),
        required=False,
        max_length=12,
        help_text=_("12 digits; required for a person."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=_DateInput())
    tax_code = forms.CharField(
        label=_("Tax code"),
        required=False,
        max_length=14,
        help_text=_("Required for an organisation."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=500)
    representative_name = forms.CharField(
        label=_("Representative's name (optional)"), required=False, max_length=255
    )
    representative_id_number = forms.CharField(
        label=_("Representative's citizen ID"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    representative_phone = forms.CharField(
        label=_("Representative's phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )


class ContentForm(forms.Form):
    summary = forms.CharField(
        label=_("What do you ask for?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In a few words, e.g. “Birth registration for my son Nguyễn Văn Bình”."),
    )


class DeliveryForm(forms.Form):
    return_method = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=[
            (ReturnMethod.COUNTER, _("At the one-stop desk")),
            (ReturnMethod.ONLINE, _("Online, as an electronic document")),
            (ReturnMethod.POST, _("By post to an address")),
        ],
        widget=forms.RadioSelect,
    )
    return_address = forms.CharField(
        label=_("Address to post the result to"),
        required=False,
        max_length=500,
        help_text=_("Only when you choose delivery by post."),
    )


def upload_help() -> str:
    kinds = ", ".join(kind.label for kind in ALLOWED_KINDS.values())
    limit = format_size(settings.MOTCUA_UPLOAD_MAX_BYTES, round_up=False)
    return _("%(kinds)s; at most %(limit)s a file.") % {"kinds": kinds, "limit": limit}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the dossier?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that a withdrawn dossier cannot be taken up again."),
    )
