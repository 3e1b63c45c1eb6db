"""The printed forms (Circular 01/2018 Mẫu 01-06, Circular 03/2025 Mẫu 01-07), built from
dossiers taken through the real actions and read back from the PDF."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
import segno
from django.core.exceptions import ValidationError

from motcua.dossiers import forms
from motcua.dossiers.forms import available_forms, lookup_url, render_form, statutory_time
from motcua.dossiers.models import Apology, Regime
from motcua.dossiers.services.intake import Applicant, DocumentLine
from motcua.printing.dates import vn_datetime
from tests.dossiers.forms.pdf import A5, page_sizes, pages_text, text
from tests.printing.conftest import qr_modules

NAME = "Nguyễn Thị Ánh"


def _nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def one_a5_page(pdf: bytes) -> str:
    assert page_sizes(pdf) == [pytest.approx(A5, abs=0.1)]
    (page,) = pages_text(pdf)
    assert unicodedata.is_normalized("NFC", page)
    return page


def event(dossier, action: str):
    return dossier.events.filter(action=action).order_by("-seq").first()


# --- 01 receipt -----------------------------------------------------------------------------


def test_receipt_carries_everything_the_circular_lists(world):
    dossier = world.receive(
        "2026-03-02 14:00",
        applicant=Applicant(
            name=_nfd(NAME),
            id_number="079190001234",
            phone="0901234567",
            email="anh@example.vn",
            address=_nfd("12 Lê Lợi, phường A"),
        ),
        summary="Đăng ký khai sinh cho con",
        sets=2,
    )
    page = one_a5_page(render_form(dossier, "receipt"))
    assert "Mẫu số 01" in page
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page
    assert "UBND XÃ A" in page and "BỘ PHẬN MỘT CỬA XÃ A" in page
    assert "Xã A, ngày 02 tháng 3 năm 2026" in page
    assert f"Mã hồ sơ: {dossier.code}" in page
    assert f"tiếp nhận hồ sơ của: {NAME}" in page
    assert "Địa chỉ: 12 Lê Lợi, phường A" in page
    assert "Số điện thoại: 0901234567" in page and "Email: anh@example.vn" in page
    assert "Nội dung yêu cầu giải quyết: Đăng ký khai sinh cho con" in page
    assert "1 Tờ khai đăng ký khai sinh 1 0" in page
    assert "2 Giấy chứng sinh 0 1" in page
    assert "Số lượng hồ sơ: 02 (bộ)" in page
    assert "theo quy định là: 03 ngày làm việc" in page
    assert "Thời gian nhận hồ sơ: 14 giờ 00 phút, ngày 02 tháng 3 năm 2026" in page
    assert "trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 05 tháng 3 năm 2026" in page
    assert "Đăng ký nhận kết quả tại: Bộ phận Một cửa xã A" in page
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 0001 ngày 02/03/2026" in page
    assert f"Mã tra cứu hồ sơ: {dossier.secret}" in page
    assert "NGƯỜI NỘP HỒ SƠ" in page and "NGƯỜI TIẾP NHẬN HỒ SƠ" in page
    assert page.rstrip().count(NAME) >= 2  # the applicant, and the submitter's signature
    assert "Officer" in page  # the receiving officer's name


def test_receipt_qr_code_opens_the_public_lookup(world, settings):
    settings.MOTCUA_PUBLIC_URL = "https://motcua.example.gov.vn/"
    dossier = world.receive()
    url = lookup_url(dossier)
    assert url == (
        f"https://motcua.example.gov.vn/tra-cuu/?code={dossier.code}&secret={dossier.secret}"
    )
    pdf = render_form(dossier, "receipt")
    symbol = segno.make(url, error="m", micro=False, boost_error=False)
    expected = {
        (r, c) for r, row in enumerate(symbol.matrix_iter(border=4)) for c, v in enumerate(row) if v
    }
    assert qr_modules(pdf) == expected


def test_receipt_collect_at_the_post_address(world):
    dossier = world.receive(return_method="post", return_address="5 Hai Bà Trưng, xã A")
    page = one_a5_page(render_form(dossier, "receipt"))
    assert "tại: Qua dịch vụ bưu chính công ích, địa chỉ: 5 Hai Bà Trưng, xã A" in page


def test_receipt_after_a_supplement_shows_the_new_appointment(world):
    dossier = world.in_process("2026-03-02 14:00")
    first = event(dossier, "receive")
    dossier = world.act(
        dossier,
        "request_supplement",
        "specialist",
        "2026-03-03 09:00",
        reason="Thiếu bản chính",
        missing=["Giấy chứng sinh (bản chính)"],
    )
    dossier = world.act(
        dossier,
        "receive_supplement",
        "officer2",
        "2026-03-04 09:00",
        documents=[DocumentLine(required=world.documents[1].pk, originals=1)],
    )
    latest = one_a5_page(render_form(dossier, "receipt"))
    assert "Thời gian nhận hồ sơ: 14 giờ 00 phút, ngày 02 tháng 3 năm 2026" in latest
    assert "Thời gian nhận hồ sơ bổ sung: 09 giờ 00 phút, ngày 04 tháng 3 năm 2026" in latest
    # Counted again from zero: Wed 09:00 + 3 working days.
    assert "trả kết quả giải quyết hồ sơ: 11 giờ 30 phút, ngày 09 tháng 3 năm 2026" in latest
    assert latest.count("Giấy chứng sinh") == 2  # the copy, then the original handed in
    assert "Officer2" in latest  # who received the supplement
    again = one_a5_page(render_form(dossier, "receipt", event=first))
    assert "trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 05 tháng 3 năm 2026" in again
    assert "bổ sung" not in again
    assert again.count("Giấy chứng sinh") == 1


def test_receipt_lists_the_documents_ticked_at_reception_only(world):
    """An online dossier completed and accepted with a new checklist: the lines ticked when
    the completion was asked are superseded."""
    dossier = world.act(world.in_status("incomplete"), "submit", "citizen", "2026-03-02 10:00")
    dossier = world.act(
        dossier,
        "accept",
        "officer",
        "2026-03-02 10:30",
        documents=[DocumentLine(required=world.documents[1].pk, originals=1)],
    )
    page = one_a5_page(render_form(dossier, "receipt"))
    assert "1 Giấy chứng sinh 1 0" in page
    assert "Tờ khai đăng ký khai sinh" not in page
    assert available_forms(dossier) == ["receipt", "supplement", "control_slip"]


def test_statutory_time_is_written_as_the_catalogue_does():
    from decimal import Decimal

    assert statutory_time(Decimal("3.00"), "working_days") == "03 ngày làm việc"
    assert statutory_time(Decimal("0.50"), "working_days") == "0,5 ngày làm việc"
    assert statutory_time(Decimal("15"), "days") == "15 ngày"
    assert statutory_time(Decimal("4"), "hours") == "04 giờ làm việc"
    assert statutory_time(None, "") == ""


# --- 02 supplement request ------------------------------------------------------------------


def test_supplement_request_after_appraisal_lists_everything_missing(world):
    dossier = world.in_process()
    dossier = world.act(
        dossier,
        "request_supplement",
        "specialist",
        "2026-03-03 09:00",
        reason="Hồ sơ chưa đủ giấy tờ theo quy định",
        missing=["Giấy chứng sinh (bản chính)", "Văn bản ủy quyền có chứng thực"],
    )
    page = one_a5_page(render_form(dossier, "supplement"))
    assert "Mẫu số 02" in page
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in page
    assert "UBND TỈNH" in page and "UBND XÃ A" in page  # the agency that asks
    assert f"Mã hồ sơ: {dossier.code}" in page and f"Hồ sơ của: {NAME}" in page
    assert "1. Giấy chứng sinh (bản chính)" in page
    assert "2. Văn bản ủy quyền có chứng thực" in page
    assert "Lý do: Hồ sơ chưa đủ giấy tờ theo quy định" in page
    assert "được tính lại từ đầu" in page
    assert "liên hệ với Specialist (UBND xã A)" in page
    assert "NGƯỜI HƯỚNG DẪN" in page
    # The 3-working-day window of ND 61/2018 art. 19.4, from reception Mon 09:00.
    assert "hạn cuối để cơ quan yêu cầu bổ sung: 11 giờ 30 phút, ngày 05 tháng 3 năm 2026" in page


def test_supplement_request_before_reception_comes_from_the_desk(world):
    dossier = world.in_status("incomplete")
    assert available_forms(dossier) == ["supplement"]
    page = one_a5_page(render_form(dossier, "supplement"))
    assert "BỘ PHẬN MỘT CỬA XÃ A" in page
    assert "1. Giấy chứng sinh" in page and "Lý do: Thiếu giấy tờ" in page
    assert "liên hệ với Officer (Bộ phận Một cửa xã A)" in page
    assert "tính lại từ đầu" not in page


# --- 03 refusal -----------------------------------------------------------------------------


def test_refusal_gives_the_reasons(world):
    dossier = world.in_status("refused")
    assert available_forms(dossier) == ["refusal"]
    page = one_a5_page(render_form(dossier, "refusal"))
    assert "Mẫu số 03" in page
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in page
    assert f"Mã hồ sơ: {dossier.code}" in page and NAME in page
    assert "với lý do cụ thể như sau: Không thuộc thẩm quyền" in page
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in page and "Officer" in page


def test_refusal_after_appraisal_comes_from_the_competent_agency(world):
    """ND 61/2018 art. 19.8: a dossier found ineligible after appraisal is returned with a
    written notice of the reasons on the refusal form, sent through the desk."""
    dossier = world.act(
        world.in_process(),
        "refuse_result",
        "leader",
        "2026-03-03 10:00",
        reason="Người yêu cầu không thuộc đối tượng được cấp",
    )
    assert available_forms(dossier) == ["receipt", "refusal", "control_slip"]
    page = one_a5_page(render_form(dossier, "refusal"))
    assert "Mẫu số 03" in page
    assert "UBND XÃ A" in page and "BỘ PHẬN MỘT CỬA" not in page
    assert "Sau khi thẩm định" in page and "không giải quyết hồ sơ này" in page
    assert "Người yêu cầu không thuộc đối tượng được cấp" in page
    assert "LÃNH ĐẠO CƠ QUAN GIẢI QUYẾT" in page and "Leader" in page


# --- 04 apology -----------------------------------------------------------------------------


def _apologised(world, when: str):
    """Received at `when` (a Monday 09:00), apology proposed the next day, approved."""
    dossier = world.in_process(when)
    next_day = f"{datetime.date.fromisoformat(when[:10]) + datetime.timedelta(days=1)} 09:00"
    dossier = world.act(
        dossier,
        "propose_apology",
        "specialist",
        next_day,
        reason="Phải xác minh thông tin tại nơi cư trú cũ",
        extend_by=2,
    )
    return world.act(dossier, "approve_apology", "leader", next_day)


@pytest.mark.parametrize(
    ("received", "title"),
    [
        ("2025-06-30 09:00", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
        ("2026-03-02 09:00", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
    ],
)
def test_apology_gives_the_reason_and_the_new_appointment(world, received, title):
    dossier = _apologised(world, received)
    apology = Apology.objects.get(dossier=dossier)
    page = one_a5_page(render_form(dossier, "apology"))
    assert "Mẫu số 04" in page
    assert title in page
    assert f"Kính gửi: {NAME}" in page
    assert f"Mã hồ sơ: {dossier.code}" in page
    assert "Lý do: Phải xác minh thông tin tại nơi cư trú cũ" in page
    assert vn_datetime(apology.previous_due_at) in page
    assert vn_datetime(apology.new_due_at) in page
    assert apology.new_due_at == dossier.due_at
    assert "THỦ TRƯỞNG CƠ QUAN" in page and "Leader" in page
    assert "UBND XÃ A" in page


def test_apology_prints_the_appointments(world):
    dossier = _apologised(world, "2026-03-02 09:00")
    page = one_a5_page(render_form(dossier, "apology"))
    # Thu 5/3 11:30 extended by 2 working days.
    assert "Thời gian hẹn trả kết quả giải quyết hồ sơ: 11 giờ 30 phút, ngày 05 tháng 3" in page
    assert "11 giờ 30 phút, ngày 09 tháng 3 năm 2026" in page


# --- 05 stop notice (2025) ------------------------------------------------------------------


def test_stop_notice_under_the_2025_regime(world):
    dossier = world.in_status("stopped")
    assert dossier.regime == Regime.R2025
    assert "stop" in available_forms(dossier)
    page = one_a5_page(render_form(dossier, "stop"))
    assert "Mẫu số 05" in page
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in page
    assert "Lý do: Người nộp đã mất" in page
    assert "dừng giải quyết hồ sơ nêu trên kể từ 10 giờ 00 phút, ngày 02 tháng 3 năm 2026" in page


def test_no_stop_notice_under_the_2018_regime(world):
    dossier = world.in_process("2025-06-30 09:00")
    dossier = world.act(dossier, "stop", "leader", "2025-06-30 10:00", reason="Người nộp đã mất")
    assert dossier.regime == Regime.R2018
    assert "stop" not in available_forms(dossier)
    with pytest.raises(ValidationError) as caught:
        render_form(dossier, "stop")
    assert "thông báo dừng" in " ".join(caught.value.messages)
    assert caught.value.code == "regime"


def test_a_form_not_produced_or_of_another_event_is_refused(world):
    dossier = world.in_process()
    with pytest.raises(forms.FormUnavailable):
        render_form(dossier, "refusal")
    with pytest.raises(forms.FormUnavailable):
        render_form(dossier, "receipt", event=event(dossier, "transfer"))
    with pytest.raises(forms.FormUnavailable):
        render_form(dossier, "nonsense")


# --- which forms exist ----------------------------------------------------------------------


def test_available_forms_follow_the_history(world):
    assert available_forms(world.draft()) == []
    assert available_forms(world.submitted()) == []
    assert available_forms(world.receive()) == ["receipt", "control_slip"]
    dossier = world.in_status("supplement")
    assert available_forms(dossier) == ["receipt", "supplement", "control_slip"]
    dossier = world.in_status("returned")
    assert available_forms(dossier) == ["receipt", "control_slip"]


# --- control slip and the two regimes -------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "number", "regime"),
    [("2025-06-30 09:00", "05", Regime.R2018), ("2025-07-01 09:00", "06", Regime.R2025)],
)
def test_control_slip_number_follows_the_regime(world, received, number, regime):
    dossier = world.in_process(received)
    assert dossier.regime == regime
    pdf = render_form(dossier, "control_slip")
    assert page_sizes(pdf)[0] == pytest.approx(A5, abs=0.1)
    page = pages_text(pdf)[0]
    assert f"Mẫu số {number}" in page
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in page


def test_control_slip_lists_each_handover_with_its_timeliness(world):
    dossier = world.in_process("2026-03-02 09:00")  # due Thu 5/3 11:30
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-03 09:00")
    dossier = world.act(dossier, "approve", "leader", "2026-03-05 16:00", result="GKS")
    dossier = world.act(dossier, "return", "officer2", "2026-03-06 08:00")
    content = text(render_form(dossier, "control_slip"))
    assert f"Mã hồ sơ: {dossier.code}" in content and NAME in content
    assert "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 02 tháng 3 năm 2026" in content
    assert "Thời gian hẹn trả kết quả: 11 giờ 30 phút, ngày 05 tháng 3 năm 2026" in content
    rows = content.split("Bên giao:")[1:]
    assert len(rows) == 4
    transfer, appraisal, approval, returned = rows
    # 1. desk -> commune, same day as reception: on time (ND 61/2018 art. 18.2)
    assert "Bộ phận Một cửa xã A Bên nhận: UBND xã A" in transfer
    assert "09 giờ 30 phút, ngày 02 tháng 3 năm 2026" in transfer
    assert "Người giao: Officer Người nhận: Specialist" in transfer
    assert "Đúng hạn" in transfer
    # 2. appraisal (due Wed noon) done Tuesday: early; the leader took it
    assert "Người giao: Specialist Người nhận: Leader" in appraisal
    assert "Trước hạn" in appraisal and "Thẩm định, đề xuất" in appraisal
    # 3. approval after the appointment: late; back to the desk, taken by who returned it
    assert "UBND xã A Bên nhận: Bộ phận Một cửa xã A" in approval
    assert "Người giao: Leader Người nhận: Officer2" in approval
    assert "Quá hạn" in approval
    # 4. returned to the applicant
    assert f"Bên nhận: Tổ chức, cá nhân: {NAME}" in returned
    assert f"Người giao: Officer2 Người nhận: {NAME}" in returned
    assert "Trả kết quả" in returned
    assert "Thời gian có kết quả: 16 giờ 00 phút, ngày 05 tháng 3 năm 2026 (Quá hạn)" in content


def test_control_slip_of_an_open_dossier_shows_the_handovers_to_come(world):
    dossier = world.in_process()
    content = text(render_form(dossier, "control_slip"))
    assert "Đang xử lý: Thẩm định, đề xuất" in content
    assert "Chưa đến bước: Phê duyệt, ký kết quả" in content
    assert "Chưa đến bước: Trả kết quả" in content
    assert content.count("… giờ … phút") == 3
    # As the transfer produced it: nothing after it.
    transfer = event(dossier, "transfer")
    assert transfer.form == "control_slip"
    early = text(render_form(dossier, "control_slip", event=transfer))
    assert "Chưa đến bước" not in early and early.count("Bên giao:") == 1


def test_control_slip_records_consultations(world):
    dossier = world.in_status("interlinked")
    dossier = world.act(dossier, "complete_step", "dept_specialist", "2026-03-02 15:00")
    content = text(render_form(dossier, "control_slip"))
    assert "Cơ quan phối hợp giải quyết hồ sơ: Sở Tư pháp" in content
    assert "Bên giao: UBND xã A Bên nhận: Sở Tư pháp" in content
    assert "Lấy ý kiến (song song)" in content
    assert "Bên giao: Sở Tư pháp Bên nhận: UBND xã A" in content
    assert "Trả lời lấy ý kiến" in content


def test_control_slip_needs_a_received_dossier(world):
    with pytest.raises(forms.FormUnavailable):
        render_form(world.in_status("refused"), "control_slip")


def test_control_slip_follows_a_hand_over_to_the_province(world):
    dossier = world.in_process()
    dossier = world.act(
        dossier,
        "hand_over",
        "specialist",
        "2026-03-02 10:00",
        agency=world.department.code,
        reason="Thuộc thẩm quyền của Sở",
    )
    dossier = world.act(dossier, "complete_step", "dept_specialist", "2026-03-03 09:00")
    dossier = world.act(dossier, "approve", "dept_leader", "2026-03-03 10:00", result="GKS")
    dossier = world.act(dossier, "return", "officer", "2026-03-03 14:00")
    content = text(render_form(dossier, "control_slip"))
    rows = content.split("Bên giao:")[1:]
    assert len(rows) == 5
    transfer, handover, appraisal, approval, returned = rows
    assert "Bên nhận: UBND xã A" in transfer
    assert "UBND xã A Bên nhận: Sở Tư pháp" in handover
    assert "Người giao: Specialist Người nhận: Dept_Specialist" in handover
    assert "Chuyển cơ quan có thẩm quyền giải quyết: Thuộc thẩm quyền của Sở" in handover
    assert "Sở Tư pháp Bên nhận: Sở Tư pháp" in appraisal
    assert "Người giao: Dept_Specialist Người nhận: Dept_Leader" in appraisal
    # The commune's own approval was skipped: the result goes to the desk that returns it.
    assert "Sở Tư pháp Bên nhận: Bộ phận Một cửa xã A" in approval
    assert "Trước hạn" in approval
    assert f"Bên nhận: Tổ chức, cá nhân: {NAME}" in returned
    assert "Cơ quan phối hợp giải quyết hồ sơ: Sở Tư pháp" in content
