"""Fixtures and PDF readers for the printing tests (templates under tests/printing/templates)."""

import io
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LOOKUP_URL = "http://127.0.0.1:8000/tra-cuu/000.00.15.H51-240315-0001"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture(autouse=True)
def test_templates(settings):
    """Make tests/printing/templates visible to the template loader."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    ]


@pytest.fixture
def receipt_context() -> dict:
    """A receipt (Mẫu 01) whose every Vietnamese string is decomposed (NFD)."""
    return {
        "form_number": "01",
        "agency_parent": nfd("Ủy ban nhân dân phường Sài Gòn"),
        "agency_name": nfd("Bộ phận Một cửa"),
        "document_number": "000.00.15.H51-240315-0001",
        "place": nfd("Phường Sài Gòn"),
        "issued_on": datetime(2024, 3, 15, 2, 30, tzinfo=UTC),
        "title": nfd("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "applicant": nfd("Nguyễn Thị Ánh"),
        "applicant_short": nfd("Ánh"),
        "address": nfd("Số 12 đường Lê Lợi, phường Sài Gòn"),
        # An object, as a model would be: reaches the HTML without context normalisation.
        "dossier": SimpleNamespace(request=nfd("Đăng ký khai sinh cho con")),
        "documents": [
            {"name": nfd("Tờ khai đăng ký khai sinh"), "originals": 1, "copies": 0},
            {"name": nfd("Giấy chứng sinh"), "originals": 1, "copies": 0},
        ],
        "received_at": datetime(2024, 3, 15, 2, 30, tzinfo=UTC),
        "due_at": datetime(2024, 3, 20, 9, 0, tzinfo=UTC),
        "signatures": [
            {"title": nfd("Người nộp hồ sơ"), "name": nfd("Nguyễn Thị Ánh")},
            {"title": nfd("Người tiếp nhận hồ sơ"), "name": nfd("Lê Văn Bình")},
        ],
        "qr_url": LOOKUP_URL,
    }


def pages_text(pdf: bytes) -> list[str]:
    """Text of each page, with line breaks and runs of spaces collapsed to one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(page.mediabox.width), float(page.mediabox.height))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def embedded_fonts(pdf: bytes) -> dict[str, SimpleNamespace]:
    """BaseFont (subset tag removed) -> the embedded program's names, for every page."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            base = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descendant = font["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            names = TTFont(io.BytesIO(program))["name"]
            fonts[base] = SimpleNamespace(
                postscript=names.getDebugName(6), version=names.getDebugName(5)
            )
    return fonts


def qr_modules(pdf: bytes) -> set[tuple[int, int]]:
    """Dark modules (row, column) of the QR code drawn on page 1.

    The SVG symbol of motcua.core.qr (scale 1) is one path of horizontal strokes, each
    `m x1 y+0.5  l x2 y+0.5` in module units; WeasyPrint copies it to the content stream.
    """
    reader = PdfReader(io.BytesIO(pdf))
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    dark = set()
    for (start, op1), (end, op2) in zip(operations, operations[1:], strict=False):
        if op1 != b"m" or op2 != b"l":
            continue
        (x1, y1), (x2, y2) = (map(float, start), map(float, end))
        if y1 == y2 and y1 % 1 == 0.5 and x1.is_integer() and x2.is_integer():
            dark.update((int(y1), x) for x in range(int(x1), int(x2)))
    return dark
