"""The whole journey of issue 5 in one browser session: a citizen submits online, the desk
accepts and transfers, the specialist appraises, the leader approves, the desk returns the
result online, and the citizen sees the returned dossier and rates the service. Every step
is a page a person uses (signing in included); nothing is done through the engine."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action, Status
from motcua.ratings.models import Rating
from tests.workspace.helpers import label, status_is, take

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _sign_in_with_the_form(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill(username)
    page.locator("input[name=password]").fill("pw-Test-2025")
    page.get_by_role("button", name="Đăng nhập").click()


def _open_from_queue(page, queue: str, code: str) -> None:
    page.goto(f"/can-bo/?queue={queue}")
    page.locator("#queue").get_by_role("link", name=code).click()
    page.get_by_role("heading", level=1, name=code).wait_for()


def test_online_dossier_from_submission_to_rating(page, world):
    # The citizen signs in and submits online through the wizard.
    _sign_in_with_the_form(page, "citizen")
    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/$"))
    page.goto("/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.get_by_label("UBND xã A").check()
    page.get_by_role("button", name="Bắt đầu").click()
    page.locator("input[name=name]").fill("Nguyễn Thị Ánh")
    page.locator("input[name=id_number]").fill("079190001234")
    page.locator("input[name=phone]").fill("0901234567")
    page.locator("input[name=address]").fill("12 Lê Lợi, phường A")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.locator("textarea[name=summary]").fill("Đăng ký khai sinh cho con gái")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    for i, name in enumerate(("to-khai.pdf", "giay-chung-sinh.pdf")):
        doc = page.locator(".cz-doc").nth(i)
        doc.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": PDF}
        )
        doc.get_by_role("button", name="Tải lên").click()
        expect(page.locator(".cz-doc").nth(i)).to_contain_text(name)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Trực tuyến, bằng bản điện tử").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của bạn đã được nộp")
    code = page.locator("#dossier-code").inner_text()
    assert Dossier.objects.get(code=code).status == Status.SUBMITTED

    # The desk officer checks it in the inbox and accepts it, then transfers it.
    _sign_in_with_the_form(page, "officer")
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    _open_from_queue(page, "check", code)
    take(page, Action.ACCEPT)
    status_is(page, Status.RECEIVED)
    take(page, Action.TRANSFER)
    status_is(page, Status.IN_PROCESS)

    # The specialist appraises, the leader approves and signs.
    _sign_in_with_the_form(page, "specialist")
    _open_from_queue(page, "process", code)
    take(page, Action.COMPLETE_STEP, note="Đủ điều kiện")
    _sign_in_with_the_form(page, "leader")
    _open_from_queue(page, "approve", code)
    take(page, Action.APPROVE, result="Giấy khai sinh bản điện tử", result_number="21/2026")
    status_is(page, Status.RESULT_READY)

    # The desk returns the result online.
    _sign_in_with_the_form(page, "officer")
    _open_from_queue(page, "return", code)
    take(page, Action.RETURN, method="online")
    status_is(page, Status.RETURNED)

    # The citizen sees the returned status and rates the service.
    _sign_in_with_the_form(page, "citizen")
    row = page.locator(".cz-item", has_text=code)
    expect(row).to_contain_text(label(Status.RETURNED), ignore_case=True)
    expect(row).to_contain_text("10 – Đã trả kết quả")
    row.get_by_role("heading").get_by_role("link").click()
    expect(page.locator("#dossier-status")).to_have_text(label(Status.RETURNED), ignore_case=True)
    page.get_by_role("link", name=re.compile("Đánh giá")).first.click()
    page.get_by_label("Sớm hơn ngày hẹn").check()
    page.get_by_label("Không lần nào").check()
    page.get_by_label("Chỉ Bộ phận Một cửa").check()
    page.get_by_label("Lịch sự, tận tình").check()
    page.get_by_label("Chính xác, đầy đủ").check()
    page.get_by_role("group", name="6.").get_by_label("Không", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("ý kiến đánh giá đã được ghi nhận")

    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.RETURNED and dossier.national_status == 10
    assert [e.action for e in dossier.events.order_by("seq")] == [
        "create_draft",
        "edit_draft",
        "attach",
        "attach",
        "edit_draft",
        "submit",
        "accept",
        "transfer",
        "complete_step",
        "approve",
        "return",
    ]
    assert Rating.objects.get(dossier=dossier).time_score == 2
