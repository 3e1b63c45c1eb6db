"""THE way a dossier changes: `perform(dossier, action, ...)`.

One transaction per action: lock the dossier row, check the optimistic version, check the
transition table (workflow.TABLE) and the actor's capacity (permissions), run the action's
handler (handlers.py), apply the table's clock effect, bump the version and append one Event.
Pages, the API, commands and the demo all call this; nothing else writes a dossier.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.users import person
from motcua.dossiers import codes, notify
from motcua.dossiers.models import ClockPause, Dossier, DossierStep, Event, Outcome, PauseKind
from motcua.dossiers.permissions import Capacity, capacity
from motcua.dossiers.regime import form_title, regime_on
from motcua.dossiers.services import clock
from motcua.dossiers.services import steps as plan
from motcua.dossiers.workflow import NATIONAL_STATUS, Action, Clock, Status, Transition, transition
from motcua.reports import counters
from motcua.worktime.calendar import WorkingCalendar
from motcua.worktime.services import calendar_for


class StaleDossier(Exception):
    """Someone else changed the dossier since the caller read it."""

    def __init__(self, dossier: Dossier, expected: int) -> None:
        self.dossier = dossier
        self.expected = expected
        super().__init__(
            _(
                "Dossier %(code)s was changed by someone else (version %(current)s, you had "
                "%(expected)s). Reload it and try again."
            )
            % {"code": dossier.key, "current": dossier.row_version, "expected": expected}
        )


@dataclass
class Ctx:
    """What a handler sees and what it hands back to the engine."""

    dossier: Dossier
    tr: Transition
    user: Any
    cap: Capacity
    at: datetime
    cal: WorkingCalendar
    steps: list[DossierStep]
    payload: dict[str, Any]
    reason: str
    before: Status | None
    target: Status | None = None
    step: DossierStep | None = None
    data: dict[str, Any] = field(default_factory=dict)
    new_due: datetime | None = None
    notices: list[str] = field(default_factory=list)
    changed_steps: bool = False

    def arg(self, name: str, default: Any = None) -> Any:
        return self.payload.get(name, default)


Handler = Callable[[Ctx], None]
HANDLERS: dict[Action, Handler] = {}


def handles(action: Action) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[action] = fn
        return fn

    return register


def _not_allowed(tr: Transition, dossier: Dossier, before: Status | None) -> ValidationError:
    state = Status(before).label if before else _("not yet recorded")
    return ValidationError(
        _("“%(action)s” is not possible for dossier %(code)s while it is %(status)s.")
        % {"action": tr.action.label, "code": dossier.key, "status": state},
        code="transition",
    )


def perform(
    dossier: Dossier,
    action: Action | str,
    *,
    user=None,
    at: datetime | None = None,
    expected_version: int | None = None,
    reason: str = "",
    **payload: Any,
) -> Dossier:
    """Take `action` on `dossier` (an unsaved one for the actions that create) as `user`.

    Raises ValidationError (not allowed now, bad input), PermissionDenied, StaleDossier.
    Nothing is changed when it raises.
    """
    try:
        tr = transition(action)
    except ValueError:
        raise ValidationError(
            _("Unknown action “%(action)s”.") % {"action": action}, code="action"
        ) from None
    at = at or timezone.now()
    reason = (reason or "").strip()
    # A creating action saves the caller's unsaved dossier before its handler runs; when the
    # action fails, the row is rolled back and the caller's object must be unsaved again.
    unsaved = copy.copy(dossier) if dossier.pk is None else None
    try:
        return _perform(dossier, tr, user, at, expected_version, reason, payload)
    except BaseException:
        if unsaved is not None:
            dossier.__dict__.clear()
            dossier.__dict__.update(unsaved.__dict__)
        raise


def _perform(
    dossier: Dossier,
    tr: Transition,
    user,
    at: datetime,
    expected_version: int | None,
    reason: str,
    payload: dict[str, Any],
) -> Dossier:
    with transaction.atomic():
        if dossier.pk is not None:
            # Lock the dossier row only: PostgreSQL refuses FOR UPDATE on the nullable side
            # of the outer join to `process`.
            dossier = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("desk", "agency", "procedure", "procedure_version", "process")
                .get(pk=dossier.pk)
            )
            if expected_version is not None and expected_version != dossier.row_version:
                raise StaleDossier(dossier, expected_version)
        before = Status(dossier.status) if dossier.pk is not None else None
        counted = counters.signature(dossier)
        if before not in tr.sources:
            raise _not_allowed(tr, dossier, before)
        step_rows = plan.steps_of(dossier) if dossier.pk is not None else []
        cap = capacity(user, tr, dossier, step_rows)
        if tr.reason_required and not reason:
            raise ValidationError({"reason": [_("Give a reason.")]}, code="reason")
        last = (
            dossier.events.order_by("-seq").values_list("at", flat=True).first()
            if (dossier.pk is not None)
            else None
        )
        if last is not None and at < last:
            raise ValidationError(
                _("An action cannot be dated before the dossier's last recorded step.")
            )
        if at < (dossier.created_at or at):
            raise ValidationError(_("An action cannot be dated before the dossier was created."))
        ctx = Ctx(
            dossier=dossier,
            tr=tr,
            user=user,
            cap=cap,
            at=at,
            cal=calendar_for(dossier.agency),
            steps=step_rows,
            payload=payload,
            reason=reason,
            before=before,
        )
        if dossier.pk is None:
            _create(ctx)
        HANDLERS[tr.action](ctx)
        target = ctx.target or tr.targets[0]
        if target not in tr.targets:  # a handler bug, never the user's
            raise RuntimeError(f"{tr.action} may not lead to {target}")
        # A dossier gets its code when it is handed in; a draft dropped by its owner never
        # was, and is not reported to the national portal either.
        unsubmitted = target == Status.DRAFT or (
            before == Status.DRAFT and target == Status.WITHDRAWN
        )
        if dossier.code is None and not unsubmitted:
            day = timezone.localtime(at).date()
            dossier.code = codes.allocate_code(dossier.desk, day)
            dossier.regime = regime_on(day)
        _apply_clock(ctx, target)
        dossier.status = target
        dossier.national_status = NATIONAL_STATUS[target] if dossier.code else None
        dossier.row_version += 1
        dossier.save()
        counters.record(counted, counters.signature(dossier))
        if ctx.changed_steps or tr.clock != Clock.NONE:
            plan.save(ctx.steps)
        _append_event(ctx, target)
        for kind in ctx.notices:
            notify.queue(dossier, kind, at)
    return dossier


def _create(ctx: Ctx) -> None:
    dossier = ctx.dossier
    dossier.created_at = dossier.created_at or ctx.at
    dossier.secret = dossier.secret or codes.new_secret()
    dossier.regime = regime_on(timezone.localtime(ctx.at).date())
    dossier.status = ctx.tr.targets[0]
    if ctx.user is not None and ctx.user.is_authenticated and not ctx.cap.is_applicant:
        dossier.created_by = ctx.user
    dossier.save()


def _open_pause(ctx: Ctx) -> ClockPause | None:
    return (
        ClockPause.objects.select_for_update()
        .filter(dossier=ctx.dossier, ended_at__isnull=True)
        .first()
    )


def _close_pause(ctx: Ctx):
    pause = _open_pause(ctx)
    if pause is None:
        return None
    pause.ended_at = ctx.at
    pause.save(update_fields=["ended_at"])
    ctx.dossier.paused_since = None
    return clock.paused_working_time(ctx.cal, pause.started_at, ctx.at)


def _apply_clock(ctx: Ctx, target: Status) -> None:
    dossier, cal, at = ctx.dossier, ctx.cal, ctx.at
    effect = ctx.tr.clock
    if effect == Clock.START:
        dossier.received_at = at
        dossier.clock_started_at = at
        due = clock.appointment(cal, at, dossier.time_amount, dossier.time_unit)
        dossier.due_at = dossier.original_due_at = due
        if not ctx.steps:
            raise RuntimeError("reception without a step plan")
        dues = plan.schedule(cal, [(s.stage, s.budget, s.unit) for s in ctx.steps], at, due)
        for step, step_due in zip(ctx.steps, dues, strict=True):
            step.due_at = step_due
        # The reception step itself is the desk's, open until the transfer; its deadline is
        # the transfer rule of ND 61/2018 art. 18.2.
        first = min(s.stage for s in ctx.steps)
        for step in ctx.steps:
            if step.stage == first and step.role == "officer":
                plan.start_step(step, at, cal)
                # Online dossiers move on electronically at once (art. 18.1).
                if dossier.channel != 2:
                    step.due_at = min(clock.transfer_deadline(cal, at), due)
    elif effect == Clock.PAUSE:
        kind = PauseKind.SUPPLEMENT if target == Status.SUPPLEMENT else PauseKind.FINANCIAL
        ClockPause.objects.create(dossier=dossier, kind=kind, started_at=at)
        dossier.paused_since = at
    elif effect == Clock.RESUME:
        paused = _close_pause(ctx)
        if paused:
            dossier.due_at = clock.give_back(cal, dossier.due_at, paused)
            plan.give_back(cal, ctx.steps, paused)
            ctx.data["paused_working_seconds"] = int(paused.total_seconds())
    elif effect == Clock.RESTART:
        _close_pause(ctx)
        dossier.clock_started_at = at
        dossier.due_at = clock.appointment(cal, at, dossier.time_amount, dossier.time_unit)
        plan.reschedule(cal, ctx.steps, at, dossier.due_at)
    elif effect == Clock.EXTEND:
        if ctx.new_due is None:
            raise RuntimeError("extension without a new appointment")
        old = dossier.due_at
        for step in ctx.steps:
            if step.status in plan.OPEN_STEP and step.due_at == old:
                step.due_at = ctx.new_due
        dossier.due_at = ctx.new_due
    elif effect == Clock.STOP:
        _close_pause(ctx)
        if target == Status.RESULT_READY:
            dossier.finished_at = at
            dossier.timeliness = clock.judge(cal, at, dossier.due_at).value
        else:
            dossier.closed_at = at
    if dossier.due_at is not None:
        ctx.data.setdefault("due_at", dossier.due_at.isoformat())


def _append_event(ctx: Ctx, target: Status) -> None:
    dossier, user = ctx.dossier, ctx.user
    form = ctx.tr.form
    if form is not None and form_title(dossier.regime, form) is None:
        form = None  # e.g. no stop notice before the 2025 regime
    Event.objects.create(
        dossier=dossier,
        seq=dossier.row_version,
        at=ctx.at,
        actor=person(user),
        actor_name=_actor_name(user, ctx.cap, dossier),
        role=ctx.cap.role,
        agency=ctx.cap.agency,
        action=ctx.tr.action,
        status_before=ctx.before or "",
        status_after=target,
        national_status=dossier.national_status,
        reason=ctx.reason,
        step=ctx.step,
        step_due_at=ctx.step.due_at if ctx.step is not None else None,
        due_at=dossier.due_at,
        form=form or "",
        data=ctx.data,
    )


def _actor_name(user, cap: Capacity, dossier: Dossier) -> str:
    if cap.role == "system":
        return "motcua"
    if cap.is_applicant:
        return dossier.applicant_name
    if user is None:
        return ""
    # Vietnamese order: family and middle names (last_name) before the given name.
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def outcome_label(dossier: Dossier) -> str:
    return Outcome(dossier.outcome).label if dossier.outcome else ""


# Handlers register themselves in HANDLERS on import.
from motcua.dossiers.services import handlers as _handlers  # noqa: E402, F401
