"""A merger moves open dossiers to the successor (reassign_agency, by the system only)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from motcua.agencies.services import merge_agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import prepare
from motcua.dossiers.workflow import Status
from tests.dossiers.conftest import at


def _receive_in_b(world, when="2026-03-02 09:00") -> Dossier:
    dossier = prepare(world.intake(agency=world.other.code), at=at(when))
    return perform(dossier, "receive", user=world.users["other_officer"], at=at(when))


def test_only_the_system_reassigns(world):
    """Moving dossiers on a merger is the system's, not a person's."""
    dossier = _receive_in_b(world)
    for who in ("admin", "other_officer"):
        with pytest.raises(PermissionDenied):
            world.act(
                dossier,
                "reassign_agency",
                who,
                "2026-03-03 09:00",
                source=world.other,
                target=world.commune,
            )


def test_a_merger_moves_open_dossiers_and_keeps_closed_ones(world):
    """domain.md §2: a unit merged into another keeps its history; its work in flight goes
    to the successor; the dossier keeps its code and its appointment."""
    open_b = _receive_in_b(world)
    open_b = world.act(open_b, "transfer", "other_officer", "2026-03-02 09:30")
    closed_b = world.act(
        _receive_in_b(world), "withdraw", "other_officer", "2026-03-02 10:00", reason="Đơn"
    )
    draft_b = world.draft(agency=world.other.code)
    due, code = open_b.due_at, open_b.code

    merge_agency(world.other_desk, world.commune_desk, datetime.date(2026, 3, 4))
    merge_agency(world.other, world.commune, datetime.date(2026, 3, 4))

    moved = Dossier.objects.get(pk=open_b.pk)
    assert (moved.agency, moved.desk) == (world.commune, world.commune_desk)
    assert (moved.code, moved.due_at, moved.status) == (code, due, Status.IN_PROCESS)
    open_steps = moved.steps.exclude(status__in=["done", "skipped"])
    assert {s.agency for s in open_steps} <= {world.commune, world.commune_desk}
    assert moved.steps.get(stage=1).agency == world.other_desk  # history stays
    event = moved.events.last()
    assert (event.action, event.role, event.actor, event.actor_name) == (
        "reassign_agency",
        "system",
        None,
        "motcua",
    )
    assert event.at == at("2026-03-04 00:00")
    assert event.status_before == event.status_after == Status.IN_PROCESS

    # A draft addressed to the merged unit goes to the successor too, still a draft.
    draft_b = Dossier.objects.get(pk=draft_b.pk)
    assert (draft_b.agency, draft_b.desk, draft_b.status) == (
        world.commune,
        world.commune_desk,
        Status.DRAFT,
    )

    untouched = Dossier.objects.get(pk=closed_b.pk)
    assert (untouched.agency, untouched.row_version) == (world.other, closed_b.row_version)

    # The successor's staff carry on.
    moved = world.act(moved, "complete_step", "specialist", "2026-03-04 09:00")
    moved = world.act(moved, "approve", "leader", "2026-03-04 10:00")
    moved = world.act(moved, "return", "officer", "2026-03-04 14:00")
    assert moved.status == Status.RETURNED
