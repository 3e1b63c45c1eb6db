"""In a real browser: anyone holding a receipt tracks the dossier, by typing the code and
lookup secret or by opening the receipt's QR code; a wrong secret says so; the page shows
no personal data and fits a phone."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from motcua.dossiers import forms as dossier_forms

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def personal_data(dossier) -> list[str]:
    return [
        dossier.applicant_name,
        dossier.applicant_id_number,
        dossier.applicant_phone,
        dossier.applicant_email,
        dossier.applicant_address,
    ]


def assert_no_personal_data(page, dossier) -> None:
    content = page.content()
    for value in personal_data(dossier):
        assert value not in content


def test_lookup_by_code_and_secret(page, world):
    dossier = world.in_process()
    page.goto("/tra-cuu/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Mã số hồ sơ").fill(dossier.code)
    page.get_by_label("Mã tra cứu").fill(dossier.secret.lower())  # case does not matter
    page.get_by_role("button", name="Tra cứu").click()
    result = page.locator("#lookup-result")
    expect(result).to_contain_text(dossier.code)
    expect(result).to_contain_text("Đang được cơ quan có thẩm quyền giải quyết.")
    expect(result).to_contain_text("4 – Đang xử lý")
    expect(result.get_by_role("heading", name="Các bước đã thực hiện")).to_be_visible()
    expect(result.get_by_role("heading", name="Các bước tiếp theo")).to_be_visible()
    expect(result).to_contain_text("Thẩm định, đề xuất")
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the result in
    assert "code=" in page.url  # and the address can be bookmarked
    assert_no_personal_data(page, dossier)


def test_lookup_by_the_receipts_qr_code(page, world):
    dossier = world.in_status("returned")
    qr = urlsplit(dossier_forms.lookup_url(dossier))  # what the receipt's QR code encodes
    page.goto(f"{qr.path}?{qr.query}")
    result = page.locator("#lookup-result")
    expect(result).to_contain_text(dossier.code)
    expect(result).to_contain_text("Đã trả kết quả.")
    expect(result).to_contain_text("10 – Đã trả kết quả")
    assert_no_personal_data(page, dossier)


def test_wrong_secret_says_so(page, world):
    dossier = world.receive()
    page.goto("/tra-cuu/")
    page.get_by_label("Mã số hồ sơ").fill(dossier.code)
    page.get_by_label("Mã tra cứu").fill("ZZZZ2222" if dossier.secret != "ZZZZ2222" else "YYYY3333")
    page.get_by_label("Mã tra cứu").press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Không tìm thấy hồ sơ nào khớp với mã số hồ sơ và mã tra cứu")
    expect(page.locator("#lookup-result")).not_to_contain_text("Thủ tục đăng ký khai sinh")


def test_lookup_fits_a_phone(page, world):
    dossier = world.in_process()
    page.set_viewport_size({"width": 360, "height": 740})
    qr = urlsplit(dossier_forms.lookup_url(dossier))
    page.goto(f"{qr.path}?{qr.query}")
    expect(page.locator("#lookup-result")).to_contain_text(dossier.code)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    button = page.get_by_role("button", name="Tra cứu").bounding_box()
    field = page.get_by_label("Mã số hồ sơ").bounding_box()
    assert button["width"] >= field["width"] - 1  # one column, full-width button
