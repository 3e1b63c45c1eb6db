"""In a real browser: a citizen creates an account, signs out, and signs in again with the
phone number written another way (+84…), on the one sign-in page everybody uses."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sao-Mai-2025!"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def test_sign_up_sign_out_sign_in_by_phone(page, live_server):
    page.goto("/")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Đăng ký tài khoản").click()
    expect(page).to_have_url(re.compile(r"/dang-ky/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")

    page.locator("input[name=full_name]").fill("Võ Thị Hồng")
    page.locator("input[name=phone]").fill("0912 345 678")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    # Every input has a label (the accessible name comes from it).
    expect(page.get_by_label("Số điện thoại di động")).to_have_value("0912 345 678")
    page.get_by_role("button", name="Tạo tài khoản").click()

    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/$"))
    expect(page.locator(".cz-messages")).to_contain_text("Tài khoản của bạn đã được tạo")
    expect(nav).to_contain_text("Võ Thị Hồng")
    user = get_user_model().objects.get()
    assert user.username == "0912345678" and user.citizen_profile.phone == "0912345678"

    nav.get_by_role("button", name="Đăng xuất").click()
    expect(nav.get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(nav).not_to_contain_text("Võ Thị Hồng")

    nav.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill("+84 912 345 678")
    page.locator("input[name=password]").fill("wrong password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("không đúng")

    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    expect(nav).to_contain_text("Võ Thị Hồng")
