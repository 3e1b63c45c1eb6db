"""Idempotency-Key: a retried creating request creates once and replays the stored response.

Exercised on a real creating endpoint (POST /api/v1/catalogue/import, decorated with
@idempotent) and, for the corners, on a small test view calling run_idempotent.
"""

import json
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from motcua.api import idempotency
from motcua.api.errors import (
    IDEMPOTENCY_KEY_IN_USE_PROBLEM,
    IDEMPOTENCY_KEY_REUSED_PROBLEM,
    PROBLEM_CONTENT_TYPE,
    VALIDATION_PROBLEM,
)
from motcua.api.idempotency import REPLAYED_HEADER, body_fingerprint, run_idempotent
from motcua.api.models import IdempotentRequest
from motcua.catalogue.models import ProcedureVersion

SAMPLE = Path(__file__).resolve().parents[1] / "catalogue" / "data" / "procedures_sample.json"
IMPORT = "/api/v1/catalogue/import"
CODE = "1.001193"


@pytest.fixture
def body():
    return [r for r in json.loads(SAMPLE.read_text(encoding="utf-8")) if r["code"] == CODE]


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-Test-2025")


@pytest.fixture
def api(root):
    client = APIClient()
    client.force_authenticate(root)
    return client


def post(api, body, key=None, url=IMPORT):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(url, body, format="json", **headers)


def versions():
    return ProcedureVersion.objects.filter(procedure__code=CODE).count()


# On the import endpoint ---------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_key_nothing_is_stored(api, body):
    assert post(api, body).status_code == 200
    assert post(api, body).data["unchanged"] == [CODE]  # ran twice
    assert not IdempotentRequest.objects.exists()


@pytest.mark.django_db
def test_a_retry_replays_the_stored_response_without_running_again(api, body, root):
    first = post(api, body, key="7d0c1f6e-0b1e-4c83-9a51-2f1a9f0c2b11")
    assert first.status_code == 200 and first.data["created"] == [CODE]
    assert REPLAYED_HEADER not in first

    retry = post(api, body, key="7d0c1f6e-0b1e-4c83-9a51-2f1a9f0c2b11")
    assert retry.status_code == 200 and retry[REPLAYED_HEADER] == "true"
    assert retry.json() == first.json()  # "created", not "unchanged": it did not run again
    assert versions() == 1

    stored = IdempotentRequest.objects.get()
    assert (stored.user, stored.method, stored.path) == (root, "POST", IMPORT)
    assert stored.response_status == 200 and stored.response_body == first.json()
    assert len(stored.body_sha256) == 64


@pytest.mark.django_db
def test_the_structured_field_form_of_the_key_is_the_same_key(api, body):
    post(api, body, key="abc-1")
    assert post(api, body, key='"abc-1"')[REPLAYED_HEADER] == "true"


@pytest.mark.django_db
def test_the_same_key_for_another_request_is_a_422_problem(api, body):
    post(api, body, key="k1")
    other_body = [{**body[0], "name": body[0]["name"] + " (sửa đổi)"}]
    for response in (
        post(api, other_body, key="k1"),
        post(api, body, key="k1", url=IMPORT + "?effective=2025-01-01"),
    ):
        assert response.status_code == 422
        assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
        assert response.json()["type"] == IDEMPOTENCY_KEY_REUSED_PROBLEM
    assert versions() == 1


@pytest.mark.django_db
def test_keys_belong_to_their_user(api, body, django_user_model):
    post(api, body, key="shared")
    other = APIClient()
    other.force_authenticate(django_user_model.objects.create_superuser("other", password="x"))
    response = post(other, body, key="shared")
    assert REPLAYED_HEADER not in response and response.data["unchanged"] == [CODE]
    assert IdempotentRequest.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "with space", "x" * 256, "khóa"])
def test_a_malformed_key_is_a_400_problem(api, body, key):
    response = post(api, body, key=key)
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == VALIDATION_PROBLEM and list(problem["errors"]) == ["Idempotency-Key"]
    assert versions() == 0


@pytest.mark.django_db
def test_a_failed_request_stores_nothing(api, body):
    assert post(api, body, key="k2", url=IMPORT + "?effective=soon").status_code == 400
    assert not IdempotentRequest.objects.exists() and versions() == 0


