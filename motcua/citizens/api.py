"""REST API v1 of accounts: the signed-in user's own profile. Wired in motcua/api/v1.py.

Everything else an applicant does (create, edit the draft, submit, attach, answer a
supplement, withdraw) is the dossiers API.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.citizens.services import accounts
from motcua.dossiers.models import ApplicantKind


class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(max_length=255)
    email = serializers.CharField(max_length=254, allow_blank=True)
    phone = serializers.CharField(
        max_length=20, allow_blank=True, help_text="Vietnamese mobile number, stored as 0xxxxxxxxx."
    )
    kind = serializers.ChoiceField(ApplicantKind.choices)
    id_number = serializers.CharField(max_length=12, allow_blank=True)
    birth_date = serializers.DateField(allow_null=True)
    address = serializers.CharField(max_length=500, allow_blank=True)
    organisation_name = serializers.CharField(max_length=255, allow_blank=True)
    tax_code = serializers.CharField(max_length=14, allow_blank=True)
    is_staff = serializers.BooleanField(
        read_only=True, help_text="Staff of an agency (their home is the officers' workspace)."
    )


def _profile(user) -> dict:
    data = vars(accounts.details_of(user))
    data.update(username=user.get_username(), is_staff=accounts.is_staff_member(user))
    return data


class ProfileView(APIView):
    @extend_schema(
        summary="Your account details (the applicant of your online dossiers)",
        responses=ProfileSerializer,
    )
    def get(self, request):
        return Response(ProfileSerializer(_profile(request.user)).data)

    @extend_schema(
        summary="Change your account's details",
        description="Only the fields sent change. The password is changed on the web page.",
        request=ProfileSerializer(partial=True),
        responses=ProfileSerializer,
    )
    def patch(self, request):
        serializer = ProfileSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        current = accounts.details_of(request.user)
        details = accounts.details_from_mapping(serializer.validated_data, current)
        accounts.update_profile(request.user, details)
        return Response(ProfileSerializer(_profile(request.user)).data)


urlpatterns = [path("me/profile/", ProfileView.as_view(), name="me_profile")]
