"""REST API v1 of ratings and feedback; wired in motcua/api/v1.py. Thin: parse, call
services.py, render. Dossiers are looked up inside `visible_dossiers(user)` (404 otherwise)."""

from __future__ import annotations

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.agencies.services import agency_by_code
from motcua.api.schema import problem_response
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.services import queries
from motcua.ratings import services
from motcua.ratings.criteria import BY_KEY, CRITERIA
from motcua.ratings.models import Feedback, FeedbackKind, FeedbackStatus


def _scores(criterion) -> str:
    """'2 = Earlier than the appointment, 1 = …', translated when read (labels are lazy:
    the schema is written in English whatever language the process started in)."""
    pattern = ", ".join(f"{score} = {{}}" for score, _label in criterion.choices)
    return format_lazy(pattern, *(label for _score, label in criterion.choices))


_SCORE_HELP = format_lazy(
    "; ".join(f"{c.key} ({c.source}): {{}}" for c in CRITERIA),
    *(_scores(c) for c in CRITERIA),
)


def _score(key: str) -> serializers.IntegerField:
    return serializers.IntegerField(source=BY_KEY[key].field, help_text=BY_KEY[key].question)


def _answer(key: str) -> serializers.IntegerField:
    """The score of the chosen answer; services.rate checks it is one of the criterion's."""
    criterion = BY_KEY[key]
    return serializers.IntegerField(
        min_value=0,
        max_value=2,
        help_text=format_lazy(
            "{} {} ({})", criterion.question, _scores(criterion), criterion.source
        ),
    )


class RatingSerializer(serializers.Serializer):
    dossier = serializers.CharField(source="dossier.key")
    agency = serializers.CharField(source="agency.code")
    desk = serializers.CharField(source="desk.code")
    rated_at = serializers.DateTimeField()
    time = _score("time")
    contacts = _score("contacts")
    bodies = _score("bodies")
    attitude = _score("attitude")
    information = _score("information")
    costs = _score("costs")
    comment = serializers.CharField()


class RatingInput(serializers.Serializer):
    """One score per criterion of ratings.criteria.CRITERIA (a test checks they agree)."""

    time = _answer("time")
    contacts = _answer("contacts")
    bodies = _answer("bodies")
    attitude = _answer("attitude")
    information = _answer("information")
    costs = _answer("costs")
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=services.COMMENT_MAX
    )


class RatingResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="False: the dossier was already rated.")
    detail = serializers.CharField()
    rating = RatingSerializer()


def _dossier(request, key: str) -> Dossier:
    qs = visible_dossiers(request.user).select_related("agency", "desk")
    dossier = queries.by_key(qs, key)
    if dossier is None:
        raise NotFound(_("No dossier %(key)s that you may see.") % {"key": key})
    return dossier


class DossierRatingView(APIView):
    @extend_schema(
        summary="The applicant's rating of a dossier",
        responses={200: RatingSerializer, **problem_response(404)},
    )
    def get(self, request, key: str):
        dossier = _dossier(request, key)
        rating = services.rating_of(dossier)
        if rating is None:
            raise NotFound(_("This dossier has not been rated."))
        return Response(RatingSerializer(rating).data)

    @extend_schema(
        summary="Rate the service for your dossier once it is closed (once)",
        description=format_lazy(
            "The applicant who owns the dossier rates it after the result is returned "
            "(or the dossier is otherwise closed), once: a second rating changes nothing and "
            "answers 200 with `created: false` and the first rating. Scores per criterion "
            "(ND 61/2018 art. 31; TT 01/2018 art. 13): {}.",
            _SCORE_HELP,
        ),
        request=RatingInput,
        responses={201: RatingResultSerializer, 200: RatingResultSerializer},
    )
    def post(self, request, key: str):
        dossier = _dossier(request, key)
        services.check_rateable(request.user, dossier)
        serializer = RatingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        comment = data.pop("comment", "")
        result = services.rate(request.user, dossier, data, comment)
        detail = (
            _("Thank you: your rating has been recorded.")
            if result.created
            else _("This dossier had already been rated; nothing was changed.")
        )
        body = {"created": result.created, "detail": detail, "rating": result.rating}
        return Response(RatingResultSerializer(body).data, status=201 if result.created else 200)


