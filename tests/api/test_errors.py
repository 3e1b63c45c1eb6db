"""Every API error is an RFC 9457 problem (application/problem+json) in the caller's language."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import include, path
from django.utils import translation
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from motcua.api.errors import (
    ABOUT_BLANK,
    CONFLICT_PROBLEM,
    PROBLEM_CONTENT_TYPE,
    VALIDATION_PROBLEM,
    Conflict,
    exception_handler,
    field_errors,
)

BAD_DUE = {"start": "2025-04-25T16:20", "duration": "0.3", "unit": "working_days"}


def handle(error):
    return exception_handler(error, {"request": APIRequestFactory().get("/")})


def assert_problem(response, status, type_=ABOUT_BLANK):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["type"] == type_ and body["status"] == status
    assert body["title"] and body["detail"]
    return body


# The handler on its own -------------------------------------------------------------------


def test_domain_validation_error_becomes_a_400_validation_problem():
    response = handle(ValidationError("Tổng thời gian không khớp"))
    assert response.status_code == 400
    assert response.data["type"] == VALIDATION_PROBLEM
    assert response.data["detail"] == "Tổng thời gian không khớp"
    assert response.data["errors"] == {"non_field_errors": ["Tổng thời gian không khớp"]}


def test_field_validation_errors_keep_their_fields():
    error = ValidationError({"code": ["Mã không hợp lệ"], "__all__": ["Trùng mã"]})
    response = handle(error)
    assert response.status_code == 400
    assert response.data["errors"] == {
        "code": ["Mã không hợp lệ"],
        "non_field_errors": ["Trùng mã"],
    }
    assert response.data["detail"] == "Trùng mã"


def test_field_only_errors_name_the_fields_in_the_detail():
    with translation.override("en"):
        response = handle(exceptions.ValidationError({"code": ["bad"], "name": ["empty"]}))
    assert response.data["detail"] == "Some fields are invalid: code, name."


def test_nested_errors_are_flattened_with_dots():
    detail = {
        "fees": [{}, {"amount": ["too big"]}],
        "tags": {0: ["not a string"]},
        "non_field_errors": ["inconsistent"],
    }
    assert field_errors(detail) == {
        "fees.1.amount": ["too big"],
        "tags.0": ["not a string"],
        "non_field_errors": ["inconsistent"],
    }
    assert field_errors(["a", "b"]) == {"non_field_errors": ["a", "b"]}


def test_conflict_is_a_409_problem_in_the_callers_language():
    with translation.override("vi"):
        vi = handle(Conflict())
    with translation.override("en"):
        en = handle(Conflict())
    assert vi.status_code == en.status_code == 409
    assert vi.data["type"] == en.data["type"] == CONFLICT_PROBLEM
    assert "reload" in en.data["detail"].lower()
    assert vi.data["detail"] != en.data["detail"] and vi.data["title"] != en.data["title"]
    assert handle(Conflict("Hồ sơ đã được cập nhật.")).data["detail"] == "Hồ sơ đã được cập nhật."


def test_throttling_is_a_429_problem_with_retry_after():
    with translation.override("vi"):
        response = handle(exceptions.Throttled(wait=3))
    assert response.status_code == 429 and response["Retry-After"] == "3"
    assert response.data["type"] == ABOUT_BLANK
    assert response.data["title"] == "Quá nhiều yêu cầu"
    assert "3" in response.data["detail"] and "throttled" not in response.data["detail"]


# Through the whole stack (middleware, language, rendering) --------------------------------


class Boom(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("a bug")

    def post(self, request):
        raise Conflict()


urlpatterns = [
    path("api/test/boom/", Boom.as_view()),
    path("api/", include("motcua.api.urls")),
]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", password="pw-Test-2025")


@pytest.mark.django_db
def test_validation_problem_follows_accept_language(api):
    vi = assert_problem(api.get("/api/v1/calendar/due/", BAD_DUE), 400, VALIDATION_PROBLEM)
    en = api.get("/api/v1/calendar/due/", BAD_DUE, HTTP_ACCEPT_LANGUAGE="en").json()
    assert set(vi["errors"]) == set(en["errors"]) == {"duration"}
    assert vi["detail"] != en["detail"] and vi["title"] != en["title"]
    assert en["title"] == "Invalid data"


@pytest.mark.django_db
def test_missing_credentials_are_401_with_a_challenge(api):
    vi = api.get("/api/v1/me/")
    body = assert_problem(vi, 401)
    assert vi["WWW-Authenticate"] == "Token"
    assert body["title"] == "Chưa xác thực"
    assert "credentials" not in body["detail"]  # DRF's English text, translated here
    en = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["detail"] == "Authentication credentials were not provided."


@pytest.mark.django_db
def test_a_bad_token_is_401_even_on_public_reads(api):
    response = api.get("/api/v1/fields/", HTTP_AUTHORIZATION="Token nope")
    assert_problem(response, 401)


@pytest.mark.django_db
def test_forbidden_is_a_403_problem(api, django_user_model):
    api.force_authenticate(django_user_model.objects.create_user("clerk", password="x"))
    body = assert_problem(api.post("/api/v1/catalogue/import", [], format="json"), 403)
    assert body["title"] == "Không có quyền"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/procedures/9.999999/",  # the view's own NotFound
        "/api/v1/procedures/%00/",  # no URL pattern matches
        "/api/v2/procedures/",  # unknown version
        "/api/nothing-here",
    ],
)
def test_not_found_is_a_404_problem_not_an_html_page(api, url):
    body = assert_problem(api.get(url), 404)
    assert body["title"] == "Không tìm thấy"


@pytest.mark.django_db
def test_an_unknown_object_is_not_found_in_the_callers_language(api, root):
    api.force_authenticate(root)
    body = assert_problem(api.get("/api/v1/agencies/000.00.99.H51/"), 404)
    assert body["detail"] == "Không tìm thấy."  # not "No Agency matches the given query."


@pytest.mark.django_db
def test_a_missing_trailing_slash_still_redirects(api):
    response = api.get("/api/v1/fields?x=1")
    assert response.status_code == 301 and response["Location"] == "/api/v1/fields/?x=1"


@pytest.mark.django_db
def test_method_not_allowed_is_a_405_problem(api):
    response = api.delete("/api/v1/fields/")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_not_acceptable_is_a_406_problem_in_json(api):
    assert_problem(api.get("/api/v1/fields/", HTTP_ACCEPT="application/xml"), 406)


@pytest.mark.django_db
def test_unsupported_media_type_and_malformed_json(api, root):
    api.force_authenticate(root)
    url = "/api/v1/catalogue/import"
    assert_problem(api.post(url, "<x/>", content_type="application/xml"), 415)
    malformed = assert_problem(api.post(url, "[{", content_type="application/json"), 400)
    assert malformed["type"] == ABOUT_BLANK


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_conflict_raised_by_a_view(api):
    body = assert_problem(
        api.post("/api/test/boom/", HTTP_ACCEPT_LANGUAGE="en"), 409, CONFLICT_PROBLEM
    )
    assert body["title"] == "Edit conflict"


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_unexpected_exception_is_a_logged_500_problem(caplog):
    client = APIClient(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/test/boom/")
    body = assert_problem(response, 500)
    assert "a bug" not in body["detail"]  # no internals leak to the client
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1 and records[0].exc_info[0] is RuntimeError


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_the_test_client_still_raises_unexpected_exceptions(api):
    with pytest.raises(RuntimeError, match="a bug"):
        api.get("/api/test/boom/")
