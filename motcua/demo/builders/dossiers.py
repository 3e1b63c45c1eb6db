"""Demo dossiers: a few thousand over the 18 months before `today`, in every status.

Every dossier is made the way a real one is: `intake.prepare` then `engine.perform`, one
action after another, each dated (`at=`) in the past during working hours, by a demo staff
member who holds the role the transition table asks for, or by the citizen's own account
for online dossiers. Nothing is inserted behind the engine's back.

How it works: for each dossier a *spec* is drawn (status wanted, unit, procedure, channel,
applicant, variants such as a supplement, fees, consultation, handover, apology, lateness),
then a *plan*: the dated actions, computed on the working calendar from an estimate of the
appointment the engine will give. For a status that must be recent (in processing, waiting
for a supplement, result ready...) the plan's start is moved until the right action falls
just before today. Then the plan is performed. Dossiers of the old wards of Quận 1 are
received and closed before the reform of 1/7/2025, since the merger does not move open
dossiers yet.

Staff: the demo accounts of accounts.py act where their role covers the unit (tp.motcua at
the city centre, tp.chuyenvien / tp.lanhdao for the Department of Justice, saigon.* at
phường Sài Gòn); for every other unit the first action that needs a role there creates a
staff account named after the unit ("tandinh.motcua", "tp-finance.lanhdao",
"q1-bennghe.chuyenvien") with an unusable password, through policy.grant_role, so the event
logs show who did what at each unit. Online dossiers belong to demo citizen accounts
("congdan001"...), also without passwords.

Deterministic for a seed and a `today`; idempotent: when the demo province already has
dossiers, nothing is added.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count

from motcua.agencies import policy
from motcua.agencies.models import Agency, Role, StaffRole
from motcua.catalogue.models import (
    AgencyProcedure,
    ChangeKind,
    Channel,
    ProcedureVersion,
    Process,
)
from motcua.core.text import fold
from motcua.demo.builders import people
from motcua.demo.builders.accounts import demo_citizen
from motcua.demo.builders.catalogue import PROVINCE_FIELDS
from motcua.demo.builders.dossier_plans import (
    Act,
    Citizen,
    Planner,
    Spec,
    Time,
    Unit,
    VersionInfo,
)
from motcua.demo.builders.reform import DISTRICT_NUMBER, OLD_WARDS
from motcua.demo.builders.units import REFORM_DATE, DemoUnits, code
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import Intake, prepare
from motcua.dossiers.workflow import Status
from motcua.worktime.calendar import TZ, WorkingCalendar
from motcua.worktime.services import calendar_for
from motcua.worktime.units import DurationUnit

MONTHS = 18
PROGRESS_EVERY = 500
BATCH = 100  # dossiers per transaction
CITIZEN_ACCOUNTS = 60
ROLE_WORD = {Role.OFFICER: "motcua", Role.SPECIALIST: "chuyenvien", Role.LEADER: "lanhdao"}

# Weight of each final status: the per cents (they sum to 99).
MIX: list[tuple[str, float]] = [
    (Status.RETURNED, 70),
    (Status.RESULT_READY, 5),
    (Status.IN_PROCESS, 7.5),
    (Status.INTERLINKED, 2),
    (Status.RECEIVED, 0.5),
    (Status.SUPPLEMENT, 3),
    (Status.FINANCIAL, 2),
    (Status.SUBMITTED, 2),
    (Status.DRAFT, 1),
    (Status.INCOMPLETE, 1),
    (Status.REFUSED, 2),
    (Status.WITHDRAWN, 2),
    (Status.STOPPED, 1),
]
# Statuses whose dossiers may be anywhere in the 18 months (closed ones); the others are
# recent by nature (still open today).
ANYTIME = {Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}


@dataclass
class DossierResult:
    created: int = 0  # dossiers made in this run
    existing: int = 0  # dossiers already there (the step then does nothing)
    by_status: dict[str, int] = field(default_factory=dict)  # every demo dossier
    late: int = 0  # results judged late
    apologies: int = 0  # dossiers with an approved new appointment
    interlinked: int = 0
    failed: list[str] = field(default_factory=list)  # "status: message", should be empty
    seconds: float = 0.0


# --- units, procedures, staff -----------------------------------------------------------


@dataclass
class Catalogue:
    """What the demo units handle, read once: assignments, versions, processes."""

    assignments: dict[int, list[tuple[int, datetime.date | None, datetime.date | None]]]
    versions: dict[int, list[VersionInfo]]
    processes: dict[tuple[int, int], list[Process]]
    eligible: dict[tuple[int, datetime.date], list[int]] = field(default_factory=dict)

    def version(self, procedure_id: int, day: datetime.date) -> VersionInfo | None:
        """As catalogue.services.versions.version_in_force, in memory."""
        found = [
            v
            for v in self.versions.get(procedure_id, [])
            if _valid(v.version, day) and v.version.change_kind != ChangeKind.ABOLISHED
        ]
        return max(found, key=lambda v: v.version.number) if found else None

    def process(self, agency: Agency, procedure_id: int, day: datetime.date) -> Process | None:
        found = [p for p in self.processes.get((agency.pk, procedure_id), []) if _valid(p, day)]
        return max(found, key=lambda p: p.number) if found else None

    def handled(self, agency: Agency, day: datetime.date) -> list[int]:
        """Procedures `agency` handles on `day` that have a processing time."""
        key = (agency.pk, day)
        if key not in self.eligible:
            found = []
            for pk, start, end in self.assignments.get(agency.pk, []):
                if (start is not None and day < start) or (end is not None and end < day):
                    continue
                info = self.version(pk, day)
                process = self.process(agency, pk, day)
                if info and statutory_estimate(info.version, Channel.COUNTER, process):
                    found.append(pk)
            self.eligible[key] = found
        return self.eligible[key]


def _valid(row, day: datetime.date) -> bool:
    return (row.valid_from is None or row.valid_from <= day) and (
        row.valid_to is None or day <= row.valid_to
    )


def _version_info(version: ProcedureVersion) -> VersionInfo:
    documents = [
        (d.pk, d.name, d.originals, d.copies)
        for d in sorted(version.documents.all(), key=lambda d: (d.position, d.pk))
    ]
    fees = [f.amount_vnd for f in version.fees.all() if f.amount_vnd and f.amount_vnd >= 1000]
    applicants = " ".join(version.applicants or []).lower()
    return VersionInfo(
        version=version,
        documents=documents,
        fee_vnd=max(fees) if fees else 0,
        organisations=any(w in applicants for w in ("doanh nghiệp", "tổ chức", "hợp tác xã")),
        field_name=version.field.name if version.field_id else "",
    )


def statutory_estimate(
    version: ProcedureVersion, channel: int, process: Process | None
) -> tuple[Decimal, str] | None:
    """The time the engine will count (intake.statutory_time), for planning only."""
    times = [t for t in version.processing_times.all() if t.amount and t.unit]
    for wanted in (channel, Channel.COUNTER):
        for t in times:
            if t.channel == wanted and t.unit in DurationUnit.values:
                return t.amount, t.unit
    if times:
        return times[0].amount, times[0].unit
    if process is not None:
        return process.total, process.unit
    return None


class Staff:
    """Who acts for a role at an agency: an account already holding the role there (or
    above), else a demo account created for the unit on first use."""

    def __init__(self, slugs: dict[int, str], seed: int) -> None:
        self.slugs = slugs
        self.seed = seed
        self.cache: dict[tuple[str, int], object] = {}

    def get(self, role: str, agency: Agency):
        key = (role, agency.pk)
        if key in self.cache:
            return self.cache[key]
        rows = list(
            StaffRole.objects.filter(
                role=role, agency_id__in=agency.ancestor_ids(), user__is_active=True
            ).select_related("agency", "user")
        )
        if rows:
            row = min(rows, key=lambda r: (-len(r.agency.path), r.user_id))
            user = row.user
        else:
            user = self._create(role, agency)
        self.cache[key] = user
        return user

    def _create(self, role: str, agency: Agency):
        User = get_user_model()
        slug = self.slugs.get(agency.pk) or agency.code.replace(".", "-").lower()
        username = f"{slug}.{ROLE_WORD[role]}"
        user = User.objects.filter(username=username).first()
        if user is None:
            name, given, last, _female = people.full_name(random.Random(f"{self.seed}:{username}"))
            user = User(username=username, first_name=given, last_name=last)
            user.set_unusable_password()
            user.save()
        policy.grant_role(user, agency, role)
        return user


def _citizens(rng: random.Random, places: list[str], today: datetime.date) -> list[Citizen]:
    """Demo citizens' accounts for online dossiers (no password: nobody signs in as them)."""
    User = get_user_model()
    result = []
    for n in range(1, CITIZEN_ACCOUNTS + 1):
        person = people.person(rng, rng.choice(places), today)
        username = f"congdan{n:03d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=person.first_name, last_name=person.last_name)
            user.set_unusable_password()
            user.save()
        result.append(Citizen(user, person))
    # The first demo citizen is the signed-in account "congdan" (accounts.py): a handful of
    # online dossiers to follow from "my dossiers".
    signed_in = demo_citizen()
    if signed_in is not None:
        result[0] = Citizen(*signed_in)
    return result


