"""REST API v1 of dossiers; wired in motcua/api/v1.py. Thin: parse, call a service, render.

Objects are looked up inside `visible_dossiers(user)`, so a dossier outside the caller's
agencies is a 404, never a hint that it exists. Actions go through `engine.perform`.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import FileResponse
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from motcua.agencies.models import Agency
from motcua.agencies.services import agency_by_code
from motcua.api.errors import Conflict
from motcua.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from motcua.api.schema import problem_response
from motcua.dossiers.models import Attachment, AttachmentKind, Dossier, DossierStep
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.serializers import (
    ActionInput,
    DossierCreateInput,
    DossierDetailSerializer,
    DossierSummarySerializer,
    DraftInput,
    EventSerializer,
    LookupInput,
    LookupSerializer,
)
from motcua.dossiers.services import public, queries
from motcua.dossiers.services.attachments import add_attachment, open_attachment
from motcua.dossiers.services.engine import StaleDossier, perform
from motcua.dossiers.services.intake import prepare
from motcua.dossiers.workflow import Action


class DossierPagination(CursorPagination):
    """Keyset pages (no COUNT over millions of rows), newest first."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _visible(request):
    return visible_dossiers(request.user)


def _get(request, key: str) -> Dossier:
    qs = _visible(request).select_related(
        "desk", "agency", "procedure", "procedure_version", "process"
    )
    dossier = queries.by_key(qs, key)
    if dossier is None:
        raise NotFound(_("No dossier %(key)s that you may see.") % {"key": key})
    return dossier


def _detail(request, dossier: Dossier, status: int = 200) -> Response:
    dossier = (
        Dossier.objects.select_related(
            "desk", "agency", "procedure", "procedure_version", "process"
        )
        .prefetch_related(
            Prefetch("steps", queryset=DossierStep.objects.select_related("agency", "assignee")),
            "documents",
            "apologies",
        )
        .get(pk=dossier.pk)
    )
    data = DossierDetailSerializer(dossier, context={"request": request}).data
    response = Response(data, status=status)
    response["ETag"] = f'"{dossier.row_version}"'
    return response


def _instant(request, name: str) -> datetime | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        raise ValidationError(
            {name: [_("Not a valid date (YYYY-MM-DD): %(value)s.") % {"value": value}]}
        )
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _agency(request, name: str) -> Agency | None:
    code = request.query_params.get(name)
    if not code:
        return None
    try:
        return agency_by_code(code)
    except DjangoValidationError as error:
        raise ValidationError({name: error.messages}) from None


def _number(request, name: str, kind=int):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        number = kind(value)
    except ValueError:
        raise ValidationError({name: [_("Give a number.")]}) from None
    if number < 0 or number > 10**6:
        raise ValidationError({name: [_("Give a number.")]})
    return number


LIST_PARAMETERS = [
    OpenApiParameter("status", str, many=True, description="One or more statuses."),
    OpenApiParameter("agency", str, description="Agency code: its subtree and merged units."),
    OpenApiParameter("at_step_of", str, description="Agency code with an active step (inbox)."),
    OpenApiParameter("procedure", str, description="National procedure code."),
    OpenApiParameter("channel", int, enum=[1, 2, 3]),
    OpenApiParameter("q", str, description="Code prefix, citizen ID, phone, tax code or name."),
    OpenApiParameter("received_from", OpenApiTypes.DATE),
    OpenApiParameter("received_to", OpenApiTypes.DATE, description="Exclusive."),
    OpenApiParameter("overdue", bool),
    OpenApiParameter("due_within_hours", float),
]


