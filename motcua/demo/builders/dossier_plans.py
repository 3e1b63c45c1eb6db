"""One demo dossier's life as dated actions: what happens, by whom, when.

A `Spec` says what the dossier should go through (status wanted, channel, variants); the
`Planner` turns it into `Act`s on the working calendar, estimating the appointment the
engine will give (clock rules of services/clock.py: paused time given back, the time
counted again from zero after a supplement, the new appointment of an apology). Nothing
here touches the database: builders/dossiers.py performs the acts through the engine.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from motcua.agencies.models import Agency
from motcua.catalogue.models import Channel, ProcedureVersion
from motcua.demo.builders import people
from motcua.dossiers.models import ReturnMethod
from motcua.dossiers.services.intake import Applicant, DocumentLine
from motcua.dossiers.workflow import Status
from motcua.worktime.calendar import TZ, WorkingCalendar
from motcua.worktime.units import DurationUnit

REASONS = {
    "refuse": [
        "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận",
        "Người yêu cầu không đủ điều kiện theo quy định của thủ tục",
        "Giấy tờ tùy thân đã hết hạn sử dụng",
    ],
    "completion": ["Thành phần hồ sơ chưa đầy đủ theo quy định"],
    "supplement": [
        "Sau thẩm định, cần bổ sung giấy tờ theo quy định",
        "Thông tin kê khai chưa khớp với giấy tờ kèm theo",
    ],
    "refuse_result": [
        "Không đủ điều kiện giải quyết theo quy định sau khi thẩm định",
        "Kết quả xác minh không phù hợp với thông tin kê khai",
    ],
    "withdraw": ["Người nộp có đơn đề nghị rút hồ sơ"],
    "stop": [
        "Người yêu cầu không bổ sung hồ sơ trong thời hạn quy định",
        "Phát sinh tranh chấp trong quá trình giải quyết",
        "Cơ quan có thẩm quyền có văn bản đề nghị dừng giải quyết",
    ],
    "apology": [
        "Cần xác minh thêm thông tin tại cơ quan liên quan",
        "Hồ sơ phức tạp, cần lấy ý kiến của nhiều cơ quan",
    ],
    "send_back": ["Đề nghị thẩm định lại, bổ sung căn cứ pháp lý"],
    "hand_over": ["Nội dung thuộc thẩm quyền giải quyết của cơ quan cấp trên"],
    "consult": ["Lấy ý kiến về nội dung thuộc lĩnh vực quản lý", "Xác minh thông tin liên quan"],
}


@dataclass
class Unit:
    agency: Agency  # competent agency: a commune, a department or an old ward
    desk: Agency
    place: str  # for addresses: "phường Bến Thành"
    weight: float
    old: bool = False  # an old ward: dossiers before the reform only
    consult: list[Agency] = field(default_factory=list)
    upper: list[Agency] = field(default_factory=list)  # hand over to these


@dataclass
class VersionInfo:
    version: ProcedureVersion
    documents: list[tuple[int, str, int, int]]  # (pk, name, originals, copies)
    fee_vnd: int
    organisations: bool  # organisations may apply
    field_name: str


@dataclass
class Citizen:
    user: object
    person: people.Person


# --- time ------------------------------------------------------------------------------


def _minutes(n: float) -> timedelta:
    return timedelta(minutes=max(1, round(n)))


class Time:
    """Working-time arithmetic for planning, on the one working calendar."""

    def __init__(self, cal: WorkingCalendar, rng: random.Random) -> None:
        self.cal = cal
        self.rng = rng
        self.day = cal.day_length

    def later(self, t: datetime.datetime, lo_hours: float, hi_hours: float) -> datetime.datetime:
        """`t` plus a random working time between the bounds (whole minutes)."""
        return self.cal.shift(t, _minutes(self.rng.uniform(lo_hours * 60, hi_hours * 60)))

    def later_days(self, t: datetime.datetime, lo: float, hi: float) -> datetime.datetime:
        return self.later(t, lo * self.day_hours, hi * self.day_hours)

    @property
    def day_hours(self) -> float:
        return self.day.total_seconds() / 3600

    def between(
        self, a: datetime.datetime, b: datetime.datetime, lo: float, hi: float
    ) -> datetime.datetime:
        """A working instant a fraction lo..hi of the working time from a to b."""
        span = self.cal.elapsed(a, b)
        offset = span * self.rng.uniform(lo, hi)
        return self.cal.shift(a, _minutes(offset.total_seconds() / 60))

    def back(self, t: datetime.datetime, working: timedelta) -> datetime.datetime:
        """The instant `working` working time before `t` (binary search on elapsed)."""
        lo = t - working * 4 - timedelta(days=15)
        hi = t
        for _ in range(40):
            mid = lo + (hi - lo) / 2
            if self.cal.elapsed(mid, t) > working:
                lo = mid
            else:
                hi = mid
        return hi.replace(second=0, microsecond=0)

    def back_days(self, t: datetime.datetime, days: float) -> datetime.datetime:
        return self.back(t, self.day * days)

    def on_day(self, day: datetime.date) -> datetime.datetime:
        """A random working instant of working day `day` (mornings busier)."""
        sessions = self.cal.sessions_on(day)
        start, end = sessions[0] if self.rng.random() < 0.6 else sessions[-1]
        minutes = int((end - start).total_seconds() // 60)
        return start + timedelta(minutes=self.rng.randint(0, max(0, minutes - 10)))

    def snap(self, t: datetime.datetime) -> datetime.datetime:
        """`t` when inside a session, else a random instant early in the next session."""
        if self.cal.in_session(t):
            return t.replace(second=0, microsecond=0)
        start = self.cal.start_effective(t)
        return start + timedelta(minutes=self.rng.randint(0, 60))

    def citizen(self, t: datetime.datetime, lo_hours: float, hi_hours: float):
        """A citizen's instant (any day, 06:00-23:00) some calendar hours after `t`."""
        x = t + _minutes(self.rng.uniform(lo_hours * 60, hi_hours * 60))
        local = x.astimezone(TZ)
        if not 6 <= local.hour < 23:
            next_morning = datetime.datetime.combine(
                local.date() + timedelta(days=1 if local.hour >= 23 else 0),
                datetime.time(6),
                tzinfo=TZ,
            )
            x = next_morning + timedelta(minutes=self.rng.randint(30, 240))
        return x.replace(second=0, microsecond=0)


