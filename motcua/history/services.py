"""Importing finished dossiers of a previous one-stop system (issue 6 §5).

One JSON object per line (docs/import-format.md, dossier.schema.json). Each line is checked
on its own: the schema, then the catalogue and the agencies as on the reception day
(`intake.prepare`, `intake.take_snapshot`, asked once per run through `Lookups`), then the
timeline replayed against the transition table (`workflow.TABLE`) with the clock rules of
`services.clock`. The good lines are written by batches, one transaction a batch (redone
line by line, one transaction each, should it fail), into the tables native dossiers use
(Dossier, Event, ClockPause, Apology), each counted in the reports; a bad one is reported
with its reasons and changes nothing. The dossier code is the idempotency key: a line
already imported with the same content is skipped, with another content it is rejected.

The engine (`engine.perform`) is not used: it dates rules and permissions "now" and needs
the live step plan; history records what happened, checked against the same table.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from motcua.agencies.models import Agency
from motcua.core.commands import error_text
from motcua.dossiers.codes import new_secret
from motcua.dossiers.models import (
    Apology,
    ApologyStatus,
    ClockPause,
    Dossier,
    DossierCounter,
    Event,
    Outcome,
    PauseKind,
)
from motcua.dossiers.regime import regime_on
from motcua.dossiers.services import clock, intake
from motcua.dossiers.workflow import NATIONAL_STATUS, Action, Clock, Scope, Status, transition
from motcua.reports import counters
from motcua.worktime.calendar import WorkingCalendar
from motcua.worktime.services import calendar_for

SCHEMA_PATH = Path(__file__).with_name("dossier.schema.json")
ROLE = "imported"  # Event.role of every imported event: no account of ours took them
FINAL = frozenset(
    {Status.RESULT_READY, Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}
)
# What can be imported in the timeline: processing, waiting, lateness and the end. Drafts,
# submissions and attachments have no meaning without the old system's files.
EVENT_ACTIONS = frozenset(
    {
        Action.REFUSE,
        Action.TRANSFER,
        Action.ASSIGN,
        Action.COMPLETE_STEP,
        Action.SEND_BACK,
        Action.CONSULT,
        Action.HAND_OVER,
        Action.REQUEST_SUPPLEMENT,
        Action.RECEIVE_SUPPLEMENT,
        Action.REQUEST_FEE,
        Action.RECORD_FEE,
        Action.PROPOSE_APOLOGY,
        Action.APPROVE_APOLOGY,
        Action.REJECT_APOLOGY,
        Action.APPROVE,
        Action.REFUSE_RESULT,
        Action.STOP,
        Action.WITHDRAW,
        Action.RETURN,
    }
)
_NATIVE_CODE = re.compile(r"^(?P<desk>.+)-(?P<day>[0-9]{6})-(?P<number>[0-9]{4,})\Z")


class Rejected(Exception):
    """A line that cannot be imported; `reasons` says why, in the operator's language."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass
