"""The dossier tests' world, and helpers to resolve, rate and report on its dossiers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.agencies.models import Role, StaffRole
from motcua.dossiers.services.attachments import add_attachment
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import prepare
from motcua.ratings import services as ratings
from tests.dossiers.conftest import (  # noqa: F401
    World,
    at,
    fast_passwords,
    vietnamese,
    world,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ALL_GOOD = {"time": 2, "contacts": 2, "bodies": 2, "attitude": 2, "information": 2, "costs": 2}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def approved(w: World, received: str, approved_at: str, **overrides):
    """A counter dossier of commune A received at `received`, transferred, approved at
    `approved_at` (the result is ready then)."""
    dossier = w.in_process(received, **overrides)
    return w.act(dossier, "approve", "leader", approved_at, result="Giấy khai sinh")


def other_commune_resolved(
    w: World, received: str = "2026-03-02 09:00", approved_at: str = "2026-03-02 10:00"
):
    """A counter dossier of commune B, received, transferred and approved by its own staff."""
    dossier = prepare(w.intake(agency=w.other.code), at=at(received))
    dossier = perform(dossier, "receive", user=w.users["other_officer"], at=at(received))
    dossier = w.act(dossier, "transfer", "other_officer", received[:11] + "09:30")
    return w.act(dossier, "approve", "other_leader", approved_at, result="Giấy khai sinh")


def returned_online(w: World, day: str = "2026-03-02", approve_at: str | None = None):
    """An online dossier of `citizen`, accepted, processed and returned through the engine."""
    dossier = w.submitted(f"{day} 08:00")
    dossier = w.act(dossier, "accept", "officer", f"{day} 08:30")
    dossier = w.act(dossier, "transfer", "officer", f"{day} 09:00")
    dossier = w.act(
        dossier, "approve", "leader", approve_at or f"{day} 10:00", result="Giấy khai sinh"
    )
    return w.act(dossier, "return", "officer", f"{(approve_at or day)[:10]} 16:00")


def rate(w: World, dossier, when: str = "2026-03-20 09:00", **answers):
    values = {**ALL_GOOD, **answers}
    return ratings.rate(w.users["citizen"], dossier, values, at=at(when)).rating


def attach(w: World, dossier, who: str, when: str, *, kind="submission", digitised=False):
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    return add_attachment(
        dossier, upload, user=w.users[who], kind=kind, digitised=digitised, at=at(when)
    )


@pytest.fixture
def overseer(world, django_user_model):  # noqa: F811
    """An oversight officer over the province (sees every unit's indices)."""
    user = django_user_model.objects.create_user(username="overseer", password="pw-Test-2025")
    StaffRole.objects.create(user=user, agency=world.province, role=Role.OVERSIGHT)
    return user
