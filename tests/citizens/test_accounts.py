"""Citizens' accounts: sign-up, one sign-in page for everybody, failed attempts limited,
profile, password, the header's user menu, GET/PATCH /api/v1/me/profile/."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from motcua.citizens.models import CitizenProfile
from motcua.citizens.services import accounts
from motcua.citizens.services.accounts import AccountDetails, normalise_phone, sign_up

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0901234567", "0901234567"),
        ("+84 90 123 4567", "0901234567"),
        ("84901234567", "0901234567"),
        ("090.123.4567", "0901234567"),
        ("(039) 123-4567", "0391234567"),
        ("0201234567", ""),  # a landline prefix, not a mobile
        ("090123456", ""),  # 9 digits
        ("09012345678", ""),  # 11 digits
        ("０９０１２３４５６７", ""),  # full-width digits
        ("abc", ""),
    ],
)
def test_normalise_phone(raw, expected):
    assert normalise_phone(raw) == expected


def test_sign_up_with_phone_only(fast_passwords):
    user = sign_up(AccountDetails(full_name="Lê  Văn   Nam", phone="0987 654 321"), PASSWORD)
    assert user.username == "0987654321"
    assert (user.last_name, user.first_name) == ("Lê Văn", "Nam")
    assert user.check_password(PASSWORD) and not user.is_staff
    assert CitizenProfile.objects.get(user=user).phone == "0987654321"


def test_sign_up_refuses_bad_input_and_changes_nothing(lan):
    count = get_user_model().objects.count()
    with pytest.raises(ValidationError) as caught:
        sign_up(
            AccountDetails(
                full_name="",
                email="LAN@example.vn",  # taken, whatever the case
                phone="0212345678",
                id_number="12345",
                birth_date=datetime.date.today() + datetime.timedelta(days=1),
                tax_code="12",
            ),
            "123",
        )
    errors = caught.value.message_dict
    assert {
        "full_name",
        "email",
        "phone",
        "id_number",
        "birth_date",
        "tax_code",
        "password",
    } <= set(errors)
    assert get_user_model().objects.count() == count


def test_sign_up_needs_email_or_phone_and_a_unique_phone(lan):
    with pytest.raises(ValidationError) as caught:
        sign_up(AccountDetails(full_name="Ai Đó"), PASSWORD)
    assert "email" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        sign_up(AccountDetails(full_name="Ai Đó", phone="0912345678"), PASSWORD)
    assert "phone" in caught.value.message_dict


def test_backend_signs_in_by_username_email_or_phone(lan):
    for identifier in ("0912345678", "LAN@example.vn", "+84912345678", "091 234 5678"):
        assert authenticate(username=identifier, password=PASSWORD) == lan
    assert authenticate(username="0912345678", password="wrong") is None
    assert authenticate(username="0999999999", password=PASSWORD) is None


def test_staff_sign_in_by_username(world):
    assert authenticate(username="officer", password=PASSWORD) == world.users["officer"]


def test_failed_sign_ins_are_limited(lan, client):
    for _ in range(5):
        response = client.post("/dang-nhap/", {"username": "0912345678", "password": "nope"})
        assert response.status_code == 200
    # Locked now, even with the right password.
    response = client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    assert response.status_code == 200
    assert "Quá nhiều lần đăng nhập sai" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another identifier of the same address is not locked yet.
    assert authenticate(username="lan@example.vn", password=PASSWORD) == lan


def test_sign_in_page_sends_citizens_to_their_dossiers(lan, client):
    response = client.post("/dang-nhap/", {"username": "0912345678", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/ho-so-cua-toi/"


def test_sign_in_page_sends_staff_to_the_workspace(world, client):
    response = client.post("/dang-nhap/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].endswith("/can-bo/")


def test_sign_in_honours_a_safe_next_only(lan, client):
    data = {"username": "0912345678", "password": PASSWORD, "next": "/nop-ho-so/1.001193/"}
    assert client.post("/dang-nhap/", data)["Location"] == "/nop-ho-so/1.001193/"
    client.post("/dang-xuat/")
    data["next"] = "https://evil.example/"
    assert client.post("/dang-nhap/", data)["Location"] == "/ho-so-cua-toi/"


def test_wrong_password_message_in_english(lan, client):
    response = client.post("/en/dang-nhap/", {"username": "0912345678", "password": "x"})
    assert "The identifier or the password is wrong" in response.content.decode()


def test_sign_up_page_creates_and_signs_in(client, fast_passwords):
    response = client.post(
        "/dang-ky/",
        {
            "full_name": "Phạm Minh Tú",
            "email": "tu@example.vn",
            "phone": "",
            "kind": "person",
            "password1": "Sao-Mai-2025",
            "password2": "Sao-Mai-2025",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/ho-so-cua-toi/"
    user = get_user_model().objects.get(email="tu@example.vn")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_sign_up_page_shows_errors_in_vietnamese(client, lan):
    response = client.post(
        "/dang-ky/",
        {
            "full_name": "X",
            "phone": "0912345678",
            "kind": "person",
            "password1": "Sao-Mai-2025",
            "password2": "khac",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hai mật khẩu không giống nhau" in body
    assert 'aria-invalid="true"' in body


def test_sign_out_is_a_post(lan, client):
    client.force_login(lan)
    assert client.get("/dang-xuat/").status_code == 405
    assert client.post("/dang-xuat/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_user_menu(lan, world, client):
    header = client.get("/").content.decode().split("</header>")[0]
    assert 'href="/dang-nhap/"' in header and 'href="/dang-ky/"' in header
    assert "/admin/" not in header
    client.force_login(lan)
    body = client.get("/").content.decode()
    assert "Trần Thị Lan" in body and 'href="/ho-so-cua-toi/"' in body
    assert 'action="/dang-xuat/"' in body
    client.force_login(world.users["officer"])
    body = client.get("/en/").content.decode()
    assert "My work" in body and '/can-bo/"' in body


def test_profile_page_changes_details(lan, client):
    client.force_login(lan)
    assert client.get("/tai-khoan/").status_code == 200
    response = client.post(
        "/tai-khoan/",
        {
            "full_name": "Trần Thị Lan Anh",
            "email": "lan@example.vn",
            "phone": "0912345678",
            "kind": "organisation",
            "organisation_name": "Công ty TNHH Lan Anh",
            "tax_code": "0312345678",
        },
    )
    assert response.status_code == 302
    lan.refresh_from_db()
    assert accounts.full_name(lan) == "Trần Thị Lan Anh"
    applicant = accounts.applicant_for(lan)
    assert applicant.kind == "organisation" and applicant.name == "Công ty TNHH Lan Anh"
    assert applicant.representative_name == "Trần Thị Lan Anh"


def test_profile_page_refuses_a_bad_phone(lan, client):
    client.force_login(lan)
    response = client.post("/tai-khoan/", {"full_name": "Lan", "phone": "12345", "kind": "person"})
    assert response.status_code == 200
    assert CitizenProfile.objects.get(user=lan).phone == "0912345678"


def test_password_change(lan, client):
    client.force_login(lan)
    response = client.post(
        "/tai-khoan/mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-Khau-Moi-2026",
            "new_password2": "Mat-Khau-Moi-2026",
        },
    )
    assert response.status_code == 302
    assert authenticate(username="0912345678", password="Mat-Khau-Moi-2026") == lan


def test_pages_need_sign_in(client, db):
    for url in ("/tai-khoan/", "/ho-so-cua-toi/", "/nop-ho-so/1.001193/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/?next=")


def test_api_me_profile(lan):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert api.get("/api/v1/me/profile/").status_code == 401
    api.force_authenticate(lan)
    body = api.get("/api/v1/me/profile/").json()
    assert body["phone"] == "0912345678" and body["full_name"] == "Trần Thị Lan"
    assert body["is_staff"] is False
    response = api.patch("/api/v1/me/profile/", {"address": "5 Hàm Nghi"}, format="json")
    assert response.status_code == 200 and response.json()["address"] == "5 Hàm Nghi"
    response = api.patch("/api/v1/me/profile/", {"phone": "123"}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert CitizenProfile.objects.get(user=lan).phone == "0912345678"


def test_citizen_command(db, fast_passwords, monkeypatch):
    import io

    from django.core.cache import cache
    from django.core.management import call_command

    monkeypatch.setattr("sys.stdin", io.StringIO("Sao-Mai-2025\n"))
    out = io.StringIO()
    call_command("citizen", "create", "--name", "Đỗ Văn Hải", "--phone", "0933333333", stdout=out)
    user = get_user_model().objects.get(username="0933333333")
    out = io.StringIO()
    call_command("citizen", "show", "+84933333333", stdout=out)
    assert "Đỗ Văn Hải" in out.getvalue()
    for _ in range(5):
        authenticate(username="0933333333", password="x")
    assert authenticate(username="0933333333", password="Sao-Mai-2025") is None
    call_command("citizen", "unlock", "0933333333", stdout=io.StringIO())
    assert authenticate(username="0933333333", password="Sao-Mai-2025") == user
    cache.clear()
