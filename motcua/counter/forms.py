"""The counter's intake form: parses what the officer typed into a services.intake.Intake.

Only parsing here; every rule (citizen ID, tax code, documents of the procedure, the desk
and the competent agency...) is the domain's (dossiers.services.intake) and comes back as
errors on the fields.
"""

from __future__ import annotations

import re
import uuid

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Channel, RequiredDocument
from motcua.dossiers.models import ApplicantKind, ReturnMethod
from motcua.dossiers.services.intake import Applicant, DocumentLine, Intake
from motcua.worktime.units import DurationUnit

TOKEN = re.compile(r"[0-9a-f]{32}")
MAX_COUNT = 99

# The domain's error keys (intake.prepare, engine.perform) -> this form's field names.
_DOMAIN_FIELDS = {
    "applicant.kind": "applicant_kind",
    "applicant.name": "name",
    "applicant.id_number": "id_number",
    "applicant.birth_date": "birth_date",
    "applicant.tax_code": "tax_code",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "applicant.address": "address",
    "applicant.representative_name": "representative_name",
    "applicant.representative_id_number": "representative_id_number",
    "applicant.representative_phone": "representative_phone",
    "procedure": "procedure_query",
    "agency": "agency",
    "desk": None,  # a hidden field: shown at the top
    "sets": "sets",
    "return_method": "return_method",
    "return_address": "return_address",
    "summary": "summary",
    "missing": "missing",
    "reason": "reason",
    "outcome": "outcome",
}
# Fields the domain reports on that the page shows in the documents block.
DOCUMENT_KEYS = ("documents",)


def new_token() -> str:
    return uuid.uuid4().hex


def _text(label, *, max_length=255, required=False, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs=attrs),
    )


class IntakeForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)
    desk = forms.CharField(widget=forms.HiddenInput, max_length=40)
    procedure = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    procedure_query = _text(
        _("Procedure"),
        max_length=300,
        autocomplete="off",
        role="combobox",
        **{
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": "procedure-options",
        },
    )
    agency = forms.CharField(label=_("Competent agency"), max_length=40, required=False)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    id_number = _text(
        _("Citizen ID (12 digits)"),
        max_length=12,
        inputmode="numeric",
        autocomplete="off",
        pattern="[0-9]{12}",
    )
    tax_code = _text(_("Tax code"), max_length=14, autocomplete="off")
    name = _text(_("Full name or organisation name"), autocomplete="off")
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give a date, e.g. 15/03/1990.")},
    )
    phone = _text(_("Phone"), max_length=20, inputmode="tel", autocomplete="off")
    email = _text(_("E-mail"), max_length=254, inputmode="email", autocomplete="off")
    address = _text(_("Address"), max_length=500, autocomplete="off")
    representative_name = _text(_("Representative's name"), autocomplete="off")
    representative_id_number = _text(
        _("Representative's citizen ID"), max_length=12, inputmode="numeric", autocomplete="off"
    )
    representative_phone = _text(
        _("Representative's phone"), max_length=20, inputmode="tel", autocomplete="off"
    )
    sets = forms.IntegerField(
        label=_("Number of sets"),
        min_value=1,
        max_value=MAX_COUNT,
        initial=1,
        error_messages={
            "invalid": _("Between 1 and 99 sets."),
            "min_value": _("Between 1 and 99 sets."),
            "max_value": _("Between 1 and 99 sets."),
            "required": _("Between 1 and 99 sets."),
        },
    )
    return_method = forms.ChoiceField(
        label=_("Result delivery"),
        choices=[
            (ReturnMethod.COUNTER, _("at the desk")),
            (ReturnMethod.POST, _("by post")),
        ],
        initial=ReturnMethod.COUNTER,
        widget=forms.RadioSelect,
    )
    return_address = _text(_("Address to post the result to"), max_length=500)
    # Only when the catalogue and the agency's processes state no time (intake.time_needed).
    time_amount = forms.DecimalField(
        label=_("Processing time"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text=_("The catalogue states none for this procedure: give the one that applies."),
    )
    time_unit = forms.ChoiceField(
        label=_("Time unit"),
        choices=DurationUnit.choices,
        initial=DurationUnit.WORKING_DAYS,
        required=False,
    )
    summary = forms.CharField(
        label=_("Request (summary)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    missing = forms.CharField(
        label=_("Missing or incomplete documents (one per line)"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.ChoiceField(
        choices=[
            ("receive", _("Receive")),
            ("request_completion", _("Request completion")),
            ("refuse", _("Refuse")),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.document_errors: list[str] = []

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not TOKEN.fullmatch(token):
            raise forms.ValidationError(_("This form has expired; reload the page."))
        return token

    def add_domain_errors(self, messages: dict[str, list[str]]) -> None:
        """Put the domain's ValidationError messages next to the fields they concern."""
        for key, items in messages.items():
            if key in DOCUMENT_KEYS:
                self.document_errors.extend(items)
                continue
            name = _DOMAIN_FIELDS.get(key)
            for message in items:
                self.add_error(name if name in self.fields else None, message)

    def mark_errors(self) -> None:
        """aria-invalid and aria-describedby on the inputs that have an error."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            kind=data.get("applicant_kind") or ApplicantKind.PERSON,
            name=data.get("name", ""),
            id_number=(data.get("id_number") or "").strip(),
            birth_date=data.get("birth_date"),
            tax_code=(data.get("tax_code") or "").strip(),
            phone=data.get("phone", ""),
            email=(data.get("email") or "").strip(),
            address=data.get("address", ""),
            representative_name=data.get("representative_name", ""),
            representative_id_number=(data.get("representative_id_number") or "").strip(),
            representative_phone=data.get("representative_phone", ""),
        )

    def missing_lines(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("missing", "").splitlines()
            if line.strip()
        ]

    def to_intake(self, documents: list[DocumentLine]) -> Intake:
        data = self.cleaned_data
        return Intake(
            procedure=data.get("procedure", ""),
            agency=data.get("agency", ""),
            desk=data.get("desk", ""),
            channel=Channel.COUNTER,
            applicant=self.applicant(),
            documents=documents,
            sets=data.get("sets") or 1,
            return_method=data.get("return_method") or ReturnMethod.COUNTER,
            return_address=data.get("return_address", ""),
            summary=data.get("summary", ""),
            time_amount=data.get("time_amount"),
            time_unit=(data.get("time_unit") or "") if data.get("time_amount") else "",
        )


# --- the documents checklist -----------------------------------------------------------------


class DocumentRow:
    """One required document of the procedure as the page shows it: ticked or not, with the
    counts of originals and copies (pre-filled from the catalogue)."""

    def __init__(
        self, document: RequiredDocument, ticked: bool, originals: str, copies: str, error: str
    ) -> None:
        self.document = document
        self.ticked = ticked
        self.originals = originals
        self.copies = copies
        self.error = error

    @property
    def id(self) -> int:
        return self.document.pk


def _count(raw: str | None, default: int) -> tuple[int | None, str]:
    text = (raw if raw is not None else str(default)).strip()
    if text == "":
        return 0, text
    if not text.isascii() or not text.isdigit() or int(text) > MAX_COUNT:
        return None, text
    return int(text), text


def document_rows(
    documents: list[RequiredDocument], data: QueryDict | None
) -> tuple[list[DocumentRow], list[DocumentLine], list[str]]:
    """The checklist from the submitted form (`data`), or fresh from the catalogue (None):
    the rows to show, the lines of the ticked documents, and the names of the unticked ones
    (what is missing)."""
    ticked = set(data.getlist("doc")) if data is not None else set()
    rows: list[DocumentRow] = []
    lines: list[DocumentLine] = []
    missing: list[str] = []
    for document in documents:
        key = str(document.pk)
        raw_originals = data.get(f"originals_{key}") if data is not None else None
        raw_copies = data.get(f"copies_{key}") if data is not None else None
        originals, originals_text = _count(raw_originals, document.originals)
        copies, copies_text = _count(raw_copies, document.copies)
        error = ""
        if originals is None or copies is None:
            error = str(_("Give between 0 and 99 originals and copies."))
        is_ticked = key in ticked
        rows.append(DocumentRow(document, is_ticked, originals_text, copies_text, error))
        if is_ticked and not error:
            lines.append(DocumentLine(required=document.pk, originals=originals, copies=copies))
        elif not is_ticked:
            missing.append(document.name)
    return rows, lines, missing
