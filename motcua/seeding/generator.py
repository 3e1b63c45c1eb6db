"""Synthetic dossiers at scale, for benchmarks only (never used by the application paths).

`seed_dossiers(count=N, years=5, seed=1)` spreads N dossiers over the working days of the
last `years` years, across the (agency, procedure) assignments in force on each day (run
after `motcua demo --dossiers 0`). Rows are written in bulk: PostgreSQL COPY when the
database is PostgreSQL, bulk_create otherwise; each batch in one transaction.

What a dossier looks like is decided by a drawn *life*, then read at `now`:

    code instant   submission (online) or reception (desk, post): the code's day
    reception      in a working session of the agency's calendar
    appointment    WorkingCalendar.due from the reception (or from the supplement's return,
                   which restarts the clock); cached per (calendar, session, amount, unit)
                   since a whole-day duration only depends on the reception's session
    finish         early / on time / late against the appointment in force; an approved
                   apology moves the appointment (form 04)
    return         a few sessions after the finish

Old dossiers are therefore closed, recent ones in progress (some overdue), the last day's
online ones still waiting for the desk's check. The mix follows the demo's: channels
~55/35/10 (desk, online, post); ~2% refused at reception, ~2% withdrawn, ~1% stopped, ~3%
refused after appraisal; ~10% with a supplement request, some apologies; results early,
on time or late.

The event log is minimal but consistent: submit/accept or receive, transfer, supplement
request and return, apology proposal and approval, approve (or refuse_result), return, or
the closing action (refuse, withdraw, stop); seq 1..n, status_before of each event is the
status_after of the one before, due_at is the appointment after the event. No steps,
attachments or notices are made. Codes are `<desk code>-YYMMDD-NNNN`, gap-free per desk
and day, and the DossierCounter rows hold the last number given (seeding again continues
the numbering).
"""

from __future__ import annotations

import random
import time
import uuid
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.agencies.models import Agency, Level
from motcua.agencies.services import default_desk
from motcua.catalogue.models import AgencyProcedure, Channel, ProcedureVersion, Process
from motcua.core.text import fold
from motcua.dossiers.models import (
    ApplicantKind,
    ClockPause,
    Dossier,
    DossierCounter,
    Event,
    Outcome,
    PauseKind,
    ReturnMethod,
)
from motcua.dossiers.regime import regime_on
from motcua.dossiers.workflow import NATIONAL_STATUS, Action, Status
from motcua.reports import counters
from motcua.worktime.calendar import TZ, WorkingCalendar
from motcua.worktime.services import calendar_for

UTC_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh has had no daylight saving since 1975
SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHANNELS = (Channel.COUNTER, Channel.ONLINE, Channel.POSTAL)
CHANNEL_WEIGHTS = (55, 35, 10)

# Fates of a received dossier (per cent); the rest are finished with a result.
P_WITHDRAWN = 0.02
P_STOPPED = 0.01
P_REFUSED_AT_DESK = 0.02  # of all dossiers: refused before reception
P_REFUSED_RESULT = 0.03  # of finished dossiers: refused after appraisal
P_SUPPLEMENT = 0.10
P_STUCK = 0.003  # left unfinished long past the appointment
P_INCOMPLETE = 0.15  # of online dossiers still waiting for the desk: asked to complete
# Finish against the appointment: early, on time, late (late ones may get an apology).
TIMELINESS_WEIGHTS = (0.62, 0.23, 0.15)
P_APOLOGY = 0.25  # of late ones

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Hữu Minh Thanh Ngọc Đức Thu Quốc Kim Gia Bảo".split()
GIVEN = (
    "An Bình Chi Dũng Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Minh "
    "Nam Ngân Nhung Phong Phúc Quân Quỳnh Sơn Tâm Thảo Thắng Trang Trung Tuấn Vy Yến"
).split()
COMPANIES = "Sao Việt|Phú Thịnh|Hưng Phát|Minh Long|Thành Công|Đại Dương|Tân Tiến".split("|")


