"""Late dossiers: the apology letter and the new appointment, at most once (form 04)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.dossiers.models import Apology, ApologyStatus, Dossier, Notice
from motcua.dossiers.workflow import Status
from tests.dossiers.conftest import at

REASON = {"reason": "Chờ kết quả xác minh của cơ quan công an"}


def _proposed(world, when="2026-03-03 10:00", **extra):
    """In processing since Mon 2/3 09:00 (due Thu 5/3 11:30), apology proposed at `when`."""
    payload = {"extend_by": 2, **REASON, **extra}
    return world.act(world.in_process(), "propose_apology", "specialist", when, **payload)


def test_the_apology_is_proposed_at_least_one_working_day_before_the_due_time(world):
    """ND 61/2018 art. 19.9: at the latest 1 day before the due date the agency sends the
    apology. Due Thu 5/3 11:30; one working day (7 h 30 of working time) earlier is Wed 4/3
    11:30, or any time until the afternoon session starts at 13:30: from 13:31, less than a
    working day is left."""
    dossier = world.in_process()
    with pytest.raises(ValidationError) as raised:
        world.act(
            dossier, "propose_apology", "specialist", "2026-03-04 13:31", extend_by=2, **REASON
        )
    assert raised.value.code == "apology_late"
    dossier = world.act(
        dossier, "propose_apology", "specialist", "2026-03-04 13:30", extend_by=2, **REASON
    )
    assert Apology.objects.get(dossier=dossier).status == ApologyStatus.PROPOSED


def test_an_overdue_dossier_can_no_longer_apologise(world):
    """ND 61/2018 art. 19.9: the apology comes before the due date, not after it."""
    dossier = world.in_process()
    with pytest.raises(ValidationError):
        world.act(
            dossier, "propose_apology", "specialist", "2026-03-06 09:00", extend_by=2, **REASON
        )


def test_a_proposal_does_not_change_the_appointment(world):
    """ND 61/2018 art. 19.9: the desk changes the appointment only on the approved letter."""
    dossier = _proposed(world)
    apology = Apology.objects.get(dossier=dossier)
    # Thu 5/3 11:30 + 2 working days: Thu pm, Fri am, Fri pm, Mon am -> Mon 9/3 11:30.
    assert apology.new_due_at == at("2026-03-09 11:30")
    assert apology.previous_due_at == at("2026-03-05 11:30")
    assert apology.proposed_by == world.users["specialist"]
    assert apology.reason == REASON["reason"]
    assert dossier.due_at == at("2026-03-05 11:30")
    assert dossier.status == Status.IN_PROCESS
    assert dossier.apology_count == 0
    event = dossier.events.last()
    assert (event.action, event.form, event.data["new_due_at"]) == (
        "propose_apology",
        "",
        at("2026-03-09 11:30").isoformat(),
    )


def test_the_leader_approves_and_the_appointment_changes(world):
    """ND 61/2018 art. 19.9: the desk updates the appointment and notifies the applicant;
    form 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả)."""
    dossier = _proposed(world)
    with pytest.raises(PermissionDenied):
        world.act(dossier, "approve_apology", "specialist", "2026-03-03 11:00")
    dossier = world.act(dossier, "approve_apology", "leader", "2026-03-03 11:00")
    assert dossier.due_at == at("2026-03-09 11:30")
    assert dossier.original_due_at == at("2026-03-05 11:30")
    assert dossier.apology_count == 1
    assert dossier.status == Status.IN_PROCESS
    apology = Apology.objects.get(dossier=dossier)
    assert (apology.status, apology.decided_by) == (ApologyStatus.APPROVED, world.users["leader"])
    event = dossier.events.last()
    assert (event.action, event.form, event.due_at) == (
        "approve_apology",
        "apology",
        dossier.due_at,
    )
    notice = Notice.objects.get(dossier=dossier, kind="appointment")
    assert "09/03/2026" in notice.body
    assert notice.recipient == "anh@example.vn"
    # The step that was due at the old appointment is due at the new one.
    last = dossier.steps.order_by("-stage").first()
    assert last.due_at == at("2026-03-09 11:30")
    # Judged against the new appointment.
    dossier = world.act(dossier, "approve", "leader", "2026-03-09 10:00")
    assert dossier.timeliness == "on_time"


def test_a_new_appointment_is_given_only_once(world):
    """ND 61/2018 art. 19.9: "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần"."""
    dossier = world.act(_proposed(world), "approve_apology", "leader", "2026-03-03 11:00")
    with pytest.raises(ValidationError) as raised:
        world.act(
            dossier, "propose_apology", "specialist", "2026-03-04 09:00", extend_by=1, **REASON
        )
    assert raised.value.code == "apology_once"
    assert Apology.objects.filter(dossier=dossier).count() == 1


def test_one_proposal_at_a_time(world):
    """ND 61/2018 art. 19.9: one new date at most, so one proposal at a time."""
    dossier = _proposed(world)
    with pytest.raises(ValidationError):
        world.act(
            dossier, "propose_apology", "specialist", "2026-03-03 10:30", extend_by=1, **REASON
        )


def test_the_leader_rejects_the_apology(world):
    """ND 61/2018 art. 19.9: a rejected proposal sets no new date."""
    dossier = _proposed(world)
    with pytest.raises(ValidationError):
        world.act(dossier, "reject_apology", "leader", "2026-03-03 11:00")  # no reason
    dossier = world.act(
        dossier, "reject_apology", "leader", "2026-03-03 11:00", reason="Đủ thời gian"
    )
    assert dossier.due_at == at("2026-03-05 11:30")
    assert dossier.apology_count == 0
    assert Apology.objects.get(dossier=dossier).status == ApologyStatus.REJECTED
    assert not Notice.objects.filter(kind="appointment").exists()
    with pytest.raises(ValidationError):
        world.act(dossier, "approve_apology", "leader", "2026-03-03 11:30")
    # A rejected proposal set no new date: another one may still be proposed in time.
    dossier = world.act(
        dossier, "propose_apology", "specialist", "2026-03-04 09:00", extend_by=1, **REASON
    )
    assert Apology.objects.filter(dossier=dossier, status=ApologyStatus.PROPOSED).count() == 1


def test_the_new_appointment_must_be_later(world):
    """ND 61/2018 art. 19.9: the letter proposes a later date for the result."""
    dossier = world.in_process()
    for payload in (
        {"new_due_at": "2026-03-05T11:30+07:00"},
        {"new_due_at": "2026-13-01T10:00+07:00"},
        {"new_due_at": "sau Tết"},
        {"extend_by": 0},
        {"extend_by": "hai"},
        {},
    ):
        with pytest.raises(ValidationError):
            world.act(
                dossier, "propose_apology", "specialist", "2026-03-03 10:00", **payload, **REASON
            )
    dossier = world.act(
        dossier,
        "propose_apology",
        "specialist",
        "2026-03-03 10:00",
        new_due_at="2026-03-10T16:00+07:00",
        **REASON,
    )
    assert Apology.objects.get(dossier=dossier).new_due_at == at("2026-03-10 16:00")


def test_nothing_to_approve_without_a_proposal(world):
    """ND 61/2018 art. 19.9: the leader approves a proposed letter."""
    dossier = world.in_process()
    with pytest.raises(ValidationError):
        world.act(dossier, "approve_apology", "leader", "2026-03-03 11:00")
    assert Dossier.objects.get(pk=dossier.pk).row_version == dossier.row_version
