"""Who sees a dossier and who acts on it (permissions.py on top of agencies.policy)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.agencies.models import Level, Role, StaffRole
from motcua.agencies.services import create_agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import can_view, visible_dossiers
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import prepare
from motcua.dossiers.workflow import Status
from tests.dossiers.conftest import at


def _visible(user) -> set[int]:
    return set(visible_dossiers(user).values_list("pk", flat=True))


@pytest.fixture
def dossiers(world):
    """Commune A: a counter dossier and an online one of the citizen; commune B: one."""
    counter = world.in_process()
    online = world.act(world.submitted(), "accept", "officer", "2026-03-02 09:00")
    b = prepare(world.intake(agency=world.other.code), at=at("2026-03-02 09:00"))
    b = perform(b, "receive", user=world.users["other_officer"], at=at("2026-03-02 09:00"))
    return counter, online, b


def test_staff_of_another_commune_neither_see_nor_act(world, dossiers):
    """agencies.policy: staff act for their agency's subtree only."""
    counter, online, b = dossiers
    for name in ("other_officer", "other_specialist", "other_leader"):
        user = world.users[name]
        assert _visible(user) == {b.pk}, name
        assert not can_view(user, counter)
    with pytest.raises(PermissionDenied):
        world.act(online, "transfer", "other_officer", "2026-03-02 10:00")
    with pytest.raises(PermissionDenied):
        world.act(counter, "complete_step", "other_specialist", "2026-03-02 10:00")
    with pytest.raises(PermissionDenied):
        world.act(counter, "approve", "other_leader", "2026-03-02 10:00")
    with pytest.raises(PermissionDenied):
        world.act(counter, "stop", "other_leader", "2026-03-02 10:00", reason="x")
    assert Dossier.objects.get(pk=counter.pk).row_version == counter.row_version
    # ... and commune A's staff do not see commune B's.
    for name in ("officer", "specialist", "leader"):
        assert _visible(world.users[name]) == {counter.pk, online.pk}, name
        assert not can_view(world.users[name], b)


def test_a_specialist_cannot_approve_and_a_leader_can(world, dossiers):
    """ND 61/2018 art. 19.2: the specialist submits, the leader approves."""
    counter, _online, _b = dossiers
    for name in ("specialist", "specialist2", "officer"):
        with pytest.raises(PermissionDenied):
            world.act(counter, "approve", name, "2026-03-03 10:00")
    assert world.act(counter, "approve", "leader", "2026-03-03 10:00").status == "result_ready"


def test_a_consulted_agency_sees_the_dossier_once_consulted(world, dossiers):
    """ND 61/2018 art. 19.5: the consulted agency gets the dossier to answer."""
    counter, _online, _b = dossiers
    dept = world.users["dept_specialist"]
    assert not can_view(dept, counter)
    world.act(
        counter,
        "consult",
        "specialist",
        "2026-03-02 10:00",
        agencies=[{"agency": world.department.code, "amount": 1}],
    )
    assert can_view(dept, counter)
    assert can_view(world.users["dept_leader"], counter)
    assert _visible(dept) == {counter.pk}


def test_a_consulted_agency_only_answers(world, dossiers):
    """ND 61/2018 art. 19.5.b: the consulted agency answers within the consultation's
    deadline; stopping, apologising, asking the applicant and deciding stay with the agency
    in charge of the dossier."""
    counter = world.act(
        dossiers[0],
        "consult",
        "specialist",
        "2026-03-02 10:00",
        agencies=[{"agency": world.department.code, "amount": 1}],
    )
    forbidden = [
        ("dept_leader", "stop", {"reason": "x"}),
        ("dept_leader", "approve", {}),
        ("dept_leader", "refuse_result", {"reason": "x"}),
        ("dept_specialist", "propose_apology", {"reason": "x", "extend_by": 1}),
        ("dept_specialist", "request_supplement", {"reason": "x", "missing": ["y"]}),
        ("dept_specialist", "hand_over", {"reason": "x", "agency": world.other.code}),
        ("dept_specialist", "send_back", {"reason": "x", "to_stage": 1}),
    ]
    for who, action, payload in forbidden:
        with pytest.raises(PermissionDenied):
            world.act(counter, action, who, "2026-03-02 11:00", **payload)
    assert Dossier.objects.get(pk=counter.pk).row_version == counter.row_version
    counter = world.act(
        counter, "assign", "dept_leader", "2026-03-02 11:00", assignee="dept_specialist"
    )
    counter = world.act(counter, "complete_step", "dept_specialist", "2026-03-02 14:00")
    assert counter.status == Status.IN_PROCESS


def test_the_agency_in_charge_acts_for_the_dossier_while_waiting(world, dossiers):
    """ND 61/2018 art. 19.5.b and 19.9: when the consulted agency is late, the agency in
    charge tells the desk and apologises to the applicant."""
    counter = world.act(
        dossiers[0],
        "consult",
        "specialist",
        "2026-03-02 10:00",
        agencies=[{"agency": world.department.code, "amount": 1}],
    )
    counter = world.act(
        counter, "propose_apology", "specialist", "2026-03-03 14:00", reason="Chờ Sở", extend_by=2
    )
    counter = world.act(counter, "approve_apology", "leader", "2026-03-03 15:00")
    assert counter.due_at == at("2026-03-09 11:30")
    assert counter.status == Status.INTERLINKED
    counter = world.act(counter, "stop", "leader", "2026-03-04 09:00", reason="Rút yêu cầu")
    assert counter.status == Status.STOPPED


