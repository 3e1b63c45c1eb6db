"""Schemathesis: generated requests for every operation of docs/openapi.yaml.

The checked-in description is the contract: each operation is called in-process through the
WSGI application, anonymously and as a superuser (DRF token), with valid and invalid inputs.
No response may be a server error, and each must be documented (status code, content type,
body schema, headers). Run alone with `pytest -m schemathesis`.
"""

import datetime
import json
import os
from pathlib import Path

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from motcua.agencies.models import Level
from motcua.agencies.services import create_agency
from motcua.catalogue.services.importer import import_records

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "catalogue" / "data" / "procedures_sample.json"

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

schema = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.yaml")
# Explicit examples and Hypothesis fuzzing (max_examples below). The coverage phase (boundary
# values of every parameter, several hundred requests per operation) is for a deeper run:
# MOTCUA_SCHEMATHESIS_COVERAGE=1 pytest -m schemathesis.
schema.config.phases.update(
    phases=["examples", "fuzzing"]
    + (["coverage"] if os.environ.get("MOTCUA_SCHEMATHESIS_COVERAGE") == "1" else [])
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
BUDGET = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def app(db):
    """The real WSGI application, inside the test's transaction.

    Django closes "old" connections around each request; here the connection is the test's
    own, inside its transaction, so that is switched off as Django's test client does.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """Something to find, created once for the module and rolled back at its end: the
    sample catalogue, a small agency tree and a superuser's token."""
    with django_db_blocker.unblock(), transaction.atomic():
        province = create_agency(code="000.00.00.H51", name="UBND tỉnh", level=Level.PROVINCE)
        create_agency(code="000.00.70.H51", name="UBND xã A", level=Level.COMMUNE, parent=province)
        import_records(
            json.loads(SAMPLE.read_text(encoding="utf-8")), effective=datetime.date(2024, 1, 1)
        )
        root = get_user_model().objects.create_superuser("root", password="pw-Test-2025")
        yield {"token": Token.objects.create(user=root).key}
        transaction.set_rollback(True)


@schema.parametrize()
@BUDGET
def test_anonymous(case, app, data):
    response = case.call(app=app)
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@BUDGET
def test_as_superuser(case, app, data):
    response = case.call(app=app, headers={"Authorization": f"Token {data['token']}"})
    case.validate_response(response, checks=CHECKS)
