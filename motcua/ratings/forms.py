"""Forms of the rating and feedback pages: parse input only; rules are in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.ratings import services
from motcua.ratings.criteria import CRITERIA
from motcua.ratings.models import FeedbackKind

_CHOOSE = _("Choose one of the answers.")


class RatingForm(forms.Form):
    """One radio group per criterion (rendered as fieldset + legend), then a comment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[criterion.key] = forms.TypedChoiceField(
                label=criterion.question,
                choices=[(score, label) for score, label in criterion.choices],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _CHOOSE, "invalid_choice": _CHOOSE},
            )
        self.fields["comment"] = forms.CharField(
            label=_("Other comments (optional)"),
            required=False,
            max_length=services.COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def criteria_fields(self):
        return [self[c.key] for c in CRITERIA]


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to send?"),
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a report, a recommendation or a complaint.")},
    )
    dossier = forms.ChoiceField(label=_("About one of your dossiers"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Or about an agency"),
        queryset=services.agencies_for_feedback(),
        required=False,
        to_field_name="code",
        empty_label=_("— choose an agency —"),
        error_messages={"invalid_choice": _("Choose an agency from the list.")},
    )
    about_conduct = forms.BooleanField(
        label=_(
            "It is about an officer's conduct (harassment, causing trouble, not following "
            "the rules)"
        ),
        required=False,
    )
    text = forms.CharField(
        label=_("Your message"),
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your message.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = services.agencies_for_feedback()
        self.fields["agency"].label_from_instance = lambda agency: agency.name
        own = (
            Dossier.objects.filter(owner=user, code__isnull=False)
            .select_related("procedure_version")
            .order_by("-id")[:200]
            if user is not None and user.is_authenticated
            else []
        )
        self.fields["dossier"].choices = [("", _("— none —"))] + [
            (d.code, f"{d.code} · {d.procedure_version.name}") for d in own
        ]
        self.fields["dossier"].error_messages["invalid_choice"] = _(
            "Choose one of your dossiers from the list."
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the answer.")},
    )