class LineResult:
    line: int
    code: str
    outcome: str  # "imported", "skipped" (already imported), "rejected"
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0
    rejected: list[LineResult] = field(default_factory=list)
    skipped_lines: list[LineResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.imported + self.skipped + len(self.rejected)

    def add(self, result: LineResult) -> None:
        if result.outcome == "imported":
            self.imported += 1
        elif result.outcome == "skipped":
            self.skipped += 1
            self.skipped_lines.append(result)
        else:
            self.rejected.append(result)


@dataclass
class Planned:
    """A checked line: the unsaved rows to write."""

    dossier: Dossier
    events: list[Event]
    pauses: list[ClockPause]
    apologies: list[Apology]


@cache
def schema_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def fingerprint(record: dict[str, Any]) -> str:
    """What "the same content" means: the line's JSON with its keys sorted."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- reading ------------------------------------------------------------------------------


def parse_line(text: str) -> dict[str, Any]:
    """The line's object, checked against the schema; Rejected lists every problem."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise Rejected(
            [_("Not valid JSON (column %(col)s): %(msg)s") % {"col": error.colno, "msg": error.msg}]
        ) from None
    if not isinstance(record, dict):
        raise Rejected([_("A line holds one JSON object.")])
    errors = sorted(schema_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    if errors:
        raise Rejected(
            [
                _("%(path)s: %(message)s")
                % {
                    "path": ".".join(str(p) for p in e.absolute_path) or _("the line"),
                    "message": e.message,
                }
                for e in errors
            ]
        )
    return record


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Lookups(intake.Lookups):
    """The agencies, catalogue entries and calendars one import run needs, each asked of the
    database once per run: by agency code, by (procedure, day), by (agency, procedure, day).
    Keyed on the day, so a version or process that changes on a day boundary is seen; made
    afresh for every run (`import_lines`), so an edit between two imports is seen too. Not
    shared between threads. `memo=False` remembers nothing: every question goes to the
    database, as before the memo existed (the reference the tests compare with)."""

    LIMIT = 50_000  # entries per table: a run of millions of lines stays in bounded memory

    def __init__(self, *, memo: bool = True) -> None:
        self._tables: dict[str, dict] = {}
        self.memo = memo

    def _memo(self, table: str, key, compute):
        if not self.memo:
            return compute()
        known = self._tables.setdefault(table, {})
        if key not in known:
            if len(known) >= self.LIMIT:
                known.clear()
            try:
                known[key] = (compute(), None)
            except ValidationError as error:
                known[key] = (None, error)
        value, error = known[key]
        if error is not None:
            raise ValidationError(error.error_list)
        return value

    def procedure(self, code: str):
        return self._memo("procedure", code, lambda: super(Lookups, self).procedure(code))

    def agency(self, code: str) -> Agency:
        return self._memo("agency", code, lambda: super(Lookups, self).agency(code))

    def get(self, code: str) -> Agency | None:
        """The agency with this code, or None."""
        try:
            return self.agency(code)
        except ValidationError:
            return None

    def handles(self, agency, procedure, day) -> bool:
        return self._memo(
            "handles",
            (agency.pk, procedure.pk, day),
            lambda: super(Lookups, self).handles(agency, procedure, day),
        )

    def version(self, procedure, day):
        def compute():
            version = super(Lookups, self).version(procedure, day)
            if version is not None:  # what intake.statutory_time reads, read once
                prefetch_related_objects([version], "processing_times")
            return version

        return self._memo("version", (procedure.pk, day), compute)

    def receives_for(self, desk, agency) -> bool:
        return self._memo(
            "desk", (desk.pk, agency.pk), lambda: super(Lookups, self).receives_for(desk, agency)
        )

    def default_desk(self, agency) -> Agency:
        return self._memo(
            "default_desk", agency.pk, lambda: super(Lookups, self).default_desk(agency)
        )

    def process(self, agency, procedure, day):
        return self._memo(
            "process",
            (agency.pk, procedure.pk, day),
            lambda: super(Lookups, self).process(agency, procedure, day),
        )

    def calendar(self, agency: Agency) -> WorkingCalendar:
        return self._memo("calendar", agency.pk, lambda: calendar_for(agency))


# --- checking a line ----------------------------------------------------------------------


def plan_dossier(record: dict[str, Any], lookups: Lookups | None = None) -> Planned:
    """Check a schema-valid record against the database and replay its timeline; the rows
    to write, or Rejected with every reason found. `lookups`: the run's memo."""
    lookups = lookups or Lookups()
    now = timezone.now()
    received_at = _instant(record["received_at"])
    raw_events = record["events"]
    reasons: list[str] = []
    if received_at > now:
        reasons.append(_("received_at is in the future."))
    previous = received_at
    for i, raw in enumerate(raw_events, start=1):
        at = _instant(raw["at"])
        if at < previous:
            reasons.append(
                _("Event %(n)s (%(action)s) is dated before the previous step.")
                % {"n": i, "action": raw["action"]}
            )
        if at > now:
            reasons.append(_("Event %(n)s is in the future.") % {"n": i})
        previous = max(previous, at)
        if raw.get("agency") and lookups.get(raw["agency"]) is None:
            reasons.append(
                _("Event %(n)s: no agency has the code %(code)s.") % {"n": i, "code": raw["agency"]}
            )
    a = record["applicant"]
    try:
        birth = date.fromisoformat(a["birth_date"]) if a.get("birth_date") else None
    except ValueError:
        birth = None
        reasons.append(_("applicant.birth_date: not a date."))
    data = intake.Intake(
        procedure=record["procedure"],
        agency=record["agency"],
        desk=record.get("desk", ""),
        channel=record["channel"],
        summary=record.get("summary", ""),
        applicant=intake.Applicant(
            kind=a.get("kind", "person"),
            name=a["name"],
            id_number=a.get("id_number", ""),
            birth_date=birth,
            tax_code=a.get("tax_code", ""),
            phone=a.get("phone", ""),
            email=a.get("email", ""),
            address=a.get("address", ""),
            representative_name=a.get("representative_name", ""),
            representative_id_number=a.get("representative_id_number", ""),
            representative_phone=a.get("representative_phone", ""),
        ),
        time_amount=Decimal(str(record["time_amount"])) if "time_amount" in record else None,
        time_unit=record.get("time_unit", ""),
    )
    dossier: Dossier | None = None
    try:
        dossier = intake.prepare(data, at=received_at, lookups=lookups)
    except ValidationError as error:
        reasons.append(error_text(error))
    if reasons:
        raise Rejected(reasons)
    assert dossier is not None
    dossier.code = record["code"]
    dossier.secret = new_secret()
    return _replay(record, dossier, received_at, lookups)


@dataclass
class _State:
    status: Status | None
    away: list[str] = field(default_factory=list)  # "consult" / "handover", innermost last
    resume: Status | None = None  # where a pause goes back to
    open_pause: ClockPause | None = None
    proposal: Apology | None = None

    def working(self) -> Status:
        return Status.INTERLINKED if self.away else Status.IN_PROCESS


def _replay(
    record: dict[str, Any], dossier: Dossier, received_at: datetime, lookups: Lookups
) -> Planned:
    """Walk the timeline through the transition table, computing the statuses and the clock
    like the engine does (services.clock), and build the rows."""
    cal = lookups.calendar(dossier.agency)
    reasons: list[str] = []
    raw_events = record["events"]
    events: list[Event] = []
    pauses: list[ClockPause] = []
    apologies: list[Apology] = []
    day = timezone.localtime(received_at).date()
    dossier.created_at = received_at
    dossier.regime = regime_on(day)
    refused = bool(raw_events) and raw_events[0]["action"] == Action.REFUSE
    state = _State(status=None)
    source = fingerprint(record)

    def event(action: Action, at: datetime, before, after, raw: dict | None, **data) -> None:
        tr = transition(action)
        code = (raw or {}).get("agency")
        if code:
            agency = lookups.get(code)
        elif tr.scope == Scope.DESK:
            agency = dossier.desk
        else:
            agency = dossier.agency
        data = {"imported": True, **data}
        if not events:
            data["source_sha256"] = source
        if dossier.due_at is not None:
            data.setdefault("due_at", dossier.due_at.isoformat())
        events.append(
            Event(
                seq=len(events) + 1,
                at=at,
                actor=None,
                actor_name=(raw or {}).get("actor_name", record.get("received_by", ""))[:255],
                role=ROLE,
                agency=agency,
                action=action,
                status_before=before or "",
                status_after=after,
                national_status=NATIONAL_STATUS[after],
                reason=(raw or {}).get("reason", ""),
                due_at=dossier.due_at,
                data=data,
            )
        )

    if not refused:
        # The reception: the appointment the old system gave is the one the applicant holds.
        if "due_at" not in record:
            raise Rejected([_("due_at: give the appointment of the receipt (form 01).")])
        try:
            intake.take_snapshot(dossier, received_at, lookups=lookups)
        except ValidationError as error:
            raise Rejected([error_text(error)]) from None
        due = _instant(record["due_at"])
        if due <= received_at:
            raise Rejected([_("due_at must be after received_at.")])
        dossier.received_at = dossier.clock_started_at = received_at
        dossier.due_at = dossier.original_due_at = due
        online = dossier.channel == 2
        action = Action.ACCEPT if online else Action.RECEIVE
        before = Status.SUBMITTED if online else None
        if online:
            dossier.submitted_at = received_at
        state.status = Status.RECEIVED
        event(action, received_at, before, Status.RECEIVED, None)
    for i, raw in enumerate(raw_events, start=1):
        try:
            _step(dossier, state, cal, raw, i, event, pauses, apologies)
        except Rejected as error:
            reasons.extend(error.reasons)
            break
    if not reasons:
        final = Status(record["status"])
        if state.status != final:
            reasons.append(
                _("The timeline ends with the dossier %(got)s, not %(want)s as the line says.")
                % {"got": _label(state.status), "want": _label(final)}
            )
        if state.status not in FINAL:
            reasons.append(
                _("Only finished dossiers are imported; this one is still %(status)s.")
                % {"status": _label(state.status)}
            )
        if record.get("outcome", dossier.outcome or None) != (dossier.outcome or None):
            reasons.append(
                _("The outcome %(given)s does not match the timeline (%(found)s).")
                % {"given": record["outcome"], "found": dossier.outcome or "—"}
            )
    if reasons:
        raise Rejected(reasons)
    dossier.status = state.status
    dossier.national_status = NATIONAL_STATUS[state.status]
    dossier.row_version = len(events)
    return Planned(dossier, events, pauses, apologies)


def _label(status: Status | None) -> str:
    """'result returned (returned)': the word and the value the file uses."""
    return f"{Status(status).label} ({status})" if status else _("not yet received")


def _step(
    dossier: Dossier,
    state: _State,
    cal: WorkingCalendar,
    raw: dict[str, Any],
    i: int,
    event,
    pauses: list[ClockPause],
    apologies: list[Apology],
) -> None:
    """Apply one event of the timeline to `dossier` and `state`."""
    action = Action(raw["action"])
    tr = transition(action)
    at = _instant(raw["at"])
    before = state.status
    where = _("Event %(n)s (%(action)s)") % {"n": i, "action": action.value}
    if before not in tr.sources:
        raise Rejected(
            [
                _("%(where)s is not possible while the dossier is %(status)s.")
                % {"where": where, "status": _label(before)}
            ]
        )
    if tr.reason_required and not str(raw.get("reason", "")).strip():
        raise Rejected([_("%(where)s: give the reason.") % {"where": where}])
    # The status after, as the engine's handlers would choose it.
    if action == Action.CONSULT:
        state.away.append("consult")
        dossier.interlinked = True
    elif action == Action.HAND_OVER:
        state.away.append("handover")
        dossier.interlinked = True
    elif action == Action.COMPLETE_STEP and state.away and state.away[-1] == "consult":
        state.away.pop()  # the consulted agency answered
    if action in (Action.RECEIVE_SUPPLEMENT, Action.RECORD_FEE):
        target = state.resume or state.working()
    elif action in (Action.APPROVE, Action.REFUSE_RESULT):
        target = Status.RESULT_READY
    elif tr.clock == Clock.PAUSE or len(tr.targets) == 1:
        target = tr.targets[0]
    else:
        target = state.working()
    if raw.get("status"):
        if raw["status"] not in tr.targets:
            raise Rejected(
                [
                    _("%(where)s cannot lead to “%(status)s”.")
                    % {"where": where, "status": raw["status"]}
                ]
            )
        target = Status(raw["status"])
        if target == Status.IN_PROCESS:
            state.away.clear()
        elif target == Status.INTERLINKED and not state.away:
            state.away.append("handover")
    # What the action itself records (the engine's handlers).
    new_due = None
    extra: dict[str, Any] = {}
    if action == Action.TRANSFER:
        dossier.transferred_at = dossier.transferred_at or at
    elif action == Action.REQUEST_SUPPLEMENT:
        dossier.supplement_count += 1
    elif action == Action.REQUEST_FEE:
        dossier.fee_amount_vnd = raw.get("amount_vnd", dossier.fee_amount_vnd)
    elif action == Action.RECORD_FEE:
        dossier.fee_paid_vnd = raw.get("amount_vnd", dossier.fee_amount_vnd)
        dossier.fee_paid_at = at
        if dossier.transferred_at is None:
            target = Status.RECEIVED
    elif action == Action.REFUSE:
        dossier.closed_at = at
    elif action == Action.RETURN:
        dossier.returned_at = dossier.closed_at = at
    elif action in (Action.APPROVE, Action.REFUSE_RESULT):
        dossier.outcome = Outcome.APPROVED if action == Action.APPROVE else Outcome.REFUSED
        dossier.result_summary = str(raw.get("result") or raw.get("reason") or "")
    elif action == Action.PROPOSE_APOLOGY:
        _propose(dossier, state, raw, at, where, apologies)
    elif action == Action.REJECT_APOLOGY:
        if state.proposal is None:
            raise Rejected([_("%(where)s: no apology was proposed.") % {"where": where}])
        state.proposal.status = ApologyStatus.REJECTED
        state.proposal.decided_at = at
        state.proposal = None
    elif action == Action.APPROVE_APOLOGY:
        if state.proposal is None:
            _propose(dossier, state, raw, at, where, apologies)
        elif raw.get("new_due_at"):
            state.proposal.new_due_at = _instant(raw["new_due_at"])
        apology = state.proposal
        assert apology is not None
        new_due = apology.new_due_at
        if apology.new_due_at <= dossier.due_at:
            raise Rejected(
                [
                    _("%(where)s: the new appointment must be later than the current one.")
                    % {"where": where}
                ]
            )
        apology.status = ApologyStatus.APPROVED
        apology.decided_at = at
        state.proposal = None
        dossier.apology_count += 1
        extra = {
            "previous_due_at": apology.previous_due_at.isoformat(),
            "new_due_at": new_due.isoformat(),
        }
    data = _clock(dossier, state, cal, tr.clock, target, at, raw, where, pauses, new_due)
    data.update(extra)
    if tr.clock == Clock.PAUSE:
        state.resume = before
    state.status = target
    event(action, at, before, target, raw, **data)


def _propose(
    dossier: Dossier, state: _State, raw: dict, at: datetime, where: str, apologies: list
) -> None:
    if not raw.get("new_due_at"):
        raise Rejected([_("%(where)s: give new_due_at, the new appointment.") % {"where": where}])
    state.proposal = Apology(
        status=ApologyStatus.PROPOSED,
        reason=str(raw.get("reason", "")),
        previous_due_at=dossier.due_at,
        new_due_at=_instant(raw["new_due_at"]),
        proposed_at=at,
    )
    apologies.append(state.proposal)


def _clock(
    dossier: Dossier,
    state: _State,
    cal: WorkingCalendar,
    effect: Clock,
    target: Status,
    at: datetime,
    raw: dict,
    where: str,
    pauses: list[ClockPause],
    new_due: datetime | None = None,
) -> dict[str, Any]:
    """The table's clock effect, as engine._apply_clock computes it (services.clock)."""
    data: dict[str, Any] = {}
    if effect == Clock.PAUSE:
        kind = PauseKind.SUPPLEMENT if target == Status.SUPPLEMENT else PauseKind.FINANCIAL
        state.open_pause = ClockPause(kind=kind, started_at=at)
        pauses.append(state.open_pause)
    elif effect == Clock.RESUME:
        paused = _close_pause(state, cal, at)
        if paused:
            dossier.due_at = clock.give_back(cal, dossier.due_at, paused)
            data["paused_working_seconds"] = int(paused.total_seconds())
    elif effect == Clock.RESTART:
        _close_pause(state, cal, at)
        dossier.clock_started_at = at
        if raw.get("new_due_at"):
            dossier.due_at = _instant(raw["new_due_at"])
        elif dossier.time_amount and dossier.time_unit:
            dossier.due_at = clock.appointment(cal, at, dossier.time_amount, dossier.time_unit)
        else:
            raise Rejected(
                [_("%(where)s: give new_due_at, the new appointment.") % {"where": where}]
            )
    elif effect == Clock.EXTEND:
        assert new_due is not None
        dossier.due_at = new_due
    elif effect == Clock.STOP:
        _close_pause(state, cal, at)
        if target == Status.RESULT_READY:
            dossier.finished_at = at
            dossier.timeliness = clock.judge(cal, at, dossier.due_at).value
        else:
            dossier.closed_at = at
    return data


def _close_pause(state: _State, cal: WorkingCalendar, at: datetime):
    pause = state.open_pause
    if pause is None:
        return None
    pause.ended_at = at
    state.open_pause = None
    return clock.paused_working_time(cal, pause.started_at, at)


# --- writing ------------------------------------------------------------------------------


def _known(codes: Iterable[str]) -> dict[str, str | None]:
    """The codes already given to a dossier, each with the fingerprint it was imported with
    (None for a dossier of this system): two queries for a whole batch."""
    pks = dict(Dossier.objects.filter(code__in=set(codes)).values_list("pk", "code"))
    known: dict[str, str | None] = dict.fromkeys(pks.values())
    first = Event.objects.filter(dossier_id__in=pks, seq=1).values_list("dossier_id", "data")
    for pk, data in first:
        known[pks[pk]] = (data or {}).get("source_sha256")
    return known


def _already(code: str, source: str, known: dict[str, str | None]) -> LineResult | None:
    """Skipped when imported before with the same content; rejected when the code is taken
    (`known`: what `_known` said for the line's batch)."""
    if code not in known:
        return None
    imported = known[code]
    if imported == source:
        return LineResult(0, code, "skipped", [_("Already imported.")])
    if imported is None:
        reason = _("Dossier code %(code)s is already used by a dossier of this system.")
    else:
        reason = _("Dossier %(code)s was imported before with a different content.")
    return LineResult(0, code, "rejected", [reason % {"code": code}])


def _keep_numbering(dossier: Dossier) -> None:
    """A code in this system's own form (`<desk>-YYMMDD-NNNN` of the same desk) moves the
    desk's counter of that day past it, so that a later reception never takes it again."""
    match = _NATIVE_CODE.match(dossier.code or "")
    if match is None or match["desk"] != dossier.desk.code:
        return
    try:
        day = datetime.strptime(match["day"], "%y%m%d").date()
    except ValueError:
        return
    number = int(match["number"])
    DossierCounter.objects.bulk_create(
        [DossierCounter(agency=dossier.desk, day=day, last=0)], ignore_conflicts=True
    )
    DossierCounter.objects.filter(agency=dossier.desk, day=day, last__lt=number).update(last=number)


def save(planned: Planned) -> Dossier:
    """Write a checked dossier and its history in one transaction."""
    return save_all([planned])[0]


def save_all(batch: list[Planned]) -> list[Dossier]:
    """Write checked dossiers and their histories in one transaction, a few INSERTs for the
    whole batch; each dossier is counted in the reports on its own."""
    with transaction.atomic():
        dossiers = Dossier.objects.bulk_create([planned.dossier for planned in batch])
        rows: dict[type, list] = {Event: [], ClockPause: [], Apology: []}
        for planned in batch:
            for row in (*planned.events, *planned.pauses, *planned.apologies):
                row.dossier = planned.dossier
                rows[type(row)].append(row)
        for model, objs in rows.items():
            model.objects.bulk_create(objs)
        for dossier in dossiers:
            _keep_numbering(dossier)
            # Counted in every report like a native dossier (the engine does the same).
            counters.record(counters.signature(None), counters.signature(dossier))
    return dossiers


def _code_of(text: str) -> str:
    """The code of a line that failed the schema, when one can be read, for the report."""
    try:
        value = json.loads(text).get("code", "")
    except (json.JSONDecodeError, AttributeError):
        return ""
    return value[:40] if isinstance(value, str) else ""


def import_line(
    number: int, text: str, *, dry_run: bool = False, lookups: Lookups | None = None
) -> LineResult:
    """Check and (unless `dry_run`) import one line in its own transaction; never raises
    for bad input."""
    return _import_batch([(number, text)], dry_run=dry_run, lookups=lookups or Lookups())[0]


BATCH = 200  # lines checked, then written, together (one transaction per batch)


def import_lines(
    lines: Iterable[str], *, dry_run: bool = False, batch: int = BATCH, memo: bool = True
) -> Iterator[LineResult]:
    """One result per non-blank line, streamed: the file is never held in memory, only
    `batch` lines at a time. `memo=False` asks the database every question afresh (the slow
    path, kept to prove that both give the same rows)."""
    lookups = Lookups(memo=memo)
    pending: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=1):
        if text.strip():
            pending.append((number, text))
        if len(pending) >= batch:
            yield from _import_batch(pending, dry_run=dry_run, lookups=lookups)
            pending = []
    if pending:
        yield from _import_batch(pending, dry_run=dry_run, lookups=lookups)


