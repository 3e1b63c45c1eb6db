"""Processing: transfer, assignment, steps, sending back, consultations, hand-over, the
decision and the return of the result."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.agencies.models import Role
from motcua.dossiers.models import Dossier, DossierStep, Notice, StepKind, StepStatus
from motcua.dossiers.workflow import Status
from motcua.worktime.services import calendar_for
from tests.dossiers.conftest import at


def _steps(dossier: Dossier) -> list[DossierStep]:
    return list(dossier.steps.order_by("stage", "parent_id", "order", "id"))


def _top(dossier: Dossier) -> list[DossierStep]:
    return [s for s in _steps(dossier) if s.parent_id is None]


def _statuses(dossier: Dossier) -> list[tuple[int, str]]:
    return [(s.stage, s.status) for s in _top(dossier)]


# --- transfer --------------------------------------------------------------------------------


def test_transfer_hands_the_dossier_to_the_department(world):
    """ND 61/2018 art. 18: after reception the desk transfers the dossier to the competent
    department; the control slip (Phiếu kiểm soát) records the handover."""
    dossier = world.receive("2026-03-02 09:00")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-02 09:30")
    assert dossier.status == Status.IN_PROCESS
    assert dossier.national_status == 4
    assert dossier.transferred_at == at("2026-03-02 09:30")
    assert _statuses(dossier) == [(1, "done"), (2, "active"), (3, "pending"), (4, "pending")]
    reception = _top(dossier)[0]
    assert (reception.timeliness, reception.finished_by) == ("on_time", world.users["officer"])
    event = dossier.events.last()
    assert (event.action, event.form, event.step) == ("transfer", "control_slip", reception)


def test_only_an_officer_of_the_receiving_desk_transfers(world):
    """ND 61/2018 art. 18: the receiving desk's officer transfers the dossier."""
    dossier = world.receive()
    for who in ("specialist", "leader", "other_officer", "centre_officer", "citizen"):
        with pytest.raises(PermissionDenied):
            world.act(dossier, "transfer", who, "2026-03-02 09:30")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED
    assert world.act(dossier, "transfer", "officer2", "2026-03-02 09:30").status == "in_process"


# --- assignment and steps --------------------------------------------------------------------


def test_a_leader_assigns_a_specialist_who_holds_the_steps_role(world):
    """ND 61/2018 art. 19.1: the head of the agency assigns a civil servant to handle it."""
    dossier = world.in_process()
    for name in ("leader", "other_specialist", "officer", "nobody"):
        with pytest.raises(ValidationError) as raised:
            world.act(dossier, "assign", "leader", "2026-03-02 10:00", assignee=name)
        assert "assignee" in raised.value.message_dict, name
    dossier = world.act(dossier, "assign", "leader", "2026-03-02 10:00", assignee="specialist")
    appraisal = _top(dossier)[1]
    assert appraisal.assignee == world.users["specialist"]
    assert dossier.status == Status.IN_PROCESS
    event = dossier.events.last()
    assert (event.step, event.data["assignee"], event.role) == (appraisal, "specialist", "leader")


def test_only_the_assignee_or_a_leader_acts_on_an_assigned_step(world):
    """ND 61/2018 art. 19.1: the assigned civil servant handles it (or the head)."""
    dossier = world.act(
        world.in_process(), "assign", "leader", "2026-03-02 10:00", assignee="specialist"
    )
    with pytest.raises(PermissionDenied):
        world.act(dossier, "complete_step", "specialist2", "2026-03-02 11:00")
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-02 11:00")
    assert _statuses(dossier)[1:3] == [(2, "done"), (3, "active")]


def test_an_officer_cannot_assign(world):
    """ND 61/2018 art. 19.1: the competent agency assigns, not the desk."""
    dossier = world.in_process()
    with pytest.raises(PermissionDenied):
        world.act(dossier, "assign", "officer", "2026-03-02 10:00", assignee="specialist")


def test_completing_a_step_opens_the_next_stage(world):
    """domain.md §6: the internal process runs step after step, each judged on its due."""
    dossier = world.in_process()
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-03 10:00", note="Đủ ĐK")
    appraisal, approval = _top(dossier)[1:3]
    assert (appraisal.status, appraisal.timeliness, appraisal.note) == ("done", "early", "Đủ ĐK")
    assert approval.status == "active" and approval.started_at == at("2026-03-03 10:00")
    event = dossier.events.last()
    assert event.step == appraisal and event.step_due_at == appraisal.due_at


