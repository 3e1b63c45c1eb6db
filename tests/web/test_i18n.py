"""Vietnamese UI at /, English UI chrome at /en/; catalogue content stays Vietnamese."""

import pytest
from django.test import override_settings

from .test_catalogue_pages import result_codes, text

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default(client, catalogue):
    response = client.get("/thu-tuc/", headers={"Accept-Language": "en"})
    body = response.content.decode()
    assert '<html lang="vi">' in body
    page = text(response)
    assert "Thủ tục hành chính" in page and "Tìm kiếm" in page and "Trang chủ" in page


def test_english_prefix_shows_english_chrome(client, catalogue):
    response = client.get("/en/thu-tuc/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    page = text(response)
    assert "Administrative procedures" in page
    assert "Home" in page and "Agencies" in page
    assert "2 procedures match “dang ky khai sinh”." in page
    assert "At the counter 1 (unit not stated)" in page
    assert "Commune level" in page
    # Content is the Vietnamese catalogue; links stay under /en/.
    assert "Thủ tục đăng ký khai sinh" in page
    assert 'href="/en/thu-tuc/1.001193/"' in body
    assert 'hx-get="/en/thu-tuc/"' in body
    assert result_codes(response) == []  # no unprefixed (Vietnamese) result links


@override_settings(MOTCUA_PUBLIC_URL="https://motcua.example.gov.vn")
def test_english_procedure_page(client, catalogue):
    response = client.get("/en/thu-tuc/1.001193/")
    assert response.status_code == 200
    page = text(response)
    for heading in (
        "General information",
        "Ways to submit, time and fees",
        "Required documents",
        "Legal basis",
        "Version history",
        "Scan to open this page",
    ):
        assert heading in page
    assert "1 (unit not stated)" in page
    assert "0 VND" in page
    assert "Thủ tục đăng ký khai sinh" in page
    # The QR code opens the canonical (Vietnamese) public page, as printed lists do.
    caption = page.split("Scan to open this page", 1)[1][:80]
    assert caption.startswith(" https://motcua.example.gov.vn/thu-tuc/1.001193/")


def test_english_404(client, catalogue):
    response = client.get("/en/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_bad_parameter_message_in_english(client, catalogue):
    response = client.get("/en/thu-tuc/", {"level": "galaxy"})
    assert response.status_code == 200
    page = text(response)
    assert "The search could not be run because some filters are not valid" in page
    assert "Level" in page


def test_language_switch_keeps_the_page(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/thu-tuc/?q=khai+sinh"})
    assert response.status_code == 302
    assert response["Location"] == "/en/thu-tuc/?q=khai+sinh"
    # The English page posts its path without the /en prefix (see base.html).
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/thu-tuc/1.001193/"})
    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/1.001193/"
    assert response.cookies["django_language"].value == "vi"
    assert '<html lang="vi">' in client.get(response["Location"]).content.decode()


def test_switch_form_is_on_every_page(client, catalogue):
    body = client.get("/en/thu-tuc/1.001193/").content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert 'name="next" id="lang-next" value="/thu-tuc/1.001193/"' in body
    assert 'value="vi"' in body and 'value="en"' in body


def test_htmx_search_updates_the_language_switch_target(client, catalogue):
    """After a live search pushed a new address, switching language keeps the search."""
    response = client.get("/en/thu-tuc/", {"q": "ket hon"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert '<input type="hidden" name="next" id="lang-next" value="/thu-tuc/?q=ket+hon"' in body
    assert 'hx-swap-oob="true"' in body
    full = client.get("/en/thu-tuc/", {"q": "ket hon"}).content.decode()
    assert "hx-swap-oob" not in full
