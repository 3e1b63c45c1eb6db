"""Reading the printed PDFs back: text per page (whitespace collapsed) and page sizes."""

from __future__ import annotations

import io

from pypdf import PdfReader

A5 = (419.53, 595.28)  # 148 x 210 mm in points
A4_LANDSCAPE = (841.89, 595.28)


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]