def test_the_applicant_sees_only_their_own(world, dossiers):
    """The owner of an online dossier sees it, nobody else's."""
    counter, online, b = dossiers
    assert _visible(world.users["citizen"]) == {online.pk}
    assert can_view(world.users["citizen"], online)
    assert not can_view(world.users["citizen"], counter)
    assert _visible(world.users["citizen2"]) == set()
    # Owning a dossier gives no staff power.
    with pytest.raises(PermissionDenied):
        world.act(online, "transfer", "citizen", "2026-03-02 10:00")


def test_nobody_anonymous_or_inactive_sees_anything(world, dossiers):
    """domain.md §7: no listing of citizens' dossiers without login."""
    assert not visible_dossiers(AnonymousUser()).exists()
    assert not visible_dossiers(None).exists()
    officer = world.users["officer"]
    officer.is_active = False
    officer.save()
    assert not visible_dossiers(officer).exists()
    counter = dossiers[0]
    with pytest.raises(PermissionDenied):
        perform(counter, "approve", user=AnonymousUser(), at=at("2026-03-02 10:00"))


def test_a_superuser_sees_everything(world, dossiers):
    """Superusers see every dossier."""
    assert _visible(world.users["admin"]) == {d.pk for d in dossiers}


def test_the_province_centre_sees_no_commune_dossier(world, dossiers):
    """A province desk is not above a commune in the tree."""
    assert _visible(world.users["centre_officer"]) == set()


def test_a_province_leader_sees_the_communes_below(world, dossiers, django_user_model):
    """agencies.policy: a role covers the agency's subtree."""
    chief = django_user_model.objects.create_user(username="chief")
    StaffRole.objects.create(user=chief, agency=world.province, role=Role.LEADER)
    assert _visible(chief) == {d.pk for d in dossiers}


def test_a_draft_is_seen_by_its_owner_alone_until_submitted(world):
    """A draft is private to its owner; the desk it is addressed to sees it once submitted."""
    draft = world.draft()
    assert can_view(world.users["citizen"], draft)
    for name in ("officer", "specialist", "leader", "citizen2", "other_officer"):
        assert not can_view(world.users[name], draft), name
    submitted = world.act(draft, "submit", "citizen", "2026-03-02 08:05")
    assert can_view(world.users["officer"], submitted)
    assert not can_view(world.users["citizen2"], submitted)


def test_only_online_dossiers_are_drafted(world):
    """ND 61/2018 art. 16.3, 17.2: the applicant submits online at the portal; a counter or
    postal dossier is received by the desk, never drafted."""
    for channel in (1, 3):
        dossier = prepare(
            world.intake(channel=channel), at=at("2026-03-02 08:00"), owner=world.users["citizen"]
        )
        with pytest.raises(ValidationError) as raised:
            perform(dossier, "create_draft", user=world.users["citizen"], at=at("2026-03-02 08:00"))
        assert "channel" in raised.value.message_dict
    assert not Dossier.objects.exists()


def test_a_merged_units_dossiers_follow_it(world, dossiers):
    """agencies.policy: a successor's staff see their predecessors' history."""
    _counter, _online, b = dossiers
    assert not can_view(world.users["leader"], b)
    world.other.merged_into = world.commune
    world.other.save()
    assert can_view(world.users["leader"], b)


def test_the_dossier_status_gates_before_permissions(world, dossiers):
    """A forbidden transition is reported as such whoever asks (no information leak about
    permissions is possible on a status the action cannot start from)."""
    counter = dossiers[0]
    assert counter.status == Status.IN_PROCESS
    with pytest.raises(ValidationError) as raised:
        world.act(counter, "accept", "other_officer", "2026-03-02 10:00")
    assert raised.value.code == "transition"


def test_a_divisions_specialist_works_on_the_step_they_are_assigned(world, django_user_model):
    """ND 61/2018 art. 19.1-19.2: the competent agency's specialist units appraise; a
    ward's specialists sit in its offices (divisions). Assigned by the leader, such a
    specialist sees the dossier and completes the agency's step; unassigned, they do not."""
    office = create_agency(
        code="000.02.70.H51",
        name="Văn phòng UBND xã A",
        level=Level.DIVISION,
        parent=world.commune,
    )
    clerk = django_user_model.objects.create_user("clerk", password="pw-Test-2025")
    StaffRole.objects.create(user=clerk, agency=office, role=Role.SPECIALIST)
    world.users["clerk"] = clerk
    dossier = world.in_process()
    assert not can_view(clerk, dossier)
    with pytest.raises(PermissionDenied):
        world.act(dossier, "complete_step", "clerk", "2026-03-02 10:00")
    dossier = world.act(dossier, "assign", "leader", "2026-03-02 10:00", assignee="clerk")
    assert can_view(clerk, dossier)
    dossier = world.act(dossier, "complete_step", "clerk", "2026-03-02 11:00")
    assert dossier.events.last().actor == clerk
    # Staff of another unit's division are never candidates.
    with pytest.raises(ValidationError):
        world.act(
            world.in_process(), "assign", "leader", "2026-03-02 10:00", assignee="other_specialist"
        )
