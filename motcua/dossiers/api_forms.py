"""REST API v1: the printed forms of a dossier and an agency's register, as PDF.

    GET /api/v1/dossiers/{key}/forms/                     the forms that exist, numbered
    GET /api/v1/dossiers/{key}/forms/{form}/[?event=N]    one form (application/pdf)
    GET /api/v1/agencies/{code}/register/?from=&to=       the register (application/pdf)

Dossiers are looked up as in dossiers/api.py (`_get`, inside visible_dossiers): a dossier
the caller may not see is a 404. The applicant who owns an online dossier gets the forms
addressed to them; the control slip is the agencies' internal record (staff only). The
register needs a role covering the agency (forms.check_register_access); a period with more
than REGISTER_MAX_ROWS_HTTP dossiers is refused with a pointer to POST /api/v1/exports/
(motcua.jobs, which makes it in the background).
Wired in motcua/api/v1.py with `*dossiers_api_forms.urlpatterns`.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import path
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.agencies.policy import agencies_in_scope
from motcua.agencies.services import agency_by_code
from motcua.dossiers import forms
from motcua.dossiers.api import _get
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import is_owner
from motcua.dossiers.regime import form_title
from motcua.dossiers.workflow import Form
from motcua.jobs.services import too_many_for_http

PDF = "application/pdf"
EVENT_SEQ = re.compile(r"[0-9]{1,9}")


class FormInfoSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=list(forms.FORMS))
    number = serializers.CharField(help_text="“01”… as numbered by the dossier's regime.")
    title = serializers.CharField(help_text="The form's title in the circular (Vietnamese).")
    events = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="`seq` of the events that produced it (for `?event=`); the latest is "
        "printed by default. Empty for the control slip, which follows the whole history.",
    )
    url = serializers.CharField()


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _applicant_only(user, dossier: Dossier) -> bool:
    """The owner of an online dossier, without any staff role."""
    return is_owner(user, dossier) and not agencies_in_scope(user).exists()


def _forms_for(user, dossier: Dossier) -> dict[str, list[int]]:
    found = forms.form_events(dossier)
    if _applicant_only(user, dossier):
        found.pop(Form.CONTROL_SLIP, None)
    return found


class DossierFormsView(APIView):
    @extend_schema(
        summary="The printed forms of a dossier",
        description="Forms produced by the dossier's history (receipt 01, supplement request "
        "02, refusal 03, apology 04, stop notice 05 under the 2025 regime) and the control "
        "slip once received, numbered and titled by the regime in force at reception.",
        responses=FormInfoSerializer(many=True),
    )
    def get(self, request, key: str):
        dossier = _get(request, key)
        data = []
        for form, events in _forms_for(request.user, dossier).items():
            title = form_title(dossier.regime, form)
            data.append(
                {
                    "form": form,
                    "number": title.number,
                    "title": title.title,
                    "events": events,
                    "url": request.build_absolute_uri(f"{form}/"),
                }
            )
        return Response(FormInfoSerializer(data, many=True).data)


class DossierFormView(APIView):
    @extend_schema(
        summary="A printed form of a dossier (PDF, A5)",
        parameters=[
            OpenApiParameter("form", str, OpenApiParameter.PATH, enum=list(forms.FORMS)),
            OpenApiParameter(
                "event",
                int,
                description="`seq` of the event whose form to print (default: the latest).",
            ),
        ],
        responses={(200, PDF): OpenApiTypes.BINARY},
    )
    def get(self, request, key: str, form: str):
        if form not in forms.FORMS:
            raise NotFound(_("Unknown form “%(form)s”.") % {"form": form})
        dossier = _get(request, key)
        event = None
        seq = request.query_params.get("event")
        if seq not in (None, ""):
            if not EVENT_SEQ.fullmatch(seq):
                raise ValidationError({"event": [_("Give the number of an event.")]})
            event = dossier.events.filter(seq=int(seq)).first()
            if event is None:
                raise NotFound(
                    _("Dossier %(code)s has no event %(seq)s.") % {"code": dossier.key, "seq": seq}
                )
        if form == Form.CONTROL_SLIP and _applicant_only(request.user, dossier):
            raise NotFound(_("The control slip is kept by the agencies."))
        try:
            content = forms.render_form(dossier, form, event=event)
        except forms.FormUnavailable as error:
            raise NotFound(" ".join(error.messages)) from None
        return _pdf(content, f"{form}-{dossier.key}.pdf")


def _date(request, name: str) -> date:
    value = request.query_params.get(name, "")
    try:
        day = parse_date(value) if value else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(
            {name: [_("Not a valid date (YYYY-MM-DD): %(value)s.") % {"value": value}]}
        )
    return day


class AgencyRegisterView(APIView):
    @extend_schema(
        summary="The dossier register of an agency (PDF, A4 landscape)",
        description="Dossiers received from `from` to `to` (both included) whose receiving "
        "desk or competent agency is the agency, a unit under it or a unit merged into it; "
        f"at most {forms.REGISTER_MAX_ROWS_HTTP} rows; a longer period is refused (400) with "
        "a message pointing to `POST /api/v1/exports/`, which makes the register in the "
        "background (or the command `motcua dossier register`). Needs a role covering the "
        "agency.",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Included."),
        ],
        responses={(200, PDF): OpenApiTypes.BINARY},
    )
    def get(self, request, code: str):
        try:
            agency = agency_by_code(code)
        except DjangoValidationError as error:
            raise NotFound(" ".join(error.messages)) from None
        forms.check_register_access(request.user, agency)
        start, end = _date(request, "from"), _date(request, "to")
        limit = forms.REGISTER_MAX_ROWS_HTTP
        try:
            content = forms.render_register(agency, start, end, max_rows=limit)
        except DjangoValidationError as error:
            if getattr(error, "code", None) != "too_many":
                raise
            # Longer registers are made in the background (motcua.jobs).
            raise DjangoValidationError(too_many_for_http(limit), code="too_many") from None
        return _pdf(content, f"register-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.pdf")


urlpatterns = [
    path("dossiers/<dossier:key>/forms/", DossierFormsView.as_view(), name="dossier-forms"),
    path(
        "dossiers/<dossier:key>/forms/<str:form>/",
        DossierFormView.as_view(),
        name="dossier-form",
    ),
    path(
        "agencies/<str:code>/register/",
        AgencyRegisterView.as_view(),
        name="agency-register",
    ),
]
