"""A small world for dossiers: a province with a desk and a department, communes A and B
(each with its one-stop division), one real procedure with a 3-working-day process, and
staff for every role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from motcua.agencies.models import Agency, Level, Role, StaffRole
from motcua.agencies.policy import sync_role_group
from motcua.agencies.services import create_agency
from motcua.catalogue.models import (
    AgencyProcedure,
    Channel,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingTime,
    RequiredDocument,
)
from motcua.catalogue.services.processes import StepSpec, create_process
from motcua.catalogue.services.search import refresh_search_text
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import Applicant, DocumentLine, Intake, prepare
from motcua.worktime.calendar import TZ
from motcua.worktime.units import DurationUnit


def at(text: str) -> datetime.datetime:
    """'2026-03-02 09:00' in Vietnam time."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=TZ)


@dataclass
class World:
    province: Agency
    department: Agency
    centre: Agency
    commune: Agency
    commune_desk: Agency
    other: Agency
    other_desk: Agency
    procedure: Procedure
    version: ProcedureVersion
    documents: list[RequiredDocument]
    users: dict[str, Any]

    def intake(self, **overrides) -> Intake:
        values = dict(
            procedure=self.procedure.code,
            agency=self.commune.code,
            channel=Channel.COUNTER,
            applicant=Applicant(
                name="Nguyễn Thị Ánh",
                id_number="079190001234",
                phone="0901234567",
                email="anh@example.vn",
                address="12 Lê Lợi, phường A",
            ),
            documents=[
                DocumentLine(required=self.documents[0].pk, originals=1),
                DocumentLine(required=self.documents[1].pk, copies=1),
            ],
        )
        values.update(overrides)
        return Intake(**values)

    def receive(self, when: str = "2026-03-02 09:00", **overrides) -> Dossier:
        dossier = prepare(self.intake(**overrides), at=at(when))
        return perform(dossier, "receive", user=self.users["officer"], at=at(when))

    def act(self, dossier: Dossier, action: str, who: str, when: str, **payload) -> Dossier:
        return perform(dossier, action, user=self.users[who], at=at(when), **payload)

    # --- shortcuts to a dossier in a given state, through the real actions ----------------

    def draft(self, when: str = "2026-03-02 08:00", **overrides) -> Dossier:
        """An online draft saved by the citizen, who owns it."""
        overrides.setdefault("channel", Channel.ONLINE)
        overrides.setdefault("return_method", "online")
        dossier = prepare(self.intake(**overrides), at=at(when), owner=self.users["citizen"])
        return perform(dossier, "create_draft", user=self.users["citizen"], at=at(when))

    def submitted(self, when: str = "2026-03-02 08:00", **overrides) -> Dossier:
        return self.act(self.draft(when, **overrides), "submit", "citizen", when)

    def in_process(self, when: str = "2026-03-02 09:00", **overrides) -> Dossier:
        """Received at `when` and transferred to the department half an hour later."""
        dossier = self.receive(when, **overrides)
        later = at(when) + datetime.timedelta(minutes=30)
        return perform(dossier, "transfer", user=self.users["officer"], at=later)

    def in_status(self, status: str) -> Dossier:
        """A dossier of commune A in `status`, reached through the real actions (2-3/3/2026)."""
        day = "2026-03-02"
        if status == "draft":
            return self.draft()
        if status == "submitted":
            return self.submitted()
        if status == "incomplete":
            return self.act(
                self.submitted(),
                "request_completion",
                "officer",
                f"{day} 08:30",
                reason="Thiếu giấy tờ",
                missing=["Giấy chứng sinh"],
            )
        if status == "refused":
            dossier = prepare(self.intake(), at=at(f"{day} 09:00"))
            return perform(
                dossier,
                "refuse",
                user=self.users["officer"],
                at=at(f"{day} 09:00"),
                reason="Không thuộc thẩm quyền",
            )
        if status == "received":
            return self.receive()
        if status == "withdrawn":
            return self.act(
                self.receive(),
                "withdraw",
                "officer",
                f"{day} 10:00",
                reason="Đơn xin rút ngày 2/3/2026",
            )
        dossier = self.in_process()
        if status == "in_process":
            return dossier
        steps = {
            "supplement": (
                "request_supplement",
                "specialist",
                {"reason": "Thiếu", "missing": ["Giấy chứng sinh bản chính"]},
            ),
            "financial": ("request_fee", "officer", {"amount_vnd": 8000}),
            "interlinked": (
                "consult",
                "specialist",
                {"agencies": [{"agency": self.department.code, "amount": 1}]},
            ),
            "result_ready": ("approve", "leader", {"result": "Giấy khai sinh"}),
            "returned": ("approve", "leader", {"result": "Giấy khai sinh"}),
            "stopped": ("stop", "leader", {"reason": "Người nộp đã mất"}),
        }
        action, who, payload = steps[status]
        dossier = self.act(dossier, action, who, f"{day} 10:00", **payload)
        if status == "returned":
            dossier = self.act(dossier, "return", "officer", f"{day} 14:00")
        return dossier


