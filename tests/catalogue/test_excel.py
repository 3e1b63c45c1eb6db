import datetime
from decimal import Decimal

import pytest
import xlsxwriter

from motcua.catalogue.models import Channel, Procedure
from motcua.catalogue.services.excel import import_workbook
from motcua.catalogue.services.versions import version_in_force
from motcua.worktime.units import DurationUnit
from tests.catalogue.helpers import vietnamese

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã thủ tục",
    "name",
    "Lĩnh vực",
    "levels",
    "decision",
    "ngay hieu luc",
    "counter_time",
    "counter_unit",
    "online_time",
    "online_unit",
    "Phí, lệ phí trực tiếp",
    "documents",
    "legal_basis",
    "applicants",
    "performing_agency",
]
GOOD = [
    "1.000419",
    "Thủ tục đăng ký khai tử lưu động",
    "Hộ tịch",
    "Cấp Xã; Cấp Tỉnh",
    "163/QĐ-BTP",
    datetime.datetime(2025, 7, 1),
    5,
    "Ngày làm việc",
    3.5,
    "WORKING_DAY",
    15000,
    "* Giấy tờ phải nộp:\nTờ khai đăng ký khai tử|1|0|TK-01.docx\nGiấy báo tử|1|1",
    "60/2014/QH13|Luật Hộ tịch\n123/2015/NĐ-CP",
    "Công dân Việt Nam\nNgười nước ngoài",
    "UBND cấp xã",
]


def _workbook(path, rows, headers=HEADERS):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("TTHC")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, header in enumerate(headers):
        sheet.write(0, col, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(r, c, value, date_format)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return path


def test_rows_become_versions(tmp_path):
    report = import_workbook(_workbook(tmp_path / "a.xlsx", [GOOD]), source="a.xlsx")
    assert report.ok and report.created == ["1.000419"]
    version = version_in_force("1.000419", datetime.date(2025, 7, 1))
    assert version.valid_from == datetime.date(2025, 7, 1)
    assert version.at_commune and version.at_province
    times = [(t.channel, t.amount, t.unit) for t in version.processing_times.all()]
    assert times == [
        (Channel.COUNTER, Decimal("5"), DurationUnit.WORKING_DAYS),
        (Channel.ONLINE, Decimal("3.5"), DurationUnit.WORKING_DAYS),
    ]
    fee = version.fees.get()
    assert (fee.channel, fee.amount_vnd, fee.processing.channel) == (1, 15000, Channel.COUNTER)
    docs = [
        (d.group, d.name, d.originals, d.copies, d.template_name) for d in version.documents.all()
    ]
    assert docs == [
        ("* Giấy tờ phải nộp:", "Tờ khai đăng ký khai tử", 1, 0, "TK-01.docx"),
        ("* Giấy tờ phải nộp:", "Giấy báo tử", 1, 1, ""),
    ]
    assert version.legal_basis == [
        {"number": "60/2014/QH13", "title": "Luật Hộ tịch"},
        {"number": "123/2015/NĐ-CP", "title": None},
    ]
    assert version.applicants == ["Công dân Việt Nam", "Người nước ngoài"]
    assert version.agencies == {"performing": "UBND cấp xã"}
    assert version.provenance["imported_from"] == "a.xlsx"
    again = import_workbook(_workbook(tmp_path / "b.xlsx", [GOOD]))
    assert again.unchanged == ["1.000419"]


def test_errors_name_the_sheet_row(tmp_path):
    bad_docs = [*GOOD[:11], "Tờ khai|một|0", *GOOD[12:]]
    bad_docs[0] = "1.000420"
    no_name = ["1.000421", None, *GOOD[2:]]
    blank = [None] * len(GOOD)
    other = ["1.000422", "Thủ tục khác", *GOOD[2:]]
    path = _workbook(tmp_path / "c.xlsx", [bad_docs, blank, no_name, other])
    report = import_workbook(path)
    assert report.created == ["1.000422"]
    assert [(e.row, e.code) for e in report.errors] == [(2, "1.000420"), (4, "1.000421")]
    assert str(report.errors[0]).startswith(str(report.errors[0]).split(" ")[0])
    assert "Tờ khai|một|0" in str(report.errors[0]) and vietnamese(str(report.errors[1]))
    assert "4" in str(report.errors[1])
    assert list(Procedure.objects.values_list("code", flat=True)) == ["1.000422"]


def test_unknown_or_missing_columns_import_nothing(tmp_path):
    headers = [*HEADERS[:3], "cap"]  # "levels" misspelt
    report = import_workbook(_workbook(tmp_path / "d.xlsx", [GOOD[:4]], headers=headers))
    assert report.errors[0].row == 1
    assert "cap" in str(report.errors[0]) and "levels" in str(report.errors[0])
    assert not Procedure.objects.exists()


def test_not_a_workbook(tmp_path):
    path = tmp_path / "e.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    report = import_workbook(path)
    assert not report.ok and vietnamese(str(report.errors[0]))
    assert not Procedure.objects.exists()
