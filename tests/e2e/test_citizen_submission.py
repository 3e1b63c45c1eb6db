"""In a real browser: a citizen goes from the procedure page through the online submission
wizard to the confirmation code, closing the browser half-way and continuing the draft
later; then answers a supplement request by uploading the document asked for (the
officer's side is done through the engine)."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.services.engine import perform
from motcua.dossiers.workflow import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_submit_online_close_and_continue_then_supplement(
    page, browser, live_server, world, sign_in
):
    citizen = world.users["citizen"]
    sign_in(citizen)
    page.goto("/thu-tuc/1.001193/")
    submit = page.locator('a[href="/nop-ho-so/1.001193/"]')
    if submit.count():  # the procedure page's "Submit online" button
        submit.first.click()
    else:
        page.goto("/nop-ho-so/1.001193/")
    expect(page).to_have_url(re.compile(r"/nop-ho-so/1\.001193/$"))

    # Step 1: the agency.
    page.get_by_label("UBND xã A").check()
    page.get_by_role("button", name="Bắt đầu").click()

    # Step 2: the applicant, pre-filled from the account; saving creates the draft.
    expect(page.locator("input[name=name]")).to_have_value("Ánh")
    page.locator("input[name=name]").fill("Nguyễn Thị Ánh")
    page.locator("input[name=id_number]").fill("079190001234")
    page.locator("input[name=phone]").fill("0901234567")
    page.locator("input[name=address]").fill("12 Lê Lợi, phường A")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.locator(".cz-messages")).to_contain_text("Bản nháp đã được lưu")
    dossier = Dossier.objects.get()
    assert dossier.status == Status.DRAFT and dossier.owner == citizen

    # Step 3: the request.
    page.locator("textarea[name=summary]").fill("Đăng ký khai sinh cho con trai")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Step 4: documents, one upload per document, through htmx; limits stated.
    expect(page).to_have_url(re.compile(r"/giay-to/$"))
    first = page.locator(".cz-doc").first
    expect(first).to_contain_text("20 MB")
    first.locator("input[type=file]").set_input_files(_file("to-khai.pdf"))
    first.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".cz-doc").first).to_contain_text("Đã tải lên “to-khai.pdf”")

    # The browser is closed; later, another one with the same account continues the draft.
    cookies = page.context.cookies()
    page.context.close()
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/ho-so-cua-toi/")
        page.locator(".cz-item").first.get_by_role("link", name=re.compile("^Tiếp tục")).click()
        expect(page.locator("input[name=name]")).to_have_value("Nguyễn Thị Ánh")
        page.locator(".cz-steps a[href$='/giay-to/']").click()
        expect(page.locator(".cz-doc").first).to_contain_text("to-khai.pdf")
        second = page.locator(".cz-doc").nth(1)
        second.locator("input[type=file]").set_input_files(_file("giay-chung-sinh.pdf"))
        second.get_by_role("button", name="Tải lên").click()
        expect(page.locator(".cz-doc").nth(1)).to_contain_text("giay-chung-sinh.pdf")
        page.get_by_role("button", name="Tiếp tục").click()

        # Step 5: result delivery; step 6: review and submit.
        page.get_by_label("Trực tuyến, bằng bản điện tử").check()
        page.get_by_role("button", name="Lưu và tiếp tục").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra và nộp")
        expect(page.locator("main")).to_contain_text("Đăng ký khai sinh cho con trai")
        page.get_by_role("button", name="Nộp hồ sơ").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của bạn đã được nộp")
        dossier.refresh_from_db()
        assert dossier.status == Status.SUBMITTED
        expect(page.locator("#dossier-code")).to_have_text(dossier.code)
        expect(page.locator("#dossier-secret")).to_have_text(dossier.secret)
        assert re.fullmatch(r"000\.01\.70\.H51-\d{6}-0001", dossier.code)

        # The desk accepts it, the department asks for a supplement (the officers' side).
        dossier = perform(dossier, "accept", user=world.users["officer"])
        dossier = perform(dossier, "transfer", user=world.users["officer"])
        dossier = perform(
            dossier,
            "request_supplement",
            user=world.users["specialist"],
            reason="Giấy chứng sinh chụp không rõ",
            missing=["Giấy chứng sinh (ảnh chụp rõ nét)"],
        )

        page.get_by_role("link", name="Xem hồ sơ").click()
        todo = page.locator("section[aria-labelledby=todo-h]")
        expect(todo).to_contain_text("Giấy chứng sinh (ảnh chụp rõ nét)")
        todo.locator("input[type=file]").set_input_files(_file("giay-chung-sinh-ro.pdf"))
        todo.get_by_role("button", name="Tải lên").click()
        expect(page.locator("#supplement-files")).to_contain_text("giay-chung-sinh-ro.pdf")
        page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
        expect(page.locator(".cz-messages")).to_contain_text("Hồ sơ bổ sung đã được gửi")
        dossier.refresh_from_db()
        assert dossier.status == Status.IN_PROCESS
        assert Attachment.objects.filter(dossier=dossier, kind="supplement").count() == 1
        expect(page.locator("#dossier-status")).to_have_text("Đang giải quyết", ignore_case=True)
    finally:
        context.close()