def test_a_specialist_cannot_complete_the_leaders_step(world):
    """ND 61/2018 art. 19.2: the specialist submits; approving is the leader's step."""
    dossier = world.act(world.in_process(), "complete_step", "specialist", "2026-03-03 10:00")
    with pytest.raises(PermissionDenied):
        world.act(dossier, "complete_step", "specialist", "2026-03-03 11:00")


def test_the_last_step_before_the_result_is_a_decision_not_a_completion(world):
    """ND 61/2018 art. 19.2, 19.8: the result is approved or refused, not just completed."""
    dossier = world.act(world.in_process(), "complete_step", "specialist", "2026-03-03 10:00")
    with pytest.raises(ValidationError):
        world.act(dossier, "complete_step", "leader", "2026-03-03 11:00")
    assert _statuses(Dossier.objects.get(pk=dossier.pk))[2] == (3, "active")


def test_a_leader_sends_the_dossier_back_to_an_earlier_stage(world):
    """A leader returns the dossier to an earlier step with a reason (control slip)."""
    dossier = world.act(world.in_process(), "complete_step", "specialist", "2026-03-03 10:00")
    with pytest.raises(ValidationError):
        world.act(dossier, "send_back", "leader", "2026-03-03 11:00", to_stage=2)  # no reason
    for stage in (3, 4, 9, "x"):
        with pytest.raises(ValidationError) as raised:
            world.act(
                dossier, "send_back", "leader", "2026-03-03 11:00", to_stage=stage, reason="Sai"
            )
        assert "to_stage" in raised.value.message_dict
    dossier = world.act(
        dossier, "send_back", "leader", "2026-03-03 11:00", to_stage=2, reason="Thiếu xác minh"
    )
    assert dossier.status == Status.IN_PROCESS
    assert _statuses(dossier) == [(1, "done"), (2, "active"), (3, "pending"), (4, "pending")]
    appraisal = _top(dossier)[1]
    assert appraisal.started_at == at("2026-03-03 11:00")
    assert appraisal.finished_at is None and appraisal.timeliness == ""
    event = dossier.events.last()
    assert (event.reason, event.data["to_stage"], event.step) == ("Thiếu xác minh", 2, appraisal)
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-03 14:00")
    assert _statuses(dossier)[2] == (3, "active")


# --- consultations ---------------------------------------------------------------------------


def _consult(world, dossier, mode):
    return world.act(
        dossier,
        "consult",
        "specialist",
        "2026-03-02 10:00",
        mode=mode,
        agencies=[
            {"agency": world.department.code, "amount": 1, "task": "Xác minh hộ tịch"},
            {"agency": world.other.code, "amount": "0.5", "task": "Xác minh cư trú"},
        ],
    )


def test_parallel_consultation(world):
    """ND 61/2018 art. 19.5 and 19.6.b: the lead agency asks related agencies at once, each
    with its task and deadline; it waits for all answers."""
    dossier = _consult(world, world.in_process(), "parallel")
    assert dossier.status == Status.INTERLINKED
    assert dossier.national_status == 4
    assert dossier.interlinked
    steps = _steps(dossier)
    parent = next(s for s in steps if s.stage == 2 and s.parent_id is None)
    children = [s for s in steps if s.parent_id == parent.pk]
    assert parent.status == StepStatus.WAITING
    assert [(c.agency, c.kind, c.status, c.role) for c in children] == [
        (world.department, StepKind.CONSULT, "active", Role.SPECIALIST),
        (world.other, StepKind.CONSULT, "active", Role.SPECIALIST),
    ]
    # Mon 10:00 + 1 working day = Tue 11:30; + 0.5 day = Mon 17:00.
    assert [c.due_at for c in children] == [at("2026-03-03 11:30"), at("2026-03-02 17:00")]
    data = dossier.events.last().data
    assert data["mode"] == "parallel" and len(data["agencies"]) == 2

    # The parent waits: the commune cannot finish its step or decide meanwhile.
    with pytest.raises(PermissionDenied):
        world.act(dossier, "complete_step", "specialist", "2026-03-02 11:00")
    with pytest.raises(ValidationError):
        world.act(dossier, "approve", "leader", "2026-03-02 11:00")

    dossier = world.act(dossier, "complete_step", "other_specialist", "2026-03-02 15:00")
    assert dossier.status == Status.INTERLINKED
    dossier = world.act(
        dossier, "complete_step", "dept_specialist", "2026-03-03 14:00", note="Khớp dữ liệu"
    )
    assert dossier.status == Status.IN_PROCESS
    steps = _steps(dossier)
    assert [s.timeliness for s in steps if s.parent_id] == ["late", "on_time"]
    assert next(s for s in steps if s.pk == parent.pk).status == "active"
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-03 15:00")
    assert _statuses(dossier)[2] == (3, "active")