@dataclass(frozen=True)
class Option:
    """One (agency, procedure) pair in force on a day, with what a dossier copies from it."""

    agency_id: int
    desk_id: int
    procedure_id: int
    version_id: int
    process_id: int | None
    times: dict[int, tuple[Decimal, str]]  # by channel
    cal_key: int
    weight: float


@dataclass
class Sessions:
    """Working sessions of one calendar as epoch seconds, with a cache of appointments."""

    cal: WorkingCalendar
    starts: list[int]
    ends: list[int]
    days: list[int]  # local day number (epoch days) of each session
    due_cache: dict[tuple[int, Decimal, str], int] = field(default_factory=dict)

    @classmethod
    def build(cls, cal: WorkingCalendar, first: date, last: date) -> Sessions:
        starts, ends, days = [], [], []
        day = first
        while day <= last:
            for lo, hi in cal.sessions_on(day):
                starts.append(int(lo.timestamp()))
                ends.append(int(hi.timestamp()))
                days.append(day.toordinal())
            day += timedelta(days=1)
        return cls(cal, starts, ends, days)

    def index(self, instant: int) -> int:
        """The session containing `instant`, else the next one."""
        return bisect_left(self.ends, instant)

    def due(self, instant: int, j: int, amount: Decimal, unit: str) -> int:
        if unit == "hours":
            return _ts(self.cal.due(_dt(instant), amount, unit))
        key = (j, amount, unit)
        found = self.due_cache.get(key)
        if found is None:
            found = _ts(self.cal.due(_dt(self.starts[j]), amount, unit))
            self.due_cache[key] = found
        return found

    def instant_in(self, j: int, rng: random.Random) -> int:
        return rng.randrange(self.starts[j], self.ends[j] + 1)

    def later(self, j: int, sessions: int, rng: random.Random) -> int:
        k = min(j + sessions, len(self.starts) - 1)
        return self.instant_in(k, rng)


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def _ts(instant: datetime) -> int:
    return int(instant.timestamp())


def local_ordinal(ts: int) -> int:
    """Proleptic ordinal of the local (Vietnam) calendar day of an epoch instant."""
    return (ts + UTC_OFFSET) // 86400 + 719163


def classify(finished: int, due: int) -> str:
    """WorkingCalendar.classify on epoch seconds: late after the appointment, early on an
    earlier calendar day, on time otherwise."""
    if finished > due:
        return "late"
    if local_ordinal(finished) < local_ordinal(due):
        return "early"
    return "on_time"


# --- what the catalogue offers --------------------------------------------------------------


def _valid(row, day: date) -> bool:
    return (row.valid_from is None or row.valid_from <= day) and (
        row.valid_to is None or day <= row.valid_to
    )


