"""PDF engine for the printed forms (Mẫu 01-07 on A5, the dossier register on A4 landscape).

A form is a Django template rendered to HTML (Vietnamese active: forms are legal documents),
then laid out by WeasyPrint.
- Text is Unicode NFC: context strings are normalised (so `slice` and friends count letters,
  not combining marks), then the whole HTML (model attributes, template literals). NFC would
  fuse a markup `<`, `=` or `>` with a U+0338 opening a value; a CGJ keeps them apart.
- The font is bundled: Noto Serif (OFL 1.1, unmodified from Debian's fonts-noto-core, see
  fonts/OFL.txt), declared by @font-face with file:// URLs computed at run time. No system
  font is needed or used; fontconfig only hosts the faces WeasyPrint registers itself.
- The URL fetcher serves data: URIs and this app's files (fonts/, static/printing/) only, so
  a template, or a value marked safe by mistake, can neither read local files nor reach the
  network; a refused URL aborts the render instead of printing a form without its QR code.
- The caller's `page`/`landscape` is a user `!important` @page rule that beats any template
  rule; margins and typography are in static/printing/forms.css.
- Parsed stylesheets and the font configuration are kept per thread (WeasyPrint's font
  objects are not thread-safe) until forms.css changes: an A5 form takes about 70 ms instead
  of 100 ms; the first render of a process about 0.7 s (imports, fontconfig).
"""

from __future__ import annotations

import base64
import mimetypes
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from motcua.core.qr import qr_svg
from motcua.core.text import nfc

APP_DIR = Path(__file__).resolve().parent
FONTS_DIR = APP_DIR / "fonts"
ASSETS_DIR = APP_DIR / "static" / "printing"
STYLESHEET = ASSETS_DIR / "forms.css"

FONT_FAMILY = "Noto Serif"
# (file, font-weight, font-style)
FONT_FACES = (
    ("NotoSerif-Regular.ttf", "normal", "normal"),
    ("NotoSerif-Bold.ttf", "bold", "normal"),
    ("NotoSerif-Italic.ttf", "normal", "italic"),
    ("NotoSerif-BoldItalic.ttf", "bold", "italic"),
)

Page = Literal["A5", "A4"]
PAGE_SIZES: dict[str, str] = {"A5": "A5", "A4": "A4"}  # CSS names: A5 148x210mm, A4 210x297mm

# Markup characters that NFC would compose with a following U+0338 (≮ ≠ ≯).
_COMPOSING_MARKUP = re.compile("([<=>])(?=\u0338)")
_CGJ = "\u034f"


class PrintingResourceError(FatalURLFetchingError):
    """A template asked for a resource the printing engine does not serve."""


def _allowed_path(url: str) -> Path | None:
    if urlsplit(url).scheme != "file":
        return None
    path = Path(url2pathname(urlsplit(url).path)).resolve()
    if path.is_file() and any(path.is_relative_to(root) for root in (FONTS_DIR, ASSETS_DIR)):
        return path
    return None


class FormsURLFetcher(URLFetcher):
    """Serves data: URIs and this app's own files (fonts, form assets); refuses the rest."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = _allowed_path(url)
        if path is None:
            raise PrintingResourceError(f"printed forms may not load {url!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


def font_face_css() -> str:
    """@font-face rules for the bundled faces, with file:// URLs of this installation."""
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{(FONTS_DIR / name).as_uri()}"); }}'
        for name, weight, style in FONT_FACES
    )


def _page_css(page: str, landscape: bool) -> str:
    orientation = "landscape" if landscape else "portrait"
    return f"@page {{ size: {PAGE_SIZES[page]} {orientation} !important; }}"


@dataclass
class _Resources:
    """Parsed stylesheets bound to one font configuration (one per thread)."""

    stamp: int
    fetcher: FormsURLFetcher = field(default_factory=FormsURLFetcher)
    font_config: FontConfiguration = field(default_factory=FontConfiguration)
    pages: dict[tuple[str, bool], weasyprint.CSS] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.base = weasyprint.CSS(
            string=font_face_css() + "\n" + STYLESHEET.read_text(encoding="utf-8"),
            base_url=ASSETS_DIR.as_uri() + "/",
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )

    def page(self, page: str, landscape: bool) -> weasyprint.CSS:
        key = (page, landscape)
        if key not in self.pages:
            self.pages[key] = weasyprint.CSS(
                string=_page_css(page, landscape), font_config=self.font_config
            )
        return self.pages[key]


_local = threading.local()


def _resources() -> _Resources:
    stamp = STYLESHEET.stat().st_mtime_ns
    cached: _Resources | None = getattr(_local, "resources", None)
    if cached is None or cached.stamp != stamp:
        cached = _local.resources = _Resources(stamp)
    return cached


def nfc_html(html: str) -> str:
    """NFC of a whole HTML document, without letting a value's U+0338 fuse with markup."""
    return nfc(_COMPOSING_MARKUP.sub(r"\1" + _CGJ, html))


def nfc_context(value: Any) -> Any:
    """NFC of every string in a context (dicts, lists, tuples), keeping strings marked safe."""
    if isinstance(value, str):
        normal = nfc(value)
        return mark_safe(normal) if isinstance(value, SafeData) else normal  # noqa: S308
    if isinstance(value, dict):
        return {key: nfc_context(item) for key, item in value.items()}
    if isinstance(value, list):
        return [nfc_context(item) for item in value]
    if isinstance(value, tuple):
        items = [nfc_context(item) for item in value]
        return type(value)._make(items) if hasattr(value, "_make") else tuple(items)
    return value


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """The form as NFC HTML, rendered in Vietnamese (for previews and for render_pdf)."""
    with translation.override("vi"):
        return nfc_html(render_to_string(template_name, nfc_context(context)))


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    page: Page = "A5",
    landscape: bool = False,
) -> bytes:
    """Render a form template to PDF bytes on `page` (A5 portrait by default)."""
    return render_pdf_parts([(template_name, context, page, landscape)])


def render_pdf_parts(parts: list[tuple[str, dict[str, Any], Page, bool]]) -> bytes:
    """One PDF of several templates, each on its own page size and orientation (a report
    in portrait with a landscape table appended)."""
    resources = _resources()
    documents = []
    for template_name, context, page, landscape in parts:
        if page not in PAGE_SIZES:
            raise ValueError(f"page must be one of {sorted(PAGE_SIZES)}, not {page!r}")
        html = weasyprint.HTML(
            string=render_html(template_name, context),
            base_url=ASSETS_DIR.as_uri() + "/",
            url_fetcher=resources.fetcher,
        )
        documents.append(
            html.render(
                stylesheets=[resources.base, resources.page(page, landscape)],
                font_config=resources.font_config,
            )
        )
    pages = [p for document in documents for p in document.pages]
    return documents[0].copy(pages).write_pdf()


def qr_data_uri(text: str) -> str:
    """data: URI of an SVG QR code encoding `text` (the symbol comes from motcua.core.qr)."""
    svg = qr_svg(text, scale=1)
    # A standalone SVG document needs its namespace; inline HTML markup does not carry it.
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
