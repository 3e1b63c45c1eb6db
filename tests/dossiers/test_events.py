"""The event log: one append-only entry per action, complete enough for the national sync
(domain.md §3: the processing log — who, role, department, when, status, step due)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.workflow import NATIONAL_STATUS
from tests.dossiers.conftest import at

FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "agency_id",
    "action",
    "status_before",
    "status_after",
    "national_status",
    "reason",
    "step_id",
    "step_due_at",
    "due_at",
    "form",
    "data",
)

# (action, who, when, payload): an online dossier with a consultation, a fee, an apology,
# a decision and the return of the result.
JOURNEY = [
    ("accept", "officer", "2026-03-02 09:00", {}),
    ("transfer", "officer", "2026-03-02 09:30", {}),
    ("assign", "leader", "2026-03-02 10:00", {"assignee": "specialist"}),
    ("consult", "specialist", "2026-03-02 11:00", {"agencies": "department"}),
    ("complete_step", "dept_specialist", "2026-03-03 09:00", {"note": "Đúng"}),
    ("request_fee", "officer", "2026-03-03 10:00", {"amount_vnd": 8000}),
    ("record_fee", "citizen", "2026-03-03 11:00", {}),
    ("propose_apology", "specialist", "2026-03-03 14:00", {"reason": "Chờ", "extend_by": 1}),
    ("approve_apology", "leader", "2026-03-03 15:00", {}),
    ("complete_step", "specialist", "2026-03-04 09:00", {}),
    ("approve", "leader", "2026-03-04 10:00", {"result": "Giấy khai sinh"}),
    ("return", "officer", "2026-03-04 14:00", {"method": "online"}),
]


def _rows(dossier: Dossier) -> list[tuple]:
    return list(Event.objects.filter(dossier=dossier).order_by("seq").values_list(*FIELDS))


def test_every_action_appends_exactly_one_event_and_never_changes_the_others(world):
    """domain.md §3: the processing log (who, role, department, when, status, step
    due) is complete and never rewritten."""
    dossier = world.submitted("2026-03-01 20:00")
    history = _rows(dossier)
    assert len(history) == 2
    for action, who, when, payload in JOURNEY:
        if payload.get("agencies") == "department":
            payload = {"agencies": [{"agency": world.department.code, "amount": 1}]}
        previous_status = dossier.status
        dossier = world.act(dossier, action, who, when, **payload)
        rows = _rows(dossier)
        assert rows[:-1] == history, f"{action} changed the past"
        assert len(rows) == len(history) + 1, action
        event = Event.objects.get(dossier=dossier, seq=len(rows))
        user = world.users[who]
        assert event.action == action
        assert event.at == at(when)
        assert event.status_before == previous_status
        assert event.status_after == dossier.status
        assert event.national_status == NATIONAL_STATUS[dossier.status]
        assert event.due_at == dossier.due_at
        assert event.seq == dossier.row_version
        if who == "citizen":
            assert (event.role, event.agency, event.actor) == ("applicant", None, user)
        else:
            assert event.actor == user
            assert event.actor_name == (user.get_full_name() or user.username)
            assert event.role in ("officer", "specialist", "leader")
            assert event.agency is not None
        history = rows
    assert dossier.status == "returned"
    assert [r[0] for r in history] == list(range(1, len(history) + 1))
    assert len(history) == 2 + len(JOURNEY)


def test_events_name_the_step_and_its_due(world):
    """domain.md §3: the log gives each step's due (control slip of Circular 01/2018)."""
    dossier = world.in_process("2026-03-02 09:00")
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-03 10:00")
    transfer, complete = Event.objects.filter(dossier=dossier).order_by("seq")[1:3]
    assert transfer.step.name == "Tiếp nhận hồ sơ"
    assert transfer.step_due_at == at("2026-03-02 17:00")
    assert complete.step.name == "Thẩm định, đề xuất"
    assert complete.step_due_at == at("2026-03-04 11:30")
    assert (complete.role, complete.agency) == ("specialist", world.commune)
    assert (transfer.role, transfer.agency) == ("officer", world.commune_desk)


def test_the_reception_event_starts_the_log(world):
    """ND 61/2018 art. 17.1.c: the reception issues form 01 with the appointment."""
    dossier = world.receive("2026-03-02 09:00")
    event = Event.objects.get(dossier=dossier)
    assert (event.seq, event.status_before, event.status_after, event.national_status) == (
        1,
        "",
        "received",
        2,
    )
    assert (event.form, event.due_at) == ("receipt", at("2026-03-05 11:30"))
    assert event.data["due_at"] == at("2026-03-05 11:30").isoformat()


def test_a_refused_action_leaves_no_event(world):
    """Only what happened is logged."""
    dossier = world.in_process()
    count = Event.objects.count()
    with pytest.raises(PermissionDenied):
        world.act(dossier, "approve", "specialist", "2026-03-02 10:00")
    with pytest.raises(ValidationError):
        world.act(dossier, "return", "officer", "2026-03-02 10:00")
    assert Event.objects.count() == count


def test_a_sequence_number_is_used_once_per_dossier(world):
    """The log's sequence is unique per dossier, enforced by the database."""
    dossier = world.receive()
    event = Event.objects.get(dossier=dossier)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            dossier=dossier, seq=1, at=event.at, action="transfer", status_after="in_process"
        )