class Catalogue:
    """Assignments, versions and processes read once; the options in force on a day."""

    def __init__(self, rng: random.Random, first: date, last: date) -> None:
        self.first, self.last = first, last
        self.assignments = list(AgencyProcedure.objects.all())
        agency_ids = {a.agency_id for a in self.assignments}
        self.agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
        self.desks: dict[int, Agency] = {}
        for pk, agency in self.agencies.items():
            self.desks[pk] = default_desk(agency)
        self.desk_codes = {d.pk: d.code for d in self.desks.values()}
        self.versions: dict[int, list[tuple[ProcedureVersion, dict]]] = {}
        procedure_ids = {a.procedure_id for a in self.assignments}
        versions = ProcedureVersion.objects.filter(procedure_id__in=procedure_ids)
        for v in versions.prefetch_related("processing_times").order_by("number"):
            times: dict[int, tuple[Decimal, str]] = {}
            for t in v.processing_times.all():
                if t.amount and t.amount > 0 and t.unit in ("hours", "working_days", "days"):
                    times.setdefault(t.channel, (t.amount, t.unit))
            self.versions.setdefault(v.procedure_id, []).append((v, times))
        self.processes: dict[tuple[int, int], list[Process]] = {}
        for p in Process.objects.filter(agency_id__in=agency_ids).order_by("number"):
            self.processes.setdefault((p.agency_id, p.procedure_id), []).append(p)
        # Calendars: one per schedule (calendar_for caches them by schedule).
        self.calendars: dict[int, Sessions] = {}
        self.cal_of: dict[int, int] = {}
        for pk, agency in self.agencies.items():
            cal = calendar_for(agency)
            key = id(cal)
            if key not in self.calendars:
                self.calendars[key] = Sessions.build(cal, first, last + timedelta(days=400))
            self.cal_of[pk] = key
        popularity = {pk: rng.lognormvariate(0, 1) for pk in sorted(procedure_ids)}
        self.popularity = popularity
        self._day_cache: dict[tuple, list[Option]] = {}

    def _version(self, procedure_id: int, day: date):
        rows = self.versions.get(procedure_id, [])
        found = [r for r in rows if _valid(r[0], day)]
        return (found or rows or [None])[-1]

    def _process(self, agency_id: int, procedure_id: int, day: date) -> Process | None:
        rows = self.processes.get((agency_id, procedure_id), [])
        found = [p for p in rows if _valid(p, day)]
        return (found or rows or [None])[-1]

    def breakpoints(self) -> list[date]:
        """Days on which some assignment, agency, version or process starts or ends."""
        found: set[date] = set()
        rows = [*self.assignments, *self.agencies.values()]
        rows += [v for entries in self.versions.values() for v, _ in entries]
        rows += [p for entries in self.processes.values() for p in entries]
        for row in rows:
            if row.valid_from is not None:
                found.add(row.valid_from)
            if row.valid_to is not None:
                found.add(row.valid_to + timedelta(days=1))
        return sorted(found)

    def options(self, day: date) -> list[Option]:
        """Options in force on `day` whatever the calendars say (constant between two
        breakpoints)."""
        found: list[Option] = []
        for a in self.assignments:
            agency = self.agencies[a.agency_id]
            if not _valid(a, day) or not _valid(agency, day):
                continue
            entry = self._version(a.procedure_id, day)
            if entry is None:
                continue
            version, times = entry
            process = self._process(a.agency_id, a.procedure_id, day)
            if not times and process is not None and process.total:
                times = {Channel.COUNTER: (process.total, process.unit)}
            if not times:
                continue
            weight = (6.0 if agency.level == Level.COMMUNE else 3.0) * self.popularity[
                a.procedure_id
            ]
            found.append(
                Option(
                    agency_id=a.agency_id,
                    desk_id=self.desks[a.agency_id].pk,
                    procedure_id=a.procedure_id,
                    version_id=version.pk,
                    process_id=process.pk if process else None,
                    times=times,
                    cal_key=self.cal_of[a.agency_id],
                    weight=weight,
                )
            )
        return found


# --- one dossier ----------------------------------------------------------------------------