def test_sequential_consultation(world):
    """ND 61/2018 art. 19.6.a: agencies handle in turn, each with its own deadline."""
    dossier = _consult(world, world.in_process(), "sequential")
    children = [s for s in _steps(dossier) if s.parent_id]
    assert [c.status for c in children] == ["active", "pending"]
    assert children[1].due_at is None
    with pytest.raises(PermissionDenied):
        world.act(dossier, "complete_step", "other_specialist", "2026-03-02 11:00")
    dossier = world.act(dossier, "complete_step", "dept_specialist", "2026-03-02 14:00")
    assert dossier.status == Status.INTERLINKED
    children = [s for s in _steps(dossier) if s.parent_id]
    assert [c.status for c in children] == ["done", "active"]
    assert children[1].started_at == at("2026-03-02 14:00")
    assert children[1].due_at == at("2026-03-03 11:30")  # 0.5 day from Mon pm
    dossier = world.act(dossier, "complete_step", "other_specialist", "2026-03-03 09:00")
    assert dossier.status == Status.IN_PROCESS


def test_consultation_input_is_checked(world):
    """ND 61/2018 art. 19.5.a: each consultation names the agency, the task and a deadline."""
    dossier = world.in_process()
    bad = [
        {"agencies": []},
        {"agencies": [{"agency": world.department.code, "amount": 0}]},
        {"agencies": [{"agency": world.department.code, "amount": "một ngày"}]},
        {"agencies": [{"agency": world.department.code, "amount": "NaN"}]},
        {"agencies": [world.department.code]},
        {"agencies": [{"agency": "no.such.code", "amount": 1}]},
        {"agencies": [{"agency": world.department.code, "amount": 1}], "mode": "random"},
    ]
    for payload in bad:
        with pytest.raises(ValidationError):
            world.act(dossier, "consult", "specialist", "2026-03-02 10:00", **payload)
    assert Dossier.objects.get(pk=dossier.pk).row_version == dossier.row_version


def test_a_consulted_agency_does_not_consult_further(world):
    """ND 61/2018 art. 19.5.b: the consulted agency answers the consultation."""
    dossier = _consult(world, world.in_process(), "parallel")
    with pytest.raises((ValidationError, PermissionDenied)):
        world.act(
            dossier,
            "consult",
            "dept_specialist",
            "2026-03-02 11:00",
            agencies=[{"agency": world.other.code, "amount": 1}],
        )


# --- hand-over to another level --------------------------------------------------------------


def _hand_over(world, dossier, **extra):
    return world.act(
        dossier,
        "hand_over",
        "specialist",
        "2026-03-02 10:00",
        agency=world.department.code,
        reason="Thuộc thẩm quyền của Sở",
        **extra,
    )


