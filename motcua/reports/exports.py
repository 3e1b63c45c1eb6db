"""The report as CSV, Excel (laid out like the official form, merged headers) and PDF
(A4 landscape through printing.render_pdf). Vietnamese, whatever the request's language,
like every printed form; the CSV keeps the API's keys as its header (for machines)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import xlsxwriter
from django.utils import translation

from motcua.dossiers.forms import place_of
from motcua.printing.dates import vn_date
from motcua.printing.render import render_pdf, render_pdf_parts
from motcua.reports import layout
from motcua.reports.resolution import KEYS, LEVEL_LABELS, Report

if TYPE_CHECKING:
    from motcua.reports.yearly import YearlyReport

FORMATS = ("csv", "xlsx", "pdf", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}
GROUP_TITLES = {
    "agency": "Đơn vị",
    "level": "Cấp",
    "field": "Lĩnh vực",
    "procedure": "Thủ tục hành chính",
}


def filename(report: Report, fmt: str) -> str:
    return (
        f"bao-cao-giai-quyet-{report.agency.code}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
        f"-{report.group_by}.{fmt}"
    )


def title() -> str:
    return "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"


def period_text(report: Report) -> str:
    return f"Kỳ báo cáo: từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}"


def _rows(report: Report) -> list[dict]:
    with translation.override("vi"):
        rows = [dict(row) for row in report.rows]
        if report.group_by == "level":
            for row in rows:
                row["label"] = str(LEVEL_LABELS.get(row["key"], row["label"]))
        total = {**report.total, "label": "Tổng cộng"}
    return [*rows, total]


def to_json(report: Report) -> bytes:
    data = {"rows": report.rows, "total": report.total}
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def to_csv(report: Report) -> bytes:
    """UTF-8 with BOM (Excel opens it with the accents); one line per row, then the total."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(KEYS)
    for row in _rows(report):
        writer.writerow(["" if row[k] is None else row[k] for k in KEYS])
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Bieu 06")
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter"})
    head = book.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    cell = book.add_format({"border": 1})
    label = book.add_format({"border": 1, "text_wrap": True})
    total = book.add_format({"border": 1, "bold": True})
    leaves = layout.leaves()
    width = 2 + len(leaves)
    with translation.override("vi"):
        sheet.merge_range(0, 0, 0, width - 1, title(), bold)
        sheet.merge_range(1, 0, 1, width - 1, f"{report.agency.name} ({report.agency.code})", bold)
        sheet.merge_range(2, 0, 2, width - 1, period_text(report), bold)
        top = 4
        sheet.merge_range(top, 0, top + layout.DEPTH - 1, 0, "STT", head)
        sheet.merge_range(top, 1, top + layout.DEPTH - 1, 1, GROUP_TITLES[report.group_by], head)
        for header_row in layout.header_cells():
            for h in header_row:
                first_row, first_col = top + h.row, 2 + h.col
                last_row, last_col = first_row + h.rowspan - 1, first_col + h.colspan - 1
                if (first_row, first_col) == (last_row, last_col):
                    sheet.write(first_row, first_col, str(h.label), head)
                else:
                    sheet.merge_range(first_row, first_col, last_row, last_col, str(h.label), head)
        # The column numbers line of the official forms: (1) (2) (3) ...
        numbers = top + layout.DEPTH
        for col in range(width):
            sheet.write(numbers, col, f"({col + 1})", head)
    line = numbers + 1
    rows = _rows(report)
    for index, row in enumerate(rows):
        is_total = index == len(rows) - 1
        fmt = total if is_total else cell
        sheet.write(line, 0, "" if is_total else index + 1, fmt)
        sheet.write(line, 1, row["label"], total if is_total else label)
        for col, (_key, value) in enumerate(layout.values(row)):
            sheet.write(line, 2 + col, "" if value is None else value, fmt)
        line += 1
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, width - 1, 11)
    sheet.set_row(top + 2, 45)
    sheet.freeze_panes(numbers + 1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


def pdf_context(report: Report) -> dict:
    parent = report.agency.parent.name if report.agency.parent_id else ""
    rows = _rows(report)
    return {
        "title": title(),
        "subtitle": period_text(report),
        "agency_parent": parent,
        "agency_name": report.agency.name,
        "group_title": GROUP_TITLES[report.group_by],
        "header_rows": layout.header_cells(),
        "depth": layout.DEPTH,
        "numbers": range(1, 3 + len(layout.leaves())),
        "rows": [
            {"number": i + 1, "label": r["label"], "values": [v for _k, v in layout.values(r)]}
            for i, r in enumerate(rows[:-1])
        ],
        "total": {"label": rows[-1]["label"], "values": [v for _k, v in layout.values(rows[-1])]},
    }


# The yearly report's files (the page, the API and `motcua report yearly`).
YEARLY_FORMATS = ("pdf", "docx")
YEARLY_CONTENT_TYPES = {
    "pdf": CONTENT_TYPES["pdf"],
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
BLANK = "………"  # a value the document leaves to be filled in by hand


@dataclass(frozen=True)
class YearlyHeading:
    """What the yearly report prints around its narrative, shared by the PDF and the DOCX
    (reports.docx) so that the two say the same."""

    title: str
    subtitle: str
    agency_parent: str  # "" for a root agency
    agency_name: str
    place: str  # "" when the agency's name does not say it (a blank on paper)
    issued_on: datetime.date
    year: int
    section: str
    closing: str
    appendix_title: str

    @property
    def place_date(self) -> str:
        """'Xã A, ngày 31 tháng 12 năm 2026', as base_form.html's date line."""
        return f"{self.place or BLANK}, {vn_date(self.issued_on)}"


def yearly_heading(y: YearlyReport) -> YearlyHeading:
    """The heading block, titles and appendix title of a reports.yearly.YearlyReport."""
    return YearlyHeading(
        title=f"BÁO CÁO CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM {y.year}",
        subtitle=f"(Số liệu tính đến {vn_date(y.as_of)})",
        agency_parent=y.agency.parent.name if y.agency.parent_id else "",
        agency_name=y.agency.name,
        place=place_of(y.agency),
        issued_on=y.as_of,
        year=y.year,
        # As reports/yearly_pdf.html prints them.
        section=f"I. TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH NĂM {y.year}",
        closing="(Chi tiết tại Phụ lục: Tình hình, kết quả giải quyết thủ tục hành chính theo "
        "từng đơn vị.)",
        appendix_title=f"PHỤ LỤC: {title()}",
    )


def yearly_filename(y: YearlyReport, fmt: str) -> str:
    return f"bao-cao-nam-{y.year}-{y.agency.code}.{fmt}"


def yearly_pdf(y: YearlyReport) -> bytes:
    """The yearly report (reports.yearly.YearlyReport): the narrative in A4 portrait, the
    resolution table of the year as its landscape appendix."""
    heading = yearly_heading(y)
    narrative = {
        "title": heading.title,
        "subtitle": heading.subtitle,
        "agency_parent": heading.agency_parent,
        "agency_name": heading.agency_name,
        "issued_on": heading.issued_on,
        "place": heading.place,
        "year": heading.year,
        "section": heading.section,
        "closing": heading.closing,
        "paragraphs": y.paragraphs,
    }
    appendix = pdf_context(y.report)
    appendix["title"] = heading.appendix_title
    return render_pdf_parts(
        [
            ("reports/yearly_pdf.html", narrative, "A4", False),
            ("reports/resolution_pdf.html", appendix, "A4", True),
        ]
    )


def yearly_document(y: YearlyReport, fmt: str) -> bytes:
    """The yearly report as `fmt` (one of YEARLY_FORMATS)."""
    if fmt == "docx":
        from motcua.reports.docx import yearly_docx  # it imports this module

        return yearly_docx(y)
    return yearly_pdf(y)


def to_pdf(report: Report) -> bytes:
    return render_pdf("reports/resolution_pdf.html", pdf_context(report), page="A4", landscape=True)


def render(report: Report, fmt: str) -> bytes:
    return {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf, "json": to_json}[fmt](report)
