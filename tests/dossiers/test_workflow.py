"""The transition table (workflow.TABLE) and the engine that enforces it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.models import Dossier, DossierStep, Event
from motcua.dossiers.services.engine import HANDLERS, perform
from motcua.dossiers.services.intake import prepare
from motcua.dossiers.workflow import (
    CLOCK_PAUSED,
    CLOCK_RUNNING,
    CLOSED,
    NATIONAL_STATUS,
    OPEN,
    TABLE,
    Action,
    Clock,
    Status,
    actions_from,
)
from tests.dossiers.conftest import at

CREATING = {a for a, t in TABLE.items() if None in t.sources}


def test_every_status_has_a_national_code_and_only_a_draft_has_none():
    """domain.md §3: every status maps to a TrangThaiHoSo 1-10; a draft is not synchronised."""
    assert set(NATIONAL_STATUS) == set(Status)
    for status in Status:
        code = NATIONAL_STATUS[status]
        if status == Status.DRAFT:
            assert code is None
        else:
            assert code in range(1, 11), status


def test_the_national_codes_of_the_main_milestones():
    """domain.md §3: 2 received, 3 not received, 4 in processing, 5 supplement, 6 financial,
    7 withdrawn, 8 stopped, 9 resolved, 10 returned."""
    assert NATIONAL_STATUS[Status.SUBMITTED] == 1
    assert NATIONAL_STATUS[Status.RECEIVED] == 2
    assert NATIONAL_STATUS[Status.REFUSED] == 3
    assert NATIONAL_STATUS[Status.IN_PROCESS] == NATIONAL_STATUS[Status.INTERLINKED] == 4
    assert NATIONAL_STATUS[Status.SUPPLEMENT] == 5
    assert NATIONAL_STATUS[Status.FINANCIAL] == 6
    assert NATIONAL_STATUS[Status.WITHDRAWN] == 7
    assert NATIONAL_STATUS[Status.STOPPED] == 8
    assert NATIONAL_STATUS[Status.RESULT_READY] == 9
    assert NATIONAL_STATUS[Status.RETURNED] == 10


def test_every_action_has_a_row_and_a_handler():
    """Every Action has exactly one row in the table and one handler."""
    assert set(TABLE) == set(Action)
    assert set(HANDLERS) == set(Action)


def test_the_status_groups_partition_the_statuses():
    """Running, paused and closed groups do not overlap and cover every status."""
    assert not CLOCK_RUNNING & CLOCK_PAUSED
    assert OPEN == CLOCK_RUNNING | CLOCK_PAUSED
    assert not OPEN & CLOSED
    before = {Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE}
    assert OPEN | CLOSED | before | {Status.RESULT_READY} == set(Status)


@pytest.mark.parametrize("action", list(Action))
def test_sources_and_targets_are_consistent(action):
    """Each row of the table is coherent with its clock effect; nothing leaves a closed status."""
    tr = TABLE[action]
    assert tr.action == action
    assert tr.sources, "an action must start somewhere"
    assert tr.targets, "an action must lead somewhere"
    assert None not in tr.targets
    # No closed status is the source of anything: closed dossiers are history.
    assert not tr.sources & CLOSED
    # Only creating actions lead into a draft (attaching a file keeps one a draft).
    if Status.DRAFT in tr.targets and Status.DRAFT not in tr.sources:
        assert tr.sources == {None}
    # Starting the clock leads to reception; pausing leads to waiting for the applicant.
    if tr.clock == Clock.START:
        assert tr.targets == (Status.RECEIVED,)
    if tr.clock == Clock.PAUSE:
        assert set(tr.targets) <= CLOCK_PAUSED
    if tr.clock in (Clock.RESUME, Clock.RESTART):
        assert tr.sources <= CLOCK_PAUSED
        assert not set(tr.targets) & CLOCK_PAUSED
    if tr.clock == Clock.STOP:
        assert set(tr.targets) <= CLOSED | {Status.RESULT_READY}
    # A result becomes ready only by a decision that stops the clock (and is judged).
    if Status.RESULT_READY in tr.targets and Status.RESULT_READY not in tr.sources:
        assert tr.clock == Clock.STOP


def test_every_status_but_the_closed_ones_has_a_way_forward():
    """No open dossier is stuck; a closed one goes nowhere."""
    for status in Status:
        if status in CLOSED:
            assert actions_from(status) == [], status
        else:
            assert actions_from(status), status


def test_every_status_is_reachable_from_nothing():
    """Every status can be reached from "no dossier yet" through the table."""
    reached: set[Status | None] = {None}
    frontier: list[Status | None] = [None]
    while frontier:
        source = frontier.pop()
        for tr in TABLE.values():
            if source in tr.sources:
                for target in tr.targets:
                    if target not in reached:
                        reached.add(target)
                        frontier.append(target)
    assert reached - {None} == set(Status)


def _state(dossier: Dossier) -> tuple:
    row = Dossier.objects.get(pk=dossier.pk)
    steps = list(DossierStep.objects.filter(dossier=dossier).values_list("status", "due_at"))
    return (
        row.row_version,
        row.status,
        row.national_status,
        row.due_at,
        row.closed_at,
        Event.objects.filter(dossier=dossier).count(),
        steps,
    )


@pytest.mark.parametrize("status", list(Status))
def test_every_action_not_in_the_table_is_refused_and_changes_nothing(world, status):
    """Whatever the payload and even for a superuser, an action the table does not allow
    from the dossier's status raises ValidationError and leaves the dossier as it was."""
    dossier = world.in_status(status)
    assert dossier.status == status
    assert dossier.national_status == (NATIONAL_STATUS[status] if dossier.code else None)
    before = _state(dossier)
    forbidden = [a for a in Action if status not in TABLE[a].sources]
    assert forbidden
    payload = {
        "reason": "Lý do",
        "missing": ["x"],
        "amount_vnd": 1000,
        "assignee": "specialist",
        "to_stage": 1,
        "agencies": [{"agency": world.department.code, "amount": 1}],
        "agency": world.department.code,
        "extend_by": 1,
        "source": world.commune,
        "target": world.other,
    }
    for action in forbidden:
        with pytest.raises(ValidationError) as raised:
            perform(
                dossier,
                action,
                user=world.users["admin"],
                at=at("2026-03-03 09:00"),
                **payload,
            )
        assert raised.value.code == "transition", action
        assert _state(dossier) == before, action


