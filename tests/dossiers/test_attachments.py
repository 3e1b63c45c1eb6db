"""Attachments: checked on content, stored privately with a checksum, recorded in the
history, downloadable only by people entitled to the dossier (issue 4 §3)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from motcua.dossiers.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _client(world, who):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users[who])
    return client


def _upload(client, key, content, name="scan.pdf", **extra):
    return client.post(
        f"/api/v1/dossiers/{key}/attachments/",
        {"file": SimpleUploadedFile(name, content), **extra},
        format="multipart",
    )


def test_officer_attaches_and_downloads(world, private_root):
    dossier = world.receive()
    officer = _client(world, "officer")
    document = dossier.documents.first()
    response = _upload(officer, dossier.code, PDF, document=document.pk, digitised="true")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["content_type"] == "application/pdf" and body["digitised"] is True
    stored = Attachment.objects.get()
    assert (private_root / stored.storage_name).read_bytes() == PDF
    event = dossier.events.order_by("-seq").first()
    assert event.action == "attach" and event.data["sha256"] == body["sha256"]
    download = officer.get(f"/api/v1/dossiers/{dossier.code}/attachments/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


def test_other_commune_cannot_list_or_download(world):
    dossier = world.receive()
    assert _upload(_client(world, "officer"), dossier.code, PDF).status_code == 201
    pk = Attachment.objects.get().pk
    other = _client(world, "other_officer")
    assert other.get(f"/api/v1/dossiers/{dossier.code}/attachments/").status_code == 404
    assert other.get(f"/api/v1/dossiers/{dossier.code}/attachments/{pk}/").status_code == 404


def test_content_decides_not_the_name(world, private_root):
    dossier = world.receive()
    response = _upload(_client(world, "officer"), dossier.code, EXE, name="scan.pdf")
    assert response.status_code == 400
    assert Attachment.objects.count() == 0
    assert not [p for p in private_root.rglob("*") if p.is_file()]
    assert dossier.events.count() == 1


def test_applicant_adds_own_documents_not_results(world):
    draft = world.draft()
    citizen = _client(world, "citizen")
    assert _upload(citizen, str(draft.uid), PDF).status_code == 201
    refused = _upload(citizen, str(draft.uid), PDF, kind="result")
    assert refused.status_code == 403
    assert Attachment.objects.count() == 1
