"""Home page browsing by field, level and agency; the procedure page's "Submit online" button
and print view; the agency's A4 sheet with a QR code per procedure."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from motcua.catalogue import views
from motcua.catalogue.models import Field, OnlineLevel, ProcedureVersion
from motcua.catalogue.services.versions import accepts_online

pytestmark = pytest.mark.django_db

A4_PX = (793.7, 1122.5)  # 210 x 297 mm in CSS pixels (96 per inch)


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_home_browses_by_field_with_counts(client, catalogue):
    response = client.get("/")
    html = response.content.decode()
    civil = Field.objects.get(name="Hộ tịch")
    link = f'href="/thu-tuc/?field={civil.pk}"'
    assert link in html
    count = int(
        re.search(
            rf'{re.escape(link)} lang="vi">Hộ tịch</a> <span class="browse__count">(\d+)<', html
        ).group(1)
    )
    listed = client.get(f"/thu-tuc/?field={civil.pk}")
    assert f"{count} thủ tục đang có hiệu lực" in text(listed)
    assert "Tra cứu theo lĩnh vực" in text(response)
    assert 'href="/thu-tuc/?level=commune"' in html  # by level (the stats tiles)


def test_home_browses_by_agency_and_links_the_lookup(client, agencies):
    response = client.get("/")
    html = response.content.decode()
    assert "Tra cứu theo cơ quan" in text(response)
    counted = '<span class="browse__count">'
    assert f'?agency=000.01.15.H51" lang="vi">UBND xã Hòa Bình</a> {counted}4<' in html
    assert f'?agency=000.00.15.H51" lang="vi">Sở Tư pháp</a> {counted}1<' in html
    assert "UBND xã Đã Giải Thể" not in html
    assert 'href="/tra-cuu/"' in html
    assert 'href="/en/tra-cuu/"' in client.get("/en/").content.decode()


def test_submit_online_where_the_procedure_allows_it(client, agencies):
    # 1.000894 states an online processing time and the commune handles it today.
    html = client.get("/thu-tuc/1.000894/").content.decode()
    assert 'href="/nop-ho-so/1.000894/"' in html
    assert "Nộp hồ sơ trực tuyến" in html
    # 2.000815: counter only, and no agency handles it any more.
    assert "/nop-ho-so/" not in client.get("/thu-tuc/2.000815/").content.decode()


def test_no_submit_button_without_an_agency_or_online_channel(client, catalogue):
    # Online time, but no agency handles it in this system.
    assert "/nop-ho-so/" not in client.get("/thu-tuc/1.000894/").content.decode()


def test_online_level_alone_allows_online_submission(agencies):
    version = ProcedureVersion.objects.filter(procedure__code="2.000815").first()
    assert not accepts_online(version)
    version.online_level = OnlineLevel.PARTIAL
    assert accepts_online(version)


def test_optional_url_is_empty_while_the_page_does_not_exist():
    assert views._optional_url("citizens:no_such_page", code="1.000894") == ""
    assert views._optional_url("portal:lookup") == "/tra-cuu/"


def test_print_view_has_no_navigation_and_keeps_the_qr(client, agencies):
    response = client.get("/thu-tuc/1.001193/?print=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<body class="print-view">' in html
    assert "catalogue/catalogue.css" in html
    assert html.count("<svg") >= 2  # the QR code (and the emblem)
    assert 'onclick="window.print()"' in html
    assert 'href="?print=1"' in client.get("/thu-tuc/1.001193/").content.decode()
    css = Path(finders.find("catalogue/catalogue.css")).read_text(encoding="utf-8")
    assert ".print-view .mainnav" in css and "size: A4" in css


def _pdf_pages(client, url: str):
    """Render a page as the browser's print would (print media), with our stylesheets."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, address: str, headers=None):
            if "/static/" in address:
                found = finders.find(address.split("/static/", 1)[1].split("?")[0])
                data = Path(found).read_bytes()
                return URLFetcherResponse(address, data, headers={"Content-Type": "text/css"})
            raise ValueError(f"not fetched: {address}")  # no network

    fetch = StaticFetcher()
    html = client.get(url).content.decode()
    return HTML(string=html, base_url="http://testserver/", url_fetcher=fetch).render().pages


def _printed(pages) -> tuple[str, int]:
    """The printed text and the number of images (QR codes, emblem) laid out."""
    from weasyprint.formatting_structure import boxes

    words, images = [], 0
    for page in pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TextBox):
                words.append(box.text)
            elif isinstance(box, boxes.ReplacedBox):
                images += 1
    return " ".join(" ".join(words).split()), images


def test_agency_sheet_prints_on_a4_with_a_qr_per_procedure(client, agencies):
    pages = _pdf_pages(client, "/co-quan/000.01.15.H51/")
    for page in pages:
        assert (round(page.width, 1), round(page.height, 1)) == A4_PX
    printed, images = _printed(pages)
    for code in ("1.001193", "1.004884", "1.000894", "1.001612"):
        assert code in printed
    assert images == 4 + 1  # a QR code per procedure, and the emblem
    # Paper for the desk: no navigation, no buttons.
    assert "Tra cứu thủ tục" not in printed and "In danh mục" not in printed
    assert "Quét mã QR bằng camera điện thoại" in printed  # the print-only line


def test_procedure_print_view_is_a4_without_navigation(client, agencies):
    pages = _pdf_pages(client, "/thu-tuc/1.001193/?print=1")
    assert pages and all((round(p.width, 1), round(p.height, 1)) == A4_PX for p in pages)
    printed, images = _printed(pages)
    assert "Thủ tục đăng ký khai sinh" in printed and "Thành phần hồ sơ" in printed
    assert images >= 2  # the page's QR code and the emblem
    assert "Bản in" not in printed and "Trên trang này" not in printed
