"""REST API v1: agencies in the caller's scope and the caller's own roles.

Wired in motcua/api/v1.py. Authenticated only; scoping comes from policy.py.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from motcua.agencies.models import Agency, Level
from motcua.agencies.policy import agencies_in_scope, roles_of
from motcua.core.converters import CodeConverter


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    merged_into = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    # Often empty: a plain string, as "" is no email address.
    email = serializers.CharField(read_only=True, help_text="Email address, or empty.")

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "level_display",
            "parent",
            "address",
            "phone",
            "email",
            "desk_name",
            "desk_address",
            "valid_from",
            "valid_to",
            "merged_into",
        ]
        read_only_fields = fields


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.CharField(help_text="Email address, or empty.")
    is_superuser = serializers.BooleanField()
    roles = RoleSerializer(many=True)


class PathPagination(CursorPagination):
    ordering = ("path",)


@extend_schema_view(
    list=extend_schema(
        summary="Agencies in the caller's scope",
        parameters=[
            OpenApiParameter("parent", OpenApiTypes.STR, description="code of the parent"),
            OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values),
        ],
    ),
    retrieve=extend_schema(summary="One agency by its identifier code"),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = PathPagination
    lookup_field = "code"
    lookup_value_regex = CodeConverter.regex

    def get_queryset(self):
        queryset = agencies_in_scope(self.request.user).select_related("parent", "merged_into")
        if self.action != "list":
            return queryset
        params = self.request.query_params
        level = params.get("level")
        if level:
            if level not in Level.values:
                raise ValidationError(
                    {
                        "level": _("Unknown level “%(level)s”; valid levels: %(levels)s.")
                        % {"level": level, "levels": ", ".join(Level.values)}
                    }
                )
            queryset = queryset.filter(level=level)
        parent = params.get("parent")
        if parent:
            queryset = queryset.filter(parent__code=parent.strip())
        return queryset


class MeView(APIView):
    """One object, not a list: an APIView, which drf-spectacular does not take for a list."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The caller and their roles", responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "username": user.get_username(),
            "full_name": user.get_full_name(),
            "email": user.email,
            "is_superuser": user.is_superuser,
            "roles": list(roles_of(user)),
        }
        return Response(MeSerializer(data).data)


router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")

urlpatterns = [*router.urls, path("me/", MeView.as_view(), name="me")]
