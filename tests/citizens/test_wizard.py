"""The online submission wizard, step by step: a real DRAFT dossier created at the
applicant step, changed by edit_draft, files checked on content, submitted through the
engine (ND 61/2018 art. 16.3, 17.2: online dossiers are drafted and submitted by the
applicant)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalogue.models import Channel, ProcessingTime
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.workflow import Status

from .conftest import EXE, PDF, PNG

pytestmark = pytest.mark.django_db

APPLICANT = {
    "kind": "person",
    "name": "Nguyễn Thị Ánh",
    "id_number": "079190001234",
    "birth_date": "1990-05-17",
    "phone": "0901234567",
    "email": "anh@example.vn",
    "address": "12 Lê Lợi, phường A",
}


def _step(dossier, slug):
    return f"/nop-ho-so/{dossier.procedure.code}/{dossier.key}/{slug}/"


def _start(client, world, **overrides):
    data = {**APPLICANT, "agency": world.commune.code, **overrides}
    return client.post("/nop-ho-so/1.001193/nguoi-nop/", data)


@pytest.fixture
def citizen(world, client):
    client.force_login(world.users["citizen"])
    return world.users["citizen"]


def test_start_page_lists_agencies_documents_and_limits(world, client, citizen):
    body = client.get("/nop-ho-so/1.001193/").content.decode()
    assert "UBND xã A" in body and "UBND xã B" in body
    assert "Tờ khai đăng ký khai sinh" in body and "Giấy chứng sinh" in body
    assert "20 MB" in body and "PDF" in body


def test_procedure_without_online_channel_is_refused_clearly(world, client, citizen):
    ProcessingTime.objects.filter(channel=Channel.ONLINE).delete()
    response = client.get("/en/nop-ho-so/1.001193/")
    assert response.status_code == 200
    assert "not offered online" in response.content.decode()
    response = _start(client, world)
    assert response.status_code == 302 and not Dossier.objects.exists()


def test_unknown_procedure_is_404(world, client, citizen):
    assert client.get("/nop-ho-so/9.999999/").status_code == 404


def test_applicant_step_is_prefilled_from_the_profile(world, client, lan):
    client.force_login(lan)
    body = client.get(f"/nop-ho-so/1.001193/nguoi-nop/?agency={world.commune.code}")
    body = body.content.decode()
    assert 'value="Trần Thị Lan"' in body and 'value="079190001234"' in body
    assert 'value="0912345678"' in body


def test_an_unknown_agency_sends_back_to_the_first_step(world, client, citizen):
    response = client.get("/nop-ho-so/1.001193/nguoi-nop/?agency=000.00.00.H51")
    assert response.status_code == 302 and "error=agency" in response["Location"]


def test_wizard_step_by_step(world, client, citizen):
    # Applicant: the draft is created, owned by the citizen, with the checklist.
    response = _start(client, world)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == _step(dossier, "noi-dung")
    assert dossier.status == Status.DRAFT and dossier.owner == citizen
    assert dossier.channel == Channel.ONLINE and dossier.code is None
    assert dossier.documents.count() == 2
    assert dossier.events.get().action == "create_draft"
    # Request content.
    response = client.post(
        _step(dossier, "noi-dung"),
        {"summary": "Đăng ký khai sinh cho con", "version": dossier.row_version},
    )
    assert response["Location"] == _step(dossier, "giay-to")
    dossier.refresh_from_db()
    assert dossier.summary == "Đăng ký khai sinh cho con"
    # Documents: one upload per line, htmx swaps the row.
    lines = list(dossier.documents.order_by("position"))
    page = client.get(_step(dossier, "giay-to")).content.decode()
    assert "20 MB" in page and 'aria-live="polite"' in page
    for line, content in zip(lines, (PDF, PNG), strict=True):
        url = f"/nop-ho-so/1.001193/{dossier.key}/giay-to/{line.pk}/"
        response = client.post(
            url, {"file": SimpleUploadedFile("scan.bin", content)}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert "scan" in response.content.decode()
    assert {a.document_id for a in Attachment.objects.all()} == {line.pk for line in lines}
    assert set(Attachment.objects.values_list("kind", flat=True)) == {"submission"}
    # Delivery by post needs an address.
    dossier.refresh_from_db()
    response = client.post(
        _step(dossier, "nhan-ket-qua"),
        {"return_method": "post", "return_address": "", "version": dossier.row_version},
    )
    assert response.status_code == 200
    assert "Give the address" in response.content.decode() or "địa chỉ" in (
        response.content.decode()
    )
    response = client.post(
        _step(dossier, "nhan-ket-qua"),
        {"return_method": "post", "return_address": "5 Hàm Nghi", "version": dossier.row_version},
    )
    assert response["Location"] == _step(dossier, "xem-lai")
    # Review then submit.
    review = client.get(_step(dossier, "xem-lai")).content.decode()
    assert "Đăng ký khai sinh cho con" in review and "5 Hàm Nghi" in review
    dossier.refresh_from_db()
    response = client.post(_step(dossier, "xem-lai"), {"version": dossier.row_version})
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED and dossier.code
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.code}/da-nop/"
    confirmation = client.get(response["Location"]).content.decode()
    assert dossier.code in confirmation and dossier.secret in confirmation
    assert [e.action for e in dossier.events.order_by("seq")] == [
        "create_draft",
        "edit_draft",
        "attach",
        "attach",
        "edit_draft",
        "submit",
    ]
    # A submitted dossier is no longer edited: the steps send to its page.
    response = client.get(_step(dossier, "noi-dung"))
    assert response.status_code == 302 and response["Location"] == f"/ho-so-cua-toi/{dossier.code}/"


def test_applicant_errors_are_shown_on_the_fields_and_nothing_is_created(world, client, citizen):
    response = _start(client, world, id_number="123")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "12" in body
    assert not Dossier.objects.exists()


def test_bad_file_is_refused_with_the_reason(world, client, citizen):
    _start(client, world)
    dossier = Dossier.objects.get()
    line = dossier.documents.first()
    url = f"/nop-ho-so/1.001193/{dossier.key}/giay-to/{line.pk}/"
    response = client.post(
        f"/en{url}", {"file": SimpleUploadedFile("x.pdf", EXE)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "not an accepted file type" in response.content.decode()
    assert not Attachment.objects.exists()
    # Without htmx: back to the documents step with the message.
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", EXE)})
    assert response.status_code == 302


def test_too_large_file_is_refused(world, client, citizen, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 20
    _start(client, world)
    dossier = Dossier.objects.get()
    line = dossier.documents.first()
    response = client.post(
        f"/en/nop-ho-so/1.001193/{dossier.key}/giay-to/{line.pk}/",
        {"file": SimpleUploadedFile("big.pdf", PDF)},
        HTTP_HX_REQUEST="true",
    )
    assert "the limit is 20 B" in response.content.decode()
    assert not Attachment.objects.exists()


def test_submit_without_any_file_is_refused(world, client, citizen):
    _start(client, world)
    dossier = Dossier.objects.get()
    response = client.post(f"/en{_step(dossier, 'xem-lai')}", {"version": dossier.row_version})
    assert response.status_code == 200
    assert "no file yet" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT


def test_stale_version_is_reported_not_applied(world, client, citizen):
    _start(client, world)
    dossier = Dossier.objects.get()
    response = client.post(
        _step(dossier, "noi-dung"), {"summary": "Khác", "version": dossier.row_version + 5}
    )
    assert response.status_code == 302 and response["Location"] == _step(dossier, "noi-dung")
    dossier.refresh_from_db()
    assert dossier.summary != "Khác"


def test_draft_survives_and_continues(world, client, citizen):
    """Closing the browser loses nothing: the draft is a dossier row."""
    _start(client, world)
    dossier = Dossier.objects.get()
    client.logout()
    client.force_login(citizen)
    listing = client.get("/ho-so-cua-toi/").content.decode()
    assert _step(dossier, "nguoi-nop") in listing
    start = client.get("/nop-ho-so/1.001193/").content.decode()
    assert _step(dossier, "nguoi-nop") in start
    assert client.get(_step(dossier, "nguoi-nop")).status_code == 200


def test_another_citizen_gets_404(world, client, citizen):
    _start(client, world)
    dossier = Dossier.objects.get()
    line = dossier.documents.first()
    client.force_login(world.users["citizen2"])
    for url in (
        _step(dossier, "nguoi-nop"),
        _step(dossier, "xem-lai"),
        f"/ho-so-cua-toi/{dossier.key}/",
        f"/ho-so-cua-toi/{dossier.key}/rut/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/nop-ho-so/1.001193/{dossier.key}/giay-to/{line.pk}/",
        {"file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 404
    assert client.post(_step(dossier, "xem-lai"), {}).status_code == 404
    # Staff of the desk do not see a draft either (it is the applicant's alone).
    client.force_login(world.users["officer"])
    assert client.get(f"/ho-so-cua-toi/{dossier.key}/").status_code == 404


def test_wrong_procedure_code_in_the_path_is_404(world, client, citizen):
    _start(client, world)
    dossier = Dossier.objects.get()
    assert client.get(f"/nop-ho-so/1.000001/{dossier.key}/noi-dung/").status_code == 404
    assert client.get(f"/nop-ho-so/1.001193/{dossier.key}/khong-co/").status_code == 404


def test_organisation_applicant(world, client, citizen):
    response = _start(
        client,
        world,
        kind="organisation",
        name="Công ty TNHH Ánh Dương",
        id_number="",
        tax_code="0312345678",
        representative_name="Nguyễn Thị Ánh",
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.applicant_kind == "organisation"
    assert dossier.applicant_tax_code == "0312345678"