def untimed_procedure(world: World) -> Procedure:
    """A procedure of commune A whose catalogue entry states no usable time (the national
    data has "1 OTHER") and which has no internal process: the officer gives the time."""
    procedure = Procedure.objects.create(code="1.000080")
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        name="Thủ tục đăng ký nhận cha, mẹ, con",
        field=world.version.field,
        at_commune=True,
        valid_from=datetime.date(2020, 1, 1),
    )
    refresh_search_text(version)
    version.save(update_fields=["search_text"])
    for channel in (Channel.COUNTER, Channel.ONLINE):
        ProcessingTime.objects.create(
            version=version, channel=channel, amount=Decimal(7), unit="", text="7 OTHER"
        )
    AgencyProcedure.objects.create(
        agency=world.commune, procedure=procedure, valid_from=datetime.date(2020, 1, 1)
    )
    return procedure


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def fast_passwords(settings):
    """Staff accounts hash their passwords with a fast hasher: PBKDF2 costs ~0.4 s a user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, django_user_model, fast_passwords) -> World:
    return build_world(django_user_model)


def build_world(django_user_model) -> World:
    """The world in the current database (browser tests build it in a transactional one)."""
    province = create_agency(code="000.00.00.H51", name="UBND tỉnh", level=Level.PROVINCE)
    department = create_agency(
        code="000.00.03.H51", name="Sở Tư pháp", level=Level.DEPARTMENT, parent=province
    )
    centre = create_agency(
        code="000.00.01.H51",
        name="Trung tâm Phục vụ hành chính công",
        level=Level.DEPARTMENT,
        parent=province,
    )
    commune = create_agency(
        code="000.00.70.H51", name="UBND xã A", level=Level.COMMUNE, parent=province
    )
    commune_desk = create_agency(
        code="000.01.70.H51", name="Bộ phận Một cửa xã A", level=Level.DIVISION, parent=commune
    )
    other = create_agency(
        code="000.00.71.H51", name="UBND xã B", level=Level.COMMUNE, parent=province
    )
    other_desk = create_agency(
        code="000.01.71.H51", name="Bộ phận Một cửa xã B", level=Level.DIVISION, parent=other
    )
    for desk in (centre, commune_desk, other_desk):
        desk.is_desk = True
        desk.save(update_fields=["is_desk"])
    field = Field.objects.create(name="Hộ tịch")
    procedure = Procedure.objects.create(code="1.001193")
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        name="Thủ tục đăng ký khai sinh",
        field=field,
        at_commune=True,
        valid_from=datetime.date(2020, 1, 1),
    )
    refresh_search_text(version)  # what the importer and the admin do: searchable by name
    version.save(update_fields=["search_text"])
    ProcessingTime.objects.create(
        version=version,
        channel=Channel.COUNTER,
        amount=Decimal(3),
        unit=DurationUnit.WORKING_DAYS,
        text="03 ngày làm việc",
    )
    ProcessingTime.objects.create(
        version=version,
        channel=Channel.ONLINE,
        amount=Decimal(3),
        unit=DurationUnit.WORKING_DAYS,
        text="03 ngày làm việc",
    )
    documents = [
        RequiredDocument.objects.create(
            version=version, position=1, name="Tờ khai đăng ký khai sinh", originals=1
        ),
        RequiredDocument.objects.create(
            version=version, position=2, name="Giấy chứng sinh", originals=1
        ),
    ]
    for agency in (commune, other):
        AgencyProcedure.objects.create(
            agency=agency, procedure=procedure, valid_from=datetime.date(2020, 1, 1)
        )
        desk = commune_desk if agency == commune else other_desk
        create_process(
            agency,
            procedure,
            total=3,
            unit=DurationUnit.WORKING_DAYS,
            valid_from=datetime.date(2020, 1, 1),
            steps=[
                StepSpec(1, "Tiếp nhận hồ sơ", desk, Role.OFFICER, Decimal("0.5")),
                StepSpec(2, "Thẩm định, đề xuất", agency, Role.SPECIALIST, Decimal("1.5")),
                StepSpec(3, "Phê duyệt, ký kết quả", agency, Role.LEADER, Decimal("0.5")),
                StepSpec(4, "Trả kết quả", desk, Role.OFFICER, Decimal("0.5")),
            ],
        )
    users: dict[str, Any] = {}
    groups = {role: sync_role_group(role) for role in (Role.OFFICER, Role.SPECIALIST, Role.LEADER)}
    for name, role, agency in (
        ("officer", Role.OFFICER, commune_desk),
        ("specialist", Role.SPECIALIST, commune),
        ("specialist2", Role.SPECIALIST, commune),
        ("leader", Role.LEADER, commune),
        ("other_officer", Role.OFFICER, other_desk),
        ("dept_specialist", Role.SPECIALIST, department),
        ("dept_leader", Role.LEADER, department),
        ("centre_officer", Role.OFFICER, centre),
        ("officer2", Role.OFFICER, commune_desk),
        ("other_specialist", Role.SPECIALIST, other),
        ("other_leader", Role.LEADER, other),
    ):
        user = django_user_model.objects.create_user(
            username=name, password="pw-Test-2025", first_name=name.title(), is_staff=True
        )
        # What policy.grant_role leaves behind, in three queries instead of fifteen.
        StaffRole.objects.create(user=user, agency=agency, role=role)
        user.groups.add(groups[role])
        users[name] = user
    users["citizen"] = django_user_model.objects.create_user(
        username="citizen", password="pw-Test-2025", first_name="Ánh"
    )
    users["citizen2"] = django_user_model.objects.create_user(
        username="citizen2", password="pw-Test-2025", first_name="Bình"
    )
    users["admin"] = django_user_model.objects.create_superuser(
        username="admin", password="pw-Test-2025"
    )
    return World(
        province,
        department,
        centre,
        commune,
        commune_desk,
        other,
        other_desk,
        procedure,
        version,
        documents,
        users,
    )
