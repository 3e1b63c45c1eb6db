"""The yearly report (issue 6 §3): a Vietnamese narrative in the style of the People's
Committees' yearly reports on administrative procedures, every number from the data."""

import datetime

import pytest
from django.core.management import call_command

from motcua.agencies.models import Role, StaffRole
from motcua.reports.exports import yearly_pdf
from motcua.reports.resolution import resolution
from motcua.reports.yearly import n, yearly_report
from tests.dossiers.forms.pdf import pages_text

pytestmark = pytest.mark.django_db
END = datetime.date(2026, 12, 31)


def _year(world):
    """Two returned, one withdrawn, one in progress, one interlinked, in March 2026."""
    for day in ("2026-03-02", "2026-03-03"):
        d = world.in_process(f"{day} 09:00")
        d = world.act(d, "approve", "leader", f"{day} 10:00", result="Giấy khai sinh")
        world.act(d, "return", "officer", f"{day} 14:00")
    world.act(
        world.receive("2026-03-04 09:00"),
        "withdraw",
        "officer",
        "2026-03-04 10:00",
        reason="Đơn xin rút",
    )
    world.in_process("2026-03-05 09:00")
    world.act(
        world.in_process("2026-03-06 09:00"),
        "consult",
        "specialist",
        "2026-03-06 10:00",
        agencies=[{"agency": world.department.code, "amount": 1}],
    )


def test_every_number_of_the_narrative_comes_from_the_report(world):
    _year(world)
    y = yearly_report(world.commune, 2026, today=END)
    total = resolution(world.commune, datetime.date(2026, 1, 1), END, "agency").total
    text = "\n".join(y.paragraphs)
    assert text.startswith("Tính đến ngày 31 tháng 12 năm 2026, trên địa bàn UBND xã A")
    assert (
        f"tiếp nhận mới {n(total['received_total'])} hồ sơ, trong đó trực tuyến "
        f"{n(total['received_online'])} hồ sơ" in text
    )
    assert f"Đã giải quyết {n(total['resolved_total'])} hồ sơ" in text
    assert f"Đang giải quyết {n(total['in_progress_total'])} hồ sơ" in text
    assert f"công dân rút {n(total['withdrawn'])} hồ sơ" in text
    assert (total["received_total"], total["withdrawn"], y.interlinked) == (5, 1, 1)
    assert "Số hồ sơ giải quyết liên thông: 1 hồ sơ" in text


def test_no_district_level_is_left_out_of_the_catalogue_sentence(world):
    """domain.md §1: two-tier local government from 1/7/2025 (Law on the Organisation of
    Local Government 2025), so a province without district-level procedures does not
    read "cấp huyện 0 TTHC"."""
    y = yearly_report(world.commune, 2026, today=END)
    y.catalogue.in_force.update(total=5, province=3, district=0, commune=2)
    from motcua.reports.yearly import narrative

    first = narrative(y)[0]
    assert "cấp tỉnh 3 TTHC, cấp xã 2 TTHC;" in first and "cấp huyện" not in first
    y.catalogue.in_force["district"] = 1
    assert "cấp tỉnh 3 TTHC, cấp huyện 1 TTHC, cấp xã 2 TTHC;" in narrative(y)[0]


def test_numbers_are_written_the_vietnamese_way():
    from decimal import Decimal

    assert (n(16103), n(0), n(None), n(Decimal("89.70")), n(Decimal("12.50"))) == (
        "16.103",
        "0",
        "0",
        "89,7",
        "12,5",
    )


def test_pdf_narrative_then_landscape_appendix_and_the_command(world, tmp_path):
    _year(world)
    pdf = yearly_pdf(yearly_report(world.commune, 2026, today=END))
    narrative, appendix = pages_text(pdf)[0], pages_text(pdf)[-1]
    assert "BÁO CÁO CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2026" in narrative
    assert "PHỤ LỤC" in appendix
    out = tmp_path / "y.pdf"
    call_command(
        "report", "yearly", "--agency", world.commune.code, "--year", "2026", "-o", str(out)
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_the_page_button_is_for_those_who_see_the_reports(world, client, django_user_model):
    watcher = django_user_model.objects.create_user("watcher", password="pw-Test-2025")
    StaffRole.objects.create(user=watcher, agency=world.commune, role=Role.OVERSIGHT)
    client.force_login(watcher)
    ok = client.get("/bao-cao/bao-cao-nam/", {"agency": world.commune.code, "year": "2026"})
    assert ok.status_code == 200 and ok["Content-Type"] == "application/pdf"
    assert client.get("/bao-cao/bao-cao-nam/", {"agency": world.commune.code}).status_code == 400
    assert (
        client.get(
            "/bao-cao/bao-cao-nam/", {"agency": world.other.code, "year": "2026"}
        ).status_code
        == 404
    )
