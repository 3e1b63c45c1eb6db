import datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.catalogue.models import AgencyProcedure, Field, Procedure
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.processes import assign_procedure, unassign_procedure
from motcua.catalogue.services.search import build_search_text, search_versions

pytestmark = pytest.mark.django_db
D = datetime.date


def codes(versions):
    return [v.procedure.code for v in versions]


def test_folded_search_ignores_accents_and_case(records):
    import_records(records)
    assert codes(search_versions("dang ky khai sinh")) == ["1.001193"]
    assert codes(search_versions("Đăng ký KHAI SINH")) == ["1.001193"]
    assert codes(search_versions("ĐĂNG KÝ")) == [
        "1.000419",
        "1.000894",
        "1.001193",
        "1.010040",
        "1.013133",
    ]
    assert codes(search_versions("khai   sinh  dang")) == ["1.001193"]
    assert codes(search_versions("1.001193")) == ["1.001193"]
    assert codes(search_versions("ho tich")) == ["1.000419", "1.000894", "1.001193"]
    assert codes(search_versions("khai sinh xuat canh")) == []
    assert len(search_versions("")) == len(records)
    assert codes(search_versions("100%")) == []  # LIKE wildcards are literal


def test_search_text_is_the_folded_code_name_and_field():
    assert build_search_text("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch") == (
        "1.001193 thu tuc dang ky khai sinh ho tich"
    )


def test_filters_by_field_and_level(records):
    import_records(records)
    civil = Field.objects.get(name="Hộ tịch")
    assert codes(search_versions(field=civil)) == ["1.000419", "1.000894", "1.001193"]
    assert codes(search_versions("khai", field=civil.pk)) == ["1.000419", "1.001193"]
    assert codes(search_versions(level="province")) == ["1.000931"]
    assert "1.000931" not in codes(search_versions(level="commune"))
    with pytest.raises(ValidationError):
        search_versions(level="village")
    with pytest.raises(ValidationError):
        search_versions(field="Không có")


def test_only_versions_in_force_on_the_date(record):
    rec = record("1.001193")
    import_records([rec], effective=D(2024, 1, 1))
    rec["name"] = "Đăng ký khai sinh (mới)"
    import_records([{**rec, "valid_from": "2025-07-01"}])
    import_records([{"code": "1.001193", "change_kind": "abolished", "valid_from": "2026-01-01"}])
    assert codes(search_versions("khai sinh", on=D(2023, 12, 31))) == []
    assert [v.number for v in search_versions("khai sinh", on=D(2025, 6, 30))] == [1]
    assert [v.number for v in search_versions("khai sinh moi", on=D(2025, 7, 1))] == [2]
    assert codes(search_versions("khai sinh", on=D(2026, 1, 1))) == []


def test_agency_filter_uses_assignments_valid_on_the_date(records, agencies):
    import_records(records)
    birth, death = Procedure.objects.get(code="1.001193"), Procedure.objects.get(code="1.000419")
    assign_procedure(agencies["A"], birth, valid_from=D(2025, 1, 1))
    assign_procedure(agencies["A"], death)
    unassign_procedure(agencies["A"], death, valid_to=D(2025, 3, 31))
    assign_procedure(agencies["B"], death)
    assert codes(search_versions(agency=agencies["A"], on=D(2025, 2, 1))) == [
        "1.000419",
        "1.001193",
    ]
    assert codes(search_versions(agency="000.00.70.H51", on=D(2025, 4, 1))) == ["1.001193"]
    assert codes(search_versions(agency=agencies["A"], on=D(2024, 12, 31))) == ["1.000419"]
    assert AgencyProcedure.objects.filter(agency=agencies["A"]).count() == 2
    with pytest.raises(ValidationError):
        search_versions(agency="999.99.99.X00")


def test_no_query_per_row(records, django_assert_max_num_queries):
    import_records(records)
    with django_assert_max_num_queries(2):
        rows = [
            (
                v.procedure.code,
                v.field.name,
                v.decision.number,
                [t.amount for t in v.processing_times.all()],
            )
            for v in search_versions()
        ]
    assert len(rows) == len(records)
