"""The yearly report as DOCX (issue 6 §3), for the agencies that edit it before signing.

Same content as the PDF (reports.exports.yearly_pdf), laid out the way Decree 30/2020/NĐ-CP
(Appendix I, on the format of administrative documents) asks of a report:

- A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman
  (a Unicode font of TCVN 6909:2001), the text in 14 pt;
- the heading block as a two-column borderless table: on the left the parent body (13 pt,
  upper case), the issuing body (13 pt, upper case, bold) with a short rule under it and the
  number line; on the right the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" 13 pt
  bold, "Độc lập - Tự do - Hạnh phúc" 14 pt bold with a rule under it) and the place and
  date line (14 pt italic);
- the title centred, upper case, bold; the narrative justified, first line indented 1.27 cm,
  6 pt between paragraphs, line spacing 1.2 (between single and 1.5 lines);
- page numbers centred in the top margin from the second page on;
- the appendix ("PHỤ LỤC") in a landscape A4 section: the resolution table with the form's
  merged headers (reports.layout, as in the Excel file), the column numbers line, one row
  per unit and the total row in bold; the header rows repeat on every page.

The narrative paragraphs have the "Body Text" style (the closing line too), so that an
editor can restyle them at once. All text is Unicode NFC, in Vietnamese whatever the
request's language, like every printed form.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import translation
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from motcua.core.text import nfc
from motcua.reports import layout
from motcua.reports.exports import BLANK, YearlyHeading, pdf_context, yearly_heading
from motcua.reports.yearly import YearlyReport, n

FONT = "Times New Roman"
TEXT_PT = 14
HEADING_PT = 13  # the issuing body and the national name
TABLE_PT = 10
TABLE_HEADER_PT = 9
NARRATIVE_STYLE = "Body Text"
A4 = (Mm(210), Mm(297))
PORTRAIT_MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
LANDSCAPE_MARGINS = {"top": Mm(20), "bottom": Mm(15), "left": Mm(20), "right": Mm(15)}
# The heading block's columns (165 mm of text width) and the appendix's (262 mm).
ISSUER_WIDTH, MOTTO_WIDTH = Mm(60), Mm(105)
RULE_INDENT = Mm(18)  # the rules under the issuing body (about a third) and the slogan
NUMBER_WIDTH, LABEL_WIDTH, FIGURE_WIDTH = Mm(10), Mm(44), Mm(13)
CELL_PADDING = Mm(1)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def yearly_docx(y: YearlyReport) -> bytes:
    """The yearly report (reports.yearly.YearlyReport) as a Word document."""
    heading = yearly_heading(y)
    with translation.override("vi"):  # the layout's header labels are lazy translations
        appendix = pdf_context(y.report)
        header_rows = [
            [(cell, nfc(str(cell.label))) for cell in row] for row in appendix["header_rows"]
        ]
    doc = Document()
    _defaults(doc)
    _properties(doc, heading)
    first = doc.sections[0]
    _page(first, landscape=False)
    _page_numbers(first)
    _heading_block(doc, heading)
    _para(doc, heading.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=Pt(12))
    _para(doc, heading.subtitle, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(12))
    section = _para(doc, heading.section, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    section.paragraph_format.first_line_indent = Cm(1.27)
    section.paragraph_format.space_after = Pt(6)
    section.paragraph_format.keep_with_next = True
    for text in [*y.paragraphs, heading.closing]:
        doc.add_paragraph(nfc(text), style=NARRATIVE_STYLE)

    annex = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(annex, landscape=True)
    annex.different_first_page_header_footer = False  # numbered on, from the first page
    _para(doc, heading.appendix_title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, appendix["subtitle"], italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(6))
    _appendix_table(doc, appendix, header_rows)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- document-wide settings --------------------------------------------------------------


def _defaults(doc: DocxDocument) -> None:
    """Times New Roman 14 pt, Vietnamese, single spacing for every style (docDefaults);
    the narrative's paragraph style."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(TEXT_PT * 2))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")  # single
    spacing.set(qn("w:lineRule"), "auto")

    body = doc.styles[NARRATIVE_STYLE].paragraph_format
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.first_line_indent = Cm(1.27)
    body.space_before = Pt(0)
    body.space_after = Pt(6)
    body.line_spacing = 1.2
    body.widow_control = True


def _properties(doc: DocxDocument, heading: YearlyHeading) -> None:
    props = doc.core_properties
    props.title = nfc(heading.title)
    props.author = props.last_modified_by = nfc(heading.agency_name)
    props.comments = ""
    props.language = "vi-VN"
    props.subject = nfc(heading.section)


def _page(section: Section, landscape: bool) -> None:
    width, height = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        margins = LANDSCAPE_MARGINS
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        margins = PORTRAIT_MARGINS
    section.top_margin, section.bottom_margin = margins["top"], margins["bottom"]
    section.left_margin, section.right_margin = margins["left"], margins["right"]
    section.header_distance = Mm(10)


