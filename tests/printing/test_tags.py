import base64
import re

from django.template import Context, Template
from django.utils import translation

from motcua.core.qr import qr_svg
from motcua.printing.render import qr_data_uri

URL = "http://127.0.0.1:8000/tra-cuu/000.00.15.H51-240315-0001"


def svg_of(uri: str) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    return base64.b64decode(uri.removeprefix(prefix)).decode()


def test_qr_data_uri_is_the_core_symbol_as_a_standalone_svg():
    svg = svg_of(qr_data_uri(URL))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1) == qr_svg(URL, scale=1)


def test_qr_tag_renders_an_image():
    template = Template("{% load printing_tags %}{% qr url %}|{% qr url size='15mm' alt=t %}")
    with translation.override("vi"):
        html = template.render(Context({"url": URL, "t": "Tra cứu <hồ sơ>"}))
    plain, sized = html.split("|")
    src = re.search(r'src="([^"]+)"', plain).group(1)
    assert svg_of(src) == svg_of(qr_data_uri(URL))
    assert 'class="qr"' in plain and 'alt="Mã QR"' in plain and "style" not in plain
    assert 'alt="Tra cứu &lt;hồ sơ&gt;"' in sized
    assert 'style="width: 15mm; height: 15mm"' in sized