class FeedbackSerializer(serializers.ModelSerializer):
    dossier = serializers.CharField(source="dossier.key", allow_null=True, default=None)
    agency = serializers.CharField(source="agency.code")
    desk = serializers.CharField(source="desk.code", allow_null=True, default=None)
    mine = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            "id",
            "kind",
            "about_conduct",
            "text",
            "dossier",
            "agency",
            "desk",
            "created_at",
            "status",
            "answer",
            "answered_at",
            "mine",
        ]

    def get_mine(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and obj.author_id == request.user.pk)


class FeedbackInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FeedbackKind.values)
    text = serializers.CharField(max_length=services.TEXT_MAX)
    about_conduct = serializers.BooleanField(default=False)
    dossier = serializers.CharField(
        required=False, allow_blank=True, help_text="Code of one of your dossiers."
    )
    agency = serializers.CharField(
        required=False, allow_blank=True, help_text="Agency code, when not about a dossier."
    )


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=services.TEXT_MAX)


class FeedbackPagination(CursorPagination):
    """Keyset pages (no COUNT), newest first."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _feedback_qs(request):
    return services.visible_feedback(request.user).select_related("agency", "desk", "dossier")


class FeedbackListView(APIView):
    pagination_class = FeedbackPagination

    @extend_schema(
        summary="Your feedback, and the feedback about the agencies you work for",
        responses=FeedbackSerializer(many=True),
    )
    def get(self, request):
        qs = _feedback_qs(request)
        status = request.query_params.get("status")
        if status in FeedbackStatus.values:
            qs = qs.filter(status=status)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = FeedbackSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Send a report, recommendation or complaint about your dossier or an agency",
        request=FeedbackInput,
        responses={201: FeedbackSerializer},
    )
    def post(self, request):
        serializer = FeedbackInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        dossier = None
        if data.get("dossier"):
            dossier = services.own_dossier(request.user, data["dossier"])
            if dossier is None:
                raise NotFound(_("No dossier %(key)s of yours.") % {"key": data["dossier"]})
        agency = agency_by_code(data["agency"]) if data.get("agency") and not dossier else None
        feedback = services.send_feedback(
            request.user,
            kind=data["kind"],
            text=data["text"],
            dossier=dossier,
            agency=agency,
            about_conduct=data["about_conduct"],
        )
        return Response(FeedbackSerializer(feedback, context={"request": request}).data, status=201)


def _feedback(request, pk: int) -> Feedback:
    feedback = _feedback_qs(request).filter(pk=pk).first()
    if feedback is None:
        raise NotFound(_("No such feedback that you may see."))
    return feedback


class FeedbackDetailView(APIView):
    @extend_schema(summary="One feedback and its answer", responses=FeedbackSerializer)
    def get(self, request, pk: int):
        return Response(
            FeedbackSerializer(_feedback(request, pk), context={"request": request}).data
        )


class FeedbackAnswerView(APIView):
    @extend_schema(
        summary="Answer feedback about your agency (officers and leaders; once)",
        request=AnswerInput,
        responses={200: FeedbackSerializer},
    )
    def post(self, request, pk: int):
        feedback = _feedback(request, pk)
        serializer = AnswerInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.answer_feedback(
            request.user, feedback, serializer.validated_data["answer"]
        )
        return Response(FeedbackSerializer(feedback, context={"request": request}).data)


urlpatterns = [
    path("dossiers/<dossier:key>/rating/", DossierRatingView.as_view(), name="dossier-rating"),
    path("feedback/", FeedbackListView.as_view(), name="feedback-list"),
    path("feedback/<int:pk>/", FeedbackDetailView.as_view(), name="feedback-detail"),
    path("feedback/<int:pk>/answer/", FeedbackAnswerView.as_view(), name="feedback-answer"),
]