def test_an_action_on_an_unrecorded_dossier_is_refused(world):
    """Only creating actions apply to a dossier that is not recorded yet."""
    dossier = prepare(world.intake(), at=at("2026-03-02 09:00"))
    for action in sorted(set(Action) - CREATING):
        with pytest.raises(ValidationError) as raised:
            perform(dossier, action, user=world.users["admin"], at=at("2026-03-02 09:00"))
        assert raised.value.code == "transition", action
        assert dossier.pk is None, action
    assert not Dossier.objects.exists()


def test_an_unknown_action_is_a_validation_error(world):
    """An unknown action name is a ValidationError, not a KeyError."""
    dossier = world.receive()
    with pytest.raises(ValidationError) as raised:
        perform(dossier, "teleport", user=world.users["officer"])
    assert raised.value.code == "action"


def test_a_failed_creating_action_leaves_the_dossier_unsaved_and_can_be_retried(world):
    """engine.perform: "Nothing is changed when it raises": a creating action that fails in
    its handler must not leave the caller's dossier pointing at a rolled-back row."""
    dossier = prepare(world.intake(), at=at("2026-03-02 09:00"))
    with pytest.raises(ValidationError):
        perform(
            dossier,
            "request_completion",
            user=world.users["officer"],
            at=at("2026-03-02 09:00"),
            reason="Thiếu giấy tờ",
        )  # no list of what is missing
    assert dossier.pk is None
    assert dossier.code is None
    assert not Dossier.objects.exists()
    done = perform(
        dossier,
        "request_completion",
        user=world.users["officer"],
        at=at("2026-03-02 09:05"),
        reason="Thiếu giấy tờ",
        missing=["Giấy chứng sinh"],
    )
    assert done.status == Status.INCOMPLETE
    assert done.code.endswith("-260302-0001")


def test_an_action_may_not_be_dated_before_the_dossier_was_created(world):
    """History cannot start before the dossier exists."""
    dossier = world.receive("2026-03-02 09:00")
    with pytest.raises(ValidationError):
        world.act(dossier, "transfer", "officer", "2026-03-02 08:59")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


def test_a_missing_reason_is_refused_when_the_table_requires_one(world):
    """domain.md §3: refusals, stops, supplements and apologies carry a reason."""
    dossier = world.in_process()
    for action in ("stop", "send_back", "request_supplement", "propose_apology"):
        with pytest.raises(ValidationError) as raised:
            perform(dossier, action, user=world.users["leader"], at=at("2026-03-02 10:00"))
        assert "reason" in raised.value.message_dict, action
    assert Event.objects.filter(dossier=dossier).count() == 2
