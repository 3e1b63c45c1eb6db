"""In a real browser: a visitor, without signing in, opens the transparency pages, finds an
agency by name (without accents), sees its year's figures and the charts with their
numbers, and never a dossier or a person; the page fits a phone."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from motcua.reports import charts
from motcua.reports.resolution import resolution
from tests.reports.conftest import build_scenario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_finds_an_agency_and_sees_its_figures_and_charts(page, world):
    scenario = build_scenario(world)
    today = timezone.localdate()
    total = resolution(
        world.province, datetime.date(2026, 1, 1), min(datetime.date(2026, 12, 31), today), "agency"
    ).total

    page.goto("/cong-khai/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Công khai kết quả giải quyết")
    page.get_by_label("Tên cơ quan").fill("ubnd tinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("heading", name="Tìm thấy 1 cơ quan")).to_be_visible()
    page.get_by_role("link", name="UBND tỉnh").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("UBND tỉnh")
    page.get_by_role("spinbutton", name="Năm").fill("2026")
    page.get_by_role("button", name="Xem").click()
    stats = page.locator(".tp-stats")
    expect(stats).to_contain_text(f"{total['received_total']}Hồ sơ tiếp nhận mới")
    expect(stats).to_contain_text(f"{total['resolved_total']}Số hồ sơ đã giải quyết")
    rate = charts.fmt(total["on_time_rate"], "%").replace(".", ",")
    expect(stats).to_contain_text(rate)

    # The charts are drawn (SVG images with a name) and carry their numbers for screen
    # readers in a table.
    on_time = page.get_by_role("img", name="Tỷ lệ giải quyết đúng hạn theo tháng, năm 2026")
    expect(on_time).to_be_visible()
    assert on_time.locator("rect").count() >= 1
    channels = page.locator("#chart-channels table")
    expect(channels).to_contain_text(str(total["received_online"]))
    volumes = page.get_by_role("img", name="Tiếp nhận và giải quyết theo đơn vị")
    expect(volumes).to_be_visible()
    expect(page.get_by_role("table", name="Tiếp nhận và giải quyết theo đơn vị")).to_contain_text(
        "UBND xã A"
    )

    content = page.content()
    for dossier in scenario.dossiers.values():
        assert dossier.code not in content
        assert dossier.applicant_name not in content
        assert dossier.applicant_phone not in content

    # A child unit's own page, from the per-unit table; and a phone's width.
    units = page.get_by_role("region", name="Theo đơn vị").first
    units.get_by_role("link", name="UBND xã A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("UBND xã A")
    page.set_viewport_size({"width": 360, "height": 740})
    expect(page.get_by_role("img", name="Hồ sơ tiếp nhận mới theo kênh tiếp nhận")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