def test_hand_over_to_the_province_department(world):
    """ND 61/2018 art. 19.7: the higher level resolves and sends the result to the desk
    that received the dossier, which returns it as the receipt says."""
    dossier = _hand_over(world, world.in_process())
    assert dossier.status == Status.INTERLINKED
    assert dossier.interlinked
    top = _top(dossier)
    assert [(s.stage, s.agency, s.role, s.kind, s.status) for s in top] == [
        (1, world.commune_desk, Role.OFFICER, StepKind.PROCESS, "done"),
        (2, world.commune, Role.SPECIALIST, StepKind.PROCESS, "done"),
        (3, world.department, Role.SPECIALIST, StepKind.HANDOVER, "active"),
        (4, world.department, Role.LEADER, StepKind.HANDOVER, "pending"),
        (5, world.commune, Role.LEADER, StepKind.PROCESS, "pending"),
        (6, world.commune_desk, Role.OFFICER, StepKind.PROCESS, "pending"),
    ]
    assert top[2].due_at == dossier.due_at

    # The commune can no longer act; the department's specialist and leader do.
    with pytest.raises(PermissionDenied):
        world.act(dossier, "approve", "leader", "2026-03-02 11:00")
    with pytest.raises(ValidationError):  # the leader's step is not open yet
        world.act(dossier, "complete_step", "dept_leader", "2026-03-02 11:00", step=top[3].pk)
    dossier = world.act(dossier, "complete_step", "dept_specialist", "2026-03-03 09:00")
    assert dossier.status == Status.INTERLINKED
    with pytest.raises(PermissionDenied):
        world.act(dossier, "approve", "dept_specialist", "2026-03-03 10:00")
    dossier = world.act(dossier, "approve", "dept_leader", "2026-03-03 10:00", result="GKS")
    assert dossier.status == Status.RESULT_READY
    assert dossier.timeliness == "early"
    assert _statuses(dossier) == [
        (1, "done"),
        (2, "done"),
        (3, "done"),
        (4, "done"),
        (5, "skipped"),
        (6, "active"),
    ]
    event = dossier.events.last()
    assert (event.role, event.agency) == (Role.LEADER, world.department)

    # The commune desk returns; the department's desk has nothing to do with it.
    with pytest.raises(PermissionDenied):
        world.act(dossier, "return", "centre_officer", "2026-03-03 14:00")
    dossier = world.act(dossier, "return", "officer", "2026-03-03 14:00")
    assert dossier.status == Status.RETURNED


def test_hand_over_with_its_own_deadline(world):
    """ND 61/2018 art. 19.6.a: each agency has its own deadline within the appointment."""
    dossier = _hand_over(world, world.in_process(), amount=1)
    handover = [s for s in _top(dossier) if s.kind == StepKind.HANDOVER]
    # Mon 10:00 + 1 working day = Tue 11:30, within the appointment.
    assert [s.due_at for s in handover] == [at("2026-03-03 11:30")] * 2


def test_the_department_may_consult_during_a_hand_over(world):
    """ND 61/2018 art. 19.7.b: the higher level handles the dossier under art. 19.1-19.5,
    consultations (19.5) included."""
    dossier = _hand_over(world, world.in_process())
    dossier = world.act(
        dossier,
        "consult",
        "dept_specialist",
        "2026-03-02 14:00",
        agencies=[{"agency": world.other.code, "amount": 1}],
    )
    assert dossier.status == Status.INTERLINKED
    dossier = world.act(dossier, "complete_step", "other_specialist", "2026-03-03 09:00")
    assert dossier.status == Status.INTERLINKED  # still at the department
    handover = next(s for s in _top(dossier) if s.kind == StepKind.HANDOVER)
    assert handover.status == "active"


def test_hand_over_input_is_checked(world):
    """A hand-over names another agency and its reason."""
    dossier = world.in_process()
    with pytest.raises(ValidationError):
        world.act(dossier, "hand_over", "specialist", "2026-03-02 10:00", agency="x", reason="r")
    with pytest.raises(ValidationError):
        world.act(
            dossier,
            "hand_over",
            "specialist",
            "2026-03-02 10:00",
            agency=world.commune.code,
            reason="r",
        )
    with pytest.raises(ValidationError):
        world.act(
            dossier, "hand_over", "specialist", "2026-03-02 10:00", agency=world.department.code
        )
    assert Dossier.objects.get(pk=dossier.pk).row_version == dossier.row_version


# --- the decision ----------------------------------------------------------------------------


JUDGED = [
    ("2026-03-04 16:00", "early"),  # an earlier day than the appointment (Thu 5/3 11:30)
    ("2026-03-05 08:00", "on_time"),
    ("2026-03-05 11:30", "on_time"),
    ("2026-03-05 11:31", "late"),
    ("2026-03-06 09:00", "late"),
]


