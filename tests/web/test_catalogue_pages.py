"""Public catalogue pages through the Django test client (Vietnamese UI at /)."""

import html
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from motcua.catalogue.models import Field, Procedure
from motcua.catalogue.services.importer import import_records
from motcua.core.qr import qr_svg

from .conftest import load_records

pytestmark = pytest.mark.django_db

KHAI_SINH = "Thủ tục đăng ký khai sinh"
HO_KINH_DOANH = "Đăng ký thành lập hộ kinh doanh"


def text(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def result_codes(response) -> list[str]:
    section = response.content.decode().split('id="results"', 1)[1]
    return re.findall(r'href="/thu-tuc/([^/"]+)/"', section)


# ------------------------------------------------------------------- search


def test_search_without_diacritics_finds_the_procedure(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    codes = result_codes(response)
    assert "1.001193" in codes
    assert "1.004884" in codes  # "đăng ký lại khai sinh" holds every word
    assert "1.001612" not in codes
    page = text(response)
    assert KHAI_SINH in page
    assert "Tìm thấy 2 thủ tục phù hợp với “dang ky khai sinh”" in page


def test_search_with_diacritics_and_by_code(client, catalogue):
    assert result_codes(client.get("/thu-tuc/", {"q": "ĐĂNG KÝ KHAI SINH"}))[:2] == [
        "1.001193",
        "1.004884",
    ]
    assert result_codes(client.get("/thu-tuc/", {"q": "1.001612"})) == ["1.001612"]


def test_result_shows_code_field_levels_and_counter_time(client, catalogue):
    page = text(client.get("/thu-tuc/", {"q": "gia han tam tru"}))
    assert "1.001146" in page
    assert "Quản lý xuất nhập cảnh" in page
    assert "Cấp Tỉnh" in page
    assert "Trực tiếp 5 ngày làm việc" in page


def test_no_result_says_so(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "khong co thu tuc nao ten nhu vay"})
    assert response.status_code == 200
    assert result_codes(response) == []
    assert "Không tìm thấy thủ tục nào." in text(response)


def test_empty_search_lists_everything_in_force(client, catalogue):
    response = client.get("/thu-tuc/")
    assert len(result_codes(response)) == 7
    assert "7 thủ tục đang có hiệu lực." in text(response)


def test_filter_by_field(client, catalogue):
    ho_tich = Field.objects.get(name="Hộ tịch")
    codes = result_codes(client.get("/thu-tuc/", {"field": ho_tich.pk}))
    assert sorted(codes) == ["1.000894", "1.001193", "1.004884"]


def test_filter_by_level(client, catalogue):
    province = result_codes(client.get("/thu-tuc/", {"level": "province"}))
    assert "1.001146" in province and "2.000908" in province
    assert "1.001193" not in province
    ministry = result_codes(client.get("/thu-tuc/", {"level": "ministry"}))
    assert ministry == ["1.001612", "2.000908"]
    other = result_codes(client.get("/thu-tuc/", {"level": "other"}))
    assert other == ["2.000815", "2.000908"]


def test_filter_by_agency(client, agencies):
    codes = result_codes(client.get("/thu-tuc/", {"agency": "000.01.15.H51"}))
    # 2.000815 was handled by this commune until last month: no longer listed.
    assert sorted(codes) == ["1.000894", "1.001193", "1.001612", "1.004884"]
    combined = result_codes(client.get("/thu-tuc/", {"agency": "000.01.15.H51", "q": "khai sinh"}))
    assert sorted(combined) == ["1.001193", "1.004884"]


def test_filters_are_offered_in_the_form(client, agencies):
    page = client.get("/thu-tuc/").content.decode()
    assert '<option value="province">Cấp Tỉnh</option>' in page
    assert "UBND xã Hòa Bình" in page
    assert ">Hộ tịch</option>" in page
    # Agencies that handle nothing today are not offered.
    assert "UBND xã Đã Giải Thể" not in page


def test_pagination(client, catalogue, monkeypatch):
    from motcua.catalogue import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    first = client.get("/thu-tuc/")
    third = client.get("/thu-tuc/", {"page": 3})
    beyond = client.get("/thu-tuc/", {"page": 99})
    assert len(result_codes(first)) == 3
    assert "Trang 1 / 3" in text(first)
    assert result_codes(third) == ["2.000908"]
    assert beyond.status_code == 200 and result_codes(beyond) == ["2.000908"]


# ------------------------------------------------------------------- htmx


def test_htmx_request_gets_only_the_results_partial(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "dang ky khai sinh"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body and "<header" not in body
    assert result_codes(response)[:2] == ["1.001193", "1.004884"]
    assert "HX-Request" in response["Vary"]


def test_full_page_wires_htmx_and_works_without_it(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "khai sinh"})
    body = response.content.decode()
    assert "<html" in body and 'id="results"' in body
    assert 'hx-get="/thu-tuc/"' in body and 'hx-target="#results"' in body
    assert 'method="get"' in body and 'action="/thu-tuc/"' in body
    assert "/static/motcua/vendor/htmx.min.js" in body


def test_history_restore_gets_the_full_page(client, catalogue):
    response = client.get(
        "/thu-tuc/",
        {"q": "khai sinh"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


# ------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "params, message",
    [
        ({"field": "abc"}, "Lĩnh vực"),
        ({"field": "999999"}, "Lĩnh vực"),
        ({"level": "galaxy"}, "Cấp thực hiện"),
        ({"agency": "KHONG.CO"}, "Cơ quan"),
        ({"page": "abc"}, "Trang"),
        ({"page": "-1"}, "Trang"),
        ({"q": "x" * 500}, "Tìm thủ tục hành chính"),
        ({"q": "khai\x00sinh"}, "Tìm thủ tục hành chính"),
    ],
)
def test_bad_parameters_give_a_clear_message_never_500(client, catalogue, params, message):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/thu-tuc/", params, headers=headers)
        assert response.status_code == 200
        page = text(response)
        assert "Không thể tìm kiếm vì một số điều kiện lọc không hợp lệ" in page
        assert message in page
        assert result_codes(response) == []


def test_repeated_and_odd_parameters_do_not_break(client, catalogue):
    response = client.get("/thu-tuc/?q=khai&q=sinh&level=&field=&agency=&page=1&foo=bar")
    assert response.status_code == 200
    assert "1.001193" in result_codes(response)  # the last value of a repeated key wins


def test_post_is_not_allowed(client, catalogue):
    assert client.post("/thu-tuc/").status_code == 405


# ------------------------------------------------------------------- procedure page


@override_settings(MOTCUA_PUBLIC_URL="https://motcua.example.gov.vn/")
def test_procedure_page_shows_every_section_and_a_qr(client, agencies):
    response = client.get("/thu-tuc/1.001193/")
    assert response.status_code == 200
    body = response.content.decode()
    page = text(response)
    for section in (
        "general",
        "ways",
        "documents",
        "steps",
        "applicants",
        "agencies",
        "result",
        "requirements",
        "legal",
        "history",
    ):
        assert f'id="{section}"' in body, section
    for heading in (
        "Thông tin chung",
        "Cách thức thực hiện, thời hạn và phí, lệ phí",
        "Thành phần hồ sơ",
        "Trình tự thực hiện",
        "Đối tượng thực hiện",
        "Kết quả thực hiện",
        "Yêu cầu, điều kiện",
        "Căn cứ pháp lý",
        "Lịch sử phiên bản",
    ):
        assert heading in page, heading
    # General facts
    assert KHAI_SINH in page
    assert "Mã thủ tục 1.001193" in page
    assert "Lĩnh vực Hộ tịch" in page
    assert "Cấp Xã" in page
    assert "TTHC được luật giao quy định chi tiết" in page
    assert "163/QĐ-BTP" in page
    # Unit-less processing time rendered as published, never invented.
    assert "1 (không ghi đơn vị)" in page
    # Three channels, plus the counter time in the summary at the top.
    assert page.count("1 (không ghi đơn vị)") == 4
    assert "Thời hạn giải quyết (trực tiếp) 1 (không ghi đơn vị)" in page
    assert "Kết quả thực hiện Giấy khai sinh" in page
    for channel in ("Trực tuyến", "Dịch vụ bưu chính công ích", "Trực tiếp"):
        assert channel in page
    assert "0 đồng" in page
    # Documents grouped, with counts
    assert "* Giấy tờ phải nộp:" in page and "* Giấy tờ phải xuất trình:" in page
    assert "* Lưu ý:" in page
    assert "Giấy chứng sinh; trường hợp không có Giấy chứng sinh" in page
    assert body.count("<caption>") == 3
    # Applicants, result, legal basis
    assert "Người Việt Nam định cư ở nước ngoài" in page
    assert "Giấy khai sinh" in page
    assert "123/2015/NĐ-CP" in page and "60/2014/QH13" in page
    # Agencies that handle it in this system
    assert "UBND xã Hòa Bình" in page
    # QR code of the absolute public URL, with its caption
    url = "https://motcua.example.gov.vn/thu-tuc/1.001193/"
    assert url in page
    assert "Quét mã để mở trang này" in page
    assert qr_svg(url, scale=4, title="Mã QR của trang này") in body
    assert "<svg" in body


def test_fees_and_times_as_published(client, catalogue):
    page = text(client.get("/thu-tuc/1.001612/"))
    assert "150.000 đồng" in page and "50.000 đồng" in page
    assert "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định" in page
    # A bare OTHER with no amount is "not stated", not a made-up value.
    assert "OTHER" not in page
    assert "Không có thông tin" in page
    page = text(client.get("/thu-tuc/1.001146/"))
    assert "5 ngày làm việc" in page
    page = text(client.get("/thu-tuc/2.000815/"))
    assert "2.000 đồng/trang" in page
    assert "chưa thống nhất" in page  # the disputed 10 VNĐ/USD fee


def test_document_template_without_file(client, catalogue):
    record = next(r for r in load_records() if r["code"] == "1.001146")
    template = next(d["template"] for d in record["documents"] if d["template"])
    page = text(client.get("/thu-tuc/1.001146/"))
    assert f"{template} (chưa có tệp)" in page


def test_version_history_and_version_in_force(client, catalogue):
    today = timezone.localdate()
    record = next(r for r in load_records() if r["code"] == "1.001193")
    amended = {
        **record,
        "name": "Thủ tục đăng ký khai sinh (sửa đổi)",
        "decision": "999/QĐ-BTP",
        "change_kind": "amended",
        "valid_from": (today - timedelta(days=10)).isoformat(),
    }
    future = {
        **record,
        "name": "Thủ tục đăng ký khai sinh (sắp có hiệu lực)",
        "decision": "1000/QĐ-BTP",
        "change_kind": "replaced",
        "valid_from": (today + timedelta(days=30)).isoformat(),
    }
    report = import_records([amended, future])
    assert report.ok, [str(e) for e in report.errors]
    assert Procedure.objects.get(code="1.001193").versions.count() == 3

    page = text(client.get("/thu-tuc/1.001193/"))
    assert page.count("Thủ tục đăng ký khai sinh (sửa đổi)") >= 2  # title and general facts
    history = page.split("Lịch sử phiên bản", 2)[-1]
    assert "999/QĐ-BTP" in history and "163/QĐ-BTP" in history and "1000/QĐ-BTP" in history
    assert "Sửa đổi, bổ sung" in history and "Thay thế" in history and "Ban hành mới" in history
    assert (today - timedelta(days=10)).strftime("%d/%m/%Y") in history
    assert (today - timedelta(days=11)).strftime("%d/%m/%Y") in history  # v1 closed
    assert "đang hiệu lực" in history
    # Search finds the version in force only.
    found = text(client.get("/thu-tuc/", {"q": "1.001193"}))
    assert "(sửa đổi)" in found and "(sắp có hiệu lực)" not in found


def test_unknown_code_is_a_friendly_404(client, catalogue):
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    page = text(response)
    assert "Không tìm thấy trang" in page
    assert "Hệ thống thông tin một cửa điện tử" in page


@pytest.mark.parametrize(
    "path", ["/thu-tuc/%00/", "/thu-tuc/" + "9" * 300 + "/", "/co-quan/KHONG/", "/khong-co/"]
)
def test_odd_paths_are_404_not_500(client, catalogue, path):
    assert client.get(path).status_code == 404


# ------------------------------------------------------------------- agencies & home


def test_agency_tree_lists_active_units(client, agencies):
    response = client.get("/co-quan/")
    assert response.status_code == 200
    body = response.content.decode()
    page = text(response)
    assert "UBND tỉnh Thử Nghiệm" in page and "Sở Tư pháp" in page and "UBND xã Hòa Bình" in page
    assert "UBND xã Đã Giải Thể" not in page
    # The commune is nested under the department, itself under the province.
    province = body.index("UBND tỉnh Thử Nghiệm")
    assert province < body.index("Sở Tư pháp") < body.index("UBND xã Hòa Bình")
    assert "4 thủ tục" in page
    assert 'href="/co-quan/000.01.15.H51/"' in body


@override_settings(MOTCUA_PUBLIC_URL="https://motcua.example.gov.vn")
def test_agency_published_list_with_a_qr_per_procedure(client, agencies):
    response = client.get("/co-quan/000.01.15.H51/")
    assert response.status_code == 200
    body = response.content.decode()
    page = text(response)
    assert "Thủ tục hành chính do UBND xã Hòa Bình giải quyết" in page
    assert "Bộ phận Một cửa xã Hòa Bình" in page
    for code in ("1.000894", "1.001193", "1.001612", "1.004884"):
        assert f'href="/thu-tuc/{code}/"' in body
        url = f"https://motcua.example.gov.vn/thu-tuc/{code}/"
        version = Procedure.objects.get(code=code).versions.get()
        assert qr_svg(url, scale=3, title=version.name) in body
    assert "2.000815" not in page  # assignment ended last month
    assert body.count("<svg") == 4 + 1  # four QR codes and the emblem
    assert "In danh mục" in page


def test_print_stylesheet_exists(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("motcua/site.css"), encoding="utf-8").read()
    assert "@media print" in css
    assert finders.find("motcua/vendor/htmx.min.js")


def test_home_counts_procedures_by_level(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "Hệ thống thông tin một cửa điện tử" in page
    assert "7 Tất cả thủ tục" in page
    # Every record but 1.001146 includes Cấp Xã (see tests/web/data/procedures.json).
    assert "6 Cấp Xã" in page
    assert "2 Cấp Tỉnh" in page
    assert "2 Cấp Bộ" in page
    assert "2 Cơ quan khác" in page
    assert "Cấp Huyện" not in page  # no procedure at district level: no empty tile
    assert 'href="/thu-tuc/?level=commune"' in response.content.decode()
    assert 'action="/thu-tuc/"' in response.content.decode()