def _place(agency_name: str) -> str:
    """ "Ủy ban nhân dân phường Sài Gòn" -> "phường Sài Gòn"."""
    return agency_name.removeprefix("Ủy ban nhân dân ").strip()


def _units(units: DemoUnits) -> tuple[list[Unit], list[Unit], dict[int, str]]:
    """Units receiving dossiers after and before the reform, and account slugs per agency."""
    slugs: dict[int, str] = {units.province.pk: "tp"}
    centre = units.departments["centre"]
    departments = [d for key, d in units.departments.items() if key not in ("centre", "office")]
    for key, department in units.departments.items():
        slugs[department.pk] = f"tp-{key}"
    for key, division in units.divisions.items():
        slugs[division.pk] = "tp-" + key.replace(".", "-")
    new: list[Unit] = []
    big = {"sai_gon": 9, "ben_thanh": 8, "tan_dinh": 7, "can_gio": 3, "thanh_an": 1.5}
    for key, entry in units.communes.items():
        slug = key.replace("_", "")
        slugs[entry.agency.pk] = slug
        for division_key, division in entry.divisions.items():
            slugs[division.pk] = slug if division_key == "centre" else f"{slug}-{division_key}"
        consult = [d for k, d in entry.divisions.items() if k not in ("centre",)]
        new.append(
            Unit(
                agency=entry.agency,
                desk=entry.divisions["centre"],
                place=_place(entry.agency.name),
                weight=big.get(key, 6),
                consult=consult,
                upper=departments,
            )
        )
    for department in departments:
        new.append(
            Unit(
                agency=department,
                desk=centre,
                place="",  # applicants of the city live anywhere
                weight=3,
                consult=[d for d in departments if d.pk != department.pk],
                upper=[d for d in departments if d.pk != department.pk],
            )
        )
    old: list[Unit] = []
    district = Agency.objects.filter(code=code(DISTRICT_NUMBER)).first()
    if district is not None:
        slugs[district.pk] = "q1"
        for number, name, _successor in OLD_WARDS:
            ward = Agency.objects.filter(code=code(DISTRICT_NUMBER, number)).first()
            if ward is None:
                continue
            slugs[ward.pk] = "q1-" + fold(name).replace(" ", "")
            old.append(
                Unit(
                    agency=ward,
                    desk=ward,
                    place=f"phường {name}, Quận 1",
                    weight=1,
                    old=True,
                    consult=[district],
                    upper=[district],
                )
            )
    return new, old, slugs