def _page_numbers(section: Section) -> None:
    """The page number centred in the header, none on the first page (Decree 30/2020)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty first-page header
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# --- paragraphs and cells ----------------------------------------------------------------


def _run(paragraph: Paragraph, text: str, *, bold=False, italic=False, size: int | None = None):
    run = paragraph.add_run(nfc(text))
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    return run


def _format(
    paragraph: Paragraph,
    align=None,
    before: Length | None = None,
    after: Length | None = None,
) -> Paragraph:
    if align is not None:
        paragraph.alignment = align
    if before is not None:
        paragraph.paragraph_format.space_before = before
    if after is not None:
        paragraph.paragraph_format.space_after = after
    return paragraph


def _para(container, text: str, *, bold=False, italic=False, size=None, **fmt) -> Paragraph:
    paragraph = _format(container.add_paragraph(), **fmt)
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _rule(paragraph: Paragraph, indent: Length, space: int = 1) -> None:
    """A line under the paragraph, shortened by `indent` on each side: the short rules of
    the heading block (an underline would cover the dots of "ự" and "ạ")."""
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    borders = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), "6")  # eighths of a point
    line.set(qn("w:space"), str(space))  # points between the line and the text
    line.set(qn("w:color"), "000000")
    borders.append(line)
    ppr = paragraph._p.get_or_add_pPr()
    # pBdr comes after keepNext/keepLines/pageBreakBefore/framePr/widowControl/numPr/suppress
    # and before shd/tabs/spacing/ind/jc in CT_PPr's sequence.
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )


def _cell_paragraph(cell: _Cell) -> Paragraph:
    return cell.paragraphs[0]


def _no_spacing(paragraph: Paragraph) -> Paragraph:
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _heading_block(doc: DocxDocument, heading: YearlyHeading) -> None:
    """Issuing body | national motto, then the place and date line (base_form.html)."""
    table = doc.add_table(rows=1, cols=2)  # the default table style has no borders
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    issuer, motto = table.rows[0].cells
    for column, cell, width in ((0, issuer, ISSUER_WIDTH), (1, motto, MOTTO_WIDTH)):
        table.columns[column].width = width
        cell.width = width
    center = WD_ALIGN_PARAGRAPH.CENTER

    first = _cell_paragraph(issuer)
    _format(first, align=center)
    if heading.agency_parent:
        _run(first, heading.agency_parent.upper(), size=HEADING_PT)
        name = _format(issuer.add_paragraph(), align=center)
    else:
        name = first
    _run(name, heading.agency_name.upper(), bold=True, size=HEADING_PT)
    rule = _format(issuer.add_paragraph(), align=center)
    rule.paragraph_format.line_spacing = Pt(3)  # exactly: a rule, not a blank line
    _rule(rule, RULE_INDENT, space=0)
    _para(issuer, f"Số: {BLANK}", size=HEADING_PT, align=center, before=Pt(4))

    nation = _format(_cell_paragraph(motto), align=center)
    _run(nation, NATION, bold=True, size=HEADING_PT)
    slogan = _para(motto, SLOGAN, bold=True, align=center)
    _rule(slogan, RULE_INDENT)
    _para(motto, heading.place_date, italic=True, align=center, before=Pt(8))


def _number(value: Any) -> str:
    """A table cell: 16.103; a rate with one decimal (89,7); – for no value."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return n(Decimal(value) if isinstance(value, Decimal) else int(value))


def _fill(
    cell: _Cell, text: str, *, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=TABLE_PT
) -> None:
    paragraph = _no_spacing(_cell_paragraph(cell))
    paragraph.alignment = align
    _run(paragraph, text, bold=bold, size=size)


def _cell_padding(table: Table, padding: Length) -> None:
    """Narrow left and right cell margins: sixteen figure columns on a landscape page."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(int(padding.twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _repeat_as_header(table: Table, count: int) -> None:
    """The first `count` rows repeat at the top of every page and are never split."""
    for row in table.rows[:count]:
        trpr = row._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader"):
            element = OxmlElement(tag)
            trpr.append(element)


def _appendix_table(doc: DocxDocument, appendix: dict, header_rows: list) -> None:
    """The resolution table (Biểu 06 style): the headers merged as reports.layout's tree."""
    depth = layout.DEPTH
    figures = len(appendix["numbers"]) - 2
    table = doc.add_table(rows=depth + 1, cols=2 + figures)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_padding(table, CELL_PADDING)
    widths = [NUMBER_WIDTH, LABEL_WIDTH] + [FIGURE_WIDTH] * figures
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid; rows added later take their cells' widths from it
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # before merging: a merged cell's width is the sum

    # Merge first (python-docx joins the merged cells' paragraphs), then write.
    cells = [
        (0, 0, depth, 1, "STT"),
        (0, 1, depth, 1, appendix["group_title"]),
        *(
            (h.row, 2 + h.col, h.rowspan, h.colspan, label)
            for row in header_rows
            for h, label in row
        ),
    ]
    for top, left, rowspan, colspan, _label in cells:
        if rowspan > 1 or colspan > 1:
            table.cell(top, left).merge(table.cell(top + rowspan - 1, left + colspan - 1))
    for top, left, _rowspan, _colspan, label in cells:
        cell = table.cell(top, left)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _fill(cell, label, bold=True, size=TABLE_HEADER_PT)
    for column, number in enumerate(appendix["numbers"]):
        _fill(table.cell(depth, column), f"({number})", bold=True, size=TABLE_HEADER_PT)
    _repeat_as_header(table, depth + 1)

    right, left = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    lines = [(str(r["number"]), r["label"], r["values"], False) for r in appendix["rows"]]
    total = appendix["total"]
    lines.append(("", total["label"], total["values"], True))
    for number, label, values, bold in lines:
        row = table.add_row()
        row_cells = row.cells
        _fill(row_cells[0], number, bold=bold)
        _fill(row_cells[1], label, bold=bold, align=left)
        for cell, value in zip(row_cells[2:], values, strict=True):
            _fill(cell, _number(value), bold=bold, align=right)
