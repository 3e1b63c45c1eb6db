import datetime
import unicodedata
from decimal import Decimal

import pytest

from motcua.catalogue.models import (
    Channel,
    Decision,
    Procedure,
    ProcedureVersion,
    ProcessingTime,
)
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.versions import version_in_force
from motcua.worktime.units import DurationUnit
from tests.catalogue.helpers import vietnamese

pytestmark = pytest.mark.django_db
D = datetime.date


def test_real_records_are_imported_as_version_1(records):
    report = import_records(records, source="procedures.json")
    assert report.ok and sorted(report.created) == sorted(r["code"] for r in records)
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert (birth.number, birth.change_kind, birth.valid_from) == (1, "new", None)
    assert birth.name == "Thủ tục đăng ký khai sinh" and birth.field.name == "Hộ tịch"
    assert birth.at_commune and not (birth.at_province or birth.at_ministry or birth.at_other)
    assert birth.decision.number == "163/QĐ-BTP"
    assert "dang ky khai sinh" in birth.search_text and "ho tich" in birth.search_text
    assert birth.provenance["imported_from"] == "procedures.json"
    assert (
        birth.provenance["sources"][0]["repo"] == "hdtruong802/Vietnam-AI-Innovation-Challenge-2026"
    )
    times = list(birth.processing_times.all())
    # OTHER keeps the amount and the verbatim text but has no unit
    assert [(t.channel, t.amount, t.unit, t.text) for t in times] == [
        (Channel.ONLINE, Decimal("1"), "", "1 OTHER"),
        (Channel.POSTAL, Decimal("1"), "", "1 OTHER"),
        (Channel.COUNTER, Decimal("1"), "", "1 OTHER"),
    ]
    fees = list(birth.fees.all())
    assert [f.processing_id for f in fees] == [t.pk for t in times]
    docs = list(birth.documents.all())
    assert len(docs) == 33 and docs[0].group == "* Giấy tờ phải nộp:"
    assert docs[0].name.startswith("- Trường hợp trẻ em bị bỏ rơi") and docs[0].originals == 1


def test_units_map_to_duration_units(records):
    import_records(records)

    def counter(code):
        return ProcessingTime.objects.filter(version__procedure__code=code).first()

    assert (counter("1.000419").amount, counter("1.000419").unit) == (5, DurationUnit.WORKING_DAYS)
    hours = counter("1.004946")
    assert (hours.amount, hours.unit, hours.text) == (12, DurationUnit.HOURS, "12 HOUR")
    bare = counter("1.000280")  # "OTHER" without an amount: nothing invented
    assert (bare.amount, bare.unit, bare.text) == (None, "", "OTHER")
    assert bare.note.startswith("02 tháng và 15 ngày làm việc")


def test_discrepancies_and_disputes_are_kept(records):
    import_records(records)
    visa = version_in_force("1.000931")
    assert visa.provenance["discrepancies"][0]["field"] == "fees[Trực tiếp #1]"
    assert [f.disputed for f in visa.fees.all()] == [True]
    military = version_in_force("1.013133")
    assert any(t.disputed for t in military.processing_times.all())
    assert military.provenance["discrepancies"]


def test_identical_reimport_changes_nothing(records):
    import_records(records)
    report = import_records(records)
    assert report.ok and report.created == [] and report.amended == []
    assert sorted(report.unchanged) == sorted(r["code"] for r in records)
    assert ProcedureVersion.objects.count() == len(records)


def test_text_is_nfc_normalised(record):
    rec = record("1.000419")
    rec["name"] = unicodedata.normalize("NFD", rec["name"])
    import_records([rec])
    assert version_in_force("1.000419").name == unicodedata.normalize("NFC", rec["name"])
    assert import_records([rec]).unchanged == ["1.000419"]


def test_changed_content_becomes_a_new_version(record):
    rec = record("1.000419")
    import_records([rec], effective=D(2024, 1, 1))
    rec["processing"][0].update(amount=3, duration_text="3 WORKING_DAY")
    rec["valid_from"], rec["decision"], rec["decision_date"] = (
        "2025-07-01",
        "99/QĐ-BTP",
        "2025-06-20",
    )
    report = import_records([rec])
    assert report.amended == ["1.000419"]
    v1, v2 = ProcedureVersion.objects.filter(procedure__code="1.000419").order_by("number")
    assert (v1.valid_from, v1.valid_to) == (D(2024, 1, 1), D(2025, 6, 30))
    assert (v2.number, v2.change_kind, v2.valid_from, v2.valid_to) == (
        2,
        "amended",
        D(2025, 7, 1),
        None,
    )
    assert Decision.objects.get(number="99/QĐ-BTP").issued_on == D(2025, 6, 20)
    assert version_in_force("1.000419", D(2025, 6, 30)) == v1
    assert version_in_force("1.000419", D(2025, 7, 1)) == v2
    # the old version's record, re-imported with its date, is history: nothing changes
    old = record("1.000419")
    old["valid_from"] = "2024-01-01"
    assert import_records([old]).unchanged == ["1.000419"]