def _catalogue(all_units: list[Unit]) -> Catalogue:
    agencies = [u.agency for u in all_units]
    assignments: dict[int, list] = {}
    for row in AgencyProcedure.objects.filter(agency__in=agencies):
        assignments.setdefault(row.agency_id, []).append(
            (row.procedure_id, row.valid_from, row.valid_to)
        )
    procedure_ids = {pk for rows in assignments.values() for pk, _s, _e in rows}
    versions: dict[int, list[VersionInfo]] = {}
    for version in (
        ProcedureVersion.objects.filter(procedure_id__in=procedure_ids)
        .select_related("field", "procedure")
        .prefetch_related("processing_times", "documents", "fees")
    ):
        versions.setdefault(version.procedure_id, []).append(_version_info(version))
    processes: dict[tuple[int, int], list[Process]] = {}
    for process in Process.objects.filter(agency__in=agencies).prefetch_related("steps__agency"):
        processes.setdefault((process.agency_id, process.procedure_id), []).append(process)
    return Catalogue(assignments=assignments, versions=versions, processes=processes)


def months_before(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return datetime.date(year, month + 1, min(day.day, 28))


# --- drawing specs, solving dates, performing ------------------------------------------

ROLE_OF = {
    "officer": Role.OFFICER,
    "specialist": Role.SPECIALIST,
    "leader": Role.LEADER,
    "consulted": Role.SPECIALIST,
    "handover_specialist": Role.SPECIALIST,
    "handover_leader": Role.LEADER,
}
FIELD_WEIGHT = {"Hộ tịch": 5, "Chứng thực": 6, "Đất đai": 2, "Hoạt động xây dựng": 2}


def quotas(count: int) -> list[str]:
    """`count` statuses in the MIX proportions (largest remainders; each status at least
    once when there is room)."""
    total = sum(w for _s, w in MIX)
    exact = [(status, count * w / total) for status, w in MIX]
    floor = {status: int(x) for status, x in exact}
    if count >= len(MIX):
        for status in floor:
            floor[status] = max(1, floor[status])
    left = count - sum(floor.values())
    by_remainder = sorted(exact, key=lambda e: e[1] - int(e[1]), reverse=True)
    i = 0
    while left > 0:
        floor[by_remainder[i % len(by_remainder)][0]] += 1
        left -= 1
        i += 1
    while left < 0:  # the minimum of one each overshot: take from the largest
        biggest = max(floor, key=floor.get)
        floor[biggest] -= 1
        left += 1
    return [status for status, n in floor.items() for _ in range(n)]


class DossierBuilder:
    def __init__(self, units: DemoUnits, *, count: int, today: datetime.date, seed: int):
        self.count = count
        self.today = today
        self.seed = seed
        self.rng = random.Random(seed)
        self.cutoff = datetime.datetime.combine(today, datetime.time(0), tzinfo=TZ)
        self.first_day = months_before(today, MONTHS)
        self.window_start = datetime.datetime.combine(self.first_day, datetime.time(0), tzinfo=TZ)
        self.reform = datetime.datetime.combine(REFORM_DATE, datetime.time(0), tzinfo=TZ)
        self.new_units, self.old_units, slugs = _units(units)
        if self.first_day >= REFORM_DATE:
            self.old_units = []
        self.catalogue = _catalogue(self.new_units + self.old_units)
        self.staff = Staff(slugs, seed)
        self.places = [u.place for u in self.new_units if u.place]
        self.citizens = _citizens(random.Random(f"{seed}:citizens"), self.places, today)
        self.calendars: dict[int, WorkingCalendar] = {}
        self.failed: list[str] = []

    def calendar(self, agency: Agency) -> WorkingCalendar:
        if agency.pk not in self.calendars:
            self.calendars[agency.pk] = calendar_for(agency)
        return self.calendars[agency.pk]

    # dates
    def sample_day(self) -> datetime.date:
        """A day of the window, later days likelier (density 1 + 2x from oldest to newest)."""
        span = (self.today - self.first_day).days
        x = (-1 + (1 + 8 * self.rng.random()) ** 0.5) / 2
        return self.first_day + timedelta(days=min(span - 1, int(x * span)))

    def working_day(self, cal: WorkingCalendar, day: datetime.date) -> datetime.date:
        """`day` or the next working day; the previous one when that reaches today."""
        d = day
        while not cal.is_working_day(d):
            d += timedelta(days=1)
        if d >= self.today:
            d = self.today - timedelta(days=1)
            while not cal.is_working_day(d):
                d -= timedelta(days=1)
        return d

    # specs
    def draw(self, status: str) -> tuple[Spec, datetime.datetime] | None:
        rng = self.rng
        day = self.sample_day() if status in ANYTIME else self.today - timedelta(days=1)
        pool = self.old_units if day < REFORM_DATE and self.old_units else self.new_units
        unit = rng.choices(pool, weights=[u.weight for u in pool])[0]
        cal = self.calendar(unit.agency)
        day = self.working_day(cal, day)
        if unit.old and day >= REFORM_DATE:
            day = REFORM_DATE - timedelta(days=1)
            while not cal.is_working_day(day):
                day -= timedelta(days=1)
        handled = self.catalogue.handled(unit.agency, day)
        if not handled:
            return None
        infos = [self.catalogue.version(pk, day) for pk in handled]
        weights = [FIELD_WEIGHT.get(i.field_name, 1) for i in infos]
        index = rng.choices(range(len(handled)), weights=weights)[0]
        procedure_id, info = handled[index], infos[index]
        if status in (Status.DRAFT, Status.SUBMITTED):
            channel = Channel.ONLINE
        elif status == Status.RECEIVED:
            channel = Channel.COUNTER
        else:
            channel = rng.choices(
                [Channel.COUNTER, Channel.ONLINE, Channel.POSTAL], weights=[56, 33, 11]
            )[0]
        process = self.catalogue.process(unit.agency, procedure_id, day)
        estimate = statutory_estimate(info.version, channel, process)
        if estimate is None:
            return None
        specialist, leader = unit.agency, unit.agency
        if process is not None:
            steps = sorted(process.steps.all(), key=lambda s: s.position)
            specialist = next((s.agency for s in steps if s.role == Role.SPECIALIST), specialist)
            leader = next((s.agency for s in steps if s.role == Role.LEADER), leader)
        citizen = rng.choice(self.citizens) if channel == Channel.ONLINE else None
        place = unit.place or rng.choice(self.places)
        person = citizen.person if citizen else people.person(rng, place, self.today)
        if info.organisations and rng.random() < 0.25:
            applicant = people.organisation(rng, place, person)
        else:
            applicant = person.as_applicant()
        if channel == Channel.POSTAL:
            method = ReturnMethod.POST
        elif channel == Channel.ONLINE:
            method = rng.choices(
                [ReturnMethod.ONLINE, ReturnMethod.COUNTER, ReturnMethod.POST], weights=[5, 4, 1]
            )[0]
        else:
            method = ReturnMethod.POST if rng.random() < 0.12 else ReturnMethod.COUNTER
        spec = Spec(
            status=status,
            unit=unit,
            procedure_id=procedure_id,
            info=info,
            channel=channel,
            amount=estimate[0],
            time_unit=estimate[1],
            specialist=specialist,
            leader=leader,
            applicant=applicant,
            citizen=citizen,
            return_method=method,
            return_address=applicant.address if method == ReturnMethod.POST else "",
            sub_seed=rng.getrandbits(64),
        )
        self._variants(spec)
        t = Time(cal, rng)
        return spec, t.on_day(day)

    def _variants(self, spec: Spec) -> None:
        rng, status, flags = self.rng, spec.status, spec.flags
        long_enough = spec.time_unit == DurationUnit.WORKING_DAYS and spec.amount >= 3
        if status in (Status.RETURNED, Status.RESULT_READY):
            r = rng.random()
            flags.add("late" if r < 0.1 else "on_time" if r < 0.45 else "early")
            if spec.channel != Channel.POSTAL and rng.random() < 0.04:
                flags.add("completion")
            if spec.channel != Channel.ONLINE and rng.random() < 0.08:
                flags.add("fee_desk")
            elif rng.random() < 0.05:
                flags.add("fee_step")
            if rng.random() < 0.06:
                flags.add("supplement")
            r = rng.random()
            if r < 0.08:
                self._consult(spec)
            elif r < 0.12:
                self._hand_over(spec)
            if long_enough and rng.random() < 0.05:
                flags.add("apology")
                flags.discard("late")
                flags.add("on_time")
            if rng.random() < 0.03:
                flags.add("send_back")
            if rng.random() < 0.03:
                flags.add("refuse_result")
            if status == Status.RESULT_READY:
                spec.cut = "result"
        elif status == Status.IN_PROCESS:
            flags.add("early")
            r = rng.random()
            flags.add("overdue" if r < 0.35 else "due_soon" if r < 0.55 else "within")
            if long_enough and "overdue" not in flags and rng.random() < 0.2:
                flags.add("apology")
                spec.cut = "apology"
            else:
                spec.cut = "transfer" if rng.random() < 0.45 else "appraised"
        elif status == Status.INTERLINKED:
            flags.add("early")
            if rng.random() < 0.6:
                self._consult(spec)
            else:
                self._hand_over(spec)
            spec.cut = "interlink"
        elif status == Status.SUPPLEMENT:
            flags.update({"supplement", "early"})
            spec.cut = "supplement"
        elif status == Status.FINANCIAL:
            flags.add("early")
            flags.add(
                "fee_desk" if spec.channel != Channel.ONLINE and rng.random() < 0.5 else "fee_step"
            )
            spec.cut = "fee"
        elif status == Status.INCOMPLETE:
            flags.add("completion")
        elif status == Status.WITHDRAWN:
            flags.add("early")
            r = rng.random()
            if spec.channel == Channel.ONLINE and r < 0.2:
                flags.add("before_reception")
            elif r < 0.5:
                flags.update({"supplement", "withdraw_waiting"})
        elif status == Status.STOPPED:
            flags.add("early")
            if rng.random() < 0.4:
                flags.update({"supplement", "stop_waiting"})

    def _consult(self, spec: Spec) -> None:
        unit, rng = spec.unit, self.rng
        choices = [a for a in unit.consult if a.pk not in (spec.specialist.pk, unit.agency.pk)]
        if not unit.old and unit.desk.pk != unit.agency.pk and unit.upper and rng.random() < 0.3:
            choices = [self._department_for(spec)]
        if not choices:
            return
        spec.consult = rng.sample(choices, k=min(len(choices), rng.choice((1, 1, 2))))
        spec.consult_mode = rng.choice(("parallel", "sequential"))

    def _hand_over(self, spec: Spec) -> None:
        unit = spec.unit
        targets = [a for a in unit.upper if a.pk != unit.agency.pk]
        if not targets:
            return
        if not unit.old and unit.agency.level == "commune":
            spec.hand_over = self._department_for(spec)
        else:
            spec.hand_over = self.rng.choice(targets)

    def _department_for(self, spec: Spec) -> Agency:
        """The city department of the procedure's field (catalogue.PROVINCE_FIELDS)."""
        key = PROVINCE_FIELDS.get(spec.info.field_name, "")
        for agency in spec.unit.upper:
            if key and self.staff.slugs.get(agency.pk) == "tp-" + key.split(".")[0]:
                return agency
        return self.rng.choice(spec.unit.upper)

    # dates of the plan
    def anchor(self, spec: Spec, cal: WorkingCalendar) -> tuple[str, datetime.datetime] | None:
        """What must fall where for a recent status: ("due" | "last", target instant)."""
        t, status, flags = Time(cal, random.Random(spec.sub_seed ^ 1)), spec.status, spec.flags
        if status in ANYTIME:
            return None
        if status == Status.IN_PROCESS:
            if "overdue" in flags:
                return "due", t.back_days(self.cutoff, t.rng.uniform(0.3, 25))
            if "due_soon" in flags:
                return "due", cal.shift(self.cutoff, t.day * t.rng.uniform(0.1, 0.9))
            return "last", t.back_days(self.cutoff, t.rng.uniform(0.1, 1.5))
        if status == Status.SUBMITTED:
            return "last", self.cutoff - timedelta(hours=t.rng.uniform(2, 40))
        if status == Status.DRAFT:
            return "last", self.cutoff - timedelta(hours=t.rng.uniform(24, 24 * 60))
        window = {
            Status.RECEIVED: (0.01, 0.2),
            Status.INTERLINKED: (0.1, 8),
            Status.SUPPLEMENT: (0.2, 40),
            Status.FINANCIAL: (0.1, 15),
            Status.INCOMPLETE: (0.3, 30),
            Status.RESULT_READY: (0.1, 20),
        }[status]
        return "last", t.back_days(self.cutoff, t.rng.uniform(*window))

    def solve(self, spec: Spec, start: datetime.datetime) -> list[Act] | None:
        cal = self.calendar(spec.unit.agency)
        limit = min(self.cutoff, self.reform) if spec.unit.old else self.cutoff
        spec_horizon = limit
        target = self.anchor(spec, cal)
        acts: list[Act] = []
        for _attempt in range(8):
            planner = Planner(spec, cal, start, horizon=spec_horizon)
            acts = planner.build()
            overshoot = acts[-1].at - limit + timedelta(minutes=1)
            if target is not None:
                kind, when = target
                value = planner.due if kind == "due" else acts[-1].at
                delta = when - value
                if abs(delta) > timedelta(hours=12) or overshoot > timedelta(0):
                    start = start + (delta if overshoot <= timedelta(0) else min(delta, -overshoot))
                    continue
            elif overshoot > timedelta(0):
                start = start - overshoot - timedelta(days=self.rng.uniform(0.5, 10))
                continue
            break
        if acts[-1].at >= limit or acts[0].at < self.window_start:
            return None
        return acts

    def plans(self) -> list[tuple[Spec, list[Act]]]:
        statuses = quotas(self.count)
        self.rng.shuffle(statuses)
        result = []
        for status in statuses:
            for _try in range(10):
                drawn = self.draw(status)
                if drawn is None:
                    continue
                spec, start = drawn
                acts = self.solve(spec, start)
                if acts is not None:
                    result.append((spec, acts))
                    break
            else:
                self.failed.append(f"{status}: no plan found")
        # Perform in the order codes are given, so sequence numbers follow the clock.
        result.sort(key=lambda item: _numbered_at(item[1]))
        return result

    def perform(self, spec: Spec, acts: list[Act]) -> bool:
        info = spec.info
        first = acts[0]
        users = [
            spec.citizen.user
            if act.who == "applicant"
            else self.staff.get(ROLE_OF[act.who], act.agency)
            for act in acts
        ]
        intake = Intake(
            procedure=info.version.procedure.code,
            agency=spec.unit.agency.code,
            desk=spec.unit.desk.code,
            channel=spec.channel,
            applicant=spec.applicant,
            documents=first.payload.get("documents", []),
            return_method=spec.return_method,
            return_address=spec.return_address,
        )
        current = "prepare"
        try:
            with transaction.atomic():
                dossier = prepare(
                    intake, at=first.at, owner=spec.citizen.user if spec.citizen else None
                )
                for act, user in zip(acts, users, strict=True):
                    current = act.action
                    dossier = perform(
                        dossier, act.action, user=user, at=act.at, reason=act.reason, **act.payload
                    )
                if dossier.status != spec.status:
                    raise ValidationError(f"ended {dossier.status}, not {spec.status}")
        except (ValidationError, PermissionDenied) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            self.failed.append(f"{spec.status} / {current}: {message}")
            return False
        return True


def _numbered_at(acts: list[Act]) -> datetime.datetime:
    for act in acts:
        if act.action != "create_draft":
            return act.at
    return acts[0].at


def demo_dossiers(units: DemoUnits):
    """Dossiers of the demo province (every unit under the city, old wards included)."""
    return Dossier.objects.filter(agency__path__startswith=units.province.path)


def _summary(units: DemoUnits, result: DossierResult) -> DossierResult:
    qs = demo_dossiers(units)
    result.by_status = {
        row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id"))
    }
    result.late = qs.filter(timeliness="late").count()
    result.apologies = qs.filter(apology_count__gt=0).count()
    result.interlinked = qs.filter(interlinked=True).count()
    return result


def build_dossiers(
    units: DemoUnits,
    *,
    count: int,
    today: datetime.date,
    seed: int = 2025,
    progress: Callable[[int, int], None] | None = None,
) -> DossierResult:
    """About `count` dossiers over the 18 months before `today` (see the module docstring);
    nothing when the demo province already has dossiers."""
    began = time.monotonic()
    result = DossierResult()
    existing = demo_dossiers(units).count()
    if existing or count <= 0:
        result.existing = existing
        return _summary(units, result)
    builder = DossierBuilder(units, count=count, today=today, seed=seed)
    plans = builder.plans()
    for first in range(0, len(plans), BATCH):
        with transaction.atomic():
            for spec, acts in plans[first : first + BATCH]:
                if builder.perform(spec, acts):
                    result.created += 1
        done = min(first + BATCH, len(plans))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(plans)):
            progress(done, len(plans))
    result.failed = builder.failed
    result.seconds = time.monotonic() - began
    return _summary(units, result)
