"""GET /api/v1/dossiers/{key}/forms/…, /api/v1/agencies/{code}/register/ and the commands."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from motcua.dossiers import forms
from tests.dossiers.forms.pdf import A4_LANDSCAPE, A5, page_sizes, text


def client(user=None) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        api.force_authenticate(user)
    return api


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    return content


def test_list_of_forms_with_numbers_for_the_regime(world):
    dossier = world.in_status("supplement")
    response = client(world.users["officer"]).get(f"/api/v1/dossiers/{dossier.code}/forms/")
    assert response.status_code == 200
    listed = {item["form"]: item for item in response.json()}
    assert list(listed) == ["receipt", "supplement", "control_slip"]
    assert listed["receipt"]["number"] == "01"
    assert listed["receipt"]["events"] == [1]
    assert listed["supplement"]["title"] == "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
    assert listed["control_slip"]["number"] == "06"
    assert listed["control_slip"]["url"].endswith(f"/dossiers/{dossier.code}/forms/control_slip/")


def test_officer_gets_the_receipt_pdf(world):
    dossier = world.receive("2026-03-02 14:00")
    response = client(world.users["officer"]).get(f"/api/v1/dossiers/{dossier.code}/forms/receipt/")
    content = pdf_of(response)
    assert page_sizes(content) == [pytest.approx(A5, abs=0.1)]
    assert "17 giờ 00 phút, ngày 05 tháng 3 năm 2026" in text(content)
    assert f'filename="receipt-{dossier.code}.pdf"' in response["Content-Disposition"]


def test_form_of_a_given_event(world):
    dossier = world.in_process("2026-03-02 14:00")
    dossier = world.act(
        dossier, "request_supplement", "specialist", "2026-03-03 09:00", reason="x", missing=["A"]
    )
    dossier = world.act(dossier, "receive_supplement", "officer", "2026-03-04 09:00")
    api = client(world.users["officer"])
    base = f"/api/v1/dossiers/{dossier.code}/forms/receipt/"
    assert "ngày 09 tháng 3 năm 2026" in text(pdf_of(api.get(base)))
    assert "17 giờ 00 phút, ngày 05 tháng 3 năm 2026" in text(pdf_of(api.get(base + "?event=1")))
    assert api.get(base + "?event=2").status_code == 404  # the transfer: no receipt
    assert api.get(base + "?event=99").status_code == 404
    response = api.get(base + "?event=first")
    assert response.status_code == 400
    assert api.get(base + "?event=%C2%B2").status_code == 400  # "²" is a digit to str.isdigit
    assert response["Content-Type"].startswith("application/problem+json")


def test_officer_of_another_commune_does_not_see_the_forms(world):
    dossier = world.receive()
    other = client(world.users["other_officer"])
    assert other.get(f"/api/v1/dossiers/{dossier.code}/forms/").status_code == 404
    assert other.get(f"/api/v1/dossiers/{dossier.code}/forms/receipt/").status_code == 404
    assert client().get(f"/api/v1/dossiers/{dossier.code}/forms/receipt/").status_code in (
        401,
        403,
    )


def test_forms_not_produced_unknown_or_not_under_the_regime_are_404(world):
    dossier = world.receive()
    api = client(world.users["officer"])
    response = api.get(f"/api/v1/dossiers/{dossier.code}/forms/refusal/")
    assert response.status_code == 404
    assert "no such form" in response.json()["detail"]
    assert api.get(f"/api/v1/dossiers/{dossier.code}/forms/nonsense/").status_code == 404
    old = world.in_process("2025-06-30 09:00")
    old = world.act(old, "stop", "leader", "2025-06-30 10:00", reason="Người nộp đã mất")
    response = api.get(f"/api/v1/dossiers/{old.code}/forms/stop/")
    assert response.status_code == 404
    assert "stop notice" in response.json()["detail"]


def test_the_applicant_prints_their_forms_but_not_the_control_slip(world):
    dossier = world.act(world.submitted(), "accept", "officer", "2026-03-02 09:00")
    citizen = client(world.users["citizen"])
    listed = [f["form"] for f in citizen.get(f"/api/v1/dossiers/{dossier.code}/forms/").json()]
    assert listed == ["receipt"]
    pdf_of(citizen.get(f"/api/v1/dossiers/{dossier.code}/forms/receipt/"))
    assert citizen.get(f"/api/v1/dossiers/{dossier.code}/forms/control_slip/").status_code == 404
    officer = client(world.users["officer"])
    pdf_of(officer.get(f"/api/v1/dossiers/{dossier.code}/forms/control_slip/"))


def test_register_for_staff_covering_the_agency(world):
    dossier = world.receive("2026-03-02 09:00")
    url = f"/api/v1/agencies/{world.commune_desk.code}/register/?from=2026-03-01&to=2026-03-31"
    content = pdf_of(client(world.users["officer"]).get(url))
    assert page_sizes(content) == [pytest.approx(A4_LANDSCAPE, abs=0.1)]
    assert dossier.code in text(content)
    assert client(world.users["other_officer"]).get(url).status_code == 403
    assert client(world.users["citizen"]).get(url).status_code == 403
    leader = client(world.users["leader"])  # leader of the commune: its desk is below it
    pdf_of(leader.get(url))


def test_register_parameters(world):
    api = client(world.users["officer"])
    base = f"/api/v1/agencies/{world.commune_desk.code}/register/"
    assert api.get(base + "?from=2026-03-01").status_code == 400
    response = api.get(base + "?from=2026-03-01&to=31/03/2026")
    assert response.status_code == 400
    assert "to" in response.json()["errors"]
    assert api.get(base + "?from=2026-02-30&to=2026-03-31").status_code == 400
    assert api.get(base + "?from=2026-03-31&to=2026-03-01").status_code == 400
    assert api.get(base + "?from=0001-01-01&to=2026-03-01").status_code == 400
    assert api.get(base + "?from=2026-03-01&to=9999-12-31").status_code == 400
    missing = "/api/v1/agencies/999.99.99.H99/register/?from=2026-03-01&to=2026-03-31"
    assert api.get(missing).status_code == 404


def test_commands_write_the_pdfs(world, tmp_path):
    dossier = world.in_process()
    out = tmp_path / "receipt.pdf"
    call_command("dossier", "form", dossier.code, "receipt", "-o", str(out))
    assert "Mẫu số 01" in text(out.read_bytes())
    slip = tmp_path / "slip.pdf"
    call_command("dossier", "form", dossier.code, "control_slip", "-o", str(slip), "--event", "2")
    assert "PHIẾU KIỂM SOÁT" in text(slip.read_bytes())
    register = tmp_path / "register.pdf"
    call_command(
        "dossier",
        "register",
        world.commune_desk.code,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-02",
        "-o",
        str(register),
    )
    assert dossier.code in text(register.read_bytes())
    with pytest.raises(CommandError, match="không có biểu mẫu này"):
        call_command("dossier", "form", dossier.code, "refusal", "-o", str(out))
    with pytest.raises(CommandError):
        call_command("dossier", "form", dossier.code, "receipt", "-o", str(out), "--event", "9")
    with pytest.raises(CommandError):
        call_command(
            "dossier", "register", "nope", "--from", "2026-03-02", "--to", "2026-03-02", "-o", "x"
        )
    with pytest.raises(CommandError):
        call_command(
            "dossier",
            "register",
            world.commune_desk.code,
            "--from",
            "2026-13-02",
            "--to",
            "2026-03-02",
            "-o",
            str(register),
        )


def test_register_through_the_api_is_capped(world, monkeypatch):
    world.receive("2026-03-02 09:00")
    world.receive("2026-03-02 10:00")
    monkeypatch.setattr(forms, "REGISTER_MAX_ROWS_HTTP", 1)
    url = f"/api/v1/agencies/{world.commune_desk.code}/register/?from=2026-03-01&to=2026-03-31"
    response = client(world.users["officer"]).get(url)
    assert response.status_code == 400
    assert "shorter period" in response.json()["detail"]