class DossierListView(APIView):
    pagination_class = DossierPagination

    @extend_schema(
        summary="Dossiers you may see, with filters",
        parameters=LIST_PARAMETERS,
        responses=DossierSummarySerializer(many=True),
    )
    def get(self, request):
        channel = _number(request, "channel")
        filters = queries.Filters(
            status=tuple(s for s in request.query_params.getlist("status") if s),
            agency=_agency(request, "agency"),
            at_step_of=_agency(request, "at_step_of"),
            procedure=request.query_params.get("procedure", ""),
            channel=channel,
            q=request.query_params.get("q", ""),
            received_from=_instant(request, "received_from"),
            received_to=_instant(request, "received_to"),
            overdue=request.query_params.get("overdue", "").lower() in ("1", "true"),
            due_within_hours=_number(request, "due_within_hours", float),
        )
        now = timezone.now()
        qs = queries.filter_dossiers(_visible(request), filters, now).select_related(
            "desk", "agency", "procedure", "procedure_version"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = DossierSummarySerializer(page, many=True, context={"now": now}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Record a dossier: received at the desk, or an online draft / submission",
        description="Staff at the counter or for postal dossiers: outcome `receive` (form 01), "
        "`request_completion` (form 02, with `missing`) or `refuse` (form 03, with `reason`). "
        "An applicant online (channel 2): `draft` or `submit`.",
        request=DossierCreateInput,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: DossierDetailSerializer},
    )
    @idempotent
    def post(self, request):
        serializer = DossierCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome = data["outcome"]
        online = outcome in ("draft", "submit")
        dossier = prepare(serializer.to_intake(), owner=request.user if online else None)
        if online:
            dossier = perform(dossier, Action.CREATE_DRAFT, user=request.user)
            if outcome == "submit":
                dossier = perform(dossier, Action.SUBMIT, user=request.user)
        else:
            action = {
                "receive": Action.RECEIVE,
                "request_completion": Action.REQUEST_COMPLETION,
                "refuse": Action.REFUSE,
            }[outcome]
            dossier = perform(
                dossier,
                action,
                user=request.user,
                reason=data.get("reason", ""),
                missing=data.get("missing", []),
            )
        response = _detail(request, dossier, status=http.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"{dossier.key}/")
        return response


class DossierDetailView(APIView):
    @extend_schema(summary="A dossier", responses=DossierDetailSerializer)
    def get(self, request, key: str):
        return _detail(request, _get(request, key))


def _expected_version(request, body: dict) -> int | None:
    if body.get("expected_version") is not None:
        return body["expected_version"]
    header = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
    if not header:
        return None
    try:
        return int(header)
    except ValueError:
        raise ValidationError({"If-Match": [_("Give the version number you read.")]}) from None


class DossierActionView(APIView):
    @extend_schema(
        summary="Take an action on a dossier",
        description="Allowed actions for the caller are listed in the dossier's "
        "`allowed_actions`. Send `expected_version` (or If-Match) to be told about concurrent "
        "changes with a 409 instead of acting on a dossier someone else just changed.",
        parameters=[
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=Action.values),
            OpenApiParameter("If-Match", str, OpenApiParameter.HEADER),
        ],
        request=ActionInput,
        responses={200: DossierDetailSerializer, **problem_response(409)},
    )
    def post(self, request, key: str, action: str):
        # reassign_agency is the system's; edit_draft takes a whole intake (PUT .../draft/).
        if action not in Action.values or action in (Action.REASSIGN_AGENCY, Action.EDIT_DRAFT):
            raise NotFound(_("Unknown action “%(action)s”.") % {"action": action})
        dossier = _get(request, key)
        serializer = ActionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data
        try:
            dossier = perform(
                dossier,
                action,
                user=request.user,
                reason=body.get("reason", ""),
                expected_version=_expected_version(request, body),
                **serializer.payload(),
            )
        except StaleDossier as exc:
            raise Conflict(detail=str(exc)) from exc
        return _detail(request, dossier)


class DossierDraftView(APIView):
    @extend_schema(
        summary="Change an online draft",
        description="The applicant replaces what the draft (or a dossier the desk asked to "
        "complete before reception) says; then `submit` it through the actions. Procedure "
        "and channel stay.",
        request=DraftInput,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER)],
        responses={200: DossierDetailSerializer, **problem_response(409)},
    )
    def put(self, request, key: str):
        dossier = _get(request, key)
        serializer = DraftInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            dossier = perform(
                dossier,
                Action.EDIT_DRAFT,
                user=request.user,
                expected_version=_expected_version(request, serializer.validated_data),
                intake=serializer.to_intake(),
            )
        except StaleDossier as exc:
            raise Conflict(detail=str(exc)) from exc
        return _detail(request, dossier)


