"""The dossier register (Sổ theo dõi hồ sơ, Mẫu 06 / 07): A4 landscape, one row per dossier
received in the period, one query for the rows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers import forms
from motcua.dossiers.forms import register_dossiers, render_register
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import prepare
from tests.dossiers.conftest import at
from tests.dossiers.forms.pdf import A4_LANDSCAPE, page_sizes, text

D = datetime.date


def test_register_lists_exactly_the_dossiers_of_the_period(world):
    before = world.receive("2026-03-02 16:00")
    first = world.receive("2026-03-03 00:30")  # Vietnam time: 2 March 17:30 UTC
    second = world.in_process("2026-03-04 09:00")
    after = world.receive("2026-03-05 09:00")
    elsewhere = perform(
        prepare(world.intake(agency=world.other.code), at=at("2026-03-03 09:00")),
        "receive",
        user=world.users["other_officer"],
        at=at("2026-03-03 09:00"),
    )
    world.in_status("refused")  # never received: not in the register
    pdf = render_register(world.commune_desk, D(2026, 3, 3), D(2026, 3, 4))
    assert page_sizes(pdf) == [pytest.approx(A4_LANDSCAPE, abs=0.1)]
    content = text(pdf)
    assert "Mẫu số 07" in content and "SỔ THEO DÕI HỒ SƠ" in content
    assert "từ ngày 03 tháng 3 năm 2026 đến ngày 04 tháng 3 năm 2026" in content
    assert first.code in content and second.code in content
    for other in (before, after, elsewhere):
        assert other.code not in content
    assert content.index(first.code) < content.index(second.code)
    assert "Tổng số: 2 hồ sơ" in content
    assert "Thủ tục đăng ký khai sinh" in content and "Nguyễn Thị Ánh" in content
    assert "04/03/2026 09:00" in content and "04/03/2026 09:30" in content  # received, sent
    # The competent agency's register holds the same dossiers (desk in its subtree).
    same = list(register_dossiers(world.commune, D(2026, 3, 3), D(2026, 3, 4)))
    assert [d.code for d in same] == [first.code, second.code]


def test_register_remarks(world):
    dossier = world.in_status("returned")  # approved 10:00 on the day of reception
    withdrawn = world.in_status("withdrawn")
    content = text(render_register(world.commune_desk, D(2026, 3, 2), D(2026, 3, 2)))
    assert dossier.code in content and withdrawn.code in content
    assert "Đã trả kết quả; Trước hạn" in content
    assert "Rút hồ sơ" in content
    assert "02/03/2026 14:00" in content  # returned


def test_register_number_follows_the_regime_of_the_period(world):
    world.receive("2025-06-30 09:00")
    assert "Mẫu số 06" in text(render_register(world.commune_desk, D(2025, 6, 1), D(2025, 6, 30)))
    assert "Mẫu số 07" in text(render_register(world.commune_desk, D(2025, 7, 1), D(2025, 7, 31)))


def test_register_reads_its_rows_in_one_query(world, django_assert_num_queries):
    for hour in range(8, 11):
        world.receive(f"2026-03-02 {hour:02d}:00")
    document = forms.register_document  # agency lineage (2 queries), then the rows (1)
    with django_assert_num_queries(3):
        doc = document(world.commune_desk, D(2026, 3, 1), D(2026, 3, 31))
    assert len(doc.context["rows"]) == 3


def test_register_refuses_a_period_too_large_or_reversed(world, monkeypatch):
    world.receive("2026-03-02 09:00")
    world.receive("2026-03-02 10:00")
    monkeypatch.setattr(forms, "REGISTER_MAX_ROWS", 1)
    with pytest.raises(ValidationError) as caught:
        render_register(world.commune_desk, D(2026, 3, 1), D(2026, 3, 31))
    assert caught.value.code == "too_many"
    with pytest.raises(ValidationError):
        render_register(world.commune_desk, D(2026, 3, 31), D(2026, 3, 1))


def test_register_of_an_empty_period(world):
    content = text(render_register(world.commune_desk, D(2026, 1, 5), D(2026, 1, 5)))
    assert "Không có hồ sơ nào" in content and "Tổng số: 0 hồ sơ" in content