def _import_batch(
    lines: list[tuple[int, str]], *, dry_run: bool, lookups: Lookups
) -> list[LineResult]:
    """Each line checked on its own, in order; the good ones written together. Should the
    batch's transaction fail (a code imported by someone else meanwhile), it is rolled back
    and every line is done again in its own transaction, so each line is accepted or
    rejected on its own whatever happens."""
    results: list[LineResult] = []
    records: list[tuple[LineResult, dict[str, Any]]] = []
    for number, text in lines:
        try:
            record = parse_line(text)
        except Rejected as error:
            results.append(LineResult(number, _code_of(text), "rejected", error.reasons))
            continue
        result = LineResult(number, record["code"], "imported")
        results.append(result)
        records.append((result, record))
    known = _known(record["code"] for _, record in records)
    planned: list[Planned] = []
    for result, record in records:
        source = fingerprint(record)
        already = _already(result.code, source, known)
        if already is not None:
            result.outcome, result.reasons = already.outcome, already.reasons
            continue
        try:
            planned.append(plan_dossier(record, lookups))
        except Rejected as error:
            result.outcome, result.reasons = "rejected", error.reasons
            continue
        if not dry_run:
            known[result.code] = source  # a later line with the same code sees this one
    if dry_run or not planned:
        return results
    try:
        save_all(planned)
    except IntegrityError:
        if len(lines) == 1:  # imported by someone else meanwhile
            code = planned[0].dossier.code
            results[0].outcome = "rejected"
            results[0].reasons = [_("Dossier code %(code)s is already used.") % {"code": code}]
            return results
        return [_import_batch([line], dry_run=dry_run, lookups=lookups)[0] for line in lines]
    return results


def import_file(path: Path | str, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport()
    with open(path, encoding="utf-8-sig") as lines:
        for result in import_lines(lines, dry_run=dry_run):
            report.add(result)
    return report
