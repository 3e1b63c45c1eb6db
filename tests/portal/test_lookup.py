"""The public lookup page /tra-cuu/: code + secret (typed or from the receipt's QR code)."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from motcua.dossiers import forms as dossier_forms
from motcua.dossiers.api import LookupThrottle
from motcua.printing.dates import short_datetime

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's text, one space between elements."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def qr_path(dossier) -> str:
    """What the receipt's QR code opens, as a path on this server."""
    url = urlsplit(dossier_forms.lookup_url(dossier))
    return f"{url.path}?{url.query}"


def personal_data(dossier) -> list[str]:
    return [
        dossier.applicant_name,
        dossier.applicant_id_number,
        dossier.applicant_phone,
        dossier.applicant_email,
        dossier.applicant_address,
    ]


def test_empty_page_has_a_labelled_form(client):
    response = client.get("/tra-cuu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_code">Mã số hồ sơ</label>' in html
    assert '<label for="id_secret">Mã tra cứu</label>' in html
    assert 'aria-live="polite"' in html
    assert "portal/portal.css" in html
    assert response["Cache-Control"] == "no-store"


def test_the_qr_url_of_the_receipt_shows_the_progress(client, world):
    dossier = world.in_process()
    assert dossier_forms.lookup_url(dossier).startswith("http")
    response = client.get(qr_path(dossier))
    assert response.status_code == 200
    page = text(response)
    assert dossier.code in page
    assert "Thủ tục đăng ký khai sinh" in page
    assert "Đang được cơ quan có thẩm quyền giải quyết." in page
    assert "4 – Đang xử lý" in page  # national status and its meaning
    assert f"Ngày hẹn trả kết quả {short_datetime(dossier.due_at)}" in page
    assert "Ngày tiếp nhận 02/03/2026 09:00" in page
    # steps done and to come, with their agencies
    assert "Các bước đã thực hiện" in page and "Các bước tiếp theo" in page
    assert "Tiếp nhận hồ sơ" in page and "Thẩm định, đề xuất" in page
    assert "Bộ phận Một cửa xã A" in page and "UBND xã A" in page
    for value in personal_data(dossier):
        assert value not in page
    assert response["Referrer-Policy"] == "no-referrer"


def test_code_and_secret_are_forgiving_about_case_and_spaces(client, world):
    dossier = world.receive()
    response = client.get(
        "/tra-cuu/", {"code": f"  {dossier.code.lower()} ", "secret": dossier.secret.lower()}
    )
    assert dossier.code in text(response)
    assert "Đã được Bộ phận Một cửa tiếp nhận" in text(response)


def test_wrong_secret_says_so_and_shows_nothing(client, world):
    dossier = world.receive()
    wrong = "A" * 8 if dossier.secret != "A" * 8 else "B" * 8
    response = client.get("/tra-cuu/", {"code": dossier.code, "secret": wrong})
    assert response.status_code == 200
    page = text(response)
    assert "Không tìm thấy hồ sơ nào khớp với mã số hồ sơ và mã tra cứu này." in page
    assert "Thủ tục đăng ký khai sinh" not in page
    assert 'role="alert"' in response.content.decode()


def test_unknown_code_gives_the_same_answer_as_a_wrong_secret(client, world):
    dossier = world.receive()
    response = client.get(
        "/tra-cuu/", {"code": "000.01.70.H51-990101-0001", "secret": dossier.secret}
    )
    assert "Không tìm thấy hồ sơ nào khớp" in text(response)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"code": "", "secret": ""}, "Hãy nhập mã số hồ sơ in trên phiếu hẹn."),
        ({"code": "X"}, "Hãy nhập mã tra cứu in trên phiếu hẹn."),
        ({"code": "X" * 41, "secret": "A"}, "Mã số hồ sơ có tối đa 40 ký tự."),
        ({"code": "X", "secret": "A" * 17}, "Mã tra cứu có tối đa 16 ký tự."),
    ],
)
def test_bad_input_gets_a_clear_message(client, params, message):
    response = client.get("/tra-cuu/", params)
    assert response.status_code == 200
    assert message in text(response)


def test_odd_input_is_never_a_500(client, world):
    for params in (
        {"code": "\x00", "secret": "\x00"},
        {"code": ["a", "b"], "secret": "c"},
        {"code": "' OR 1=1 --", "secret": "%"},
        {"code": "Đăng ký", "secret": "ă"},
    ):
        assert client.get("/tra-cuu/", params).status_code == 200
    assert client.post("/tra-cuu/", {"code": "x"}).status_code == 405


def test_the_steps_and_result_of_a_returned_dossier(client, world):
    dossier = world.in_status("returned")
    page = text(client.get(qr_path(dossier)))
    assert "Đã trả kết quả." in page
    assert "10 – Đã trả kết quả" in page
    assert "Không còn bước nào." in page
    assert "02/03/2026 14:00" in page  # returned


def test_waiting_for_the_applicant_is_highlighted(client, world):
    dossier = world.in_status("supplement")
    response = client.get(qr_path(dossier))
    assert "dossier-status--attention" in response.content.decode()
    assert "Đang chờ người nộp bổ sung" in text(response)


def test_htmx_gets_only_the_result_region(client, world):
    dossier = world.receive()
    response = client.get(qr_path(dossier), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="lookup-result"')
    assert "<form" not in html.replace('id="lang-next"', "")
    assert dossier.code in html


def test_english_page(client, world):
    dossier = world.receive()
    url = urlsplit(dossier_forms.lookup_url(dossier))
    response = client.get(f"/en{url.path}?{url.query}")
    page = text(response)
    assert "Track a dossier" in page
    assert "Received by the one-stop desk" in page


def test_lookups_are_rate_limited_per_address(client, world, monkeypatch):
    monkeypatch.setattr(LookupThrottle, "rate", "3/minute")
    dossier = world.receive()
    for _ in range(3):
        assert client.get(qr_path(dossier)).status_code == 200
    response = client.get(qr_path(dossier))
    assert response.status_code == 429
    assert "Bạn đã tra cứu quá nhiều lần" in text(response)
    assert "Thủ tục đăng ký khai sinh" not in text(response)
    assert int(response["Retry-After"]) >= 1
    # Another address still gets through; a blank form is not counted.
    assert client.get(qr_path(dossier), REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/tra-cuu/").status_code == 200


def test_page_and_api_share_the_budget(client, world, monkeypatch):
    monkeypatch.setattr(LookupThrottle, "rate", "2/minute")
    dossier = world.receive()
    params = {"code": dossier.code, "secret": dossier.secret}
    assert client.get("/api/v1/lookup/", params).status_code == 200
    assert client.get("/tra-cuu/", params).status_code == 200
    assert client.get("/api/v1/lookup/", params).status_code == 429
    assert client.get("/tra-cuu/", params).status_code == 429


def test_signed_in_users_are_limited_too(client, world, monkeypatch):
    monkeypatch.setattr(LookupThrottle, "rate", "1/minute")
    client.force_login(world.users["officer"])
    dossier = world.receive()
    assert client.get(qr_path(dossier)).status_code == 200
    assert client.get(qr_path(dossier)).status_code == 429


@override_settings(MOTCUA_PUBLIC_URL="https://dichvucong.example.gov.vn/")
def test_the_qr_url_points_at_this_page(world):
    dossier = world.receive()
    url = dossier_forms.lookup_url(dossier)
    assert url.startswith("https://dichvucong.example.gov.vn/tra-cuu/?code=")
    from django.urls import reverse

    assert urlsplit(url).path == reverse("portal:lookup")
