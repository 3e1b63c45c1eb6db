"""One small form per action of the transition table, as the dossier page offers them.

Each form only parses what its handler (dossiers/services/handlers.py) reads, under the
same names as the API's ActionInput, and hands it to engine.perform through `take`. The
rules (reason required, 3-day supplement window, apology once, who may be assigned...)
stay in the domain: its ValidationError lands on the matching field, or above the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, StaffRole
from motcua.agencies.policy import staff_for
from motcua.dossiers.models import (
    AttachmentKind,
    Dossier,
    DossierStep,
    ReturnMethod,
)
from motcua.dossiers.permissions import RoleMemo, capacity
from motcua.dossiers.services import steps as plan
from motcua.dossiers.services.attachments import add_attachment
from motcua.dossiers.services.engine import StaleDossier, perform
from motcua.dossiers.services.intake import time_needed
from motcua.dossiers.workflow import Action, transition
from motcua.worktime.units import DurationUnit

# Actions the officers' page never offers: the applicant's own, and the system's.
NOT_ON_THIS_PAGE = frozenset(
    {Action.CREATE_DRAFT, Action.EDIT_DRAFT, Action.SUBMIT, Action.REASSIGN_AGENCY}
)
CONSULT_ROWS = 3
FEE_METHODS = [
    ("counter", _("at the desk")),
    ("post", _("by post")),
    ("online", _("online")),
]


@dataclass
class Situation:
    """What the forms of one dossier need to know about it and the person acting."""

    dossier: Dossier
    user: Any
    steps: list[DossierStep]
    holds: RoleMemo

    def steps_for(self, action: Action) -> list[DossierStep]:
        """The active steps `user` may take `action` on (permissions.capacity)."""
        try:
            found = capacity(self.user, transition(action), self.dossier, self.steps, self.holds)
        except PermissionDenied:
            return []
        return list(found.steps)


def situation(dossier: Dossier, user) -> Situation:
    return Situation(dossier, user, plan.steps_of(dossier), RoleMemo(user))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _agency_choices() -> list[tuple[str, str]]:
    rows = Agency.objects.filter(merged_into__isnull=True).order_by("path")
    return [("", "---------")] + [(a.code, f"{a.name} ({a.code})") for a in rows]


class ActionForm(forms.Form):
    """Base: the version the page showed, and the optional step when there are several."""

    action: Action
    reason_label = _("Reason")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, situation: Situation, **kwargs) -> None:
        kwargs.setdefault("prefix", self.action.value)
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", situation.dossier.row_version)
        super().__init__(*args, **kwargs)
        self.situation = situation
        tr = transition(self.action)
        if "reason" in self.fields:
            self.fields["reason"].required = tr.reason_required or self.reason_needed
            self.fields["reason"].label = self.reason_label
        if "step" in self.fields:
            steps = situation.steps_for(self.action)
            if len(steps) > 1:
                self.fields["step"].choices = [(s.pk, _step_label(s)) for s in steps]
            else:
                del self.fields["step"]

    reason_needed = False

    @property
    def title(self) -> str:
        return str(self.action.label)

    def payload(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "reason")}
        if "step" in data:
            data["step"] = int(data["step"])
        return data

    def take(self) -> Dossier:
        """Perform the action; domain errors land on the form (and are raised again)."""
        data = self.cleaned_data
        return perform(
            self.situation.dossier,
            self.action,
            user=self.situation.user,
            expected_version=data["version"],
            reason=data.get("reason", ""),
            **self.payload(),
        )

    def show_error(self, error: ValidationError | PermissionDenied | StaleDossier) -> None:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                target = name if name in self.fields and name != "version" else None
                for message in messages:
                    self.add_error(target, message)
            return
        if isinstance(error, ValidationError):
            for message in error.messages:
                self.add_error(None, message)
            return
        self.add_error(None, str(error))


def _step_label(step: DossierStep) -> str:
    return f"{step.stage}. {step.name} — {step.agency.name}"


def _reason_field() -> forms.CharField:
    return forms.CharField(
        max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _missing_field() -> forms.CharField:
    return forms.CharField(
        label=_("Missing documents (one a line, everything at once)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SimpleForm(ActionForm):
    """Actions without arguments: a confirmation button."""


class AcceptForm(ActionForm):
    """Accepting an online dossier; the processing time is asked for only when neither the
    catalogue nor an internal process gives one (intake.time_needed)."""

    time_amount = forms.DecimalField(
        label=_("Processing time"), min_value=0, max_digits=7, decimal_places=2
    )
    time_unit = forms.ChoiceField(
        label=_("Time unit"), choices=DurationUnit.choices, initial=DurationUnit.WORKING_DAYS
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        d = self.situation.dossier
        if not time_needed(d.procedure, d.agency, timezone.localdate()):
            del self.fields["time_amount"]
            del self.fields["time_unit"]
        else:
            self.fields["time_amount"].help_text = _(
                "The catalogue states no processing time for this procedure: give the one "
                "that applies; the appointment is counted from it."
            )


class ReasonForm(ActionForm):
    reason = _reason_field()


class MissingForm(ActionForm):
    reason = _reason_field()
    missing = _missing_field()

    def payload(self) -> dict[str, Any]:
        return {"missing": _lines(self.cleaned_data["missing"])}


class StepNoteForm(ActionForm):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    note = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepReasonForm(ActionForm):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    reason = _reason_field()


class AssignForm(ActionForm):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        steps = self.situation.steps_for(self.action)
        self.fields["assignee"].choices = [("", "---------")] + _candidates(steps)


def _candidates(steps: list[DossierStep]) -> list[tuple[str, str]]:
    """Active staff who may be given a step's work (agencies.policy.staff_for)."""
    found: dict[str, str] = {}
    rows = StaffRole.objects.none()
    for step in steps:
        rows = rows | staff_for(step.role, step.agency)
    for staff in rows.select_related("user").order_by("user__username"):
        user = staff.user
        name = f"{user.last_name} {user.first_name}".strip()
        found[user.username] = f"{name} ({user.username})" if name else user.username
    return sorted(found.items())


