"""The officers' exports page /can-bo/xuat-file/."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from motcua.dossiers import forms
from motcua.jobs.models import Export, ExportStatus

URL = "/can-bo/xuat-file/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, world, **overrides):
    data = {"agency": world.commune_desk.code, "date_from": "2026-03-01", "date_to": "2026-03-31"}
    data.update(overrides)
    return client.post(URL, data)


def test_url_and_login_required(world):
    assert reverse("jobs:exports") == URL
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_form_offers_the_agencies_the_user_may_print_for(world):
    page = signed_in(world.users["officer"]).get(URL).content.decode()
    assert "<h1>Xuất tệp</h1>" in page
    assert world.commune_desk.code in page
    assert world.other_desk.code not in page
    assert 'for="id_date_from"' in page and 'for="id_date_to"' in page
    assert "jobs/jobs.css" in page
    citizen = signed_in(world.users["citizen"]).get(URL).content.decode()
    assert 'name="agency"' not in citizen  # no role: no form, a notice
    english = signed_in(world.users["officer"]).get("/en" + URL).content.decode()
    assert "<h1>Exports</h1>" in english


def test_request_then_list_and_download(world):
    world.receive("2026-03-02 09:00")
    client = signed_in(world.users["officer"])
    response = post(client, world)
    assert response.status_code == 302 and response["Location"] == URL
    export = Export.objects.get()
    assert export.status == ExportStatus.DONE
    page = client.get(URL).content.decode()
    assert 'aria-live="polite"' in page
    assert "every 3s" not in page  # nothing pending: no polling
    download = reverse("jobs:download", args=[export.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert signed_in(world.users["other_officer"]).get(download).status_code == 404
    assert signed_in(world.users["leader"]).get(download).status_code == 200


def test_bad_input_is_shown_and_changes_nothing(world):
    client = signed_in(world.users["officer"])
    response = post(client, world, date_from="2026-04-01")
    assert response.status_code == 400
    assert 'id="id_date_to-error"' in response.content.decode()  # the end before the start
    response = post(client, world, agency=world.other_desk.code)  # not among the choices
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    response = post(client, world, date_to="")
    assert response.status_code == 400
    assert not Export.objects.exists()


def test_too_many_dossiers_is_a_form_error(world, monkeypatch):
    world.receive("2026-03-02 09:00")
    world.receive("2026-03-02 10:00")
    monkeypatch.setattr(forms, "REGISTER_MAX_ROWS", 1)
    response = post(signed_in(world.users["officer"]), world)
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    assert not Export.objects.exists()


def test_pending_exports_are_polled_by_htmx(world, immediate_huey):
    immediate_huey.immediate = False
    client = signed_in(world.users["officer"])
    post(client, world)  # test transaction: never committed, so never enqueued
    assert Export.objects.get().status == ExportStatus.QUEUED
    page = client.get(URL).content.decode()
    assert 'hx-trigger="every 3s"' in page
    partial = client.get(URL, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    body = partial.content.decode()
    assert "<html" not in body and 'hx-trigger="every 3s"' in body
    assert "đang chờ" in body


def test_download_of_a_pending_or_unknown_export_is_404(world, immediate_huey):
    immediate_huey.immediate = False
    client = signed_in(world.users["officer"])
    post(client, world)
    export = Export.objects.get()
    assert client.get(reverse("jobs:download", args=[export.pk])).status_code == 404
    unknown = reverse("jobs:download", args=["6d7f6a3e-0000-4000-8000-000000000000"])
    assert client.get(unknown).status_code == 404


def test_older_exports_on_the_next_page(world):
    client = signed_in(world.users["officer"])
    for _ in range(21):
        post(client, world)
    page = client.get(URL).content.decode()
    assert page.count("/tai-ve/") == 20
    assert "?cursor=" in page
    start = page.index("?cursor=") + len("?cursor=")
    cursor = page[start : page.index('"', start)]
    second = client.get(URL + "?cursor=" + cursor).content.decode()
    assert second.count("/tai-ve/") == 1
