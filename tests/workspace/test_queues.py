"""Queues per role, computed from the transition table and the roles each user holds."""

import datetime

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.workspace import queues
from motcua.workspace.queues import WorkScope, capped_count, count_label, counts, queues_for
from tests.dossiers.conftest import at

pytestmark = pytest.mark.django_db


def keys(world, name):
    return [q.key for q in queues_for(WorkScope.of(world.users[name]))]


def listed(world, name, key, now=None):
    scope = WorkScope.of(world.users[name])
    return set(
        queues.BY_KEY[key].dossiers(scope, now or timezone.now()).values_list("pk", flat=True)
    )


def test_each_role_has_the_queues_of_the_actions_it_may_take(world):
    assert keys(world, "officer") == ["check", "transfer", "return", "due_soon", "overdue"]
    assert keys(world, "specialist") == ["process", "due_soon", "overdue"]
    assert keys(world, "leader") == ["assign", "approve", "apologies", "due_soon", "overdue"]
    # The same role elsewhere gives the same queues, over other dossiers.
    assert keys(world, "other_officer") == keys(world, "officer")
    assert set(keys(world, "admin")) == set(queues.BY_KEY)
    assert keys(world, "citizen") == []


def test_online_dossiers_to_check_at_the_officers_desk_only(world):
    dossier = world.submitted()
    assert dossier.pk in listed(world, "officer", "check")
    assert dossier.pk not in listed(world, "other_officer", "check")
    assert dossier.pk not in listed(world, "officer", "transfer")


def test_received_dossiers_wait_for_transfer(world):
    dossier = world.receive()
    assert listed(world, "officer", "transfer") == {dossier.pk}
    assert listed(world, "other_officer", "transfer") == set()
    world.act(dossier, "transfer", "officer", "2026-03-02 09:30")
    assert listed(world, "officer", "transfer") == set()


def test_work_steps_to_process_and_to_assign(world):
    dossier = world.in_process()
    assert dossier.pk in listed(world, "specialist", "process")
    assert dossier.pk in listed(world, "specialist2", "process")
    assert dossier.pk in listed(world, "leader", "assign")
    assert dossier.pk not in listed(world, "other_specialist", "process")
    world.act(dossier, "assign", "leader", "2026-03-02 10:00", assignee="specialist")
    assert dossier.pk in listed(world, "specialist", "process")
    assert dossier.pk not in listed(world, "specialist2", "process")
    assert dossier.pk not in listed(world, "leader", "assign")


def test_decisions_wait_for_the_leader(world):
    dossier = world.in_process()
    assert dossier.pk not in listed(world, "leader", "approve")
    world.act(dossier, "complete_step", "specialist", "2026-03-02 10:00")
    assert listed(world, "leader", "approve") == {dossier.pk}
    assert dossier.pk not in listed(world, "specialist", "process")
    assert listed(world, "other_leader", "approve") == set()


def test_apologies_wait_for_the_leader(world):
    dossier = world.in_process()
    assert listed(world, "leader", "apologies") == set()
    world.act(
        dossier,
        "propose_apology",
        "specialist",
        "2026-03-02 10:00",
        reason="Chờ xác minh",
        extend_by=2,
    )
    assert listed(world, "leader", "apologies") == {dossier.pk}
    assert listed(world, "other_leader", "apologies") == set()


def test_results_to_return_at_the_desk(world):
    dossier = world.in_status("result_ready")
    assert listed(world, "officer", "return") == {dossier.pk}
    assert listed(world, "other_officer", "return") == set()


def test_due_within_a_day_and_overdue(world):
    dossier = world.in_process()  # appointment Thu 5/3/2026 11:30
    due = Dossier.objects.get(pk=dossier.pk).due_at
    assert due == at("2026-03-05 11:30")
    before = due - datetime.timedelta(hours=3)
    after = due + datetime.timedelta(minutes=1)
    assert listed(world, "officer", "due_soon", before) == {dossier.pk}
    assert listed(world, "officer", "overdue", before) == set()
    assert listed(world, "officer", "overdue", after) == {dossier.pk}
    assert listed(world, "specialist", "overdue", after) == {dossier.pk}
    assert listed(world, "other_officer", "overdue", after) == set()


def test_counts_are_capped(world, monkeypatch):
    for hour in (9, 10, 11):
        world.receive(f"2026-03-02 {hour:02d}:00")
    scope = WorkScope.of(world.users["officer"])
    transfer = queues.BY_KEY["transfer"].dossiers(scope, timezone.now())
    assert capped_count(transfer) == 3
    monkeypatch.setattr(queues, "COUNT_CAP", 2)
    assert capped_count(transfer) == 3  # counting stops after cap + 1
    assert count_label(3) == "2+"
    found = {c.queue.key: c.label for c in counts(scope, timezone.now())}
    assert found["transfer"] == "2+"
    assert found["check"] == "0"
