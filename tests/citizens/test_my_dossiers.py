"""My dossiers: the keyset list, a dossier's page, answering a supplement, completing before
reception, withdrawing, the electronic result and the applicant's forms."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.citizens.services import tracking
from motcua.citizens.templatetags import citizens as tags
from motcua.dossiers.models import Attachment, AttachmentKind
from motcua.dossiers.services.attachments import add_attachment
from motcua.dossiers.workflow import Status
from tests.dossiers.conftest import at

from .conftest import EXE, PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world, client):
    client.force_login(world.users["citizen"])
    return world.users["citizen"]


def _accepted(world):
    """Submitted online on 2/3/2026 at 08:00 and accepted by the desk at 09:00."""
    return world.act(world.submitted(), "accept", "officer", "2026-03-02 09:00")


def _in_process(world):
    return world.act(_accepted(world), "transfer", "officer", "2026-03-02 09:30")


def _waiting_for_supplement(world):
    return world.act(
        _in_process(world),
        "request_supplement",
        "specialist",
        "2026-03-02 10:00",
        reason="Bản sao không rõ",
        missing=["Giấy chứng sinh (bản chính, chụp rõ)"],
    )


def test_list_shows_status_national_status_and_appointment(world, client, citizen):
    dossier = _accepted(world)
    body = client.get("/ho-so-cua-toi/").content.decode()
    assert dossier.code in body
    assert "Thủ tục đăng ký khai sinh" in body
    assert f"{dossier.national_status} – " in body
    local = dossier.due_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert local.strftime("%d/%m/%Y %H:%M") in body


def test_list_is_keyset_paginated_without_count(world, client, citizen, monkeypatch):
    monkeypatch.setattr(tracking, "PAGE_SIZE", 2)
    made = [world.draft(when=f"2026-03-0{day} 08:00") for day in (2, 3, 4, 5, 6)]
    seen = []
    url = "/ho-so-cua-toi/"
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen += [d.pk for d in page.rows]
        url = f"/ho-so-cua-toi/?after={page.next_cursor}" if page.next_cursor else ""
        assert len(seen) <= len(made)
    assert seen == [d.pk for d in reversed(made)]
    # A bad cursor starts from the top; no 500.
    assert client.get("/ho-so-cua-toi/?after=garbage~x").status_code == 200


def test_list_queries_do_not_grow_with_rows(world, client, citizen, django_assert_max_num_queries):
    for day in (2, 3, 4, 5, 6, 9):
        world.draft(when=f"2026-03-0{day} 08:00")
    with django_assert_max_num_queries(8):
        assert client.get("/ho-so-cua-toi/").status_code == 200


def test_only_own_dossiers_are_listed(world, client):
    dossier = world.submitted()
    client.force_login(world.users["citizen2"])
    assert dossier.code not in client.get("/ho-so-cua-toi/").content.decode()
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/").status_code == 404
    assert client.get("/ho-so-cua-toi/000.01.70.H51-260302-9999/").status_code == 404


def test_dossier_page_timeline_steps_and_forms(world, client, citizen):
    dossier = _in_process(world)
    response = client.get(f"/en/ho-so-cua-toi/{dossier.code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "You submitted the dossier online." in body
    assert "The one-stop desk checked and received the dossier." in body
    assert "The dossier was sent to the competent department." in body
    assert "Officer" not in body  # staff names are not shown, the agency speaks
    assert "Thẩm định, đề xuất" in body  # the steps (public.progress)
    assert f"/ho-so-cua-toi/{dossier.code}/mau/receipt/" in body
    assert "control_slip" not in body
    assert dossier.secret in body


def test_applicant_downloads_the_receipt_but_not_the_control_slip(world, client, citizen):
    dossier = _in_process(world)
    response = client.get(f"/ho-so-cua-toi/{dossier.code}/mau/receipt/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/mau/control_slip/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/mau/refusal/").status_code == 404


def test_answer_a_supplement_by_uploading(world, client, citizen):
    """ND 61/2018 art. 19.4: the applicant sends what was asked; the time restarts."""
    dossier = _waiting_for_supplement(world)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Giấy chứng sinh (bản chính, chụp rõ)" in page and "Bản sao không rõ" in page
    # Sending before uploading is refused with a message, nothing changes.
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"version": dossier.row_version}, follow=True
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    assert "notice--error" in response.content.decode()
    # Upload (htmx), then send.
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/tep/",
        {"file": SimpleUploadedFile("giay-chung-sinh.pdf", PDF)},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "giay-chung-sinh.pdf" in response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.kind == AttachmentKind.SUPPLEMENT
    dossier.refresh_from_db()
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"version": dossier.row_version}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESS
    last = dossier.events.order_by("-seq").first()
    assert last.action == "receive_supplement" and last.role == "applicant"


def test_supplement_upload_refuses_bad_files(world, client, citizen):
    dossier = _waiting_for_supplement(world)
    response = client.post(
        f"/en/ho-so-cua-toi/{dossier.code}/bo-sung/tep/",
        {"file": SimpleUploadedFile("x.pdf", EXE)},
        HTTP_HX_REQUEST="true",
    )
    assert "not an accepted file type" in response.content.decode()
    assert not Attachment.objects.exists()


def test_complete_an_incomplete_dossier_and_submit_again(world, client, citizen):
    """ND 61/2018 art. 17.2: the desk asks to complete before reception."""
    dossier = world.in_status("incomplete")
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Giấy chứng sinh" in page
    edit = f"/nop-ho-so/1.001193/{dossier.code}/nguoi-nop/"
    assert edit in page
    line = dossier.documents.order_by("position").last()
    client.post(
        f"/nop-ho-so/1.001193/{dossier.code}/giay-to/{line.pk}/",
        {"file": SimpleUploadedFile("gcs.pdf", PDF)},
    )
    dossier.refresh_from_db()
    response = client.post(
        f"/nop-ho-so/1.001193/{dossier.code}/xem-lai/", {"version": dossier.row_version}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert Attachment.objects.get().kind == AttachmentKind.SUPPLEMENT


def test_withdraw_with_a_reason_and_a_confirmation(world, client, citizen):
    dossier = _accepted(world)
    url = f"/ho-so-cua-toi/{dossier.code}/rut/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Đã làm ở nơi khác", "version": dossier.row_version})
    assert response.status_code == 200  # the confirmation box is required
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    response = client.post(
        url, {"reason": "Đã làm ở nơi khác", "confirm": "on", "version": dossier.row_version}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    event = dossier.events.order_by("-seq").first()
    assert event.reason == "Đã làm ở nơi khác" and event.role == "applicant"
    # Nothing more to withdraw.
    assert client.get(url).status_code == 302


def test_drop_a_draft(world, client, citizen):
    dossier = world.draft()
    response = client.post(
        f"/ho-so-cua-toi/{dossier.key}/rut/",
        {"reason": "Nhầm thủ tục", "confirm": "on", "version": dossier.row_version},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN and dossier.code is None


def test_electronic_result_only_once_available(world, client, citizen):
    dossier = _in_process(world)
    result = add_attachment(
        dossier,
        SimpleUploadedFile("giay-khai-sinh.pdf", PDF),
        user=world.users["leader"],
        kind=AttachmentKind.RESULT,
        at=at("2026-03-03 09:00"),
    )
    url = f"/ho-so-cua-toi/{dossier.code}/tep/{result.pk}/"
    assert client.get(url).status_code == 404  # not approved yet
    # Step 2 (specialist) then approval: delivered online, so available once ready.
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-03 10:00")
    dossier = world.act(dossier, "approve", "leader", "2026-03-03 11:00", result="Giấy khai sinh")
    assert dossier.status == Status.RESULT_READY and dossier.return_method == "online"
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"


def test_result_at_the_desk_waits_for_the_return(world, client, citizen):
    dossier = world.submitted(return_method="counter")
    dossier = world.act(dossier, "accept", "officer", "2026-03-02 09:00")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-02 09:30")
    result = add_attachment(
        dossier,
        SimpleUploadedFile("kq.pdf", PDF),
        user=world.users["leader"],
        kind=AttachmentKind.RESULT,
        at=at("2026-03-03 09:00"),
    )
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-03 10:00")
    dossier = world.act(dossier, "approve", "leader", "2026-03-03 11:00", result="Giấy khai sinh")
    url = f"/ho-so-cua-toi/{dossier.code}/tep/{result.pk}/"
    assert client.get(url).status_code == 404
    world.act(dossier, "return", "officer", "2026-03-04 09:00")
    assert client.get(url).status_code == 200


def test_rating_link_only_when_the_ratings_app_offers_it(world, client, citizen, monkeypatch):
    dossier = world.submitted(return_method="counter")
    for action, who, when in (
        ("accept", "officer", "2026-03-02 09:00"),
        ("transfer", "officer", "2026-03-02 09:30"),
        ("complete_step", "specialist", "2026-03-03 10:00"),
    ):
        dossier = world.act(dossier, action, who, when)
    dossier = world.act(dossier, "approve", "leader", "2026-03-03 11:00", result="GKS")
    dossier = world.act(dossier, "return", "officer", "2026-03-04 09:00")
    url = f"/ho-so-cua-toi/{dossier.code}/"
    if tags.rating_url(dossier.code) == "":
        assert "/danh-gia/" not in client.get(url).content.decode()
    real = tags.reverse

    def fake(name, *args, **kwargs):
        if name == "ratings:rate":
            return f"/danh-gia/{kwargs['kwargs']['key']}/"
        return real(name, *args, **kwargs)

    monkeypatch.setattr(tags, "reverse", fake)
    assert f"/danh-gia/{dossier.code}/" in client.get(url).content.decode()


def test_unknown_file_and_form_are_404(world, client, citizen):
    dossier = _accepted(world)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/tep/999/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/mau/khong-co/").status_code == 404
    assert client.get("/ho-so-cua-toi/%00/").status_code == 404