def test_approval_is_judged_when_the_result_is_ready(world):
    """domain.md §4: early / on time / late judged on the moment the result was ready
    against the appointment in force (received Mon 2/3 09:00, due Thu 5/3 11:30)."""
    for when, timeliness in JUDGED:
        dossier = world.act(world.in_process(), "complete_step", "specialist", "2026-03-03 10:00")
        dossier = world.act(dossier, "approve", "leader", when, result="Giấy khai sinh số 12")
        assert dossier.status == Status.RESULT_READY
        assert dossier.national_status == 9
        assert dossier.outcome == "approved"
        assert dossier.finished_at == at(when)
        assert dossier.timeliness == timeliness, when
        assert dossier.result_summary == "Giấy khai sinh số 12"
        assert _statuses(dossier) == [(1, "done"), (2, "done"), (3, "done"), (4, "active")]
        assert Notice.objects.filter(dossier=dossier, kind="result_ready").count() == 1


def test_a_specialist_cannot_approve_a_leader_can(world):
    """ND 61/2018 art. 19.2: the specialist submits the result, a competent leader decides."""
    dossier = world.in_process()
    with pytest.raises(PermissionDenied):
        world.act(dossier, "approve", "specialist", "2026-03-02 10:00")
    with pytest.raises(PermissionDenied):
        world.act(dossier, "approve", "other_leader", "2026-03-02 10:00")
    assert world.act(dossier, "approve", "leader", "2026-03-02 10:00").status == "result_ready"


def test_refusal_after_appraisal_needs_a_reason(world):
    """ND 61/2018 art. 19.8: a dossier not eligible after appraisal is returned with a
    written notice of the reasons, within the processing time."""
    dossier = world.act(world.in_process(), "complete_step", "specialist", "2026-03-03 10:00")
    with pytest.raises(ValidationError):
        world.act(dossier, "refuse_result", "leader", "2026-03-03 11:00")
    dossier = world.act(
        dossier, "refuse_result", "leader", "2026-03-03 11:00", reason="Không đủ điều kiện"
    )
    assert dossier.status == Status.RESULT_READY
    assert dossier.outcome == "refused"
    assert dossier.timeliness == "early"
    assert dossier.result_summary == "Không đủ điều kiện"


# --- return ----------------------------------------------------------------------------------


def test_the_desk_returns_the_result(world):
    """ND 61/2018 art. 20: the result is returned at the desk, online or by post."""
    for method in ("counter", "online", "post"):
        dossier = world.act(world.in_process(), "approve", "leader", "2026-03-03 10:00")
        dossier = world.act(dossier, "return", "officer", "2026-03-04 09:00", method=method)
        assert dossier.status == Status.RETURNED
        assert dossier.national_status == 10
        assert dossier.returned_at == dossier.closed_at == at("2026-03-04 09:00")
        assert _statuses(dossier)[-1] == (4, "done")
        event = dossier.events.last()
        assert (event.data["method"], event.role) == (method, Role.OFFICER)
        # Returning does not change the judgement made when the result was ready.
        assert dossier.timeliness == "early"


def test_the_return_method_defaults_to_the_dossiers_and_is_checked(world):
    """ND 61/2018 art. 20.3: the result is returned as the receipt says."""
    dossier = world.act(world.in_process(), "approve", "leader", "2026-03-03 10:00")
    with pytest.raises(ValidationError):
        world.act(dossier, "return", "officer", "2026-03-04 09:00", method="pigeon")
    with pytest.raises(PermissionDenied):
        world.act(dossier, "return", "leader", "2026-03-04 09:00")
    dossier = world.act(dossier, "return", "officer", "2026-03-04 09:00")
    assert dossier.events.last().data["method"] == "counter"


def test_a_full_counter_journey_keeps_every_step_on_time(world):
    """Circular 01/2018 (control slip): each handover is judged early / on time / late."""
    dossier = world.in_process("2026-03-02 09:00")
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-04 11:00")
    dossier = world.act(dossier, "approve", "leader", "2026-03-04 16:00")
    dossier = world.act(dossier, "return", "officer", "2026-03-05 10:00")
    cal = calendar_for(world.commune)
    top = _top(dossier)
    assert [s.timeliness for s in top] == ["on_time", "on_time", "on_time", "on_time"]
    assert all(cal.classify(s.finished_at, s.due_at) == s.timeliness for s in top)
