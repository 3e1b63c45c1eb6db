import unicodedata
from collections import namedtuple

import pytest
import segno
from django.utils.safestring import SafeData, mark_safe

from motcua.printing.render import (
    FONTS_DIR,
    PrintingResourceError,
    nfc_context,
    nfc_html,
    render_pdf,
)
from tests.printing.conftest import (
    LOOKUP_URL,
    embedded_fonts,
    nfd,
    page_sizes,
    pages_text,
    qr_modules,
)

A5 = (419.53, 595.28)  # 148 x 210 mm in points
A4_LANDSCAPE = (841.89, 595.28)


@pytest.fixture
def receipt(receipt_context) -> bytes:
    return render_pdf("printing_tests/receipt.html", receipt_context)


def test_decomposed_text_is_printed_composed(receipt):
    (text,) = pages_text(receipt)
    assert unicodedata.is_normalized("NFC", text)
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in text
    assert "Nguyễn Thị Ánh" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG" in text
    # From an object attribute: only the normalisation of the whole HTML reaches it.
    assert "Đăng ký khai sinh cho con" in text


def test_context_strings_are_composed_before_filters_see_them(receipt):
    # `slice:":2"` of a decomposed "Ánh" would keep "A" + acute accent only.
    assert "(gọi tắt: Án)" in pages_text(receipt)[0]


def test_form_header_and_dates(receipt):
    text = pages_text(receipt)[0]
    assert "Mẫu số 01" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Phường Sài Gòn, ngày 15 tháng 3 năm 2024" in text
    assert "Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 15 tháng 3 năm 2024" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "(Ký, ghi rõ họ tên)" in text


def test_a_form_is_one_a5_portrait_page(receipt):
    assert page_sizes(receipt) == [pytest.approx(A5, abs=0.1)]


def test_the_page_argument_beats_a_template_page_rule():
    pdf = render_pdf("printing_tests/letter.html", {"title": "Thử", "text": "Khổ giấy"})
    assert page_sizes(pdf) == [pytest.approx(A5, abs=0.1)]
    pdf = render_pdf("printing_tests/letter.html", {"text": "Khổ giấy"}, page="A4")
    assert page_sizes(pdf) == [pytest.approx((595.28, 841.89), abs=0.1)]


def test_register_is_a4_landscape_with_headers_on_every_page():
    columns = ["TT", "Mã hồ sơ", "Tên thủ tục hành chính", {"label": "Ngày hẹn trả"}]
    rows = [
        [str(n), f"000.00.15.H51-240315-{n:04d}", nfd("Đăng ký khai sinh"), "20/03/2024"]
        for n in range(1, 81)
    ]
    pdf = render_pdf(
        "printing/base_register.html",
        {"title": "SỔ THEO DÕI HỒ SƠ", "columns": columns, "rows": rows},
        page="A4",
        landscape=True,
    )
    sizes, texts = page_sizes(pdf), pages_text(pdf)
    assert len(sizes) > 1
    assert sizes == [pytest.approx(A4_LANDSCAPE, abs=0.1)] * len(sizes)
    for number, text in enumerate(texts, start=1):
        assert "Tên thủ tục hành chính" in text
        assert "Ngày hẹn trả" in text
        assert f"Trang {number}/{len(texts)}" in text
    assert "000.00.15.H51-240315-0080" in texts[-1]


def test_only_the_bundled_noto_serif_is_embedded(receipt):
    fonts = embedded_fonts(receipt)
    # The title and names are bold, the date line italic.
    assert set(fonts) == {"Noto-Serif", "Noto-Serif-Bold", "Noto-Serif-Italic"}
    assert {font.postscript for font in fonts.values()} == {
        "NotoSerif-Regular",
        "NotoSerif-Bold",
        "NotoSerif-Italic",
    }
    assert {font.version for font in fonts.values()} == {
        'Version 2.004; ttfautohint (v1.8.3) -l 8 -r 50 -G 200 -x 14 -D latn -f none -a qsq -X ""'
    }


def test_the_font_files_and_their_licence_are_bundled():
    names = sorted(path.name for path in FONTS_DIR.iterdir())
    assert names == [
        "NotoSerif-Bold.ttf",
        "NotoSerif-BoldItalic.ttf",
        "NotoSerif-Italic.ttf",
        "NotoSerif-Regular.ttf",
        "OFL.txt",
    ]
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS_DIR / "OFL.txt").read_text()


def test_the_qr_code_encodes_the_lookup_url(receipt):
    symbol = segno.make(LOOKUP_URL, error="m", micro=False, boost_error=False)
    expected = {
        (row + 4, column + 4)
        for row, line in enumerate(symbol.matrix)
        for column, dark in enumerate(line)
        if dark
    }
    assert qr_modules(receipt) == expected


def test_a_form_without_qr_url_has_no_qr(receipt_context):
    del receipt_context["qr_url"]
    assert qr_modules(render_pdf("printing_tests/receipt.html", receipt_context)) == set()


@pytest.mark.parametrize(
    "src",
    [
        "file:///etc/hostname",
        (FONTS_DIR / ".." / "render.py").as_uri(),
        "http://127.0.0.1:9/logo.png",
        "../../render.py",
    ],
)
def test_resources_outside_the_app_are_refused(src):
    with pytest.raises(PrintingResourceError):
        render_pdf("printing_tests/image.html", {"src": src})


def test_a_value_opening_with_u0338_cannot_break_the_markup(receipt_context):
    receipt_context["applicant"] = "\u0338Nguyễn Thị Ánh"
    text = pages_text(render_pdf("printing_tests/receipt.html", receipt_context))[0]
    assert "Nguyễn Thị Ánh" in text
    assert nfc_html("<b>\u0338x</b><i a=\u0338>") == "<b>\u034f\u0338x</b><i a=\u034f\u0338>"


def test_nfc_context_keeps_structure_and_safety():
    Row = namedtuple("Row", "name count")
    context = {
        "safe": mark_safe(nfd("<b>Ánh</b>")),
        "rows": [Row(nfd("Ấn"), 2), (nfd("Ơ"),)],
        "nested": {"name": nfd("Đặng")},
        "number": 3,
    }
    result = nfc_context(context)
    assert result["safe"] == "<b>Ánh</b>" and isinstance(result["safe"], SafeData)
    assert result["rows"] == [Row("Ấn", 2), ("Ơ",)] and isinstance(result["rows"][0], Row)
    assert result["nested"] == {"name": "Đặng"}
    assert result["number"] == 3


def test_unknown_page_size_is_refused():
    with pytest.raises(ValueError, match="page must be one of"):
        render_pdf("printing_tests/letter.html", {}, page="Letter")  # type: ignore[arg-type]