class SendBackForm(ActionForm):
    to_stage = forms.TypedChoiceField(label=_("Send back to"), coerce=int)
    reason = _reason_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        steps = self.situation.steps
        current = plan.current_stage(steps) or 0
        self.fields["to_stage"].choices = [
            (s.stage, _step_label(s)) for s in plan.top_level(steps) if s.stage < current
        ]


class ConsultForm(ActionForm):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    mode = forms.ChoiceField(
        label=_("Consultations run"),
        choices=[("parallel", _("all at once")), ("sequential", _("one after another"))],
    )
    unit = forms.ChoiceField(
        label=_("Time unit"), choices=DurationUnit.choices, initial=DurationUnit.WORKING_DAYS
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = _agency_choices()
        for i in range(1, CONSULT_ROWS + 1):
            self.fields[f"agency_{i}"] = forms.ChoiceField(
                label=_("Agency %(number)s") % {"number": i}, choices=choices, required=i == 1
            )
            self.fields[f"amount_{i}"] = forms.DecimalField(
                label=_("Time for agency %(number)s") % {"number": i},
                min_value=0,
                max_digits=7,
                decimal_places=2,
                required=False,
            )
            self.fields[f"task_{i}"] = forms.CharField(
                label=_("Question for agency %(number)s") % {"number": i},
                max_length=255,
                required=False,
            )

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        agencies = [
            {
                "agency": data[f"agency_{i}"],
                "amount": data.get(f"amount_{i}"),
                "task": data.get(f"task_{i}", ""),
                "unit": data["unit"],
            }
            for i in range(1, CONSULT_ROWS + 1)
            if data.get(f"agency_{i}")
        ]
        payload: dict[str, Any] = {"mode": data["mode"], "agencies": agencies}
        if "step" in data:
            payload["step"] = int(data["step"])
        return payload


class HandOverForm(ActionForm):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    agency = forms.ChoiceField(label=_("Hand over to"))
    amount = forms.DecimalField(
        label=_("Time for that agency"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text=_("Empty: until the dossier's appointment."),
    )
    unit = forms.ChoiceField(
        label=_("Time unit"), choices=DurationUnit.choices, initial=DurationUnit.WORKING_DAYS
    )
    reason = _reason_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices()

    def payload(self) -> dict[str, Any]:
        data = super().payload()
        if data.get("amount") is None:
            data.pop("amount", None)
        return data


class RequestFeeForm(ActionForm):
    amount_vnd = forms.IntegerField(label=_("Amount (VND)"), min_value=1, max_value=10**13)
    description = forms.CharField(label=_("What for"), max_length=1000, required=False)


class RecordFeeForm(ActionForm):
    amount_vnd = forms.IntegerField(label=_("Amount paid (VND)"), min_value=1, max_value=10**13)
    method = forms.ChoiceField(label=_("Paid"), choices=FEE_METHODS)
    receipt = forms.CharField(label=_("Receipt number"), max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount_vnd"].initial = self.situation.dossier.fee_amount_vnd


class ProposeApologyForm(ActionForm):
    reason_label = _("Reason for the delay")
    reason = _reason_field()
    new_due_at = forms.DateTimeField(
        label=_("New appointment"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    extend_by = forms.DecimalField(
        label=_("Or: extend by (working days)"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        required=False,
    )

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data.get("new_due_at"):
            return {"new_due_at": data["new_due_at"]}
        return {"extend_by": data.get("extend_by"), "unit": DurationUnit.WORKING_DAYS}

    def show_error(self, error) -> None:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            extend = error.error_dict.pop("extend_by", None)
            if extend is not None:
                error.error_dict.setdefault("new_due_at", []).extend(extend)
        super().show_error(error)


class ApproveForm(ActionForm):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    result = forms.CharField(
        label=_("Result"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    result_number = forms.CharField(
        label=_("Result document number"), max_length=100, required=False
    )


class ReturnForm(ActionForm):
    method = forms.ChoiceField(label=_("Returned"), choices=ReturnMethod.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].initial = self.situation.dossier.return_method


class WithdrawForm(ReasonForm):
    reason_label = _("The applicant's request (e.g. its date)")
    reason_needed = True


class AttachForm(ActionForm):
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, TIFF, DOCX, XLSX or ODT; 20 MB)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    document = forms.TypedChoiceField(
        label=_("Document of the checklist"), coerce=int, required=False, empty_value=None
    )
    digitised = forms.BooleanField(label=_("Digitised copy of a paper original"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "---------")] + [
            (d.pk, d.name[:120]) for d in self.situation.dossier.documents.all()
        ]

    multipart = True

    def take(self) -> Dossier:
        dossier = self.situation.dossier
        data = self.cleaned_data
        if data["version"] != dossier.row_version:
            raise StaleDossier(dossier, data["version"])
        add_attachment(
            dossier,
            data["file"],
            user=self.situation.user,
            kind=data["kind"],
            document=data.get("document"),
            digitised=data.get("digitised", False),
        )
        return Dossier.objects.get(pk=dossier.pk)


def _form(action: Action, base: type[ActionForm]) -> type[ActionForm]:
    return type(f"{action.value.title().replace('_', '')}Form", (base,), {"action": action})


FORMS: dict[Action, type[ActionForm]] = {
    Action.RECEIVE: _form(Action.RECEIVE, AcceptForm),
    Action.ACCEPT: _form(Action.ACCEPT, AcceptForm),
    Action.REQUEST_COMPLETION: _form(Action.REQUEST_COMPLETION, MissingForm),
    Action.REFUSE: _form(Action.REFUSE, ReasonForm),
    Action.TRANSFER: _form(Action.TRANSFER, SimpleForm),
    Action.ASSIGN: _form(Action.ASSIGN, AssignForm),
    Action.COMPLETE_STEP: _form(Action.COMPLETE_STEP, StepNoteForm),
    Action.SEND_BACK: _form(Action.SEND_BACK, SendBackForm),
    Action.CONSULT: _form(Action.CONSULT, ConsultForm),
    Action.HAND_OVER: _form(Action.HAND_OVER, HandOverForm),
    Action.REQUEST_SUPPLEMENT: _form(Action.REQUEST_SUPPLEMENT, MissingForm),
    Action.RECEIVE_SUPPLEMENT: _form(Action.RECEIVE_SUPPLEMENT, SimpleForm),
    Action.REQUEST_FEE: _form(Action.REQUEST_FEE, RequestFeeForm),
    Action.RECORD_FEE: _form(Action.RECORD_FEE, RecordFeeForm),
    Action.PROPOSE_APOLOGY: _form(Action.PROPOSE_APOLOGY, ProposeApologyForm),
    Action.APPROVE_APOLOGY: _form(Action.APPROVE_APOLOGY, SimpleForm),
    Action.REJECT_APOLOGY: _form(Action.REJECT_APOLOGY, ReasonForm),
    Action.APPROVE: _form(Action.APPROVE, ApproveForm),
    Action.REFUSE_RESULT: _form(Action.REFUSE_RESULT, StepReasonForm),
    Action.STOP: _form(Action.STOP, ReasonForm),
    Action.WITHDRAW: _form(Action.WITHDRAW, WithdrawForm),
    Action.RETURN: _form(Action.RETURN, ReturnForm),
    Action.ATTACH: _form(Action.ATTACH, AttachForm),
}


def form_for(action: Action, situation: Situation, data=None, files=None) -> ActionForm:
    return FORMS[action](data, files, situation=situation)
