"""The report's page, downloads (CSV, Excel like the official form, PDF) and command
carry the same numbers as the API (domain.md §5; Biểu 06 style of Circular 01/2018)."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.reports.test_resolution import COMMUNE_A, TOTAL

pytestmark = pytest.mark.django_db

PAGE = "/bao-cao/ket-qua-giai-quyet/"
FORM = {
    "agency": "000.00.00.H51",
    "period": "range",
    "start": "2026-03-09",
    "end": "2026-03-13",
    "group_by": "agency",
}


def test_the_page_shows_the_form_table_with_links(scenario, overseer, client_for):
    response = client_for(overseer).get(PAGE, FORM)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Số hồ sơ nhận giải quyết", "Kỳ trước chuyển qua", "Trực tuyến", "Trước hạn"):
        assert text in html
    # "Dossiers to resolve" of commune A: 3 carried over + 6 received, a link to its list.
    link = "/bao-cao/ket-qua-giai-quyet/ho-so/?agency=000.00.00.H51&amp;from=2026-03-09"
    assert link in html
    assert ">9</a>" in html
    assert ">66,7<" in html or ">66.7<" in html


def test_the_drill_down_page_lists_the_dossiers(scenario, overseer, client_for):
    client = client_for(overseer)
    params = {
        "agency": "000.00.00.H51",
        "from": "2026-03-09",
        "to": "2026-03-13",
        "key": "000.00.70.H51",
        "column": "in_progress_overdue",
    }
    html = client.get(PAGE + "ho-so/", params).content.decode()
    for name in ("old_overdue", "late_apology", "overdue"):
        assert scenario.dossiers[name].code in html
    assert scenario.dossiers["apology"].code not in html
    assert client.get(PAGE + "ho-so/", {**params, "column": "x"}).status_code == 400
    assert client.get(PAGE + "ho-so/", {**params, "after": "abc"}).status_code == 400
    leader = client_for(scenario.world.users["other_leader"])
    assert leader.get(PAGE + "ho-so/", params).status_code == 404


def test_the_page_refuses_bad_input_and_other_agencies(scenario, overseer, client_for):
    client = client_for(overseer)
    assert client.get(PAGE, {**FORM, "end": "2026-03-01"}).status_code == 400
    assert client.get(PAGE, {**FORM, "period": "month", "number": "13"}).status_code == 400
    assert client_for(scenario.world.users["officer"]).get(PAGE).status_code == 403
    english = client.get("/en" + PAGE, FORM).content.decode()
    assert "Carried over from the previous period" in english


def test_month_quarter_year(scenario, overseer, client_for):
    client = client_for(overseer)
    for period, number in (("month", 3), ("quarter", 1), ("year", 1)):
        query = {**FORM, "period": period, "year": 2026, "number": number}
        assert client.get(PAGE, query).status_code == 200


def test_csv_download(scenario, overseer, client_for):
    response = client_for(overseer).get(PAGE, {**FORM, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    total = rows[-1]
    assert total["key"] == "total"
    assert {k: int(total[k]) for k in TOTAL if k not in ("key", "label", "on_time_rate")} == {
        k: v for k, v in TOTAL.items() if k not in ("key", "label", "on_time_rate")
    }
    assert float(total["on_time_rate"]) == 66.7


def test_excel_download_has_merged_headers_and_the_numbers(scenario, overseer, client_for):
    response = client_for(overseer).get(PAGE, {**FORM, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.merged_cells.ranges  # STT, the row label and the grouped headers
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    texts = {str(v) for row in values for v in row if v is not None}
    assert {"Số hồ sơ nhận giải quyết", "Kết quả giải quyết", "Trực tuyến"} <= texts
    commune = next(row for row in values if row[1] == "UBND xã A")
    # (3) to resolve, (4) carried over, (5) online, (6) counter and post, ...
    assert list(commune[2:8]) == [9, 3, 1, 5, 2, 1]
    total = next(row for row in values if row[1] == "Tổng cộng")
    assert total[-1] == 66.7


def test_pdf_download(scenario, overseer, client_for):
    response = client_for(overseer).get(PAGE, {**FORM, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert "UBND xã A 9 3 1 5 2 1 1 0 5 2 3 2 1 1 1 100,0" in text


def test_the_command(scenario, tmp_path, capsys):
    call_command(
        "report",
        "resolution",
        "--agency",
        "000.00.00.H51",
        "--from",
        "2026-03-09",
        "--to",
        "2026-03-13",
        "--format",
        "json",
    )
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == TOTAL
    assert next(r for r in data["rows"] if r["key"] == "000.00.70.H51") == COMMUNE_A
    target = tmp_path / "r.xlsx"
    call_command(
        "report",
        "resolution",
        "--agency",
        "000.00.00.H51",
        "--from",
        "2026-03-09",
        "--to",
        "2026-03-13",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    assert openpyxl.load_workbook(target).active.max_row > 8
    with pytest.raises(CommandError):
        call_command(
            "report",
            "resolution",
            "--agency",
            "000.00.00.H51",
            "--from",
            "2026-03-13",
            "--to",
            "2026-03-09",
        )
