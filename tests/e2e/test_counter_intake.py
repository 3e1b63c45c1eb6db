"""In a real browser: a one-stop officer receives a complete dossier at the counter with the
keyboard — procedure typed, documents ticked, an earlier applicant's citizen ID typed (the
rest is pre-filled), Alt+R — and opens the receipt PDF in one click.

The steps are counted in docs/counter.md; wall time is not asserted.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.printing.dates import vn_datetime
from tests.dossiers.forms.pdf import text as pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOT = "/tmp/motcua-e2e-counter-{}.png"


def test_officer_receives_a_complete_dossier_and_prints_the_receipt(page, sign_in, world):
    earlier = world.receive()  # Nguyễn Thị Ánh, 079190001234, received last time
    sign_in(world.users["officer"])
    page.goto("/can-bo/tiep-nhan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ tại Bộ phận Một cửa")

    # 1. The procedure, typed without accents; the focus starts there.
    combo = page.get_by_role("combobox")
    expect(combo).to_be_focused()
    page.keyboard.type("dang ky khai sinh")
    expect(page.get_by_role("option").first).to_contain_text("1.001193")
    page.keyboard.press("Enter")
    detail = page.locator("#procedure-detail")
    expect(detail).to_contain_text("Thủ tục đăng ký khai sinh")
    expect(detail).to_contain_text("3 ngày làm việc")
    expect(detail).to_contain_text("UBND xã A")
    # Nothing ticked yet: the request-for-completion list names every document.
    missing = page.get_by_label("Giấy tờ còn thiếu hoặc chưa hợp lệ (mỗi dòng một loại)")
    expect(missing).to_have_value("Tờ khai đăng ký khai sinh\nGiấy chứng sinh")

    # 2. The documents handed over: the focus moved to the first one; Space ticks it.
    first = page.get_by_role("checkbox", name="Tờ khai đăng ký khai sinh")
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # originals
    page.keyboard.press("Tab")  # copies
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Giấy chứng sinh")).to_be_checked()
    expect(missing).to_have_value("")

    # 3. The applicant: an earlier applicant's citizen ID pre-fills the rest.
    page.keyboard.press("Alt+C")
    expect(page.get_by_label("Số CCCD (12 chữ số)")).to_be_focused()
    page.keyboard.type("079190001234")
    expect(page.locator("#earlier")).to_contain_text(earlier.code)
    expect(page.get_by_label("Họ và tên hoặc tên tổ chức")).to_have_value("Nguyễn Thị Ánh")
    expect(page.get_by_label("Điện thoại", exact=True)).to_have_value("0901234567")
    page.screenshot(path=SHOT.format("filled"), full_page=True)

    # 4. Receive (Alt+R): the result panel, and the form blank again, focus on the procedure.
    page.keyboard.press("Alt+R")
    result = page.locator("#counter-result")
    expect(result).to_contain_text("Đã tiếp nhận hồ sơ")
    code = page.locator("#result-code").inner_text().strip()
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "received"
    assert dossier.applicant_name == "Nguyễn Thị Ánh"
    assert dossier.documents.count() == 2
    expect(page.locator("#result-secret")).to_have_text(dossier.secret)
    expect(page.get_by_role("combobox")).to_be_focused()
    expect(page.get_by_role("combobox")).to_have_value("")
    expect(page.get_by_label("Số CCCD (12 chữ số)")).to_have_value("")
    page.screenshot(path=SHOT.format("received"), full_page=True)

    # 5. The receipt, one click: a new tab with the PDF.
    with page.expect_popup() as popup:
        page.get_by_role("link", name=re.compile("In Giấy tiếp nhận")).click()
    url = popup.value.url
    response = page.request.get(url)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert code in text
    assert "Nguyễn Thị Ánh" in text
    assert vn_datetime(dossier.due_at) in text
    # Exactly one dossier was created by the page.
    assert Dossier.objects.count() == 2


def test_errors_stay_on_the_page_and_a_double_click_records_once(page, sign_in, world):
    sign_in(world.users["officer"])
    page.goto("/can-bo/tiep-nhan/")
    page.keyboard.type("1.001193")
    expect(page.get_by_role("option").first).to_contain_text("1.001193")
    page.keyboard.press("Enter")
    expect(page.locator("#procedure-detail")).to_contain_text("Giấy chứng sinh")
    page.get_by_role("button", name="Tick all").or_(
        page.get_by_role("button", name=re.compile("Chọn tất cả"))
    ).click()
    page.get_by_label("Số CCCD (12 chữ số)").fill("12345")
    page.get_by_role("button", name=re.compile("^Tiếp nhận")).click()
    expect(page.locator("#id_id_number-error")).to_contain_text("12")
    expect(page.locator("#id_name-error")).to_be_visible()
    assert not Dossier.objects.exists()
    # The documents are still ticked; correct and receive with a double click.
    expect(page.get_by_role("checkbox", name="Giấy chứng sinh")).to_be_checked()
    page.get_by_label("Số CCCD (12 chữ số)").fill("079190007777")
    page.get_by_label("Họ và tên hoặc tên tổ chức").fill("Lê Văn Cường")
    page.get_by_role("button", name=re.compile("^Tiếp nhận")).dblclick()
    expect(page.locator("#counter-result")).to_contain_text("Đã tiếp nhận hồ sơ")
    page.wait_for_load_state("networkidle")
    assert Dossier.objects.count() == 1
