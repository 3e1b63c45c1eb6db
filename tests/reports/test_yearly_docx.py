"""The yearly report as DOCX (issue 6 §3): the narrative of reports.yearly in A4 portrait,
the resolution table as a landscape appendix, from the page, the command and the API."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from motcua.agencies.models import Role, StaffRole
from motcua.reports import layout
from motcua.reports.docx import yearly_docx
from motcua.reports.exports import YEARLY_CONTENT_TYPES, yearly_heading, yearly_pdf
from motcua.reports.resolution import resolution
from motcua.reports.yearly import yearly_report
from tests.dossiers.forms.pdf import text as pdf_text
from tests.reports.test_yearly import _year

pytestmark = pytest.mark.django_db

END = datetime.date(2026, 12, 31)
DOCX = YEARLY_CONTENT_TYPES["docx"]
PAGE = "/bao-cao/bao-cao-nam/"
API = "/api/v1/reports/yearly/"


def _open(content: bytes):
    return Document(io.BytesIO(content))


def _mm(*lengths) -> tuple[int, ...]:
    return tuple(round(length.mm) for length in lengths)  # stored in twentieths of a point


def _number(text: str):
    """Back from the table's Vietnamese writing: 1.234 -> 1234, 66,7 -> 66.7, – -> None."""
    if text == "–":
        return None
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    return int(text.replace(".", ""))


@pytest.fixture
def province_year(scenario):
    """The hand-computed March 2026 scenario, reported on by the province for 2026."""
    return yearly_report(scenario.world.province, 2026, today=END)


def test_the_narrative_is_the_reports_in_the_administrative_format(world):
    """Decree 30/2020/NĐ-CP, Appendix I (format of administrative documents): A4, Times New
    Roman, body text 13-14 pt justified with an indented first line, 6 pt or more between
    paragraphs, line spacing from single to 1.5 lines."""
    _year(world)
    y = yearly_report(world.commune, 2026, today=END)
    doc = _open(yearly_docx(y))
    heading = yearly_heading(y)
    body = [p for p in doc.paragraphs if p.style.name == "Body Text"]
    assert [p.text for p in body] == [*y.paragraphs, heading.closing]
    style = doc.styles["Body Text"]
    fmt = style.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent == Cm(1.27)
    assert fmt.space_after >= Pt(6)
    assert 1 <= fmt.line_spacing <= 1.5
    # Every style inherits the font, its size and the language from the document defaults.
    defaults = doc.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    assert set(defaults.xpath("w:rFonts/@*")) == {"Times New Roman"}
    assert defaults.xpath("w:sz/@w:val") == ["28"]  # 14 pt
    assert defaults.xpath("w:lang/@w:val") == ["vi-VN"]
    texts = [p.text for p in doc.paragraphs]
    assert heading.title in texts and heading.subtitle in texts and heading.section in texts
    assert doc.core_properties.title == heading.title


def test_the_heading_block_is_a_borderless_two_column_table(world):
    y = yearly_report(world.commune, 2026, today=END)
    doc = _open(yearly_docx(y))
    block = doc.tables[0]
    assert len(block.columns) == 2 and len(block.rows) == 1
    assert block.style is None or block.style.name == "Normal Table"  # no borders
    assert not block._tbl.xpath(".//w:tcBorders | .//w:tblBorders")
    issuer, motto = ([p.text for p in cell.paragraphs] for cell in block.rows[0].cells)
    assert issuer[:2] == ["UBND TỈNH", "UBND XÃ A"] and issuer[-1].startswith("Số:")
    assert motto == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Xã A, ngày 31 tháng 12 năm 2026",
    ]
    assert motto[-1] == yearly_heading(y).place_date


def test_the_pdf_and_the_docx_say_the_same(world):
    """The strings of the PDF template come from exports.yearly_heading too: they agree."""
    _year(world)
    y = yearly_report(world.commune, 2026, today=END)
    heading = yearly_heading(y)
    pdf = pdf_text(yearly_pdf(y))
    for line in (heading.title, heading.subtitle, heading.section, heading.place_date):
        assert line in pdf
    assert heading.closing in pdf
    assert heading.appendix_title in pdf
    docx_text = [p.text for p in _open(yearly_docx(y)).paragraphs]
    assert heading.appendix_title in docx_text


def test_every_text_is_nfc(world):
    _year(world)
    doc = _open(yearly_docx(yearly_report(world.commune, 2026, today=END)))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    assert texts and all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_sections_portrait_then_landscape_appendix(province_year):
    doc = _open(yearly_docx(province_year))
    narrative, appendix = doc.sections
    assert narrative.orientation == WD_ORIENT.PORTRAIT
    assert _mm(narrative.page_width, narrative.page_height) == (210, 297)  # A4
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert _mm(appendix.page_width, appendix.page_height) == (297, 210)
    content = list(appendix.iter_inner_content())
    assert content[0].text.startswith("PHỤ LỤC")
    assert isinstance(content[2], Table)
    # Decree 30/2020: no page number on the first page, the others numbered at the top.
    assert narrative.different_first_page_header_footer
    assert narrative.header._element.xpath(".//w:fldSimple/@w:instr") == ["PAGE"]


def _appendix(doc) -> Table:
    return doc.tables[1]


