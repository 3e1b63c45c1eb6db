"""The AutoSchema documents problem responses and the Idempotency-Key by itself."""

from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from motcua.api.errors import PROBLEM_CONTENT_TYPE
from motcua.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent, run_idempotent
from motcua.api.schema import problem_response


class ThingSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class Public(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(responses=ThingSerializer)
    def get(self, request):
        return Response({"id": 1})


class Things(APIView):
    @extend_schema(request=ThingSerializer, responses={201: ThingSerializer})
    @idempotent
    def post(self, request):
        return Response({"id": 1}, status=201)

    @extend_schema(
        request=ThingSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={200: ThingSerializer, **problem_response(409)},
    )
    def put(self, request):
        return run_idempotent(request, lambda: Response({"id": 1}))


def operations():
    patterns = [path("public/", Public.as_view()), path("things/", Things.as_view())]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert "Problem" in schema["components"]["schemas"]
    return {
        (method.upper(), url): operation
        for url, item in schema["paths"].items()
        for method, operation in item.items()
    }


def problem_codes(operation):
    return sorted(
        int(code)
        for code, response in operation["responses"].items()
        if PROBLEM_CONTENT_TYPE in response.get("content", {})
    )


def test_public_views_without_authentication_have_no_401_or_403_but_throttled_429():
    operation = operations()["GET", "/public/"]
    assert problem_codes(operation) == [400, 404, 429]
    assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_an_idempotent_method_gets_the_header_409_422_and_the_replay_header():
    operation = operations()["POST", "/things/"]
    assert problem_codes(operation) == [400, 401, 403, 404, 409, 422]
    [header] = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header" and header["schema"]["maxLength"] == 255
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]


def test_an_explicit_problem_response_is_kept():
    operation = operations()["PUT", "/things/"]
    assert problem_codes(operation) == [400, 401, 403, 404, 409, 422]
    assert "edit conflict" in operation["responses"]["409"]["description"]
    assert "Idempotent-Replayed" in operation["responses"]["200"]["headers"]
