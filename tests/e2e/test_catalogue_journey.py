"""In a real browser: a citizen finds a procedure without typing accents, opens its page,
sees the QR code and the documents, and switches the interface to English.

Screenshots go to /tmp/motcua-e2e-*.png so the pages can be looked at.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.agencies.models import Level
from motcua.agencies.services import create_agency
from motcua.catalogue.models import AgencyProcedure, Procedure
from motcua.catalogue.services.importer import import_records
from tests.web.conftest import load_records

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]
SHOTS = "/tmp/motcua-e2e-{}.png"


@pytest.fixture
def published():
    report = import_records(
        load_records(), effective=timezone.localdate() - timedelta(days=365), source="e2e"
    )
    assert report.ok, [str(e) for e in report.errors]
    province = create_agency(
        code="000.00.00.H51", name="UBND tỉnh Thử Nghiệm", level=Level.PROVINCE
    )
    commune = create_agency(
        code="000.00.31.H51",
        name="UBND xã Hòa Bình",
        level=Level.COMMUNE,
        parent=province,
        desk_name="Bộ phận Một cửa xã Hòa Bình",
        desk_address="Số 1 đường Trung tâm, xã Hòa Bình",
    )
    for code in ("1.001193", "1.004884", "1.000894", "1.001612"):
        AgencyProcedure.objects.create(agency=commune, procedure=Procedure.objects.get(code=code))
    return commune


def test_citizen_finds_a_procedure_and_switches_to_english(page, live_server, published):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=SHOTS.format("1-home"), full_page=True)

    page.goto("/thu-tuc/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    results = page.locator("#results")
    expect(results.locator("li.result")).to_have_count(7)
    # Marks this document: if the search reloaded the page, the mark would be gone.
    page.evaluate("window.__sameDocument = true")

    search = page.get_by_role("searchbox", name="Tìm thủ tục hành chính")
    search.press_sequentially("dang ky khai sinh", delay=40)
    link = results.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True)
    expect(link).to_be_visible()
    expect(results.locator("li.result")).to_have_count(2)
    expect(results).to_contain_text("Tìm thấy 2 thủ tục phù hợp với “dang ky khai sinh”")
    assert page.evaluate("window.__sameDocument === true"), "results must arrive through htmx"
    # hx-push-url keeps the search in the address bar, so it can be shared or reloaded.
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=dang(%20|\+)ky(%20|\+)khai(%20|\+)sinh"))
    page.screenshot(path=SHOTS.format("2-search"), full_page=True)

    link.click()
    expect(page).to_have_url(re.compile(r"/thu-tuc/1\.001193/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    qr = page.locator("figure.qr-box svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box and box["width"] >= 150 and abs(box["width"] - box["height"]) < 1
    expect(page.locator("figure.qr-box figcaption")).to_contain_text("/thu-tuc/1.001193/")
    documents = page.locator("#documents")
    expect(documents.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    expect(documents).to_contain_text("Giấy chứng sinh")
    expect(documents.locator("caption").first).to_have_text("* Giấy tờ phải nộp:")
    expect(page.locator("#ways")).to_contain_text("1 (không ghi đơn vị)")
    page.screenshot(path=SHOTS.format("3-procedure"), full_page=True)

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/thu-tuc/1\.001193/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="General information")).to_be_visible()
    expect(page.get_by_role("heading", name="Required documents")).to_be_visible()
    expect(page.locator("#ways")).to_contain_text("1 (unit not stated)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    page.screenshot(path=SHOTS.format("4-procedure-en"), full_page=True)

    # English search works the same way, and back to Vietnamese from there.
    page.get_by_role("link", name="Administrative procedures", exact=True).first.click()
    page.get_by_role("searchbox", name="Search procedures").press_sequentially("ket hon")
    expect(page.locator("#results li.result")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Thủ tục đăng ký kết hôn")
    page.screenshot(path=SHOTS.format("5-search-en"), full_page=True)
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page).to_have_url(
        re.compile(
            r"127\.0\.0\.1:\d+/thu-tuc/\?q=ket(%20|\+)hon|localhost:\d+/thu-tuc/\?q=ket(%20|\+)hon"
        )
    )
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_agency_list_is_printable_with_qr_codes(page, live_server, published):
    page.goto("/co-quan/")
    page.get_by_role("link", name="UBND xã Hòa Bình").click()
    expect(page).to_have_url(re.compile(r"/co-quan/000\.00\.31\.H51/$"))
    items = page.locator(".published__item")
    expect(items).to_have_count(4)
    expect(items.locator("svg.qr")).to_have_count(4)
    page.screenshot(path=SHOTS.format("6-agency"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator(".mainnav")).to_be_hidden()
    expect(page.get_by_role("button", name="In danh mục")).to_be_hidden()
    page.screenshot(path=SHOTS.format("7-agency-print"), full_page=True)
