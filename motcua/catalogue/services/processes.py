"""Internal processes (quy trình nội bộ) and which agency handles which procedure.

A process is versioned: a new process for the same agency and procedure gets the next
number and closes the previous one the day before it starts. Processes are never edited in
place, because dossiers received under one must keep it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.catalogue.models import AgencyProcedure, Procedure, Process, ProcessStep
from motcua.core.validity import valid_on_q
from motcua.worktime.units import DurationUnit

HALF = Decimal("0.5")


@dataclass(frozen=True)
class StepSpec:
    """One step to create. Steps sharing a `position` run in parallel (one stage)."""

    position: int
    name: str
    agency: Agency
    role: str
    budget: Decimal | int | float | str


def _decimal(value: Decimal | int | float | str | None) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _show(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def validate_steps(
    total: Decimal | int | float | str,
    steps: Sequence[StepSpec],
    *,
    unit: str = DurationUnit.WORKING_DAYS,
) -> None:
    """Raise ValidationError unless the stage budgets add up exactly to `total`.

    A stage is the set of steps sharing a position; it lasts as long as its longest step.
    Budgets are positive; in working days they are multiples of half a day (one session).
    """
    errors: list[str] = []
    expected = _decimal(total)
    if expected is None or expected <= 0:
        errors.append(_("The total processing time must be a number greater than zero."))
    if unit not in DurationUnit.values:
        errors.append(_("Unknown time unit %(unit)s.") % {"unit": unit})
    if not steps:
        errors.append(_("A process needs at least one step."))
    stages: dict[int, Decimal] = {}
    for step in steps:
        label = _("Step %(position)s “%(name)s”") % {"position": step.position, "name": step.name}
        budget = _decimal(step.budget)
        if not str(step.name or "").strip():
            errors.append(_("Step %(position)s has no name.") % {"position": step.position})
        if not isinstance(step.position, int) or step.position < 1:
            errors.append(_("%(step)s: the order must be a whole number from 1.") % {"step": label})
        if step.role not in Role.values:
            errors.append(
                _("%(step)s: unknown role %(role)s.") % {"step": label, "role": step.role}
            )
        if budget is None or budget <= 0:
            errors.append(
                _("%(step)s: the time budget must be greater than zero.") % {"step": label}
            )
            continue
        if budget != budget.quantize(Decimal("0.01")):
            errors.append(_("%(step)s: at most two decimals are allowed.") % {"step": label})
        elif unit == DurationUnit.WORKING_DAYS and budget % HALF:
            errors.append(
                _(
                    "%(step)s: a budget in working days must be a multiple of 0.5 (one session); "
                    "got %(budget)s."
                )
                % {"step": label, "budget": _show(budget)}
            )
        stages[step.position] = max(stages.get(step.position, Decimal(0)), budget)
    if not errors and expected is not None:
        actual = sum(stages.values(), Decimal(0))
        if actual != expected:
            errors.append(
                _(
                    "The steps add up to %(actual)s %(unit)s but the process total is "
                    "%(expected)s %(unit)s (parallel steps with the same order count once, by "
                    "the longest)."
                )
                % {
                    "actual": _show(actual),
                    "expected": _show(expected),
                    "unit": DurationUnit(unit).label,
                }
            )
    if errors:
        raise ValidationError(errors)


def check_new_process_date(agency: Agency, procedure: Procedure, valid_from: date) -> None:
    """A new process must start after the current one for the same agency and procedure."""
    latest = Process.objects.filter(agency=agency, procedure=procedure).order_by("-number").first()
    if latest and latest.valid_from and valid_from <= latest.valid_from:
        raise ValidationError(
            _(
                "The new process must take effect after %(date)s, when version %(number)d took "
                "effect."
            )
            % {"date": latest.valid_from.strftime("%d/%m/%Y"), "number": latest.number}
        )


@transaction.atomic
def save_new_process(process: Process, steps: Sequence[StepSpec]) -> Process:
    """Save an unsaved Process as the next version for its agency and procedure."""
    if process.pk is not None:
        raise ValidationError(_("A process in use is never edited; create a new version."))
    validate_steps(process.total, steps, unit=process.unit)
    process.valid_from = process.valid_from or timezone.localdate()
    previous = list(
        Process.objects.select_for_update()
        .filter(agency=process.agency, procedure=process.procedure)
        .order_by("-number")
    )
    check_new_process_date(process.agency, process.procedure, process.valid_from)
    if previous:
        latest = previous[0]
        if latest.valid_to is None or latest.valid_to >= process.valid_from:
            latest.valid_to = process.valid_from - timedelta(days=1)
            latest.save(update_fields=["valid_to"])
    process.number = previous[0].number + 1 if previous else 1
    process.total = _decimal(process.total)
    process.save()
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process,
            position=step.position,
            name=step.name.strip(),
            agency=step.agency,
            role=step.role,
            budget=_decimal(step.budget),
        )
        for step in steps
    )
    return process


def create_process(
    agency: Agency,
    procedure: Procedure,
    *,
    total: Decimal | int | float | str,
    unit: str,
    steps: list[StepSpec],
    valid_from: date | None = None,
    interlinked: bool = False,
) -> Process:
    """Create the next version of `agency`'s internal process for `procedure`."""
    process = Process(
        agency=agency,
        procedure=procedure,
        total=total,
        unit=unit,
        valid_from=valid_from,
        interlinked=interlinked,
    )
    return save_new_process(process, steps)


def process_in_force(
    agency: Agency, procedure: Procedure, on: date | None = None
) -> Process | None:
    on = on or timezone.localdate()
    return (
        Process.objects.filter(agency=agency, procedure=procedure)
        .filter(valid_on_q(on))
        .order_by("-number")
        .prefetch_related("steps")
        .first()
    )


@transaction.atomic
def assign_procedure(
    agency: Agency, procedure: Procedure, valid_from: date | None = None
) -> AgencyProcedure:
    """Record that `agency` handles `procedure` from `valid_from`; idempotent while open."""
    assignments = AgencyProcedure.objects.select_for_update().filter(
        agency=agency, procedure=procedure
    )
    current = assignments.filter(valid_to__isnull=True).first()
    if current is not None:
        return current
    if valid_from is not None and assignments.filter(valid_to__gte=valid_from).exists():
        raise ValidationError(
            _("%(agency)s already handled %(code)s on %(date)s.")
            % {"agency": agency, "code": procedure.code, "date": valid_from.strftime("%d/%m/%Y")}
        )
    return AgencyProcedure.objects.create(agency=agency, procedure=procedure, valid_from=valid_from)


@transaction.atomic
def unassign_procedure(
    agency: Agency, procedure: Procedure, valid_to: date | None = None
) -> AgencyProcedure | None:
    """Stop `agency` handling `procedure` after `valid_to` (default today); keeps history."""
    current = (
        AgencyProcedure.objects.select_for_update()
        .filter(agency=agency, procedure=procedure, valid_to__isnull=True)
        .first()
    )
    if current is None:
        return None
    valid_to = valid_to or timezone.localdate()
    if current.valid_from and valid_to < current.valid_from:
        raise ValidationError(_("The end date is before the start of the assignment."))
    current.valid_to = valid_to
    current.save(update_fields=["valid_to"])
    return current
