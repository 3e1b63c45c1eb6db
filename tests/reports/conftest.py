"""The dossier tests' world and the hand-computed scenario of tests/reports."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from motcua.agencies.models import Role, StaffRole
from motcua.catalogue.models import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import prepare
from tests.dossiers import conftest as base
from tests.dossiers.conftest import fast_passwords, vietnamese, world  # noqa: F401

World, at = base.World, base.at

APOLOGY = {"reason": "Chờ kết quả xác minh của cơ quan công an"}
RESULT = {"result": "Giấy khai sinh"}


@dataclass
class Scenario:
    world: World
    dossiers: dict[str, Dossier]

    def pks(self, *names: str) -> set[int]:
        return {self.dossiers[name].pk for name in names}


def _other_commune(w: World, when: str) -> Dossier:
    dossier = prepare(w.intake(agency=w.other.code), at=at(when))
    dossier = perform(dossier, "receive", user=w.users["other_officer"], at=at(when))
    return perform(dossier, "transfer", user=w.users["other_officer"], at=at(when))


def build_scenario(w: World) -> Scenario:
    """The period is Mon 9/3/2026 - Fri 13/3/2026 (E = Sat 14/3 00:00). A 3-working-day
    procedure: received in a morning session, due 6 sessions later (domain.md §4)."""
    d: dict[str, Dossier] = {}
    # carry: received Thu 5/3 09:00 (due Tue 10/3 11:30), approved Mon 9/3 -> early, returned.
    d["carry"] = w.in_process("2026-03-05 09:00")
    d["carry"] = w.act(d["carry"], "approve", "leader", "2026-03-09 10:00", **RESULT)
    d["carry"] = w.act(d["carry"], "return", "officer", "2026-03-09 14:00")
    # old_overdue: received Mon 2/3 09:00 (due Thu 5/3 11:30), still in process.
    d["old_overdue"] = w.in_process("2026-03-02 09:00")
    # late_apology: received Thu 5/3 14:00 (due Tue 10/3 17:00); the apology moving it to
    # Tue 17/3 17:00 is approved on Mon 16/3, after E: overdue as of E.
    d["late_apology"] = w.in_process("2026-03-05 14:00")
    d["late_apology"] = w.act(
        d["late_apology"],
        "propose_apology",
        "specialist",
        "2026-03-09 09:00",
        extend_by=5,
        **APOLOGY,
    )
    d["late_apology"] = w.act(d["late_apology"], "approve_apology", "leader", "2026-03-16 09:00")
    # finished_before: received Mon 2/3, approved Wed 4/3 (before S), returned Mon 9/3.
    d["finished_before"] = w.in_process("2026-03-02 09:30")
    d["finished_before"] = w.act(
        d["finished_before"], "approve", "leader", "2026-03-04 10:00", **RESULT
    )
    d["finished_before"] = w.act(d["finished_before"], "return", "officer", "2026-03-09 08:00")
    # apology: received Mon 9/3 09:00 (due Thu 12/3 11:30), apology approved Tue 10/3 ->
    # Mon 16/3 11:30: within at E.
    d["apology"] = w.in_process("2026-03-09 09:00")
    d["apology"] = w.act(
        d["apology"], "propose_apology", "specialist", "2026-03-10 10:00", extend_by=2, **APOLOGY
    )
    d["apology"] = w.act(d["apology"], "approve_apology", "leader", "2026-03-10 11:00")
    # overdue: received Mon 9/3 09:30 (due Thu 12/3 11:30), still in process.
    d["overdue"] = w.in_process("2026-03-09 09:30")
    # interlinked: received Mon 9/3 14:00 (due Thu 12/3 17:00), the department consulted,
    # approved Thu 12/3 10:00 -> on time (same day); counted once, under commune A.
    d["interlinked"] = w.in_process("2026-03-09 14:00")
    d["interlinked"] = w.act(
        d["interlinked"],
        "consult",
        "specialist",
        "2026-03-10 09:00",
        agencies=[{"agency": w.department.code, "amount": 1}],
    )
    d["interlinked"] = w.act(
        d["interlinked"], "complete_step", "dept_specialist", "2026-03-11 09:00"
    )
    d["interlinked"] = w.act(d["interlinked"], "approve", "leader", "2026-03-12 10:00", **RESULT)
    # stopped: received Mon 9/3 10:00, stopped Thu 12/3.
    d["stopped"] = w.in_process("2026-03-09 10:00")
    d["stopped"] = w.act(d["stopped"], "stop", "leader", "2026-03-12 09:00", reason="Đã mất")
    # supplement: received Tue 10/3 09:00 (due Fri 13/3 11:30), supplement asked Wed 11/3:
    # waiting for the applicant at E -> within although the appointment passed.
    d["supplement"] = w.in_process("2026-03-10 09:00")
    d["supplement"] = w.act(
        d["supplement"],
        "request_supplement",
        "specialist",
        "2026-03-11 09:00",
        reason="Thiếu",
        missing=["Giấy chứng sinh bản chính"],
    )
    # online: submitted and accepted Tue 10/3, withdrawn Wed 11/3.
    d["withdrawn"] = w.submitted("2026-03-10 08:00")
    d["withdrawn"] = w.act(d["withdrawn"], "accept", "officer", "2026-03-10 09:00")
    d["withdrawn"] = w.act(
        d["withdrawn"], "withdraw", "officer", "2026-03-11 10:00", reason="Đơn xin rút"
    )
    # refused at reception Wed 11/3 (form 03).
    dossier = prepare(w.intake(), at=at("2026-03-11 09:00"))
    d["refused"] = perform(
        dossier, "refuse", user=w.users["officer"], at=at("2026-03-11 09:00"), reason="Sai"
    )
    # commune B: received Mon 9/3 09:00 (due Thu 12/3 11:30), approved Fri 13/3 -> late.
    d["late"] = _other_commune(w, "2026-03-09 09:00")
    d["late"] = w.act(d["late"], "approve", "other_leader", "2026-03-13 09:00", **RESULT)
    # After the period: counted nowhere.
    d["after"] = w.in_process("2026-03-16 09:00")
    # Online, submitted in the period but never accepted: not received, counted nowhere.
    d["submitted"] = w.submitted("2026-03-12 08:00")
    assert d["withdrawn"].channel == Channel.ONLINE
    return Scenario(w, d)


@pytest.fixture
def scenario(world) -> Scenario:  # noqa: F811
    return build_scenario(world)


@pytest.fixture
def overseer(world, django_user_model):  # noqa: F811
    """Oversight at the province: sees every report of its subtree."""
    user = django_user_model.objects.create_user(username="overseer", password="pw-Test-2025")
    StaffRole.objects.create(user=user, agency=world.province, role=Role.OVERSIGHT)
    return user


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
