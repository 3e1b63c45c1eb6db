"""The dossier's own step plan: copied from its internal process at reception, then moved
forward, back, out to consulted agencies and over to another agency by the engine.

Steps sharing a `stage` run in parallel; the stage is done when all its steps are. The
last stage made only of one-stop officers is the return of the result: it opens when the
result is ready, never before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.catalogue.models import Process
from motcua.core.users import person
from motcua.dossiers.models import Dossier, DossierStep, StepKind, StepStatus
from motcua.dossiers.workflow import Status
from motcua.worktime.calendar import WorkingCalendar

OPEN_STEP = (StepStatus.PENDING, StepStatus.ACTIVE, StepStatus.WAITING)


@dataclass(frozen=True)
class StepDraft:
    stage: int
    name: str
    agency: Agency
    role: str
    budget: Decimal | None = None
    unit: str = ""


def drafts_from_process(process: Process) -> list[StepDraft]:
    return [
        StepDraft(s.position, s.name, s.agency, s.role, s.budget, process.unit)
        for s in process.steps.select_related("agency")
    ]


def default_drafts(desk: Agency, agency: Agency) -> list[StepDraft]:
    """The plan of a procedure without an internal process: every step due by the
    appointment (no budgets to split it by)."""
    return [
        StepDraft(1, "Tiếp nhận hồ sơ", desk, Role.OFFICER),
        StepDraft(2, "Thẩm định, đề xuất", agency, Role.SPECIALIST),
        StepDraft(3, "Phê duyệt, ký kết quả", agency, Role.LEADER),
        StepDraft(4, "Trả kết quả", desk, Role.OFFICER),
    ]


def schedule(
    cal: WorkingCalendar,
    items: Sequence[tuple[int, Decimal | None, str]],
    start: datetime,
    final_due: datetime,
) -> list[datetime]:
    """Due instants for (stage, budget, unit) items, stage after stage from `start`.

    A stage lasts as long as its longest step; a step without a budget, and any step that
    would end after the appointment, is due at the appointment.
    """
    dues: list[datetime] = [final_due] * len(items)
    stage_start = start
    for stage in sorted({item[0] for item in items}):
        stage_end = stage_start
        for i, (s, budget, unit) in enumerate(items):
            if s != stage:
                continue
            due = (
                final_due if budget is None else min(cal.due(stage_start, budget, unit), final_due)
            )
            dues[i] = due
            stage_end = max(stage_end, due)
        stage_start = stage_end
    return dues


def create_plan(dossier: Dossier, drafts: Sequence[StepDraft]) -> list[DossierStep]:
    return DossierStep.objects.bulk_create(
        DossierStep(
            dossier=dossier,
            stage=d.stage,
            name=d.name,
            agency=d.agency,
            role=d.role,
            budget=d.budget,
            unit=d.unit,
        )
        for d in drafts
    )


_SAVED_FIELDS = [
    "status",
    "started_at",
    "due_at",
    "finished_at",
    "finished_by",
    "timeliness",
    "note",
    "assignee",
    "stage",
    "agency",
]


def _values(step: DossierStep) -> tuple:
    return tuple(
        getattr(step, f if f not in ("finished_by", "assignee", "agency") else f"{f}_id")
        for f in _SAVED_FIELDS
    )


def steps_of(dossier: Dossier) -> list[DossierStep]:
    steps = list(dossier.steps.select_related("agency").order_by("stage", "order", "id"))
    for step in steps:
        step._saved = _values(step)  # save() writes only the steps an action changed
    return steps


def top_level(steps: Iterable[DossierStep]) -> list[DossierStep]:
    return [s for s in steps if s.parent_id is None]


def return_stage(steps: Sequence[DossierStep]) -> int | None:
    """The last stage when all of its steps are one-stop officers' (returning the result)."""
    tops = top_level(steps)
    if not tops:
        return None
    last = max(s.stage for s in tops)
    if all(s.role == Role.OFFICER for s in tops if s.stage == last) and last != min(
        s.stage for s in tops
    ):
        return last
    return None


def active(steps: Iterable[DossierStep]) -> list[DossierStep]:
    return [s for s in steps if s.status == StepStatus.ACTIVE]


def current_stage(steps: Sequence[DossierStep]) -> int | None:
    stages = [
        s.stage for s in top_level(steps) if s.status in (StepStatus.ACTIVE, StepStatus.WAITING)
    ]
    return min(stages) if stages else None


