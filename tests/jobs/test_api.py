"""POST/GET /api/v1/exports/…, and the synchronous register pointing to it."""

from __future__ import annotations

import hashlib

import pytest
from rest_framework.test import APIClient

from motcua.dossiers import forms
from motcua.jobs.models import Export, ExportStatus
from tests.dossiers.forms.pdf import text

URL = "/api/v1/exports/"


def client(user=None) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        api.force_authenticate(user)
    return api


def body(world, **overrides):
    return {
        "kind": "register",
        "agency": world.commune_desk.code,
        "date_from": "2026-03-01",
        "date_to": "2026-03-31",
        **overrides,
    }


def test_request_is_accepted_with_its_location_and_the_file_downloads(world):
    dossier = world.receive("2026-03-02 09:00")
    api = client(world.users["officer"])
    response = api.post(URL, body(world), format="json")
    assert response.status_code == 202, response.content
    data = response.json()
    export = Export.objects.get()
    assert data["id"] == str(export.pk)
    assert response["Location"] == f"http://testserver/api/v1/exports/{export.pk}/"
    assert data["url"] == response["Location"]
    assert data["kind"] == "register" and data["agency"] == world.commune_desk.code
    assert data["requested_by"] == "officer"
    assert data["status"] == "done"  # immediate mode: already made

    detail = api.get(response["Location"]).json()
    assert detail["file_url"] == f"http://testserver/api/v1/exports/{export.pk}/file/"
    download = api.get(detail["file_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert "attachment" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == detail["sha256"] == export.sha256
    assert dossier.code in text(content)


def test_queued_export_has_no_file_yet(world, immediate_huey, django_capture_on_commit_callbacks):
    immediate_huey.immediate = False  # nothing runs: the task would go to the queue
    api = client(world.users["officer"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(URL, body(world), format="json")
    assert response.status_code == 202
    assert len(callbacks) == 1  # enqueued only once the row is committed
    data = response.json()
    assert data["status"] == "queued" and data["file_url"] is None
    assert api.get(f"{URL}{data['id']}/file/").status_code == 404


def test_bad_requests_are_problems_and_record_nothing(world, monkeypatch):
    api = client(world.users["officer"])
    response = api.post(URL, body(world, date_to="31/03/2026"), format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "date_to" in response.json()["errors"]
    assert api.post(URL, body(world, kind="census"), format="json").status_code == 400
    response = api.post(URL, body(world, agency="999.99.99.H99"), format="json")
    assert response.status_code == 400 and "agency" in response.json()["errors"]
    response = api.post(URL, body(world, date_from="2026-04-01"), format="json")
    assert response.status_code == 400 and "date_to" in response.json()["errors"]
    assert client(world.users["other_officer"]).post(URL, body(world)).status_code == 403
    assert client(world.users["citizen"]).post(URL, body(world)).status_code == 403
    assert client().post(URL, body(world)).status_code == 401
    assert not Export.objects.exists()


def test_list_holds_the_callers_own_in_keyset_pages(world):
    officer = client(world.users["officer"])
    ids = [officer.post(URL, body(world), format="json").json()["id"] for _ in range(3)]
    client(world.users["leader"]).post(URL, body(world), format="json")
    first = officer.get(URL + "?page_size=2").json()
    assert [e["id"] for e in first["results"]] == ids[::-1][:2]
    assert "count" not in first
    second = officer.get(first["next"]).json()
    assert [e["id"] for e in second["results"]] == ids[:1]
    assert second["next"] is None


def test_others_get_404_unless_they_may_see_the_register(world):
    export_id = client(world.users["officer"]).post(URL, body(world), format="json").json()["id"]
    for who in ("other_officer", "citizen"):
        api = client(world.users[who])
        assert api.get(f"{URL}{export_id}/").status_code == 404
        assert api.get(f"{URL}{export_id}/file/").status_code == 404
    leader = client(world.users["leader"])  # covers the commune's desk
    assert leader.get(f"{URL}{export_id}/").status_code == 200
    assert leader.get(f"{URL}{export_id}/file/").status_code == 200
    missing = client(world.users["officer"]).get(f"{URL}6d7f6a3e-0000-4000-8000-000000000000/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert client(world.users["officer"]).get(f"{URL}nope/").status_code == 404


def test_a_failed_export_says_why(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(forms, "render_register", broken)
    data = client(world.users["officer"]).post(URL, body(world), format="json").json()
    assert data["status"] == ExportStatus.FAILED
    assert "internal error" in data["error"]  # the request's language
    assert data["file_url"] is None


def test_idempotency_key_replays_the_first_answer(world):
    api = client(world.users["officer"])
    first = api.post(URL, body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(URL, body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 202 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Export.objects.count() == 1


def test_the_synchronous_register_points_to_exports_when_too_long(world, monkeypatch):
    world.receive("2026-03-02 09:00")
    world.receive("2026-03-02 10:00")
    monkeypatch.setattr(forms, "REGISTER_MAX_ROWS_HTTP", 1)
    url = f"/api/v1/agencies/{world.commune_desk.code}/register/?from=2026-03-01&to=2026-03-31"
    response = client(world.users["officer"]).get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "POST /api/v1/exports/" in response.json()["detail"]
    # ...and the same period through an export works.
    made = client(world.users["officer"]).post(URL, body(world), format="json")
    assert made.json()["status"] == "done"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_register_message_in_both_languages(world, monkeypatch, language):
    world.receive("2026-03-02 09:00")
    world.receive("2026-03-02 10:00")
    monkeypatch.setattr(forms, "REGISTER_MAX_ROWS_HTTP", 1)
    api = client(world.users["officer"])
    url = f"/api/v1/agencies/{world.commune_desk.code}/register/?from=2026-03-01&to=2026-03-31"
    detail = api.get(url, HTTP_ACCEPT_LANGUAGE=language).json()["detail"]
    assert ("hồ sơ" in detail) == (language == "vi")
