"""In a real browser: a citizen rates the service for a returned dossier of theirs (keyboard
and mouse), sends feedback about it, and an officer of the desk answers it."""

import pytest
from playwright.sync_api import expect

from motcua.ratings.models import Feedback, Rating
from tests.ratings.conftest import returned_online

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_rates_a_returned_dossier(page, world, sign_in):
    dossier = returned_online(world)
    sign_in(world.users["citizen"])
    page.goto(f"/danh-gia/{dossier.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Đánh giá việc giải quyết thủ tục hành chính"
    )
    groups = page.locator("main").get_by_role("group")
    expect(groups).to_have_count(6)
    # Keyboard: the first answer of the first question, chosen with the space bar.
    first = page.get_by_role("group", name="1. Thời gian trả kết quả").get_by_label(
        "Sớm hơn ngày hẹn"
    )
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.get_by_label("Không lần nào").check()
    page.get_by_label("Chỉ Bộ phận Một cửa").check()
    page.get_by_label("Lịch sự, tận tình").check()
    page.get_by_label("Chính xác, đầy đủ").check()
    # Submitting with a question unanswered names it and saves nothing.
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("Vui lòng chọn một câu trả lời.")
    assert not Rating.objects.exists()
    page.get_by_role("group", name="6.").get_by_label("Không", exact=True).check()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("ý kiến đánh giá đã được ghi nhận")
    expect(page.get_by_text("Mỗi hồ sơ chỉ được đánh giá một lần")).to_be_visible()
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.time_score, rating.bodies_score, rating.costs_score) == (2, 1, 2)
    assert rating.agency == world.commune and rating.desk == world.commune_desk


def test_feedback_is_sent_and_answered_by_staff(page, world, sign_in):
    dossier = returned_online(world)
    sign_in(world.users["citizen"])
    page.goto(f"/danh-gia/{dossier.code}/")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị về hồ sơ này").click()
    expect(page.get_by_label("Về một hồ sơ của ông/bà")).to_have_value(dossier.code)
    page.get_by_label("Phản ánh", exact=True).check()
    page.get_by_label("Nội dung", exact=True).fill("Phải chờ hơn một giờ ở quầy tiếp nhận.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi phản ánh, kiến nghị.")
    feedback = Feedback.objects.get()
    assert feedback.agency == world.commune and feedback.desk == world.commune_desk

    sign_in(world.users["officer"])
    page.goto("/danh-gia/can-bo/phan-anh/")
    page.get_by_role("link", name=f"#{feedback.pk}").click()
    page.get_by_label("Nội dung trả lời người dân").fill(
        "Xin lỗi ông/bà; chúng tôi đã bố trí thêm cán bộ tiếp nhận."
    )
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận nội dung trả lời.")

    sign_in(world.users["citizen"])
    page.goto("/danh-gia/phan-anh/cua-toi/")
    expect(page.locator("main")).to_contain_text("đã bố trí thêm cán bộ tiếp nhận")
    expect(page.locator("main")).to_contain_text("Đã trả lời")
