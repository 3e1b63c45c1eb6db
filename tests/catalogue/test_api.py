import datetime

import pytest
from rest_framework.test import APIClient

from motcua.agencies.policy import grant_role
from motcua.catalogue.models import Procedure
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.processes import assign_procedure

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def loaded(records):
    import_records(records, effective=datetime.date(2024, 1, 1))
    return records


def test_anonymous_search_is_paginated(client, loaded):
    response = client.get(f"{API}/procedures/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert response.data["count"] == 1
    row = response.data["results"][0]
    assert (row["code"], row["field"], row["levels"]) == ("1.001193", "Hộ tịch", ["commune"])
    page = client.get(f"{API}/procedures/", {"page_size": 3}).data
    assert page["count"] == len(loaded) and len(page["results"]) == 3 and page["next"]
    assert [
        r["code"] for r in client.get(f"{API}/procedures/", {"level": "province"}).data["results"]
    ] == ["1.000931"]


def test_search_by_agency_and_date(client, loaded, agencies):
    assign_procedure(agencies["A"], Procedure.objects.get(code="1.000419"))
    data = client.get(f"{API}/procedures/", {"agency": "000.00.70.H51"}).data
    assert [r["code"] for r in data["results"]] == ["1.000419"]
    assert client.get(f"{API}/procedures/", {"on": "2023-12-31"}).data["count"] == 0


@pytest.mark.parametrize(
    "params", [{"level": "village"}, {"on": "31/31/2025"}, {"agency": "nope"}, {"field": "x"}]
)
def test_bad_filters_are_400(client, loaded, params):
    response = client.get(f"{API}/procedures/", params)
    assert response.status_code == 400 and response.data


def test_detail_by_national_code(client, loaded):
    response = client.get(f"{API}/procedures/1.000931/")
    assert response.status_code == 200
    data = response.data
    assert data["code"] == "1.000931" and data["number"] == 1
    assert data["processing_times"][0]["amount"] == "5.00"
    assert data["processing_times"][0]["unit"] == "working_days"
    assert data["fees"][0]["disputed"] is True
    assert len(data["documents"]) == 3 and data["legal_basis"]
    assert client.get(f"{API}/procedures/9.999999/").status_code == 404
    assert client.get(f"{API}/procedures/1.000931/", {"on": "2023-01-01"}).status_code == 404


def test_versions_and_fields(client, loaded, record):
    rec = record("1.000419")
    rec["name"] += " (sửa đổi)"
    import_records([{**rec, "valid_from": "2025-07-01"}])
    versions = client.get(f"{API}/procedures/1.000419/versions/").data
    assert [(v["number"], v["valid_to"]) for v in versions] == [(1, "2025-06-30"), (2, None)]
    assert client.get(f"{API}/procedures/9.999999/versions/").status_code == 404
    fields = client.get(f"{API}/fields/").data
    assert "Hộ tịch" in [f["name"] for f in fields]


def test_export_endpoint(client, loaded):
    data = client.get(f"{API}/catalogue/export").json()
    assert [r["code"] for r in data] == sorted(r["code"] for r in loaded)
    assert data[0]["version"] == 1 and "sources" in data[0]


def test_import_requires_an_administrator(client, loaded, record, agencies, django_user_model):
    body = [{**record("1.000419"), "name": "Đăng ký khai tử lưu động", "valid_from": "2025-07-01"}]
    assert client.post(f"{API}/catalogue/import", body, format="json").status_code in (401, 403)
    officer = django_user_model.objects.create_user("officer", password="pw-Test-2025")
    grant_role(officer, agencies["A"], "officer")
    client.force_authenticate(officer)
    assert client.post(f"{API}/catalogue/import", body, format="json").status_code == 403
    admin = django_user_model.objects.create_user("admin", password="pw-Test-2025")
    grant_role(admin, agencies["A"], "administrator")
    client.force_authenticate(admin)
    response = client.post(f"{API}/catalogue/import", body, format="json")
    assert response.status_code == 200 and response.data["amended"] == ["1.000419"]
    assert Procedure.objects.get(code="1.000419").versions.count() == 2


def test_import_errors_are_400_with_messages(client, record, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="pw-Test-2025")
    client.force_authenticate(root)
    body = [{**record("1.000419"), "levels": ["Cấp Thôn"]}, record("1.001193")]
    response = client.post(f"{API}/catalogue/import", body, format="json")
    assert response.status_code == 400
    assert response.data["created"] == ["1.001193"]
    error = response.data["errors"][0]
    assert (error["index"], error["code"]) == (0, "1.000419") and "Cấp Thôn" in error["messages"][0]
    assert client.post(f"{API}/catalogue/import", {"code": "x"}, format="json").status_code == 400
    bad_date = client.post(f"{API}/catalogue/import?effective=soon", [], format="json")
    assert bad_date.status_code == 400
