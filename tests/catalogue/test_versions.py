import datetime

import pytest

from motcua.catalogue.models import Channel, ProcedureVersion
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.versions import compare_versions, version_in_force

pytestmark = pytest.mark.django_db
D = datetime.date


def test_compare_versions_lists_what_changed(record):
    rec = record("1.000419")
    import_records([rec], effective=D(2024, 1, 1))
    removed = rec["documents"].pop(0)["name"]
    rec["documents"].append({"name": "Giấy xác nhận mới", "originals": 1, "copies": 0})
    rec["processing"][0].update(amount=3, duration_text="3 WORKING_DAY")
    rec["fees"] = [{"channel": "Trực tiếp", "text": "", "amount_vnd": 8000, "processing_index": 0}]
    rec["name"] = "Đăng ký khai tử lưu động"
    import_records([{**rec, "valid_from": "2025-07-01"}])
    old, new = ProcedureVersion.objects.filter(procedure__code="1.000419").order_by("number")
    diff = compare_versions(old, new)
    assert [(c.key, c.old, c.new) for c in diff.changed_fields] == [
        ("name", "Thủ tục đăng ký khai tử lưu động", "Đăng ký khai tử lưu động")
    ]
    assert [(c.channel, c.old, c.new) for c in diff.processing] == [
        (Channel.COUNTER, "5 ngày làm việc", "3 ngày làm việc")
    ]
    assert diff.fees[0].channel == Channel.COUNTER and diff.fees[0].new == "8.000 đồng"
    assert diff.documents_added == ["Giấy xác nhận mới"]
    assert diff.documents_removed == [removed]
    assert compare_versions(new, new).is_empty


def test_version_in_force_by_code_or_procedure(record):
    import_records([record("1.000419")], effective=D(2024, 1, 1))
    v1 = ProcedureVersion.objects.get()
    assert version_in_force(v1.procedure, D(2024, 1, 1)) == v1
    assert version_in_force("1.000419", D(2023, 12, 31)) is None
    assert version_in_force("9.999999", D(2024, 1, 1)) is None