def test_the_appendix_headers_are_merged_as_the_layout_tree(province_year):
    table = _appendix(_open(yearly_docx(province_year)))
    depth = layout.DEPTH
    with translation.override("vi"):
        cells = [
            (h.row, 2 + h.col, h.rowspan, h.colspan, str(h.label))
            for row in layout.header_cells()
            for h in row
        ]
    cells += [(0, 0, depth, 1, "STT"), (0, 1, depth, 1, "Đơn vị")]
    width = 2 + len(layout.leaves())
    assert len(table.columns) == width
    for top, left, rowspan, colspan, label in cells:
        merged = table.cell(top, left)
        assert merged.text == label
        covered = {(r, c) for r in range(top, top + rowspan) for c in range(left, left + colspan)}
        for r in range(depth):
            for c in range(width):
                same = table.cell(r, c)._tc is merged._tc
                assert same == ((r, c) in covered), (label, r, c)
    assert [c.text for c in table.rows[depth].cells] == [f"({i})" for i in range(1, width + 1)]
    # The header rows repeat on every page.
    assert all(row._tr.xpath("w:trPr/w:tblHeader") for row in table.rows[: depth + 1])


def test_one_row_per_unit_and_the_total_in_bold(province_year):
    table = _appendix(_open(yearly_docx(province_year)))
    report = resolution(province_year.agency, datetime.date(2026, 1, 1), END, "agency")
    body = table.rows[layout.DEPTH + 1 :]
    assert [row.cells[1].text for row in body[:-1]] == [r["label"] for r in report.rows]
    assert [row.cells[0].text for row in body[:-1]] == [
        str(i) for i in range(1, len(report.rows) + 1)
    ]
    total = body[-1].cells
    assert total[1].text == "Tổng cộng"
    assert [_number(c.text) for c in total[2:]] == [v for _k, v in layout.values(report.total)]
    assert report.total["received_total"] > 0  # the scenario's dossiers are there
    runs = [run for cell in total for p in cell.paragraphs for run in p.runs]
    assert runs and all(run.bold for run in runs)
    first_unit = [run for p in body[0].cells[2].paragraphs for run in p.runs]
    assert not any(run.bold for run in first_unit)


def _watcher(world, django_user_model, client):
    user = django_user_model.objects.create_user("watcher", password="pw-Test-2025")
    StaffRole.objects.create(user=user, agency=world.commune, role=Role.OVERSIGHT)
    client.force_login(user)
    return client


def test_the_page_gives_docx_and_refuses_a_bad_format(world, client, django_user_model):
    _year(world)
    client = _watcher(world, django_user_model, client)
    query = {"agency": world.commune.code, "year": "2026"}
    response = client.get(PAGE, {**query, "format": "docx"})
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert 'filename="bao-cao-nam-2026-000.00.70.H51.docx"' in response["Content-Disposition"]
    assert _open(response.content).sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert client.get(PAGE, query)["Content-Type"] == "application/pdf"  # the default
    bad = client.get(PAGE, {**query, "format": "odt"})
    assert bad.status_code == 400 and "pdf, docx" in bad.content.decode()
    assert "Hãy chọn định dạng" in bad.content.decode()
    english = client.get("/en" + PAGE, {**query, "format": "odt"})
    assert english.status_code == 400 and "Choose the format" in english.content.decode()
    assert client.get(PAGE, {**query, "year": "²⁰²⁶"}).status_code == 400  # not a 500
    other = {"agency": world.other.code, "year": "2026", "format": "docx"}
    assert client.get(PAGE, other).status_code == 404


def test_the_oversight_page_has_the_docx_button(scenario, overseer, client_for):
    form = {"agency": "000.00.00.H51", "period": "year", "year": 2026, "group_by": "agency"}
    html = client_for(overseer).get("/bao-cao/ket-qua-giai-quyet/", form).content.decode()
    assert "/bao-cao/bao-cao-nam/?agency=000.00.00.H51&amp;year=2026&amp;format=docx" in html
    assert "Báo cáo năm (DOCX)" in html


def test_the_command_writes_docx(world, tmp_path):
    out = tmp_path / "bao-cao-nam.docx"
    call_command(
        "report",
        "yearly",
        "--agency",
        world.commune.code,
        "--year",
        "2026",
        "--format",
        "docx",
        "-o",
        str(out),
    )
    doc = _open(out.read_bytes())
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    with pytest.raises(CommandError, match="-o"):
        call_command(
            "report", "yearly", "--agency", world.commune.code, "--year", "2026", "--format", "docx"
        )
    with pytest.raises(CommandError):
        call_command(
            "report", "yearly", "--agency", world.commune.code, "--year", "2026", "--format", "odt"
        )


def test_the_api(world, client, django_user_model):
    _year(world)
    client = _watcher(world, django_user_model, client)
    query = {"agency": world.commune.code, "year": "2026"}
    response = client.get(API, {**query, "format": "docx"})
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    body = [p.text for p in _open(response.content).paragraphs if p.style.name == "Body Text"]
    assert body[:-1] == yearly_report(world.commune, 2026).paragraphs
    # `format` names the file, not a DRF renderer; the default is PDF; no trailing slash too.
    assert client.get(API, {**query, "format": "pdf"})["Content-Type"] == "application/pdf"
    assert client.get(API.rstrip("/"), query)["Content-Type"] == "application/pdf"
    bad = client.get(API, {**query, "format": "odt"})
    assert bad.status_code == 400 and "format" in bad.json()["errors"]
    assert bad["Content-Type"].startswith("application/problem+json")
    for year in ("abc", "1899", "²⁰²⁶", ""):
        answer = client.get(API, {**query, "year": year})
        assert answer.status_code == 400 and "year" in answer.json()["errors"], year
    assert client.get(API, {"year": "2026"}).status_code == 400  # no agency
    hidden = client.get(API, {"agency": world.other.code, "year": "2026", "format": "docx"})
    assert hidden.status_code == 404
    assert client.get(API, {"agency": "nope", "year": "2026"}).status_code == 400
    client.logout()
    assert client.get(API, {**query, "format": "docx"}).status_code == 401