def test_change_without_a_date_takes_effect_today(record):
    rec = record("1.000419")
    import_records([rec])
    rec["name"] += " (sửa đổi)"
    import_records([rec])
    latest = ProcedureVersion.objects.get(procedure__code="1.000419", number=2)
    assert latest.valid_from == datetime.date.today()


def test_change_dated_before_the_current_version_is_refused(record):
    rec = record("1.000419")
    import_records([rec], effective=D(2025, 7, 1))
    rec["name"] += " (sửa đổi)"
    report = import_records([rec], effective=D(2025, 1, 1))
    assert not report.ok and report.errors[0].code == "1.000419"
    assert "01/01/2025" in str(report.errors[0]) and "01/07/2025" in str(report.errors[0])
    assert ProcedureVersion.objects.filter(procedure__code="1.000419").count() == 1


def test_abolition_closes_the_procedure(record):
    import_records([record("1.000419")], effective=D(2024, 1, 1))
    abolish = {
        "code": "1.000419",
        "change_kind": "abolished",
        "valid_from": "2026-01-01",
        "decision": "5/QĐ-BTP",
    }
    assert import_records([abolish]).abolished == ["1.000419"]
    assert version_in_force("1.000419", D(2025, 12, 31)).number == 1
    assert version_in_force("1.000419", D(2026, 1, 1)) is None
    closing = ProcedureVersion.objects.get(procedure__code="1.000419", number=2)
    assert closing.change_kind == "abolished" and closing.decision.number == "5/QĐ-BTP"
    assert closing.name == record("1.000419")["name"]
    assert import_records([abolish]).unchanged == ["1.000419"]


def test_abolishing_an_unknown_procedure_is_an_error():
    report = import_records([{"code": "9.999999", "change_kind": "abolished"}])
    assert report.errors[0].code == "9.999999" and vietnamese(report.errors[0].messages[0])
    assert not Procedure.objects.exists()


def test_new_for_an_existing_code_is_refused(record):
    import_records([record("1.000419")])
    rec = record("1.000419")
    rec["name"], rec["change_kind"] = "Khác", "new"
    report = import_records([rec])
    assert report.errors[0].code == "1.000419" and vietnamese(report.errors[0].messages[0])
    assert ProcedureVersion.objects.filter(procedure__code="1.000419").count() == 1


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"name": None}, ""),
        ({"levels": ["Cấp Thôn"]}, "Cấp Thôn"),
        ({"valid_from": "31/02/2025"}, "31/02/2025"),
        ({"change_kind": "renamed"}, "renamed"),
        ({"code": "1 001"}, "1 001"),
    ],
)
def test_invalid_records_are_reported_and_skipped(record, change, expected):
    bad = {**record("1.000419"), **change}
    report = import_records([bad, record("1.001193")])
    assert report.created == ["1.001193"]
    assert len(report.errors) == 1 and report.errors[0].index == 0
    assert expected in str(report.errors[0]) and vietnamese(str(report.errors[0]))
    assert not Procedure.objects.filter(code="1.000419").exists()


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda r: r["processing"][0].update(channel="Fax"), "Fax"),
        (lambda r: r["processing"][0].update(unit_code="WEEK"), "WEEK"),
        (lambda r: r["processing"][0].update(amount=-1), "-1"),
        (lambda r: r["fees"][0].update(processing_index=7), "processing_index 7"),
        (lambda r: r["documents"][0].update(originals="two"), "two"),
        (lambda r: r["documents"][0].update(name=""), "1"),
    ],
)
def test_invalid_nested_values_name_the_entry(record, mutate, expected):
    bad = record("1.001193")
    mutate(bad)
    report = import_records([bad])
    assert report.errors and report.errors[0].code == "1.001193"
    assert expected in str(report.errors[0]) and vietnamese(str(report.errors[0]))
    assert not ProcedureVersion.objects.exists()


def test_conflicting_decision_date_is_refused(record):
    first = {**record("1.000419"), "decision_date": "2025-01-02"}
    import_records([first])
    second = {**record("1.001193"), "decision_date": "2025-03-04"}  # same 163/QĐ-BTP
    report = import_records([second])
    assert "163/QĐ-BTP" in str(report.errors[0]) and "02/01/2025" in str(report.errors[0])
    assert not Procedure.objects.filter(code="1.001193").exists()


def test_non_object_record_is_reported():
    report = import_records(["not a record"])
    assert report.errors[0].index == 0 and vietnamese(str(report.errors[0]))