def reschedule(
    cal: WorkingCalendar, steps: Sequence[DossierStep], start: datetime, final_due: datetime
) -> None:
    """Plan every unfinished step again from `start`: the time counts again from zero
    (ND 61/2018 art. 19.4), so the plan ends at the new appointment.

    The unfinished stages keep their budgets; the time the finished stages had used goes to
    the current stage, which appraises the completed dossier again, so the later stages
    keep their share and the last one ends at the appointment. Active steps, consultations
    included, restart at `start`.
    """
    open_steps = [s for s in top_level(steps) if s.status in OPEN_STEP]
    dues = schedule(cal, [(s.stage, s.budget, s.unit) for s in open_steps], start, final_due)
    if dues:
        spare = cal.elapsed(max(dues), final_due)
        if spare:
            dues = [min(cal.shift(due, spare), final_due) for due in dues]
    for step, due in zip(open_steps, dues, strict=True):
        step.due_at = due
        if step.status != StepStatus.PENDING:
            step.started_at = start
    for step in steps:
        if step.parent_id is not None and step.status == StepStatus.ACTIVE:
            step.started_at = start
            if step.budget is not None:
                step.due_at = cal.due(start, step.budget, step.unit)


def give_back(cal: WorkingCalendar, steps: Sequence[DossierStep], paused) -> None:
    for step in steps:
        if step.status in OPEN_STEP and step.due_at is not None:
            step.due_at = cal.shift(step.due_at, paused)


def start_step(step: DossierStep, at: datetime, cal: WorkingCalendar) -> None:
    step.status = StepStatus.ACTIVE
    step.started_at = at
    if step.kind == StepKind.CONSULT and step.budget is not None:
        step.due_at = cal.due(at, step.budget, step.unit)


def finish(step: DossierStep, at: datetime, user, cal: WorkingCalendar, note: str = "") -> None:
    step.status = StepStatus.DONE
    step.finished_at = at
    step.finished_by = person(user)
    if note:
        step.note = note
    if step.due_at is not None:
        step.timeliness = cal.classify(at, step.due_at).value


def open_next_stage(
    steps: Sequence[DossierStep], at: datetime, cal: WorkingCalendar, *, allow_return: bool
) -> int | None:
    """Open the next pending stage (never the return stage unless allowed); its number."""
    returning = return_stage(steps)
    pending = sorted({s.stage for s in top_level(steps) if s.status == StepStatus.PENDING})
    for stage in pending:
        if stage == returning and not allow_return:
            return None
        for step in top_level(steps):
            if step.stage == stage and step.status == StepStatus.PENDING:
                start_step(step, at, cal)
        return stage
    return None


def stage_done(steps: Sequence[DossierStep], stage: int) -> bool:
    return all(
        s.status in (StepStatus.DONE, StepStatus.SKIPPED)
        for s in top_level(steps)
        if s.stage == stage
    )


def working_status(steps: Sequence[DossierStep]) -> Status:
    """In processing, or at another agency while a consultation or a handover is active."""
    for step in steps:
        if step.status in (StepStatus.ACTIVE, StepStatus.WAITING) and step.kind != StepKind.PROCESS:
            return Status.INTERLINKED
    return Status.IN_PROCESS


def pick_step(
    steps: Sequence[DossierStep], step_id: int | None, allowed: Iterable[DossierStep]
) -> DossierStep:
    """The active step an action is about: the one named, else the only one allowed."""
    allowed = list(allowed)
    if step_id is not None:
        for step in allowed:
            if step.pk == step_id:
                return step
        raise ValidationError(
            _("Step %(step)s is not an active step you may act on.") % {"step": step_id}
        )
    if not allowed:
        raise ValidationError(_("There is no active step you may act on."))
    return allowed[0]


def skip_open(steps: Iterable[DossierStep], *, keep: Iterable[int] = ()) -> None:
    keep = set(keep)
    for step in steps:
        if step.status in OPEN_STEP and step.stage not in keep:
            step.status = StepStatus.SKIPPED


def save(steps: Iterable[DossierStep]) -> None:
    """Write the fields an action changed, one UPDATE per changed step (an action touches
    a few steps; bulk_update's CASE expressions cost more than they save here)."""
    for step in steps:
        now = _values(step)
        before = getattr(step, "_saved", None) or (object(),) * len(now)
        fields = [f for f, old, new in zip(_SAVED_FIELDS, before, now, strict=True) if old != new]
        if fields:
            DossierStep.objects.filter(pk=step.pk).update(**{f: getattr(step, f) for f in fields})
            step._saved = now