DOSSIER_COLUMNS = (
    "id",
    "uid",
    "code",
    "secret",
    "row_version",
    "desk_id",
    "agency_id",
    "procedure_id",
    "procedure_version_id",
    "process_id",
    "channel",
    "regime",
    "status",
    "national_status",
    "outcome",
    "timeliness",
    "summary",
    "interlinked",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_birth_date",
    "applicant_tax_code",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "representative_name",
    "representative_id_number",
    "representative_phone",
    "names_folded",
    "owner_id",
    "sets",
    "return_method",
    "return_address",
    "time_amount",
    "time_unit",
    "created_at",
    "submitted_at",
    "received_at",
    "clock_started_at",
    "transferred_at",
    "due_at",
    "original_due_at",
    "paused_since",
    "finished_at",
    "returned_at",
    "closed_at",
    "supplement_count",
    "apology_count",
    "fee_amount_vnd",
    "fee_paid_vnd",
    "fee_paid_at",
    "fee_method",
    "result_summary",
    "result_number",
    "created_by_id",
)
EVENT_COLUMNS = (
    "dossier_id",
    "seq",
    "at",
    "recorded_at",
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

PAUSE_COLUMNS = ("dossier_id", "kind", "started_at", "ended_at")


class Applicants:
    """A pool of names, folded once."""

    def __init__(self, rng: random.Random, size: int = 3000) -> None:
        self.people = []
        for _ in range(size):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            self.people.append((name, fold(name)))
        self.companies = []
        for word in COMPANIES:
            name = f"Công ty TNHH {word}"
            self.companies.append((name, fold(name)))


@dataclass
class Tally:
    dossiers: int = 0
    events: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.dossiers / self.seconds if self.seconds else 0.0


class Generator:
    """Draws dossiers day by day; `rows(day, n)` yields (dossier row, event rows)."""

    def __init__(self, *, now: datetime, years: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.now = _ts(now)
        last = timezone.localtime(now, TZ).date()
        first = date(last.year - years, last.month, min(last.day, 28))
        self.first, self.last = first, last
        self.catalogue = Catalogue(self.rng, first, last)
        self.applicants = Applicants(self.rng)
        self.counters: dict[tuple[int, int], int] = {}
        existing = DossierCounter.objects.filter(day__gte=first).values_list(
            "agency_id", "day", "last"
        )
        for desk_id, day, number in existing:
            self.counters[(desk_id, day.toordinal())] = number
        self.touched: set[tuple[int, int]] = set()
        self._options: dict[tuple, tuple[list[Option], list[float]]] = {}
        self._segments: dict[int, list[Option]] = {}
        self._breakpoints = self.catalogue.breakpoints()
        # Lookup secrets need not be unique: a pool drawn once is enough.
        self._secrets = ["".join(self.rng.choices(SECRET_ALPHABET, k=8)) for _ in range(65536)]

    def options(self, day: date) -> tuple[list[Option], list[float]]:
        """Options of `day` whose agency works that day, with cumulative weights; cached
        per period between catalogue breakpoints and set of working calendars."""
        segment = bisect_right(self._breakpoints, day)
        working = tuple(
            key for key, s in self.catalogue.calendars.items() if s.cal.is_working_day(day)
        )
        key = (segment, working)
        if key not in self._options:
            if segment not in self._segments:
                self._segments[segment] = self.catalogue.options(day)
            found = [o for o in self._segments[segment] if o.cal_key in working]
            cum, total = [], 0.0
            for o in found:
                total += o.weight
                cum.append(total)
            self._options[key] = (found, cum)
        return self._options[key]

    def _number(self, desk_id: int, code_ts: int) -> tuple[str, int]:
        day = local_ordinal(code_ts)
        key = (desk_id, day)
        n = self.counters.get(key, 0) + 1
        self.counters[key] = n
        self.touched.add(key)
        d = date.fromordinal(day)
        return f"{self.catalogue.desk_codes[desk_id]}-{d:%y%m%d}-{n:04d}", day

    def _secret(self) -> str:
        return self._secrets[self.rng.getrandbits(16)]

    def _life(self, o: Option, rng: random.Random):
        sessions = self.catalogue.calendars[o.cal_key]
        now = self.now
        channel = rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
        amount, unit = (
            o.times.get(channel) or o.times.get(Channel.COUNTER) or next(iter(o.times.values()))
        )
        # Reception: a random instant in one of the day's sessions (this day is drawn by
        # the caller; the session index comes from the calendar of the agency).
        j0 = self._session_today
        j = j0 + (1 if rng.random() < 0.45 else 0)
        if sessions.days[j] != self._day_ordinal:
            j = j0
        received = sessions.instant_in(j, rng)
        online = channel == Channel.ONLINE
        created = received - rng.randrange(300, 4 * 3600) if online else received
        created = max(created, (self._day_ordinal - 719163) * 86400 - UTC_OFFSET + 60)
        events: list[tuple] = []
        f: dict = {
            "channel": channel,
            "time_amount": amount,
            "time_unit": unit,
            "created_at": created,
            "submitted_at": created if online else None,
            "received_at": None,
            "clock_started_at": None,
            "transferred_at": None,
            "due_at": None,
            "original_due_at": None,
            "paused_since": None,
            "finished_at": None,
            "returned_at": None,
            "closed_at": None,
            "supplement_count": 0,
            "apology_count": 0,
            "outcome": "",
            "timeliness": "",
        }
        if created > now:
            return None
        status = Status.SUBMITTED if online else Status.RECEIVED

        def event(at, action, before, after, agency, role, due=None, data=None):
            events.append((at, action, before, after, agency, role, due, data))

        desk, agency = o.desk_id, o.agency_id
        if online:
            event(created, Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, None, "applicant")
        # Before reception: the desk has not acted yet, or refuses.
        if online and received > now:
            if rng.random() < P_INCOMPLETE:
                status = Status.INCOMPLETE
                event(
                    max(created, now - 60),
                    Action.REQUEST_COMPLETION,
                    Status.SUBMITTED,
                    status,
                    desk,
                    "officer",
                )
            return self._finish_row(o, f, status, events, created)
        if received > now:
            return None
        if rng.random() < P_REFUSED_AT_DESK:
            before = Status.SUBMITTED if online else None
            f["closed_at"] = received
            event(received, Action.REFUSE, before, Status.REFUSED, desk, "officer")
            return self._finish_row(o, f, Status.REFUSED, events, created)

        # Reception: the clock starts.
        due = sessions.due(received, j, amount, unit)
        f.update(received_at=received, clock_started_at=received, due_at=due, original_due_at=due)
        status = Status.RECEIVED
        if online:
            event(received, Action.ACCEPT, Status.SUBMITTED, status, desk, "officer", due)
        else:
            event(received, Action.RECEIVE, None, status, desk, "officer", due)
        transfer = sessions.later(j, rng.randrange(0, 2), rng)
        transfer = max(transfer, received + 60)
        if transfer > now:
            return self._finish_row(o, f, status, events, created)
        f["transferred_at"] = transfer
        status = Status.IN_PROCESS
        event(transfer, Action.TRANSFER, Status.RECEIVED, status, desk, "officer", due)
        t = transfer
        jt = sessions.index(t)
        # Closed without a result.
        draw = rng.random()
        if draw < P_WITHDRAWN + P_STOPPED:
            action = Action.WITHDRAW if draw < P_WITHDRAWN else Action.STOP
            target = Status.WITHDRAWN if action == Action.WITHDRAW else Status.STOPPED
            closed = sessions.later(jt, rng.randrange(1, 8), rng)
            if closed > now:
                return self._finish_row(o, f, status, events, created)
            f["closed_at"] = closed
            event(closed, action, status, target, agency, "leader", due)
            return self._finish_row(o, f, target, events, created)
        # Supplement: the clock stops, then restarts from zero when the applicant returns.
        if rng.random() < P_SUPPLEMENT:
            asked = sessions.later(jt, rng.randrange(1, 4), rng)
            if asked > now:
                return self._finish_row(o, f, status, events, created)
            event(
                asked,
                Action.REQUEST_SUPPLEMENT,
                status,
                Status.SUPPLEMENT,
                agency,
                "specialist",
                due,
            )
            f["supplement_count"] = 1
            back = sessions.later(sessions.index(asked), rng.randrange(1, 12), rng)
            f["pause"] = (asked, back if back <= now else None)
            if back > now:
                f["paused_since"] = asked
                return self._finish_row(o, f, Status.SUPPLEMENT, events, created)
            jb = sessions.index(back)
            due = sessions.due(back, jb, amount, unit)
            f.update(clock_started_at=back, due_at=due)
            event(back, Action.RECEIVE_SUPPLEMENT, Status.SUPPLEMENT, status, desk, "officer", due)
            t, jt = back, jb
        # Finish: early, on time or late against the appointment.
        jd = sessions.index(due)
        fate = rng.choices(("early", "on_time", "late"), weights=TIMELINESS_WEIGHTS)[0]
        if rng.random() < P_STUCK:
            fate = "stuck"
        finished = self._finish_instant(sessions, fate, t, jt, due, jd, rng)
        if fate in ("late", "stuck") and rng.random() < P_APOLOGY and finished > due:
            # An apology proposed before the appointment, approved: the new appointment
            # is the end of a session after the real finish.
            proposed = max(t + 60, due - rng.randrange(3600, 86400))
            approved = proposed + rng.randrange(600, 7200)
            if proposed <= now and approved < finished:
                k = min(sessions.index(finished) + rng.randrange(0, 4), len(sessions.ends) - 1)
                event(proposed, Action.PROPOSE_APOLOGY, status, status, agency, "specialist", due)
                if approved <= now:
                    due = sessions.ends[k]
                    f["due_at"] = due
                    f["apology_count"] = 1
                    event(approved, Action.APPROVE_APOLOGY, status, status, agency, "leader", due)
        if finished > now:
            if rng.random() < 0.1:
                status = Status.INTERLINKED
                f["interlinked"] = True
            return self._finish_row(o, f, status, events, created)
        f["finished_at"] = finished
        f["timeliness"] = classify(finished, due)
        refused = rng.random() < P_REFUSED_RESULT
        f["outcome"] = Outcome.REFUSED if refused else Outcome.APPROVED
        action = Action.REFUSE_RESULT if refused else Action.APPROVE
        event(finished, action, status, Status.RESULT_READY, agency, "leader", due)
        status = Status.RESULT_READY
        returned = sessions.later(sessions.index(finished), rng.randrange(0, 6), rng)
        returned = max(returned, finished + 60)
        if returned > now:
            return self._finish_row(o, f, status, events, created)
        f["returned_at"] = f["closed_at"] = returned
        event(returned, Action.RETURN, status, Status.RETURNED, desk, "officer", due)
        return self._finish_row(o, f, Status.RETURNED, events, created)

    @staticmethod
    def _finish_instant(sessions: Sessions, fate, t, jt, due, jd, rng) -> int:
        due_day = local_ordinal(due)
        if fate == "early":
            # Sessions from the transfer up to the last one before the appointment's day.
            last = bisect_left(sessions.days, due_day) - 1
            if last >= jt:
                return max(t + 60, sessions.instant_in(rng.randrange(jt, last + 1), rng))
            fate = "on_time"
        if fate == "on_time":
            first = max(bisect_left(sessions.days, due_day), jt)
            k = rng.randrange(first, max(first, jd) + 1)
            lo = max(sessions.starts[k], t + 60)
            hi = min(sessions.ends[k], due)
            if lo <= hi:
                return rng.randrange(lo, hi + 1)
            return max(t + 60, due)  # no room before the appointment: finishes at it
        if fate == "late":
            k = min(
                bisect_right(sessions.starts, due) + rng.randrange(0, 10), len(sessions.starts) - 1
            )
            return max(due + 60, sessions.instant_in(k, rng))
        k = min(jd + rng.randrange(20, 400), len(sessions.starts) - 1)  # stuck
        return max(due + 60, sessions.instant_in(k, rng))

    def _finish_row(self, o: Option, f: dict, status: str, events: list, created: int):
        f["status"] = status
        f["agency_id"], f["desk_id"] = o.agency_id, o.desk_id
        f["procedure_id"], f["procedure_version_id"] = o.procedure_id, o.version_id
        f["process_id"] = o.process_id
        return (created, f, events)

    def materialise(self, pk: int, item) -> tuple[tuple, list[tuple], list[tuple]]:
        """The dossier row and its event rows, with codes given in order."""
        code_ts, f, evs = item
        rng = self.rng
        status = f["status"]
        code = None
        if status != Status.DRAFT:
            code, day = self._number(f["desk_id"], code_ts)
        else:
            day = local_ordinal(code_ts)
        organisation = rng.random() < 0.08
        if organisation:
            name, folded = rng.choice(self.applicants.companies)
        else:
            name, folded = rng.choice(self.applicants.people)
        channel = f["channel"]
        method = (
            ReturnMethod.ONLINE
            if channel == Channel.ONLINE and rng.random() < 0.5
            else (ReturnMethod.POST if channel == Channel.POSTAL else ReturnMethod.COUNTER)
        )

        def ts(key):
            v = f[key]
            return None if v is None else _dt(v)

        row = (
            pk,
            uuid.UUID(int=rng.getrandbits(128), version=4),
            code,
            self._secret(),
            len(evs),
            f["desk_id"],
            f["agency_id"],
            f["procedure_id"],
            f["procedure_version_id"],
            f["process_id"],
            channel,
            regime_on(date.fromordinal(day)).value,
            status,
            NATIONAL_STATUS[status] if code else None,
            f["outcome"],
            f["timeliness"],
            "",
            f.get("interlinked", False),
            ApplicantKind.ORGANISATION if organisation else ApplicantKind.PERSON,
            name,
            "" if organisation else f"0{rng.randrange(10**10, 10**11)}",
            None,
            f"03{rng.randrange(10**7, 10**8)}" if organisation else "",
            f"09{rng.randrange(10**7, 10**8)}",
            "",
            "",
            "",
            "",
            "",
            folded,
            None,
            1,
            method,
            "",
            f["time_amount"],
            f["time_unit"],
            ts("created_at"),
            ts("submitted_at"),
            ts("received_at"),
            ts("clock_started_at"),
            ts("transferred_at"),
            ts("due_at"),
            ts("original_due_at"),
            ts("paused_since"),
            ts("finished_at"),
            ts("returned_at"),
            ts("closed_at"),
            f["supplement_count"],
            f["apology_count"],
            None,
            None,
            None,
            "",
            "",
            "",
            None,
        )
        event_rows = []
        for seq, (at, action, before, after, agency, role, due, data) in enumerate(evs, 1):
            when = _dt(at)
            event_rows.append(
                (
                    pk,
                    seq,
                    when,
                    when,
                    None,
                    "",
                    role,
                    agency,
                    action,
                    before or "",
                    after,
                    NATIONAL_STATUS[after] if code else None,
                    "",
                    None,
                    None,
                    None if due is None else _dt(due),
                    "",
                    data or {},
                )
            )
        pause_rows = []
        if f.get("pause"):
            start, end = f["pause"]
            pause_rows.append(
                (pk, PauseKind.SUPPLEMENT, _dt(start), None if end is None else _dt(end))
            )
        return row, event_rows, pause_rows

    # Set by the driver for the day being drawn.
    _session_today: int = 0
    _day_ordinal: int = 0

    def draw_day(self, day: date, n: int) -> list:
        options, cum = self.options(day)
        if not options:
            return []
        rng = self.rng
        self._day_ordinal = day.toordinal()
        out = []
        for o in rng.choices(options, cum_weights=cum, k=n):
            sessions = self.catalogue.calendars[o.cal_key]
            self._session_today = bisect_left(sessions.days, self._day_ordinal)
            life = self._life(o, rng)
            if life is not None:
                out.append(life)
        out.sort(key=lambda item: item[0])
        return out


# --- writing ---------------------------------------------------------------------------------


class Sink:
    """Writes rows: COPY on PostgreSQL, bulk_create elsewhere; ids reserved up front."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def reserve_ids(self, n: int) -> int:
        """First of n consecutive dossier ids nobody else will be given."""
        if self.postgres:
            table = Dossier._meta.db_table
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                    [table, table, n],
                )
                last = cur.fetchone()[0]
            return last - n + 1
        return (Dossier.objects.aggregate(m=Max("id"))["m"] or 0) + 1

    def begin(self) -> None:
        """Inside the batch's transaction: on PostgreSQL, skip the deferred foreign-key
        triggers (the generator only refers to rows that exist or that it writes in the
        same batch) and do not wait for the WAL flush. Needs a superuser; else ignored."""
        if not self.postgres:
            return
        with connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cur.fetchone()[0]:
                cur.execute("SET LOCAL session_replication_role = replica")

    def write(self, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.postgres:
            import json

            table = model._meta.db_table
            json_at = columns.index("data") if "data" in columns else -1
            with connection.cursor() as cur:
                raw = cur.cursor if hasattr(cur, "cursor") else cur
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        if json_at >= 0:
                            row = list(row)
                            row[json_at] = json.dumps(row[json_at])
                        copy.write_row(row)
            return
        objs = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs, batch_size=500)

    def drop_indexes(self) -> list[str]:
        """PostgreSQL: drop the secondary indexes (not those behind a constraint) of the
        tables the generator fills and return their definitions, so that a large load
        writes heap only and the indexes are built once at the end (`restore_indexes`)."""
        if not self.postgres:
            return []
        tables = [m._meta.db_table for m in (Dossier, Event, ClockPause)]
        with connection.cursor() as cur:
            cur.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
                "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM "
                "pg_constraint c WHERE c.conname = i.indexname)",
                [tables],
            )
            found = cur.fetchall()
            for name, _definition in found:
                cur.execute(f'DROP INDEX "{name}"')
        return [definition for _name, definition in found]

    def restore_indexes(self, definitions: list[str]) -> None:
        with connection.cursor() as cur:
            for definition in definitions:
                cur.execute(definition)
            for model in (Dossier, Event, ClockPause):
                cur.execute(f"ANALYZE {model._meta.db_table}")

    def counters(self, values: list[tuple[int, date, int]]) -> None:
        if not values:
            return
        DossierCounter.objects.bulk_create(
            [DossierCounter(agency_id=a, day=d, last=n) for a, d, n in values],
            update_conflicts=True,
            unique_fields=["agency", "day"],
            update_fields=["last"],
            batch_size=1000,
        )


def seed_dossiers(
    *,
    count: int,
    years: int = 5,
    seed: int = 1,
    batch: int = 50_000,
    now: datetime | None = None,
    progress: Callable[[Tally], None] | None = None,
    defer_indexes: bool = False,
) -> Tally:
    """Insert about `count` synthetic dossiers (see the module docstring). A few drawn
    receptions that would fall after `now` are dropped, so the count is approximate
    (within a fraction of a per cent). `defer_indexes` (PostgreSQL): drop the secondary
    indexes for the load and rebuild them at the end, even when the load fails."""
    if count < 0 or years < 1 or batch < 1:
        raise ValueError("count must be >= 0, years and batch >= 1")
    started = time.perf_counter()
    gen = Generator(now=now or timezone.now(), years=years, seed=seed)
    sink = Sink()
    tally = Tally()
    days = working_days(gen)
    if not days or count == 0:
        return tally
    per_day = _spread(count, len(days), gen.rng)
    pending: list = []

    def flush() -> None:
        if not pending:
            return
        with transaction.atomic():
            sink.begin()
            first = sink.reserve_ids(len(pending))
            dossier_rows, event_rows, pause_rows = [], [], []
            for offset, item in enumerate(pending):
                row, evs, pauses = gen.materialise(first + offset, item)
                dossier_rows.append(row)
                event_rows.extend(evs)
                pause_rows.extend(pauses)
                tally.by_status[row[12]] = tally.by_status.get(row[12], 0) + 1
            sink.write(Dossier, DOSSIER_COLUMNS, dossier_rows)
            sink.write(Event, EVENT_COLUMNS, event_rows)
            sink.write(ClockPause, PAUSE_COLUMNS, pause_rows)
            # The report's per-day counters, as the engine keeps them for real dossiers.
            counters.add_dossiers(
                Dossier.objects.filter(pk__gte=first, pk__lt=first + len(pending))
            )
            sink.counters(
                [(a, date.fromordinal(d), gen.counters[(a, d)]) for a, d in sorted(gen.touched)]
            )
            gen.touched.clear()
        tally.dossiers += len(dossier_rows)
        tally.events += len(event_rows)
        pending.clear()
        tally.seconds = time.perf_counter() - started
        if progress:
            progress(tally)

    dropped = sink.drop_indexes() if defer_indexes else []
    try:
        for day, n in zip(days, per_day, strict=True):
            pending.extend(gen.draw_day(day, n))
            if len(pending) >= batch:
                flush()
        flush()
    finally:
        if dropped:
            sink.restore_indexes(dropped)
    tally.seconds = time.perf_counter() - started
    return tally


def working_days(gen: Generator) -> list[date]:
    """Days of the period with at least one option (an agency working and handling)."""
    out, day = [], gen.first
    while day <= gen.last:
        if gen.options(day)[0]:
            out.append(day)
        day += timedelta(days=1)
    return out


def _spread(count: int, days: int, rng: random.Random) -> list[int]:
    """`count` split over `days`, with some day-to-day variation, summing to `count`."""
    weights = [rng.uniform(0.7, 1.3) for _ in range(days)]
    total = sum(weights)
    raw = [count * w / total for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(days), key=lambda i: raw[i] - out[i], reverse=True)[: count - sum(out)]:
        out[i] += 1
    return out
