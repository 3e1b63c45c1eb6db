import re

import pytest
import segno

from motcua.core.qr import qr_png, qr_svg

URL = "https://motcua.example.gov.vn/thu-tuc/1.001193/"


def test_svg_is_inline_markup_with_quiet_zone():
    svg = qr_svg(URL, scale=4)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    width = segno.make(URL, error="m").symbol_size(scale=1, border=0)[0]
    # 4 modules of quiet zone on each side, 4 px per module.
    assert f'width="{(width + 8) * 4}"' in svg
    assert f'viewBox="0 0 {(width + 8) * 4} {(width + 8) * 4}"' in svg
    assert 'role="img"' in svg


def test_svg_draws_the_symbol_of_the_data():
    """Different data gives a different drawing; the same data the same one."""
    assert qr_svg(URL) == qr_svg(URL)
    assert qr_svg(URL) != qr_svg(URL.replace("1193", "1194"))


def test_svg_title_is_escaped():
    svg = qr_svg(URL, title='Mã QR <b>"x"</b>')
    assert "<title>Mã QR &lt;b&gt;" in svg
    assert "<b>" not in svg


def test_scale_changes_size():
    small, large = qr_svg(URL, scale=2), qr_svg(URL, scale=8)
    size = lambda svg: int(re.search(r'width="(\d+)"', svg).group(1))  # noqa: E731
    assert size(large) == 4 * size(small)


def test_png():
    png = qr_png(URL)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_empty_data_is_refused():
    with pytest.raises(ValueError):
        qr_svg("")