def test_the_import_operation_documents_the_key():
    spec = (Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text()
    operation = spec[spec.index("  /api/v1/catalogue/import:") : spec.index("  /api/v1/fields/:")]
    assert "name: Idempotency-Key" in operation and "Idempotent-Replayed:" in operation
    assert "'409':" in operation and "'422':" in operation


# run_idempotent on its own ------------------------------------------------------------------


class Create(APIView):
    """Creates "something" (counted), answering 201 with a Location."""

    permission_classes = [AllowAny]
    calls = 0

    def post(self, request):
        def create():
            Create.calls += 1
            if request.data.get("fail"):
                raise RuntimeError("crash after creating")
            return Response(
                {"id": Create.calls}, status=201, headers={"Location": f"/x/{Create.calls}/"}
            )

        return run_idempotent(request, create)


def call(user, data, key="k", content_type="application/json"):
    factory = APIRequestFactory()
    payload = json.dumps(data) if content_type == "application/json" else data
    request = factory.post("/x/", payload, content_type=content_type, HTTP_IDEMPOTENCY_KEY=key)
    force_authenticate(request, user=user)
    response = Create.as_view()(request)
    response.render()
    return response


@pytest.fixture
def calls():
    Create.calls = 0
    return Create


@pytest.mark.django_db
def test_status_and_location_are_replayed(root, calls):
    first = call(root, {"a": 1, "b": [1, 2]})
    again = call(root, {"b": [1, 2], "a": 1})  # same body, keys in another order
    assert calls.calls == 1
    assert first.status_code == again.status_code == 201
    assert again["Location"] == first["Location"] == "/x/1/"
    assert again.data == {"id": 1} and again[REPLAYED_HEADER] == "true"


@pytest.mark.django_db
def test_an_exception_rolls_back_the_stored_key(root, calls):
    factory = APIRequestFactory()
    request = factory.post("/x/", {"fail": True}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    force_authenticate(request, user=root)
    assert Create.as_view()(request).status_code == 500  # logged, answered as a problem
    assert not IdempotentRequest.objects.exists()
    assert call(root, {"fail": False}).status_code == 201  # the key is free again


@pytest.mark.django_db
def test_an_anonymous_key_is_ignored(calls):
    call(AnonymousUser(), {}), call(AnonymousUser(), {})
    assert calls.calls == 2 and not IdempotentRequest.objects.exists()


def test_multipart_bodies_compare_by_content_not_boundary():
    factory = APIRequestFactory()

    def fingerprint(boundary, content=b"%PDF-1.4 scan"):
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nresult\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = factory.post(
            "/x/", body, content_type=f"multipart/form-data; boundary={boundary}"
        )
        return body_fingerprint(APIView().initialize_request(request))

    assert fingerprint("AAA") == fingerprint("BBB") != fingerprint("AAA", b"%PDF-1.4 other")


# Two simultaneous requests with the same key (PostgreSQL) -----------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)


def simultaneously(user, body, n=2, key="same-key"):
    """Send n identical requests at once from n threads; their responses."""
    barrier = threading.Barrier(n)
    responses: list = [None] * n

    def send(i):
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait()
            responses[i] = post(client, body, key=key)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.fixture
def slow_import(monkeypatch):
    """The import holds its transaction open a while, so the requests really overlap."""
    from motcua.catalogue import api as catalogue_api

    real = catalogue_api.import_records
    runs = []

    def import_records(*args, **kwargs):
        report = real(*args, **kwargs)
        runs.append(1)
        time.sleep(1.0)
        return report

    monkeypatch.setattr(catalogue_api, "import_records", import_records)
    return runs


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_with_one_key_create_once(root, body, slow_import):
    responses = simultaneously(root, body)
    assert [r.status_code for r in responses] == [200, 200]
    assert len(slow_import) == 1 and versions() == 1
    assert sorted(r.get(REPLAYED_HEADER, "") for r in responses) == ["", "true"]
    assert responses[0].json() == responses[1].json()
    assert responses[0].json()["created"] == [CODE]
    assert IdempotentRequest.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_request_waiting_too_long_for_the_same_key_gets_409(root, body, slow_import, monkeypatch):
    monkeypatch.setattr(idempotency, "IN_PROGRESS_WAIT_SECONDS", 0.2)
    responses = simultaneously(root, body)
    assert sorted(r.status_code for r in responses) == [200, 409]
    in_progress = next(r for r in responses if r.status_code == 409).json()
    assert in_progress["type"] == IDEMPOTENCY_KEY_IN_USE_PROBLEM
    assert len(slow_import) == 1 and versions() == 1
    # Once the first one is done, a retry gets its stored response.
    client = APIClient()
    client.force_authenticate(root)
    assert post(client, body, key="same-key")[REPLAYED_HEADER] == "true"