class DossierEventsView(APIView):
    @extend_schema(summary="The dossier's history", responses=EventSerializer(many=True))
    def get(self, request, key: str):
        dossier = _get(request, key)
        events = dossier.events.select_related("agency").order_by("seq")
        return Response(EventSerializer(events, many=True).data)


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG, PNG, TIFF, DOCX, XLSX or ODT; 20 MB.")
    kind = serializers.ChoiceField(AttachmentKind.choices, default=AttachmentKind.SUBMISSION)
    document = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Id of a received document."
    )
    digitised = serializers.BooleanField(
        default=False, help_text="A digitised copy of a paper original (số hóa)."
    )


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = [
            "id",
            "kind",
            "document",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "digitised",
            "uploaded_at",
        ]


class DossierAttachmentsView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(summary="Files of a dossier", responses=AttachmentSerializer(many=True))
    def get(self, request, key: str):
        dossier = _get(request, key)
        return Response(AttachmentSerializer(dossier.attachments.all(), many=True).data)

    @extend_schema(
        summary="Attach a file",
        description="The type and size are checked on the content, not the name.",
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentSerializer},
    )
    def post(self, request, key: str):
        dossier = _get(request, key)
        serializer = AttachmentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attachment = add_attachment(
            dossier,
            data["file"],
            user=request.user,
            kind=data["kind"],
            document=data.get("document"),
            digitised=data["digitised"],
        )
        return Response(AttachmentSerializer(attachment).data, status=http.HTTP_201_CREATED)


class AttachmentDownloadView(APIView):
    @extend_schema(
        summary="Download a file",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, key: str, pk: int):
        dossier = _get(request, key)
        attachment = dossier.attachments.filter(pk=pk).first()
        if attachment is None:
            raise NotFound(_("No such file in this dossier."))
        response = FileResponse(
            open_attachment(request.user, attachment),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class LookupThrottle(SimpleRateThrottle):
    """Lookups per client IP, signed in or not: the API and the public page `/tra-cuu/`
    share this class and so one budget per address (guessing secrets stays slow)."""

    scope = "lookup"
    rate = "30/minute"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LookupView(APIView):
    """Public: whoever holds the receipt (code + secret) sees the progress, nothing personal."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [LookupThrottle]

    @extend_schema(
        summary="Track a dossier with the code and secret printed on the receipt",
        parameters=[
            OpenApiParameter("code", str, required=True),
            OpenApiParameter("secret", str, required=True),
        ],
        responses={200: LookupSerializer},
    )
    def get(self, request):
        serializer = LookupInput(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        found = public.lookup_progress(
            serializer.validated_data["code"], serializer.validated_data["secret"]
        )
        if found is None:
            raise NotFound(_("No dossier with this code and secret."))
        return Response(LookupSerializer(found).data)


urlpatterns = [
    path("dossiers/", DossierListView.as_view(), name="dossier-list"),
    path("dossiers/<dossier:key>/", DossierDetailView.as_view(), name="dossier-detail"),
    path(
        "dossiers/<dossier:key>/actions/<str:action>/",
        DossierActionView.as_view(),
        name="dossier-action",
    ),
    path("dossiers/<dossier:key>/draft/", DossierDraftView.as_view(), name="dossier-draft"),
    path("dossiers/<dossier:key>/events/", DossierEventsView.as_view(), name="dossier-events"),
    path(
        "dossiers/<dossier:key>/attachments/",
        DossierAttachmentsView.as_view(),
        name="dossier-attachments",
    ),
    path(
        "dossiers/<dossier:key>/attachments/<int:pk>/",
        AttachmentDownloadView.as_view(),
        name="dossier-attachment",
    ),
    path("lookup/", LookupView.as_view(), name="dossier-lookup"),
]
