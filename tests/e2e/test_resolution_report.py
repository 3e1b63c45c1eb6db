"""An oversight officer opens the resolution report, chooses a date range, reads the
figures of the hand-computed scenario and follows a number to the dossiers behind it
(domain.md §5: every number links to its dossiers)."""

from __future__ import annotations

import pytest

from motcua.agencies.models import Role, StaffRole
from tests.reports.conftest import build_scenario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_overseer_reads_the_report_and_drills_down(page, sign_in, world, django_user_model):
    scenario = build_scenario(world)
    overseer = django_user_model.objects.create_user(username="overseer", password="pw-T-2025")
    StaffRole.objects.create(user=overseer, agency=world.province, role=Role.OVERSIGHT)
    sign_in(overseer)

    page.goto("/bao-cao/ket-qua-giai-quyet/")
    page.get_by_label("Kỳ", exact=True).select_option("range")
    page.get_by_label("Từ ngày").fill("2026-03-09")
    page.get_by_label("Đến ngày").fill("2026-03-13")
    page.get_by_role("button", name="Xem báo cáo").click()

    total = page.get_by_role("region", name="Bảng số liệu báo cáo").locator("tfoot tr")
    total.get_by_text("Tổng cộng").wait_for()
    resolved = total.locator("a[href*='column=resolved_total']")
    assert resolved.inner_text() == "3"
    resolved.click()

    page.wait_for_url("**/ket-qua-giai-quyet/ho-so/**")
    expected = {scenario.dossiers[name].code for name in ("carry", "interlinked", "late")}
    for code in expected:
        page.get_by_text(code).wait_for()
    body = page.locator("main").inner_text()
    for name, dossier in scenario.dossiers.items():
        if dossier.code and dossier.code not in expected:
            assert dossier.code not in body, name
