"""QR codes for public pages, agency lists and printed forms (receipts carry a lookup QR).

Rendered locally with segno: no network service, so printing works offline.
"""

import functools
import io

import segno

# Medium error correction survives a little wear on printed paper without making the
# symbol much denser; 4 modules of quiet zone is what ISO/IEC 18004 requires.
_ERROR = "m"
_BORDER = 4


def _make(data: str) -> segno.QRCode:
    if not data:
        raise ValueError("QR code data must not be empty")
    return segno.make(data, error=_ERROR, micro=False, boost_error=False)


def qr_svg(data: str, *, scale: int = 4, title: str = "") -> str:
    """Inline SVG markup (no XML declaration) encoding `data`, with a quiet zone.

    `title` becomes the SVG <title>, which screen readers announce. The markup is safe to
    mark as HTML-safe: segno escapes the title and the data never appears as text.
    Results are cached: choosing the best mask costs several milliseconds per symbol and an
    agency's published list shows hundreds of codes that rarely change.
    """
    return _svg(data, scale, title)


@functools.lru_cache(maxsize=4096)
def _svg(data: str, scale: int, title: str) -> str:
    qr = _make(data)
    markup = qr.svg_inline(
        scale=scale,
        border=_BORDER,
        dark="#000",
        light="#fff",
        title=title or None,
        svgclass="qr",
        lineclass=None,
        omitsize=False,
    )
    # Keep the intrinsic size for print and add a viewBox so CSS may scale it; role=img
    # makes assistive technology read the <title> instead of walking the paths.
    size = qr.symbol_size(scale=scale, border=_BORDER)
    return markup.replace("<svg ", f'<svg role="img" viewBox="0 0 {size[0]} {size[1]}" ', 1)


def qr_png(data: str, *, scale: int = 4) -> bytes:
    """PNG image bytes encoding `data`, with a quiet zone."""
    buffer = io.BytesIO()
    _make(data).save(buffer, kind="png", scale=scale, border=_BORDER)
    return buffer.getvalue()