# --- specs and plans --------------------------------------------------------------------


@dataclass
class Act:
    at: datetime.datetime
    action: str
    # "applicant" (the online dossier's owner) or a staff capacity: "officer", "specialist",
    # "leader", "consulted", "handover_specialist", "handover_leader" (dossiers.ROLE_OF)
    who: str
    agency: Agency | None = None  # where the staff member's role is
    reason: str = ""
    payload: dict = field(default_factory=dict)
    tag: str = ""


@dataclass
class Spec:
    status: str
    unit: Unit
    procedure_id: int
    info: VersionInfo
    channel: int
    amount: Decimal
    time_unit: str
    specialist: Agency
    leader: Agency
    applicant: Applicant
    citizen: Citizen | None
    return_method: str
    return_address: str
    sub_seed: int
    flags: set[str] = field(default_factory=set)
    consult: list[Agency] = field(default_factory=list)
    consult_mode: str = "parallel"
    hand_over: Agency | None = None
    cut: str = ""  # tag of the last action kept (open statuses)


class Planner:
    """The dated actions of one dossier from `start`, following its spec."""

    def __init__(
        self,
        spec: Spec,
        cal: WorkingCalendar,
        start: datetime.datetime,
        horizon: datetime.datetime,
    ) -> None:
        self.spec = spec
        self.horizon = horizon  # open dossiers: what is kept must happen before this
        self.due: datetime.datetime | None = None
        self.received: datetime.datetime | None = None
        self.begin: datetime.datetime | None = None
        self.rng = random.Random(spec.sub_seed)
        self.t = Time(cal, self.rng)
        self.cal = cal
        self.acts: list[Act] = []
        self.start = start

    # helpers
    @property
    def last(self) -> datetime.datetime:
        return self.acts[-1].at

    @property
    def last_action(self) -> str:
        return self.acts[-1].action

    def add(self, at, action, who, where=None, reason="", tag="", **payload) -> datetime.datetime:
        """Append an action by `who` (acting for a role at `where`), after the previous one."""
        if self.acts and at <= self.last:
            at = self.t.later(self.last, 0.02, 0.3)
        self.acts.append(Act(at, action, who, where, reason, payload, tag or action))
        return at

    def pick(self, key: str) -> str:
        return self.rng.choice(REASONS[key])

    def missing(self) -> list[str]:
        docs = self.spec.info.documents
        if not docs:
            return ["Bản sao giấy tờ chứng minh thông tin kê khai"]
        chosen = self.rng.sample(docs, k=min(len(docs), self.rng.choice((1, 1, 2))))
        return [name[:300] for _pk, name, _o, _c in chosen]

    def documents(self) -> list[DocumentLine]:
        lines = []
        for pk, _name, originals, copies in self.spec.info.documents[:8]:
            if not originals and not copies:
                originals = 1
            lines.append(DocumentLine(required=pk, originals=originals, copies=copies))
        return lines

    # the plan
    def build(self) -> list[Act]:
        s = self.spec
        if s.status == Status.DRAFT:
            self.add(self._citizen_start(), "create_draft", "applicant", documents=self.documents())
            return self.acts
        t0 = self._reception()
        if t0 is None:  # closed or waiting before reception
            return self.acts
        if s.status == Status.RECEIVED:
            return self._cut()
        self.due = self.cal.due(t0, s.amount, s.time_unit)
        self.received = t0
        self._fee("fee_desk")
        self.add(self.t.later(self.last, 0.1, 2.5), "transfer", "officer", s.unit.desk)
        self.begin = self.last
        self._supplement()
        if self.last_action == "stop":
            return self.acts
        self._fee("fee_step")
        if s.status == Status.WITHDRAWN:
            return self._withdraw()
        self._interlink()
        self._apology()
        self._finish()
        return self._cut()

    def _cut(self) -> list[Act]:
        if self.spec.cut:
            for i, act in enumerate(self.acts):
                if act.tag == self.spec.cut:
                    self.acts = self.acts[: i + 1]
                    break
        return self.acts

    def _citizen_start(self) -> datetime.datetime:
        return self.t.citizen(self.start, 0, 0)

    def _reception(self) -> datetime.datetime | None:
        """Creating actions up to the reception; None when the dossier stops before it."""
        s, t = self.spec, self.t
        docs = self.documents()
        if s.channel == Channel.ONLINE:
            draft = self.add(self._citizen_start(), "create_draft", "applicant", documents=docs)
            submit = self.add(t.citizen(draft, 0.05, 30), "submit", "applicant")
            if s.status == Status.SUBMITTED:
                return None
            if s.status == Status.WITHDRAWN and "before_reception" in s.flags:
                self.add(
                    t.citizen(submit, 1, 30), "withdraw", "applicant", reason=self.pick("withdraw")
                )
                return None
            if s.status == Status.REFUSED:
                self.add(
                    t.later(submit, 0.3, 8), "refuse", "officer", s.unit.desk, self.pick("refuse")
                )
                return None
            if "completion" in s.flags or s.status == Status.INCOMPLETE:
                asked = self.add(
                    t.later(submit, 0.3, 8),
                    "request_completion",
                    "officer",
                    s.unit.desk,
                    self.pick("completion"),
                    missing=self.missing(),
                )
                if s.status == Status.INCOMPLETE:
                    return None
                self.add(t.citizen(asked, 10, 24 * 6), "submit", "applicant")
            return self.add(t.later(self.last, 0.2, 8), "accept", "officer", s.unit.desk)
        start = t.snap(self.start)
        if s.status == Status.REFUSED:
            self.add(start, "refuse", "officer", s.unit.desk, self.pick("refuse"), documents=docs)
            return None
        if "completion" in s.flags or s.status == Status.INCOMPLETE:
            self.add(
                start,
                "request_completion",
                "officer",
                s.unit.desk,
                self.pick("completion"),
                documents=docs,
                missing=self.missing(),
            )
            if s.status == Status.INCOMPLETE:
                return None
            return self.add(
                t.later_days(start, 1, 8), "receive", "officer", s.unit.desk, documents=docs
            )
        if s.status == Status.RECEIVED:
            # Received after 15:00 on the last working day: handed over tomorrow.
            day = start.astimezone(TZ).date()
            start = datetime.datetime.combine(day, datetime.time(15, 0), tzinfo=TZ) + _minutes(
                self.rng.randint(5, 110)
            )
        return self.add(start, "receive", "officer", s.unit.desk, documents=docs)

    def _fee(self, flag: str) -> None:
        s, t = self.spec, self.t
        if flag not in s.flags:
            return
        amount = s.info.fee_vnd or self.rng.choice((10_000, 20_000, 50_000, 100_000))
        if flag == "fee_desk":
            asked = self.add(
                t.later(self.last, 0.03, 0.3),
                "request_fee",
                "officer",
                s.unit.desk,
                tag="fee",
                amount_vnd=amount,
                description="Phí, lệ phí theo quy định",
            )
        else:
            asked = self.add(
                t.between(self.last, self.due, 0.05, 0.25),
                "request_fee",
                "specialist",
                s.specialist,
                tag="fee",
                amount_vnd=amount,
                description="Nghĩa vụ tài chính theo quy định",
            )
        if s.channel == Channel.ONLINE:
            paid = self.add(
                t.citizen(asked, 0.5, 40),
                "record_fee",
                "applicant",
                amount_vnd=amount,
                method="online",
            )
        else:
            method = "post" if s.channel == Channel.POSTAL else "counter"
            paid = self.add(
                t.later(asked, 0.05, 12),
                "record_fee",
                "officer",
                s.unit.desk,
                amount_vnd=amount,
                method=method,
            )
        self.due = self.cal.shift(self.due, self.cal.elapsed(asked, paid))

    def _supplement(self) -> None:
        s, t = self.spec, self.t
        if "supplement" not in s.flags:
            return
        deadline = self.cal.due(self.received, 3, DurationUnit.WORKING_DAYS)
        if self.cal.elapsed(self.last, deadline) < timedelta(minutes=30):
            return
        asked = self.add(
            t.between(self.last, deadline, 0.1, 0.9),
            "request_supplement",
            "specialist",
            s.specialist,
            self.pick("supplement"),
            tag="supplement",
            missing=self.missing(),
        )
        if s.status == Status.STOPPED and "stop_waiting" in s.flags:
            self.add(t.later_days(asked, 5, 20), "stop", "leader", s.leader, self.pick("stop"))
            return
        if s.status == Status.WITHDRAWN and "withdraw_waiting" in s.flags:
            return
        docs = self.documents()[:1]
        if s.channel == Channel.ONLINE:
            back = self.add(
                t.citizen(asked, 4, 24 * 8), "receive_supplement", "applicant", documents=docs
            )
        else:
            back = self.add(
                t.later_days(asked, 0.5, 8),
                "receive_supplement",
                "officer",
                s.unit.desk,
                documents=docs,
            )
        back = self.last
        self.due = self.cal.due(back, s.amount, s.time_unit)  # counted again from zero
        self.begin = back

    def _withdraw(self) -> list[Act]:
        s, t = self.spec, self.t
        when = t.between(self.last, max(self.due, t.later(self.last, 1, 2)), 0.1, 0.7)
        if s.channel == Channel.ONLINE and self.rng.random() < 0.5:
            self.add(
                t.citizen(self.last, 1, 48), "withdraw", "applicant", reason=self.pick("withdraw")
            )
        else:
            self.add(when, "withdraw", "officer", s.unit.desk, self.pick("withdraw"))
        return self.acts

    def _interlink(self) -> None:
        s, t = self.spec, self.t
        if s.consult:
            asked = self.add(
                t.between(self.last, self.due, 0.05, 0.3),
                "consult",
                "specialist",
                s.specialist,
                tag="interlink",
                mode=s.consult_mode,
                agencies=[
                    {
                        "agency": a.code,
                        "task": self.pick("consult"),
                        "amount": self.rng.choice((1, 2, 3)),
                        "unit": DurationUnit.WORKING_DAYS,
                    }
                    for a in s.consult
                ],
            )
            answered = asked
            for agency in s.consult:
                base = answered if s.consult_mode == "sequential" else asked
                answered = max(answered, t.later_days(base, 0.3, 2.5))
                self.add(
                    answered,
                    "complete_step",
                    "consulted",
                    agency,
                    note="Đồng ý với nội dung đề xuất",
                )
        if s.hand_over is not None:
            self.add(
                t.between(self.last, self.due, 0.1, 0.4),
                "hand_over",
                "specialist",
                s.specialist,
                self.pick("hand_over"),
                tag="interlink",
                agency=s.hand_over.code,
            )

    def _apology(self) -> None:
        s, t = self.spec, self.t
        if "apology" not in s.flags:
            return
        room = self.cal.elapsed(self.last, self.due) - t.day - timedelta(minutes=30)
        if room < timedelta(minutes=30):
            return
        offset = room * self.rng.uniform(0.2, 1.0)
        when = self.cal.shift(self.last, _minutes(offset.total_seconds() / 60))
        extend = self.rng.choice((2, 3, 5))
        who, agency = ("specialist", s.specialist)
        if s.hand_over is not None:
            who, agency = ("handover_specialist", s.hand_over)
        self.add(
            when,
            "propose_apology",
            who,
            agency,
            self.pick("apology"),
            extend_by=extend,
            unit=DurationUnit.WORKING_DAYS,
        )
        leader, where = ("leader", s.leader)
        if s.hand_over is not None:
            leader, where = ("handover_leader", s.hand_over)
        self.add(t.later(self.last, 0.2, 3), "approve_apology", leader, where, tag="apology")
        self.due = self.cal.due(self.due, extend, DurationUnit.WORKING_DAYS)

    def _finish(self) -> None:
        s, t = self.spec, self.t
        after = self.last
        if "late" in s.flags:
            fin = t.later_days(self.due, 0.1, 5)
        elif "on_time" in s.flags:
            day_start = self.cal.sessions_on(self.due.astimezone(TZ).date())
            first = day_start[0][0] if day_start else self.due
            lo = max(first, after)
            fin = t.between(lo, self.due, 0.1, 0.95) if lo < self.due else t.later(after, 0.2, 2)
        else:
            fin = t.between(after, self.due, 0.3, 0.85)
        if s.cut and s.cut != "result":  # still open: what is kept happens before today
            end = min(self.due, self.horizon)
            fin = t.between(after, end, 0.5, 0.95) if after < end else t.later(after, 0.2, 1)
        if fin <= after:
            fin = t.later(after, 0.5, 3)
        if s.hand_over is not None:
            self.add(
                t.between(after, fin, 0.5, 0.9),
                "complete_step",
                "handover_specialist",
                s.hand_over,
                tag="appraised",
            )
        else:
            self.add(
                t.between(after, fin, 0.5, 0.9),
                "complete_step",
                "specialist",
                s.specialist,
                tag="appraised",
            )
        leader = ("handover_leader", s.hand_over) if s.hand_over else ("leader", s.leader)
        if "send_back" in s.flags:
            sent = self.add(
                t.between(self.last, fin, 0.2, 0.5),
                "send_back",
                *leader,
                self.pick("send_back"),
                to_stage=3 if s.hand_over else 2,
            )
            who = (
                ("handover_specialist", s.hand_over)
                if s.hand_over
                else ("specialist", s.specialist)
            )
            self.add(t.between(sent, fin, 0.3, 0.8), "complete_step", *who)
        if s.status == Status.STOPPED:
            self.add(t.between(self.last, fin, 0.2, 0.8), "stop", *leader, self.pick("stop"))
            return
        if "refuse_result" in s.flags:
            self.add(fin, "refuse_result", *leader, self.pick("refuse_result"), tag="result")
        else:
            number = f"{self.rng.randint(1, 999)}/QĐ-UBND"
            self.add(fin, "approve", *leader, tag="result", result_number=number)
        if s.return_method == ReturnMethod.ONLINE:
            back = t.later(self.last, 0.05, 2)
        elif s.return_method == ReturnMethod.POST:
            back = t.later_days(self.last, 0.2, 1.5)
        else:
            back = t.later_days(self.last, 0.05, 3)
        self.add(back, "return", "officer", s.unit.desk, tag="return", method=s.return_method)
